package cases

import (
	"context"
	"database/sql"
	"maps"
	"strconv"
	"strings"

	"zfjd/internal/clock"
	"zfjd/internal/flow"
	"zfjd/internal/store"
)

// dueGroup is how many changed cases the due pass writes per transaction.
const dueGroup = 100

// rejudgeBatch is the case workflow's batch in the due pass (flow.Due):
// it reads a page of due cases and their open findings in two statements
// on the read pool, then what the rules read beyond the case for the
// whole page in a few more (the rule epoch, the register's holdings of
// the page's matters by its agencies, its parties' prior fines, its fine
// contributions and recordings, its officers: envMemo.loadPage), judges
// each from that, and writes only those whose judgement moved (status,
// deadlines, next check or findings), dueGroup to a transaction
// (writeDue), each a compare-and-swap on the version read. A case that
// changed meanwhile, or could not be judged from the read pool, is judged
// again alone (Refresh). Re-judging changes nothing a source said, so it
// appends no record-log leaf.
func (s *Service) rejudgeBatch(ctx context.Context, ids []int64) (int, error) {
	epoch, err := RuleEpoch(ctx, s.db.R)
	if err != nil {
		return 0, err
	}
	jctx := withRuleEpoch(ctx, epoch) // the page's judgements, on the read pool only
	page, err := loadDuePage(jctx, s.db.R, ids)
	if err != nil {
		return 0, err
	}
	// What the registers say is read once per pass (per rule epoch), the
	// rest once per page: the calendar, the rules in force by region, the
	// fine statistics and what loadPage reads.
	key := passMemo{clock.TodayString(ctx), epoch}
	memo := flow.PassValue(ctx, key, newEnvMemo)
	if memo.size() > maxPassMemo {
		memo = newEnvMemo()
		flow.SetPassValue(ctx, key, memo)
	}
	if memo.cal, err = s.calendar(ctx, s.db.R); err != nil {
		return 0, err
	}
	memo.inForce, memo.stats = map[string]RulesInForce{}, map[fineGroup][]fineCount{}
	cs := make([]*Case, len(page))
	for i, d := range page {
		cs[i] = d.c
	}
	if err := memo.loadPage(jctx, s.db.R, cs); err != nil {
		return 0, err
	}
	n := 0
	var writes []dueWrite
	var alone []int64
	for _, d := range page {
		r, err := s.judgeRowWith(jctx, s.db.R, d.c, memo)
		if err != nil {
			alone = append(alone, d.c.ID)
			continue
		}
		n++
		if sameJudgement(r, d) {
			continue
		}
		r.sameBody = true // judged again as stored: only the judgement moves
		writes = append(writes, dueWrite{r, d})
	}
	for len(writes) > 0 {
		k := min(len(writes), dueGroup)
		failed := s.writeDue(ctx, writes[:k])
		n -= len(failed)
		alone = append(alone, failed...)
		writes = writes[k:]
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

// passMemo keys the due pass's envMemo: a rule change during the pass
// starts a new one.
type passMemo struct {
	today string
	epoch int64
}

// maxPassMemo bounds the rows the pass's memo keeps (a province has
// 216,000 officers): past it the next page starts a new one.
const maxPassMemo = 100_000

// dueWrite is a re-judged case of the due pass and the row it was judged from.
type dueWrite struct {
	r *caseRow
	d *dueCase
}

// writeDue writes a group of re-judged cases in one transaction: their
// findings and fine-statistics contributions read in one statement each,
// then per case the compare-and-swap with the judged columns, the
// contribution and the findings, as caseRow.write does for one. It
// returns the cases not written (changed since they were read); when the
// transaction fails, each is written in its own (flow.CommitAll) and only
// the failing ones are returned.
func (s *Service) writeDue(ctx context.Context, ws []dueWrite) (failed []int64) {
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		failed = failed[:0]
		ids := make([]int64, len(ws))
		for i, w := range ws {
			ids[i] = w.d.c.ID
		}
		have, err := flow.ReadFindings(ctx, tx, Workflow.Kind, ids)
		if err != nil {
			return err
		}
		contribs, err := readContribs(ctx, tx, ids)
		if err != nil {
			return err
		}
		swapped, err := swapJudgedAll(ctx, tx, ws)
		if err != nil {
			return err
		}
		b := &flow.FindingBatch{}
		written := make([]int64, 0, len(ws))
		for _, w := range ws {
			c := w.r.c
			if !swapped[c.ID] {
				failed = append(failed, c.ID)
				continue
			}
			c.version, c.UpdatedAt = w.r.version+1, w.r.now
			old, had := contribs[c.ID]
			if err := syncRollupFrom(ctx, tx, c, old, had); err != nil {
				return err
			}
			if err := flow.SyncFindingsFrom(ctx, tx, c.subject(), findingsOf(c.Warnings), w.r.now, have, b); err != nil {
				return err
			}
			written = append(written, c.ID)
		}
		if err := b.Flush(ctx, tx); err != nil {
			return err
		}
		return syncAssess(ctx, s.keyed(tx), written) // case_rollup_assess, after the findings (rollup_assess.go)
	})
	if err == nil {
		return failed
	}
	failed = failed[:0]
	fw := make([]flow.Write, len(ws))
	for i, w := range ws {
		fw[i] = flow.Write{Main: w.r.write}
	}
	for i, err := range flow.CommitAll(ctx, s.db, fw) {
		if err != nil {
			failed = append(failed, ws[i].d.c.ID)
		}
	}
	return failed
}

