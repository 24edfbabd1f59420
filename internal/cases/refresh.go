package cases

import (
	"context"
	"database/sql"

	"zfjd/internal/flow"
)

// Re-judging one stored case as of today (the warnings pages, the API's
// reads, the due pass's fallback).

// Refresh re-judges one case as of today and stores the result; it reports
// whether the open warnings changed. It reads and judges on the read pool,
// outside the writer's transaction, and writes nothing when the
// judgement did not move (status, deadlines, next check, findings); a
// moved one is written as the due pass writes it (writeDue: one
// compare-and-swap statement, the contribution, the findings). A case
// that changed meanwhile, or could not be judged so, is judged again
// inside one transaction (refreshTx).
func (s *Service) Refresh(ctx context.Context, id int64) (changed bool, err error) {
	page, err := loadDuePage(ctx, s.db.R, []int64{id})
	if err != nil || len(page) != 1 {
		return s.refreshTx(ctx, id)
	}
	d := page[0]
	r, err := s.judgeRowWith(ctx, s.db.R, d.c, nil)
	if err != nil {
		return s.refreshTx(ctx, id)
	}
	if sameJudgement(r, d) {
		return false, nil
	}
	r.sameBody = true
	if failed := s.writeDue(ctx, []dueWrite{{r, d}}); len(failed) > 0 {
		return s.refreshTx(ctx, id)
	}
	before := make([]Warning, len(d.open))
	for i, f := range d.open {
		before[i] = Warning{Rule: f.Rule, Severity: f.Severity, key: f.Key}
	}
	sortWarnings(before)
	after, err := caseWarnings(ctx, s.db.R, id)
	return !sameWarnings(before, after), err
}

// refreshTx is Refresh inside one transaction: read, judge (the
// environment read through the transaction), write, record.
func (s *Service) refreshTx(ctx context.Context, id int64) (changed bool, err error) {
	err = flow.Retry(ctx, s.db, func(tx *sql.Tx) error {
		c, err := getCase(ctx, tx, `id = $1`, id)
		if err != nil {
			return err
		}
		before, err := caseWarnings(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := s.save(ctx, tx, c); err != nil {
			return err
		}
		after, err := caseWarnings(ctx, tx, id)
		changed = !sameWarnings(before, after)
		return err
	})
	return changed, err
}

func sameWarnings(a, b []Warning) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Rule != b[i].Rule || a[i].key != b[i].key || a[i].Severity != b[i].Severity {
			return false
		}
	}
	return true
}
