package warning

import (
	"context"
	"time"

	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/law"
	"zfjd/internal/store"
)

// casesWarned counts the cases registered in f's period and of them those
// that ever had a finding (预警率). A period of whole months is summed from
// case_rollup_warned (migration 00075, kept by the case service in the
// case's saving transaction: cases/rollup_warned.go), a row per region ×
// month × agency; any other period joins its cases to the region's case
// findings.
func casesWarned(ctx context.Context, db *store.DB, p *auth.Principal, f *StatsFilter) (cases, warned int, err error) {
	if first, last, ok := dashWholeMonths(ctx, f); ok {
		w := &store.Where{}
		dashScope(p, f, w, "r")
		w.Add("r.month >= ? AND r.month <= ?", first, last)
		err = db.R.QueryRowContext(ctx, `SELECT COALESCE(SUM(r.registered), 0), COALESCE(SUM(r.warned), 0) FROM case_rollup_warned r`+
			w.SQL(), w.Args...).Scan(&cases, &warned)
		return cases, warned, err
	}
	return casesWarnedScan(ctx, db, p, f)
}

// casesWarnedScan is casesWarned from the cases and findings themselves.
func casesWarnedScan(ctx context.Context, db *store.DB, p *auth.Principal, f *StatsFilter) (cases, warned int, err error) {
	// A case's findings carry the case's region, so the set of warned
	// cases is taken once from findings of the same region range and
	// joined to the cases (a hash join on PostgreSQL, one materialized list
	// on SQLite) instead of one probe per case. It was an IN (subquery):
	// PostgreSQL hashes that only while it fits in work_mem, and with the
	// province's 387,016 open warnings it ran the subquery once per case
	// (more than 13 minutes for one score sheet).
	from, to := dashSpan(f)
	sub := &store.Where{}
	dashScope(p, f, sub, "f")
	sub.Add("f.subject_kind = 'case'")
	cw := &store.Where{Args: sub.Args}
	dashScope(p, f, cw, "c")
	cw.Add("c.created_at >= ? AND c.created_at < ?", from, to)
	subSQL := `SELECT DISTINCT f.subject_id AS id FROM findings f` + sub.SQL()
	err = db.R.QueryRowContext(ctx, `SELECT COUNT(*), COUNT(w.id)
		FROM cases c LEFT JOIN (`+subSQL+`) w ON w.id = c.id`+cw.SQL(), cw.Args...).Scan(&cases, &warned)
	return cases, warned, err
}

// dashWholeMonths is f's period as its first and last month (YYYY-MM) when
// it covers them whole: from the first day of a month to the last day of
// one, or to today or later — no case is registered after today, so the
// rest of the current month adds none.
func dashWholeMonths(ctx context.Context, f *StatsFilter) (first, last string, ok bool) {
	from, errF := law.ParseDate(f.From)
	to, errT := law.ParseDate(f.To)
	if errF != nil || errT != nil || from.D != 1 {
		return "", "", false
	}
	monthEnd := law.DateOf(time.Date(to.Y, to.M+1, 0, 0, 0, 0, 0, time.UTC))
	if to != monthEnd && to.Before(clock.Today(ctx)) {
		return "", "", false
	}
	return from.String()[:7], to.String()[:7], true
}
