package stats

import (
	"context"
	"strings"

	"zfjd/internal/cases"
	"zfjd/internal/ident"
	"zfjd/internal/store"
)

// PenaltyLabel names a heaviest-penalty key.
func PenaltyLabel(k string) string {
	if l, ok := cases.PenaltyLabels[k]; ok {
		return l
	}
	return "（无）"
}

// label names each row's key and, for regions, the code to drill into.
func label(ctx context.Context, db *store.DB, f *Filter, rows []Row) error {
	keys := make([]string, 0, len(rows))
	for i := range rows {
		k := rows[i].Key
		if f.GroupBy == "region" {
			k = regionCodeOf(k)
			rows[i].Drill = k
		}
		keys = append(keys, k)
	}
	var names map[string]string
	var err error
	switch f.GroupBy {
	case "region":
		names, err = lookup(ctx, db, "regions", "code", keys)
	case "agency":
		names, err = agencyCol(ctx, db, f.Region, "name", keys)
	case "matter":
		names, err = lookup(ctx, db, "matters", "code", keys)
	}
	if err != nil {
		return err
	}
	for i := range rows {
		r := &rows[i]
		switch f.GroupBy {
		case "region", "agency", "matter":
			r.Label = names[keys[i]]
			if r.Label == "" {
				r.Label = keys[i]
			}
		case "domain":
			r.Label = r.Key
			if r.Label == "" {
				r.Label = "（未填写领域）"
			}
		case "procedure":
			r.Label = cases.ProcedureLabels[r.Key]
		case "outcome":
			r.Label = cases.OutcomeLabels[r.Key]
		case "penalty":
			r.Label = PenaltyLabel(r.Key)
		default:
			r.Label = r.Key
		}
		if r.Label == "" {
			r.Label = r.Key
		}
	}
	return nil
}

// regionCodeOf is the region code a prefix group stands for.
func regionCodeOf(prefix string) string {
	switch len(prefix) {
	case 2:
		return prefix + "0000"
	case 4:
		return prefix + "00"
	case 9:
		return prefix + "000"
	}
	return prefix
}

// RegionName is the name of region code ("全国" for "").
func RegionName(ctx context.Context, db *store.DB, code string) (string, error) {
	if code == "" {
		return "全国", nil
	}
	m, err := lookup(ctx, db, "regions", "code", []string{code})
	if err != nil {
		return "", err
	}
	if m[code] == "" {
		return code, nil
	}
	return m[code], nil
}

// lookup reads the names of keys from table (by keyCol), 500 at a time.
func lookup(ctx context.Context, db *store.DB, table, keyCol string, keys []string) (map[string]string, error) {
	return lookupCol(ctx, db, table, keyCol, "name", keys)
}

// lookupCol reads the column (an expression) col of keys from table.
func lookupCol(ctx context.Context, db *store.DB, table, keyCol, col string, keys []string) (map[string]string, error) {
	out := make(map[string]string, len(keys))
	for start := 0; start < len(keys); start += 500 {
		part := keys[start:min(len(keys), start+500)]
		w := &store.Where{}
		ph := make([]string, len(part))
		for i, k := range part {
			ph[i] = w.Arg(k)
		}
		rows, err := db.R.QueryContext(ctx, `SELECT `+keyCol+`, `+col+` FROM `+table+` WHERE `+keyCol+` IN (`+strings.Join(ph, ", ")+`)`, w.Args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var k, n string
			if err := rows.Scan(&k, &n); err != nil {
				rows.Close()
				return nil, err
			}
			out[k] = n
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// agencyCol is the column col (an expression) of the agencies keys; many
// of them (a province's by agency: thousands) are read as the agencies
// registered in region, one range scan, and only the others by code.
func agencyCol(ctx context.Context, db *store.DB, region, col string, keys []string) (map[string]string, error) {
	prefix := ident.RegionPrefix(region)
	if len(keys) <= 500 || prefix == "" {
		return lookupCol(ctx, db, "agencies", "code", col, keys)
	}
	out := make(map[string]string, len(keys))
	rows, err := db.R.QueryContext(ctx, `SELECT code, `+col+` FROM agencies WHERE region_code >= $1 AND region_code < $2`, prefix, ident.PrefixEnd(prefix))
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var k, n string
		if err := rows.Scan(&k, &n); err != nil {
			rows.Close()
			return nil, err
		}
		out[k] = n
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	var rest []string
	for _, k := range keys {
		if _, ok := out[k]; !ok {
			rest = append(rest, k)
		}
	}
	more, err := lookupCol(ctx, db, "agencies", "code", col, rest)
	for k, n := range more {
		out[k] = n
	}
	return out, err
}
