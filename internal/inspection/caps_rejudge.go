package inspection

import (
	"context"
	"database/sql"
	"slices"

	"zfjd/internal/flow"
	"zfjd/internal/ident"
	"zfjd/internal/law"
	"zfjd/internal/store"
)

// capsBatch bounds the visits judged again in one transaction after a caps
// change. A re-judgement reads the visit's environment (a handful of
// indexed reads, the enterprise's 365-day window among them) and writes its
// row and findings; a hundred keep each transaction, and so SQLite's single
// writer lock that pushes wait on, in the tens of milliseconds, the same
// order as a group commit (flow's maxGroup), while the batches together
// still cover every affected visit before SetCaps returns.
const capsBatch = 100

// rejudgeForCaps judges again, after region's caps changed, the visits of
// region's subtree whose judgement reads them: those checked in since the
// first day of the previous month (the current week reaches back into it)
// and those with an open INSPECTION_FREQUENCY finding (raised caps resolve
// it). A subregion with caps of its own is judged again too and keeps its
// findings: judging is idempotent. It returns how many it judged.
func (s *Service) rejudgeForCaps(ctx context.Context, region string, today law.Date) (int, error) {
	prev := law.NewDate(today.Y, today.M, 1).AddDays(-1)
	ids, err := capsAffected(ctx, s.db.R, region, law.NewDate(prev.Y, prev.M, 1).String())
	if err != nil {
		return 0, err
	}
	done := 0
	for len(ids) > 0 {
		batch := ids[:min(len(ids), capsBatch)]
		ids = ids[len(batch):]
		if err := flow.Retry(ctx, s.db, func(tx *sql.Tx) error {
			for _, id := range batch {
				if err := s.rejudgeTx(ctx, tx, id); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			return done, err
		}
		done += len(batch)
	}
	return done, nil
}

// capsAffected are the ids, ascending, of the visits of region's subtree
// checked in on or after from, or with an open frequency finding.
func capsAffected(ctx context.Context, q store.Querier, region, from string) ([]int64, error) {
	prefix := ident.RegionPrefix(region)
	lo, hi := prefix, ident.PrefixEnd(prefix)
	var ids []int64
	for _, x := range []struct {
		sql  string
		args []any
	}{
		{`SELECT id FROM inspections WHERE region_code >= $1 AND region_code < $2 AND visit_day >= $3`, []any{lo, hi, from}},
		{`SELECT subject_id FROM findings WHERE rule = $1 AND status = 'open' AND subject_kind = $2
			AND region_code >= $3 AND region_code < $4`, []any{RuleFrequency, Kind, lo, hi}},
	} {
		rows, err := q.QueryContext(ctx, x.sql, x.args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, err
			}
			ids = append(ids, id)
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
	}
	slices.Sort(ids)
	return slices.Compact(ids), nil
}