// swapJudgedAll stores the re-judged cases ws with the compare-and-swap
// on the version each was read at, and reports which were written (the
// others changed since). A case whose every column a write derives from
// the body is as stored (the usual case: the body was read and judged
// again) has only its judged columns set, with many others in one
// UPDATE … FROM (VALUES …); any other case has every column set, as
// caseRow.write does, in a statement of its own.
func swapJudgedAll(ctx context.Context, tx *sql.Tx, ws []dueWrite) (map[int64]bool, error) {
	done := map[int64]bool{}
	var narrow [][]any
	for _, w := range ws {
		r, c := w.r, w.r.c
		if w.d.raw == (storedBody{r.party, r.facts, r.events}) && w.d.cols == (storedCols{c.Party.Kind, c.Party.Name, c.Party.IDNumber, r.hash, r.d}) {
			narrow = append(narrow, []any{c.ID, r.version, c.Status, r.deadlines, r.next, r.now})
			continue
		}
		ok, err := r.swapFull(ctx, tx)
		if err != nil {
			return nil, err
		}
		done[c.ID] = ok
	}
	for len(narrow) > 0 {
		n := 64
		for n > len(narrow) {
			n /= 2
		}
		w := &store.Where{}
		vals := make([]string, n)
		for i, row := range narrow[:n] {
			vals[i] = "(CAST(" + w.Arg(row[0]) + " AS BIGINT), CAST(" + w.Arg(row[1]) + " AS BIGINT), CAST(" + w.Arg(row[2]) +
				" AS TEXT), CAST(" + w.Arg(row[3]) + " AS TEXT), CAST(" + w.Arg(row[4]) + " AS TEXT), CAST(" + w.Arg(row[5]) + " AS BIGINT))"
		}
		narrow = narrow[n:]
		rows, err := tx.QueryContext(ctx, `UPDATE cases SET version = cases.version + 1, status = v.column3, deadlines_json = v.column4,
			next_check = v.column5, updated_at = v.column6 FROM (VALUES `+strings.Join(vals, ",")+`) AS v
			WHERE cases.id = v.column1 AND cases.version = v.column2 RETURNING id`, w.Args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, err
			}
			done[id] = true
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
	}
	return done, nil
}

// swapFull stores every column of a re-judged case with the
// compare-and-swap in one statement; false: it changed since it was read.
func (r *caseRow) swapFull(ctx context.Context, tx *sql.Tx) (bool, error) {
	c, dc := r.c, r.d
	res, err := tx.ExecContext(ctx, `UPDATE cases SET version = version + 1, case_no=$3, title=$4, agency_code=$5, region_code=$6,
		matter_code=$7, procedure_kind=$8, party_kind=$9, party_name=$10, party_id_number=$11, party_json=$12, facts_json=$13,
		events_json=$14, body_hash=$15, status=$16, filed_on=$17, decided_on=$18, outcome=$19, tier=$20, fine_fen=$21,
		published_on=$22, withdrawn_on=$23, deadlines_json=$24, next_check=$25, updated_at=$26 WHERE id=$1 AND version = $2`,
		c.ID, r.version, c.CaseNo, c.Title, c.AgencyCode, c.RegionCode, c.MatterCode, c.Procedure, c.Party.Kind, c.Party.Name,
		c.Party.IDNumber, r.party, r.facts, r.events, r.hash, c.Status, dc.filed, dc.decided, dc.outcome,
		dc.tier, dc.fine, dc.published, dc.withdrawn, r.deadlines, r.next, r.now)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// findingsOf are c's warnings as the kernel's findings.
func findingsOf(ws []Warning) []flow.Finding {
	fs := make([]flow.Finding, len(ws))
	for i, w := range ws {
		fs[i] = flow.Finding{Rule: w.Rule, Key: w.key, Severity: w.Severity, Message: w.Message, Basis: w.Basis, Due: w.Due}
	}
	return fs
}

// dueCase is a due case as read, with its stored next check, open
// findings, and the columns a write derives from its body.
type dueCase struct {
	c         *Case
	status    string            // as stored (judging sets c's anew)
	deadlines map[string]string // as stored
	next      string
	open      []flow.Finding
	raw       storedBody
	cols      storedCols
}

// storedCols are the columns a write derives from a case's body, as stored.
type storedCols struct {
	partyKind, partyName, partyID, hash string
	d                                   derivedCols
}

func loadDuePage(ctx context.Context, q store.Querier, ids []int64) ([]*dueCase, error) {
	w := &store.Where{}
	in := inMarks(w, ids)
	rows, err := q.QueryContext(ctx, `SELECT `+caseCols+`, next_check, party_kind, party_name, party_id_number, body_hash, filed_on,
		decided_on, outcome, tier, fine_fen, published_on, withdrawn_on FROM cases WHERE id IN (`+in+`) ORDER BY id`, w.Args...)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]*dueCase, len(ids))
	var out []*dueCase
	for rows.Next() {
		d := &dueCase{}
		k := &d.cols
		if d.c, err = scanCaseRaw(rows, &d.raw, &d.next, &k.partyKind, &k.partyName, &k.partyID, &k.hash, &k.d.filed, &k.d.decided,
			&k.d.outcome, &k.d.tier, &k.d.fine, &k.d.published, &k.d.withdrawn); err != nil {
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
