package stats

import (
	"context"
	"slices"
	"strconv"

	"zfjd/internal/auth"
	"zfjd/internal/ident"
	"zfjd/internal/store"
)

// Get computes the dashboard of f for p: one grouped query over the
// rollup for both periods, labels for the keys, and every panel.
func Get(ctx context.Context, db *store.DB, p *auth.Principal, f *Filter) (*Dashboard, error) {
	if err := Check(ctx, p, f); err != nil {
		return nil, err
	}
	d := &Dashboard{Filter: *f, Rows: []Row{}, Panels: []Panel{}}
	d.PrevFrom, d.PrevTo = Previous(f)
	rows, err := groups(ctx, db, p, f, d.PrevFrom)
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		d.Totals.add(r.Cur)
		d.Prev.add(r.Prev)
	}
	// Filed cases have no outcome or penalty, and months of the previous
	// period are only its totals: neither is a group of the table.
	d.Rows = slices.DeleteFunc(rows, func(r Row) bool {
		return (r.Key == "" && (f.GroupBy == "outcome" || f.GroupBy == "penalty")) || (f.GroupBy == "month" && r.Key < f.From)
	})
	if d.Rows == nil {
		d.Rows = []Row{} // an empty list, not null, on the wire
	}
	if err := label(ctx, db, f, d.Rows); err != nil {
		return nil, err
	}
	if d.RegionName, err = RegionName(ctx, db, f.Region); err != nil {
		return nil, err
	}
	if d.Panels, err = panelsFor(ctx, db, p, f); err != nil {
		return nil, err
	}
	return d, nil
}

// Scope narrows rollup rows (alias r) to p, the region drilled into and
// f's agency; other packages' rollups with the same two columns reuse it.
func Scope(p *auth.Principal, f *Filter, w *store.Where, alias string) {
	auth.FilterAgencies(p, w, alias+".region_code", alias+".agency_code")
	if prefix := ident.RegionPrefix(f.Region); prefix != "" {
		w.Add(alias+".region_code >= ? AND "+alias+".region_code < ?", prefix, ident.PrefixEnd(prefix))
	}
	if f.Agency != "" {
		w.Add(alias+".agency_code = ?", f.Agency)
	}
}

// NextLevel is the length of the region prefix one level below prefix
// (province 2 → city 4 → county 6 → township 9 → the 12-digit code).
func NextLevel(prefix string) int {
	for _, n := range []int{2, 4, 6, 9} {
		if len(prefix) < n {
			return n
		}
	}
	return 12
}

func groupKey(f *Filter) string {
	switch f.GroupBy {
	case "region":
		return "SUBSTR(r.region_code, 1, " + strconv.Itoa(NextLevel(ident.RegionPrefix(f.Region))) + ")"
	case "agency":
		return "r.agency_code"
	case "domain":
		return "COALESCE(a.domain, '')"
	case "matter":
		return "r.matter_code"
	case "procedure":
		return "r.procedure_kind"
	case "outcome":
		return "r.outcome"
	case "penalty":
		return "r.penalty"
	}
	return "r.month"
}

// The sums of one (group, period): see Measures.
const sums = `COALESCE(SUM(CASE WHEN r.kind = 'filed' THEN r.n ELSE 0 END), 0),
	COALESCE(SUM(CASE WHEN r.kind = 'filed' THEN r.closed ELSE 0 END), 0),
	COALESCE(SUM(CASE WHEN r.kind = 'decided' THEN r.n ELSE 0 END), 0),
	COALESCE(SUM(CASE WHEN r.kind = 'decided' AND r.annulled = 0 AND r.outcome = 'penalty' THEN r.n ELSE 0 END), 0),
	COALESCE(SUM(CASE WHEN r.kind = 'decided' AND r.annulled = 0 AND r.outcome = 'no_penalty' THEN r.n ELSE 0 END), 0),
	COALESCE(SUM(CASE WHEN r.kind = 'decided' AND r.annulled = 0 AND r.outcome = 'transfer' THEN r.n ELSE 0 END), 0),
	COALESCE(SUM(CASE WHEN r.kind = 'decided' AND r.annulled = 1 THEN r.n ELSE 0 END), 0),
	COALESCE(SUM(CASE WHEN r.annulled = 0 THEN r.amount_fen ELSE 0 END), 0),
	COALESCE(SUM(CASE WHEN r.annulled = 0 THEN r.fine_fen ELSE 0 END), 0),
	COALESCE(SUM(r.days), 0), COALESCE(SUM(r.timed), 0),
	COALESCE(SUM(CASE WHEN r.annulled = 0 AND r.outcome = 'penalty' THEN r.published ELSE 0 END), 0)`

// wideSums are sums for case_rollup_wide, in the order of sums.
const wideSums = `COALESCE(SUM(r.filed), 0), COALESCE(SUM(r.closed), 0), COALESCE(SUM(r.decided), 0), COALESCE(SUM(r.penalties), 0),
	COALESCE(SUM(r.no_penalty), 0), COALESCE(SUM(r.transfers), 0), COALESCE(SUM(r.annulled), 0), COALESCE(SUM(r.amount_fen), 0),
	COALESCE(SUM(r.fine_fen), 0), COALESCE(SUM(r.days), 0), COALESCE(SUM(r.timed), 0), COALESCE(SUM(r.published), 0)`

