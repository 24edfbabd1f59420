package cases

import (
	"context"
	"maps"
	"strconv"
	"strings"

	"zfjd/internal/flow"
	"zfjd/internal/store"
)

// dueGroup is how many changed cases the due pass writes per transaction.
const dueGroup = 100

// rejudgeBatch is the case workflow's batch in the due pass (flow.Due):
// it reads a page of due cases and their open findings in two statements
// on the read pool, judges each (the agencies, matters, officers and
// benchmark ranges the page shares read once, envMemo), and writes only those whose judgement
// moved (status, deadlines, next check or findings), dueGroup to a
// transaction, each a compare-and-swap on the version read. A case that
// changed meanwhile, or could not be judged from the read pool, is judged
// again alone (Refresh). Re-judging changes nothing a source said, so it
// appends no record-log leaf.
func (s *Service) rejudgeBatch(ctx context.Context, ids []int64) (int, error) {
	page, err := loadDuePage(ctx, s.db.R, ids)
	if err != nil {
		return 0, err
	}
	n := 0
	var writes []flow.Write
	var writeIDs, alone []int64
	memo := newEnvMemo()
	for _, d := range page {
		r, err := s.judgeRowWith(ctx, s.db.R, d.c, memo)
		if err != nil {
			alone = append(alone, d.c.ID)
			continue
		}
		n++
		if sameJudgement(r, d) {
			continue
		}
		r.sameBody = true // judged again as stored: only the judgement moves
		writes = append(writes, flow.Write{Main: r.write})
		writeIDs = append(writeIDs, d.c.ID)
	}
	for len(writes) > 0 {
		k := min(len(writes), dueGroup)
		for i, err := range flow.CommitAll(ctx, s.db, writes[:k]) {
			if err != nil {
				n--
				alone = append(alone, writeIDs[i])
			}
		}
		writes, writeIDs = writes[k:], writeIDs[k:]
	}
	var firstErr error
	for _, id := range alone {
		if _, err := s.Refresh(ctx, id); err != nil {
			if firstErr == nil {
				firstErr = err
			}
			continue
		}
		n++
	}
	return n, firstErr
}

// dueCase is a due case as read, with its stored next check and open findings.
type dueCase struct {
	c         *Case
	status    string            // as stored (judging sets c's anew)
	deadlines map[string]string // as stored
	next      string
	open      []flow.Finding
}

func loadDuePage(ctx context.Context, q store.Querier, ids []int64) ([]*dueCase, error) {
	w := &store.Where{}
	ph := make([]string, len(ids))
	for i, id := range ids {
		ph[i] = w.Arg(id)
	}
	in := strings.Join(ph, ",")
	rows, err := q.QueryContext(ctx, `SELECT `+caseCols+`, next_check FROM cases WHERE id IN (`+in+`) ORDER BY id`, w.Args...)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]*dueCase, len(ids))
	var out []*dueCase
	for rows.Next() {
		d := &dueCase{}
		if d.c, err = scanCase(rows, &d.next); err != nil {
			rows.Close()
			return nil, err
		}
		d.status, d.deadlines = d.c.Status, d.c.Deadlines
		byID[d.c.ID] = d
		out = append(out, d)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	w.Args = append(w.Args, Workflow.Kind)
	rows, err = q.QueryContext(ctx, `SELECT subject_id, rule, fkey, severity, message, basis, due FROM findings
		WHERE subject_id IN (`+in+`) AND subject_kind = $`+strconv.Itoa(len(w.Args))+` AND status = 'open' ORDER BY id`, w.Args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var f flow.Finding
		if err := rows.Scan(&id, &f.Rule, &f.Key, &f.Severity, &f.Message, &f.Basis, &f.Due); err != nil {
			return nil, err
		}
		if d := byID[id]; d != nil {
			d.open = append(d.open, f)
		}
	}
	return out, rows.Err()
}

// sameJudgement reports whether writing r would leave d as stored: the
// same status, deadlines and next check, and findings that SyncFindings
// would leave alone.
func sameJudgement(r *caseRow, d *dueCase) bool {
	c := r.c
	return d.status == c.Status && d.next == r.next && maps.Equal(d.deadlines, c.Deadlines) && sameFindings(d.open, c.Warnings)
}

// sameFindings reports whether the open findings of a case are its
// warnings as judged: SyncFindings would change none of them.
func sameFindings(open []flow.Finding, ws []Warning) bool {
	if len(open) != len(ws) {
		return false
	}
	type fkey struct{ rule, key string }
	have := make(map[fkey]flow.Finding, len(open))
	for _, f := range open {
		have[fkey{f.Rule, f.Key}] = f
	}
	for _, w := range ws {
		f, ok := have[fkey{w.Rule, w.key}]
		if !ok || f.Severity != w.Severity || f.Message != w.Message || f.Due != w.Due {
			return false
		}
	}
	return true
}
