package stats

import (
	"context"
	"strings"

	"zfjd/internal/auth"
	"zfjd/internal/ident"
	"zfjd/internal/store"
)

// The dashboard's schematic map: no map data ships with the platform (and
// none may be fetched at run time), so the region drilled into is drawn
// as its tree — the regions one level below it, each with the regions
// below that (province → cities → counties; a city → counties →
// townships; a county → townships) — every node with its count this
// period and the previous one, to be clicked to drill down. The numbers
// come from the same rollups as the dashboard's table (groupsAt).

// MapNode is one region of the map.
type MapNode struct {
	Code     string     `json:"code"`
	Name     string     `json:"name"`
	Cur      Measures   `json:"current"`
	Prev     Measures   `json:"previous"`
	Children []*MapNode `json:"children,omitempty"`
}

// MapMaxChildren bounds the regions drawn under one node (a county has
// at most a few dozen townships; beyond this the table lists them).
const MapMaxChildren = 60

// RegionMap is the tree of f's region for p, two levels deep; nil for a
// township (nothing below it to drill into) or a viewer bound to one
// agency (its cases are one agency's, not a region's).
func RegionMap(ctx context.Context, db *store.DB, p *auth.Principal, f *Filter, prevFrom string) ([]*MapNode, error) {
	prefix := ident.RegionPrefix(f.Region)
	if p.Agency != "" || f.Agency != "" || len(prefix) >= 9 {
		return nil, nil
	}
	kids, err := childRegions(ctx, db, []string{f.Region})
	if err != nil || len(kids) == 0 {
		return nil, err
	}
	var codes []string
	for _, k := range kids {
		if len(ident.RegionPrefix(k.Code)) < 9 {
			codes = append(codes, k.Code)
		}
	}
	grand, err := childRegions(ctx, db, codes)
	if err != nil {
		return nil, err
	}
	g := *f
	g.GroupBy = "region"
	n1 := NextLevel(prefix)
	for _, lv := range []struct {
		n     int
		nodes []*regionNode
	}{{n1, kids}, {NextLevel(strings.Repeat("0", n1)), grand}} {
		if len(lv.nodes) == 0 {
			continue
		}
		rows, err := groupsAt(ctx, db, p, &g, prevFrom, lv.n)
		if err != nil {
			return nil, err
		}
		for _, nd := range lv.nodes {
			np := ident.RegionPrefix(nd.Code)
			for _, r := range rows {
				if strings.HasPrefix(r.Key, np) {
					nd.Cur.add(r.Cur)
					nd.Prev.add(r.Prev)
				}
			}
		}
	}
	byCode := map[string]*regionNode{}
	for _, k := range kids {
		byCode[k.Code] = k
	}
	for _, gc := range grand {
		if parent := byCode[gc.parent]; parent != nil && len(parent.Children) < MapMaxChildren {
			parent.Children = append(parent.Children, &gc.MapNode)
		}
	}
	out := make([]*MapNode, len(kids))
	for i, k := range kids {
		out[i] = &k.MapNode
	}
	return out, nil
}

type regionNode struct {
	MapNode
	parent string
}

// childRegions are the regions whose parent is one of parents, by code.
func childRegions(ctx context.Context, db *store.DB, parents []string) ([]*regionNode, error) {
	var out []*regionNode
	for start := 0; start < len(parents); start += 200 {
		part := parents[start:min(len(parents), start+200)]
		w := &store.Where{}
		ph := make([]string, len(part))
		for i, c := range part {
			ph[i] = w.Arg(c)
		}
		rows, err := db.R.QueryContext(ctx, `SELECT code, name, parent_code FROM regions WHERE parent_code IN (`+strings.Join(ph, ", ")+
			`) ORDER BY code`, w.Args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			n := &regionNode{}
			if err := rows.Scan(&n.Code, &n.Name, &n.parent); err != nil {
				rows.Close()
				return nil, err
			}
			out = append(out, n)
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
	}
	return out, nil
}