// Wide reports whether f is answered from the coarse rollup (a row per
// region × month × agency): no narrowing below the agency and a grouping
// it holds. Matters, procedures, outcomes and penalty kinds are read from
// case_rollup.
func Wide(f *Filter) bool {
	switch f.GroupBy {
	case "region", "agency", "domain", "month":
		return f.Matter == "" && f.Procedure == "" && f.Outcome == "" && f.Penalty == ""
	}
	return false
}

// AreaLevel is the level of case_rollup_area that answers f for p (4:
// cities, 6: counties; 0: none) and the length of the region prefix its
// rows group by: a dashboard by region or by month of a whole
// jurisdiction down to a county, for a viewer bound to no agency.
func AreaLevel(p *auth.Principal, f *Filter) (level, n int) {
	n = NextLevel(ident.RegionPrefix(f.Region))
	if f.GroupBy == "month" {
		n = len(ident.RegionPrefix(f.Region))
	}
	return areaLevel(p, f, n)
}

// areaLevel is AreaLevel for rows grouped by the region prefix of length
// n (the schematic map asks two levels below the one drilled into).
func areaLevel(p *auth.Principal, f *Filter, n int) (level, _ int) {
	if !Wide(f) || f.Agency != "" || p == nil || p.Agency != "" || (f.GroupBy != "region" && f.GroupBy != "month") {
		return 0, 0
	}
	plen := len(ident.RegionPrefix(f.Region))
	switch {
	case plen <= 4 && n <= 4:
		return 4, n
	case plen <= 6 && n <= 6:
		return 6, n
	}
	return 0, 0
}

// groups reads the rows of both periods (prevFrom up to f.To) in one
// grouped query; the second grouping column says which period.
func groups(ctx context.Context, db *store.DB, p *auth.Principal, f *Filter, prevFrom string) ([]Row, error) {
	n := NextLevel(ident.RegionPrefix(f.Region))
	if f.GroupBy == "month" {
		n = len(ident.RegionPrefix(f.Region))
	}
	return groupsAt(ctx, db, p, f, prevFrom, n)
}

// groupsAt is groups with the rows by region grouped by the region
// prefix of length n.
func groupsAt(ctx context.Context, db *store.DB, p *auth.Principal, f *Filter, prevFrom string, n int) ([]Row, error) {
	if YTD(f) {
		_, prevTo := Previous(f)
		out, err := ytdGroups(ctx, db, p, f, prevFrom, prevTo)
		if err != nil {
			return nil, err
		}
		sortRows(f, out)
		return out, nil
	}
	w := &store.Where{}
	key := groupKey(f)
	if f.GroupBy == "region" {
		key = "SUBSTR(r.region_code, 1, " + strconv.Itoa(n) + ")"
	}
	from, measures := "case_rollup r", sums
	if lvl, n := areaLevel(p, f, n); lvl > 0 {
		// A city's or county's rows of case_rollup_area (migration 00057):
		// f.Region lies in p's jurisdiction (Check), no agency narrows.
		from, measures = "case_rollup_area r", wideSums
		w.Add("r.level = ?", lvl)
		if prefix := ident.RegionPrefix(f.Region); prefix != "" {
			w.Add("r.area >= ? AND r.area < ?", prefix, ident.PrefixEnd(prefix))
		}
		if f.GroupBy == "region" {
			key = "SUBSTR(r.area, 1, " + strconv.Itoa(n) + ")"
		}
	} else {
		Scope(p, f, w, "r")
		if Wide(f) {
			from, measures = "case_rollup_wide r", wideSums
		}
	}
	w.Add("r.month >= ? AND r.month <= ?", prevFrom, f.To)
	for _, x := range []struct{ col, v string }{{"r.matter_code", f.Matter}, {"r.procedure_kind", f.Procedure},
		{"r.outcome", f.Outcome}, {"r.penalty", f.Penalty}} {
		if x.v != "" {
			w.Add(x.col+" = ?", x.v)
		}
	}
	if f.GroupBy == "domain" {
		from += " LEFT JOIN agencies a ON a.code = r.agency_code"
	}
	cur := "CASE WHEN r.month >= " + w.Arg(f.From) + " THEN 1 ELSE 0 END"
	rows, err := db.R.QueryContext(ctx, `SELECT `+key+`, `+cur+`, `+measures+` FROM `+from+w.SQL()+` GROUP BY 1, 2 ORDER BY 1`, w.Args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Row
	for rows.Next() {
		var k string
		var isCur int
		var m Measures
		if err := rows.Scan(&k, &isCur, &m.Filed, &m.Closed, &m.Decided, &m.Penalties, &m.NoPenalty, &m.Transfers, &m.Annulled,
			&m.AmountFen, &m.FineFen, &m.DaysSum, &m.Timed, &m.Published); err != nil {
			return nil, err
		}
		if len(out) == 0 || out[len(out)-1].Key != k {
			out = append(out, Row{Key: k})
		}
		if isCur == 1 {
			out[len(out)-1].Cur = m
		} else {
			out[len(out)-1].Prev = m
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	sortRows(f, out)
	return out, nil
}

// sortRows puts the most active groups first (months in order), keeping
// the key order among equals.
func sortRows(f *Filter, out []Row) {
	slices.SortStableFunc(out, func(a, b Row) int {
		if f.GroupBy == "month" || a.Cur.Filed+a.Cur.Decided == b.Cur.Filed+b.Cur.Decided {
			return 0
		}
		if a.Cur.Filed+a.Cur.Decided > b.Cur.Filed+b.Cur.Decided {
			return -1
		}
		return 1
	})
}
