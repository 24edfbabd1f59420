package cases

import (
	"context"
	"database/sql"
	"encoding/json"
	"maps"

	"zfjd/internal/apperr"
	"zfjd/internal/audit"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/flow"
	"zfjd/internal/ledger"
	"zfjd/internal/registry"
	"zfjd/internal/store"
)

// Put creates or replaces the case sourceSystem/sourceID as its source
// system knows it (PUT /api/v1/cases/{source_system}/{source_id}). It
// answers the platform's view: id, status, deadlines, warnings, names —
// built from what was written, not read again. The platform's own source
// system is refused (checkSource), the token must be allowed to report for
// the case's agency (checkAgency), and the 案号 is never taken from the
// body. Every refusal writes nothing; so does a replay of the same body
// whose judgement has not changed.
//
// The checks, the old case and its audit copy are read on the read pool,
// outside the writer's transaction; the judgement and the write run in it,
// committed in a group with other writers (flow.Commit), the update a
// compare-and-swap on the version read (a new case: the unique source
// key). When another writer got there first the whole PUT runs again.
func (s *Service) Put(ctx context.Context, p *auth.Principal, in *Case) (created bool, out *Case, err error) {
	for range flow.MaxTries {
		w, err := s.preparePut(ctx, p, in)
		if err != nil {
			return false, nil, err
		}
		err = flow.Commit(ctx, s.db, flow.Write{Main: w.write, Last: w.record})
		if err == nil {
			return w.old == nil && !w.noop, w.answer(ctx), nil
		}
		if !flow.Retryable(err) {
			return false, nil, err
		}
		if ctx.Err() != nil {
			return false, nil, ctx.Err()
		}
	}
	return false, nil, apperr.New(apperr.Conflict, "数据正被他人同时修改，请稍后重试")
}

// putWrite is a checked PUT ready to be judged and written.
type putWrite struct {
	s      *Service
	base   Case // normalized and checked, with what it keeps of old
	old    *Case
	next   string // old's next check
	p      *auth.Principal
	agency string // the agency's name, for the answer
	before json.RawMessage

	// set by each run of write (a failed group runs it again)
	row  *caseRow
	noop bool // a replay: nothing written
}

func (s *Service) preparePut(ctx context.Context, p *auth.Principal, in *Case) (*putWrite, error) {
	c := *in
	if err := c.normalize(clock.Today(ctx)); err != nil {
		return nil, err
	}
	c.CaseNo = "" // 案号 are the platform's own (Create); never taken from input
	if err := checkSource(&c); err != nil {
		return nil, err
	}
	q := s.db.R
	if msg := registry.CheckRegion(ctx, q, c.RegionCode); msg != "" {
		return nil, &apperr.Error{Code: apperr.Invalid, Message: msg, Fields: apperr.Fields{"region_code": msg}}
	}
	ag, err := checkAgency(ctx, q, p, &c)
	if err != nil {
		return nil, err
	}
	w := &putWrite{s: s, p: p, agency: ag.Name}
	old, err := scanCase(q.QueryRowContext(ctx, `SELECT `+caseCols+`, next_check FROM cases WHERE source_system = $1 AND source_id = $2`,
		c.SourceSystem, c.SourceID), &w.next)
	if err != nil && !apperr.Is(err, apperr.NotFound) {
		return nil, err
	}
	if old != nil && !auth.CanChange(p, auth.KindCase, old.Target()) {
		return nil, apperr.New(apperr.Forbidden, "无权修改该案件")
	}
	if old != nil {
		c.ID, c.CaseNo, c.CreatedAt, c.version = old.ID, old.CaseNo, old.CreatedAt, old.version
		if c.Title == "" {
			c.Title = old.Title
		}
		if w.before, err = json.Marshal(old); err != nil {
			return nil, err
		}
	}
	w.base, w.old = c, old
	return w, nil
}

// write is the PUT's part of a group commit: it judges the case in the
// writer's transaction (the rules' environment is read there, and the
// cross-case rules keep their counts there), then writes the case row, its
// findings and, when what the source said changed, the audit row. A
// replay whose judgement is unchanged writes nothing.
func (w *putWrite) write(ctx context.Context, tx *sql.Tx) error {
	c := w.base
	r, err := w.s.judgeRow(ctx, tx, &c)
	if err != nil {
		return err
	}
	w.row, w.noop = r, false
	changed := w.old == nil || w.old.bodyHash() != r.hash
	r.sameBody = !changed
	if !changed {
		if w.noop, err = unchanged(ctx, tx, r, w.old, w.next); err != nil || w.noop {
			c.UpdatedAt = w.old.UpdatedAt
			return err
		}
	}
	if err := r.write(ctx, tx); err != nil {
		return err
	}
	if !changed {
		return nil
	}
	action, before := "create", any(nil)
	if w.old != nil {
		action, before = "update", w.before
	}
	return audit.Record(ctx, tx, w.p, action, "case", c.SourceSystem+"/"+c.SourceID, c.RegionCode, before, &c)
}

// record is the PUT's last step in its group: the record-log leaf.
func (w *putWrite) record(ctx context.Context, tx *sql.Tx) error {
	if w.noop {
		return nil
	}
	return w.row.record(ctx, tx)
}

// answer is the case as written, with the names and the warnings a read
// shows (shown).
func (w *putWrite) answer(ctx context.Context) *Case {
	c := w.row.c
	c.AgencyName = w.agency
	c.Warnings = shown(ctx, c.Warnings)
	return c
}

// unchanged reports whether writing r over old would change nothing: the
// same body (checked by the caller), the same judgement and findings, and
// the record's last leaf already the same content.
func unchanged(ctx context.Context, q store.Querier, r *caseRow, old *Case, oldNext string) (bool, error) {
	c := r.c
	if old.Status != c.Status || oldNext != r.next || !maps.Equal(old.Deadlines, c.Deadlines) {
		return false, nil
	}
	open, err := flow.OpenFindings(ctx, q, Workflow.Kind, c.ID)
	if err != nil || !sameFindings(open, c.Warnings) {
		return false, err
	}
	return ledger.Unchanged(ctx, q, Workflow.Kind, c.ledgerRef(), r.content)
}
