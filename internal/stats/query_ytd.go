package stats

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"zfjd/internal/auth"
	"zfjd/internal/store"
)

// The dashboards by agency and by domain read case_rollup_ytd (migration
// 00062, cases/rollup_ytd.go): per region × agency the year-to-date sums
// at a month, so that a period's sums are two rows a year per agency
// instead of one row a month (at province scale, about one a case).

// YTD reports whether f is answered from case_rollup_ytd: a grouping by
// agency or domain that the coarse rollup answers.
func YTD(f *Filter) bool {
	return Wide(f) && (f.GroupBy == "agency" || f.GroupBy == "domain")
}

// piece is one term of a period's sum: sign × the year-to-date row of
// month.
type piece struct {
	month string
	sign  int64
}

// pieces are the terms of the sum over months from..to (YYYY-MM): per
// year, its last month in the period less the month before its first.
func pieces(from, to string) []piece {
	var out []piece
	fy, fm := ym(from)
	ty, tm := ym(to)
	for y := fy; y <= ty; y++ {
		lo, hi := 1, 12
		if y == fy {
			lo = fm
		}
		if y == ty {
			hi = tm
		}
		out = append(out, piece{fmt.Sprintf("%04d-%02d", y, hi), 1})
		if lo > 1 {
			out = append(out, piece{fmt.Sprintf("%04d-%02d", y, lo-1), -1})
		}
	}
	return out
}

func ym(s string) (y, m int) {
	fmt.Sscanf(s, "%d-%d", &y, &m)
	return y, m
}

func (m *Measures) addTimes(o Measures, sign int64) {
	m.Filed, m.Closed, m.Decided, m.Penalties = m.Filed+sign*o.Filed, m.Closed+sign*o.Closed, m.Decided+sign*o.Decided, m.Penalties+sign*o.Penalties
	m.NoPenalty, m.Transfers, m.Annulled = m.NoPenalty+sign*o.NoPenalty, m.Transfers+sign*o.Transfers, m.Annulled+sign*o.Annulled
	m.AmountFen, m.FineFen, m.DaysSum, m.Timed, m.Published = m.AmountFen+sign*o.AmountFen, m.FineFen+sign*o.FineFen,
		m.DaysSum+sign*o.DaysSum, m.Timed+sign*o.Timed, m.Published+sign*o.Published
}

// ytdGroups answers f (YTD(f)) for both periods: one query for the
// year-to-date rows of the months the pieces name, summed per agency in
// Go, then per domain from the agencies' register.
func ytdGroups(ctx context.Context, db *store.DB, p *auth.Principal, f *Filter, prevFrom, prevTo string) ([]Row, error) {
	cur, prev := pieces(f.From, f.To), pieces(prevFrom, prevTo)
	var months []string
	for _, pc := range append(slices.Clone(cur), prev...) {
		if !slices.Contains(months, pc.month) {
			months = append(months, pc.month)
		}
	}
	w := &store.Where{}
	Scope(p, f, w, "r")
	ph := make([]string, len(months))
	for i, m := range months {
		ph[i] = w.Arg(m)
	}
	w.Add("r.month IN (" + strings.Join(ph, ", ") + ")")
	rows, err := db.R.QueryContext(ctx, `SELECT r.agency_code, r.month, `+wideSums+` FROM case_rollup_ytd r`+w.SQL()+
		` GROUP BY r.agency_code, r.month`, w.Args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	at := map[string]map[string]Measures{} // agency → month → year to date
	for rows.Next() {
		var ag, month string
		var m Measures
		if err := rows.Scan(&ag, &month, &m.Filed, &m.Closed, &m.Decided, &m.Penalties, &m.NoPenalty, &m.Transfers, &m.Annulled,
			&m.AmountFen, &m.FineFen, &m.DaysSum, &m.Timed, &m.Published); err != nil {
			return nil, err
		}
		if at[ag] == nil {
			at[ag] = map[string]Measures{}
		}
		at[ag][month] = m
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	keyOf := func(ag string) string { return ag }
	if f.GroupBy == "domain" {
		ags := make([]string, 0, len(at))
		for ag := range at {
			ags = append(ags, ag)
		}
		domains, err := agencyCol(ctx, db, f.Region, "COALESCE(domain, '')", ags)
		if err != nil {
			return nil, err
		}
		keyOf = func(ag string) string { return domains[ag] }
	}
	by := map[string]*Row{}
	for ag, vals := range at {
		var c, pv Measures
		for _, pc := range cur {
			c.addTimes(vals[pc.month], pc.sign)
		}
		for _, pc := range prev {
			pv.addTimes(vals[pc.month], pc.sign)
		}
		if c == (Measures{}) && pv == (Measures{}) {
			continue // nothing in either period: no group, as in the other rollups
		}
		k := keyOf(ag)
		if by[k] == nil {
			by[k] = &Row{Key: k}
		}
		by[k].Cur.add(c)
		by[k].Prev.add(pv)
	}
	out := make([]Row, 0, len(by))
	for _, r := range by {
		out = append(out, *r)
	}
	slices.SortFunc(out, func(a, b Row) int { return strings.Compare(a.Key, b.Key) })
	return out, nil
}
