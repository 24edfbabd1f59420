package stats

import (
	"context"
	"fmt"
	"sort"
	"strconv"

	"zfjd/internal/auth"
	"zfjd/internal/ident"
	"zfjd/internal/store"
)

// The inspections (C9) and complaints (C11) panels, read from those
// packages' tables and never written: one grouped query per panel over
// both periods, by the region one level below the one drilled into and
// by month. The inspections from the rollups the inspection service keeps
// (inspection_rollup and inspection_rollup_area, migration 00074); the
// complaints on an index of the period (complaints_period, migration
// 00057) or of the region (complaints_scope), whichever the planner finds
// narrower.

func init() {
	RegisterPanel(inspectionPanel)
	RegisterPanel(complaintPanel)
}

// cell is one (child region, month) of a panel's grouped query.
type cell struct {
	region, month string
	n             [3]int64
}

// casework runs the panel's grouped query: the table, its day column, the
// three sums and the scope (already narrowed to p, f's region and agency).
func casework(ctx context.Context, db *store.DB, f *Filter, table, day string, sums string, w *store.Where) ([]cell, error) {
	prevFrom, _ := Previous(f)
	_, to := Dates(f)
	w.Add(day+" >= ? AND "+day+" <= ?", prevFrom+"-01", to)
	n := strconv.Itoa(NextLevel(ident.RegionPrefix(f.Region)))
	return readCells(ctx, db, `SELECT SUBSTR(region_code, 1, `+n+`), SUBSTR(`+day+`, 1, 7), `+sums+` FROM `+table+w.SQL()+
		` GROUP BY 1, 2`, w.Args)
}

// readCells runs a panel's grouped query (child region, month, three sums).
func readCells(ctx context.Context, db *store.DB, query string, args []any) ([]cell, error) {
	rows, err := db.R.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []cell
	for rows.Next() {
		var c cell
		if err := rows.Scan(&c.region, &c.month, &c.n[0], &c.n[1], &c.n[2]); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// breakdown sums cells into the current and previous totals and the
// current period's tables by region (named) and by month.
func breakdown(ctx context.Context, db *store.DB, f *Filter, cells []cell, heads [3]string) (cur, prev [3]int64, tables []PanelTable, err error) {
	byRegion, byMonth := map[string]*[3]int64{}, map[string]*[3]int64{}
	var prevByRegion = map[string]int64{}
	for _, c := range cells {
		if c.month < f.From {
			for i := range prev {
				prev[i] += c.n[i]
			}
			prevByRegion[c.region] += c.n[0]
			continue
		}
		for i := range cur {
			cur[i] += c.n[i]
		}
		for _, m := range []struct {
			into map[string]*[3]int64
			key  string
		}{{byRegion, c.region}, {byMonth, c.month}} {
			if m.into[m.key] == nil {
				m.into[m.key] = &[3]int64{}
			}
			for i := range c.n {
				m.into[m.key][i] += c.n[i]
			}
		}
	}
	var codes []string
	for k := range byRegion {
		codes = append(codes, regionCodeOf(k))
	}
	for k := range prevByRegion {
		if byRegion[k] == nil {
			codes = append(codes, regionCodeOf(k))
			byRegion[k] = &[3]int64{}
		}
	}
	names, err := lookup(ctx, db, "regions", "code", codes)
	if err != nil {
		return cur, prev, nil, err
	}
	reg := PanelTable{Title: "按区划", Head: []string{"区划", heads[0], "上期" + heads[0], heads[1], heads[2]}}
	keys := make([]string, 0, len(byRegion))
	for k := range byRegion {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		name := names[regionCodeOf(k)]
		if name == "" {
			name = regionCodeOf(k)
		}
		v := byRegion[k]
		reg.Rows = append(reg.Rows, []string{name, itoa(v[0]), itoa(prevByRegion[k]), itoa(v[1]), itoa(v[2])})
	}
	mon := PanelTable{Title: "按月份", Head: []string{"月份", heads[0], heads[1], heads[2]}}
	keys = keys[:0]
	for k := range byMonth {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v := byMonth[k]
		mon.Rows = append(mon.Rows, []string{k, itoa(v[0]), itoa(v[1]), itoa(v[2])})
	}
	return cur, prev, []PanelTable{reg, mon}, nil
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func prevNote(prev int64) string { return fmt.Sprintf("上期 %d", prev) }

// inspectionPanel counts the 涉企行政检查 checked in during the period
// (visit_day is set at the check-in; a joint visit is one record), the
// joint ones and those that found no problem, for p's scope.
func inspectionPanel(ctx context.Context, db *store.DB, p *auth.Principal, f *Filter) (*Panel, error) {
	cells, err := inspectionCells(ctx, db, p, f)
	if err != nil {
		return nil, err
	}
	cur, prev, tables, err := breakdown(ctx, db, f, cells, [3]string{"检查次数", "联合检查", "未发现问题"})
	if err != nil {
		return nil, err
	}
	link := "/inspections/stats" // supervision's page of the inspections
	if p.Agency != "" {
		link = "/inspections"
	}
	return &Panel{Key: "inspections", Title: "涉企行政检查", Link: link, Tables: tables, Tiles: []Tile{
		{Label: "检查次数", Value: itoa(cur[0]), Note: prevNote(prev[0])},
		{Label: "联合检查", Value: itoa(cur[1]), Note: prevNote(prev[1])},
		{Label: "未发现问题", Value: itoa(cur[2]), Note: "国办发〔2024〕54号：无问题检查占比 " + Pct(ratio(cur[2], cur[0], 10000))},
	}}, nil
}

// inspectionCells reads the inspections panel's cells from the rollups
// the inspection service keeps (migration 00074, inspection/rollup.go),
// not from inspections: a province's or a city's view bound to no agency
// from inspection_rollup_area (a row per city or county and month), any
// other from inspection_rollup (region × month × agency), scoped as
// auth.FilterInspections scopes the inspections.
func inspectionCells(ctx context.Context, db *store.DB, p *auth.Principal, f *Filter) ([]cell, error) {
	prevFrom, _ := Previous(f)
	n := NextLevel(ident.RegionPrefix(f.Region))
	w := &store.Where{}
	table, region := "inspection_rollup", "region_code"
	if lvl := inspectionArea(p, f, n); lvl > 0 {
		table, region = "inspection_rollup_area", "area"
		w.Add("level = ?", lvl)
	}
	auth.FilterInspections(p, w, region, "agency_code")
	if prefix := ident.RegionPrefix(f.Region); prefix != "" {
		w.Add(region+" >= ? AND "+region+" < ?", prefix, ident.PrefixEnd(prefix))
	}
	if f.Agency != "" {
		w.Add("agency_code = ?", f.Agency)
	}
	w.Add("month >= ? AND month <= ?", prevFrom, f.To)
	return readCells(ctx, db, `SELECT SUBSTR(`+region+`, 1, `+strconv.Itoa(n)+`), month, COALESCE(SUM(visits), 0),
		COALESCE(SUM(joint), 0), COALESCE(SUM(no_problem), 0) FROM `+table+w.SQL()+` GROUP BY 1, 2`, w.Args)
}

// inspectionArea is the level of inspection_rollup_area (4: cities, 6:
// counties; 0: none) that answers the inspections panel grouped by the
// region prefix of length n: no agency narrows, and the viewer's
// jurisdiction is a whole area of that level or wider.
func inspectionArea(p *auth.Principal, f *Filter, n int) int {
	if p == nil || p.Agency != "" || f.Agency != "" {
		return 0
	}
	own := len(ident.RegionPrefix(p.Region))
	for _, lvl := range []int{4, 6} {
		if n <= lvl && own <= lvl {
			return lvl
		}
	}
	return 0
}

// complaintPanel counts the 投诉举报 received in the period, the ones
// finished (答复 given or 办结) and the satisfied ratings (4 or 5 of 5),
// for supervision only: complaints are the supervision body's to handle,
// and an agency is not shown who complained about it.
func complaintPanel(ctx context.Context, db *store.DB, p *auth.Principal, f *Filter) (*Panel, error) {
	if p.Agency != "" || f.Agency != "" {
		return nil, nil
	}
	w := &store.Where{}
	auth.FilterRegion(p, w, "region_code")
	scopeOf(f, w)
	cells, err := casework(ctx, db, f, "complaints", "received_on", `COUNT(*),
		COALESCE(SUM(CASE WHEN status IN ('answered', 'closed', 'replied', 'rejected') THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN rating >= 4 THEN 1 ELSE 0 END), 0)`, w)
	if err != nil {
		return nil, err
	}
	cur, prev, tables, err := breakdown(ctx, db, f, cells, [3]string{"收到投诉", "已答复或办结", "评价满意"})
	if err != nil {
		return nil, err
	}
	return &Panel{Key: "complaints", Title: "投诉举报", Link: "/complaints", Tables: tables, Tiles: []Tile{
		{Label: "收到投诉", Value: itoa(cur[0]), Note: prevNote(prev[0])},
		{Label: "已答复或办结", Value: itoa(cur[1]), Note: "办结率 " + Pct(ratio(cur[1], cur[0], 10000))},
		{Label: "评价满意", Value: itoa(cur[2]), Note: "评价4星及以上的件数"},
	}}, nil
}

// scopeOf narrows w to f's region and agency.
func scopeOf(f *Filter, w *store.Where) {
	if prefix := ident.RegionPrefix(f.Region); prefix != "" {
		w.Add("region_code >= ? AND region_code < ?", prefix, ident.PrefixEnd(prefix))
	}
	if f.Agency != "" {
		w.Add("agency_code = ?", f.Agency)
	}
}
