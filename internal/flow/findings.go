package flow

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"zfjd/internal/store"
)

// Subject is what a workflow is about: one row of its kind, and where it
// lives (for jurisdiction filters and for who handles its findings).
type Subject struct {
	Kind   string // "case", later "complaint", "inspection", ...
	ID     int64
	Region string
	Agency string
}

// Finding is one rule that holds on a subject (a warning, 预警). Key tells
// apart two firings of one rule on one subject (two seizures).
type Finding struct {
	Rule     string
	Key      string
	Severity string // yellow | red
	Message  string
	Basis    string
	Due      string
}

// SyncFindings makes the stored findings of s match fs: new ones open,
// changed ones are updated (and reopened), vanished ones are resolved, so a
// replay never duplicates one and the history of a cured one is kept.
//
// It also keeps the handling stage of spec/supervision-v1.md §1: a new or
// reopened finding is "issued", a vanished open one is "cured" (the
// platform saw its cause go away), each with a history step of actor
// "system"; a finding supervision closed stays closed even while its rule
// still holds, and one escalated to red stays red.
func SyncFindings(ctx context.Context, tx *sql.Tx, s Subject, fs []Finding, now int64) error {
	have, err := ReadFindings(ctx, tx, s.Kind, []int64{s.ID})
	if err != nil {
		return err
	}
	return SyncFindingsFrom(ctx, tx, s, fs, now, have, nil)
}

// StoredFindings are the stored findings of some subjects of one kind,
// read in the transaction that syncs them (ReadFindings).
type StoredFindings map[int64]map[[2]string]storedFinding

type storedFinding struct {
	id                                    int64
	severity, message, due, status, stage string
	escalated                             int
}

// ReadFindings reads every stored finding (open or not) of the subjects
// ids of kind, for SyncFindingsFrom: a batch of writes reads them in one
// statement instead of one per subject.
func ReadFindings(ctx context.Context, q store.Querier, kind string, ids []int64) (StoredFindings, error) {
	out := StoredFindings{}
	for _, id := range ids {
		out[id] = map[[2]string]storedFinding{}
	}
	for len(ids) > 0 {
		batch := ids[:min(len(ids), 512)]
		ids = ids[len(batch):]
		var rows *sql.Rows
		var err error
		if len(batch) == 1 {
			rows, err = q.QueryContext(ctx, `SELECT subject_id, id, rule, fkey, severity, message, due, status, stage, escalated FROM findings
				WHERE subject_kind = $1 AND subject_id = $2`, kind, batch[0])
		} else {
			w := &store.Where{}
			w.Arg(kind)
			n := 8 // padded to a power of two, so the texts stay few and prepared
			for n < len(batch) {
				n *= 2
			}
			ph := make([]string, n)
			for i := range n {
				ph[i] = w.Arg(batch[min(i, len(batch)-1)])
			}
			rows, err = q.QueryContext(ctx, `SELECT subject_id, id, rule, fkey, severity, message, due, status, stage, escalated FROM findings
				WHERE subject_kind = $1 AND subject_id IN (`+strings.Join(ph, ",")+`)`, w.Args...)
		}
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var r storedFinding
			var sid int64
			var rule, key string
			if err := rows.Scan(&sid, &r.id, &rule, &key, &r.severity, &r.message, &r.due, &r.status, &r.stage, &r.escalated); err != nil {
				rows.Close()
				return nil, err
			}
			if m := out[sid]; m != nil {
				m[[2]string{rule, key}] = r
			}
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// SyncFindingsFrom is SyncFindings on the subject's findings as read by
// ReadFindings in the same transaction (have must hold s.ID; it is used
// up). With a batch b, the updates of findings and the history steps are
// left to b.Flush (a few statements for a group of subjects), in the
// order SyncFindings would make them; new findings are inserted at once.
func SyncFindingsFrom(ctx context.Context, tx *sql.Tx, s Subject, fs []Finding, now int64, stored StoredFindings, b *FindingBatch) error {
	have := stored[s.ID]
	if have == nil {
		have = map[[2]string]storedFinding{}
	}
	delete(stored, s.ID)
	var err error
	for _, f := range fs {
		k := [2]string{f.Rule, f.Key}
		r, ok := have[k]
		delete(have, k)
		sev := f.Severity
		if ok && r.escalated != 0 {
			sev = "red" // escalation outlives a replay that still says yellow
		}
		switch {
		case !ok:
			var id int64
			err = tx.QueryRowContext(ctx, `INSERT INTO findings (subject_kind, subject_id, rule, fkey, severity, message, basis,
				due, status, region_code, agency_code, first_seen, stage, issued_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,'open',$9,$10,$11,'issued',$11)
				RETURNING id`, s.Kind, s.ID, f.Rule, f.Key, f.Severity, f.Message, f.Basis, f.Due, s.Region, s.Agency, now).Scan(&id)
			if err == nil {
				err = b.step(ctx, tx, id, s.Region, "issued", now)
			}
		case r.stage == "closed":
			// 已销号: supervision verified it; the rule holding on does not reopen it.
		case r.status != "open":
			_, err = tx.ExecContext(ctx, `UPDATE findings SET severity=$2, message=$3, due=$4, status='open', resolved_at=0,
				region_code=$5, agency_code=$6, stage='issued', issued_at=$7, escalated=0, sign_by='', last_action='' WHERE id=$1`,
				r.id, f.Severity, f.Message, f.Due, s.Region, s.Agency, now)
			if err == nil {
				err = b.step(ctx, tx, r.id, s.Region, "issued", now)
			}
		case r.severity != sev || r.message != f.Message || r.due != f.Due:
			if b != nil {
				b.upd = append(b.upd, []any{r.id, sev, f.Message, f.Due, s.Region, s.Agency})
				break
			}
			_, err = tx.ExecContext(ctx, `UPDATE findings SET severity=$2, message=$3, due=$4,
				region_code=$5, agency_code=$6 WHERE id=$1`, r.id, sev, f.Message, f.Due, s.Region, s.Agency)
		}
		if err != nil {
			return err
		}
	}
	// The vanished ones in id order, so their history steps are too.
	gone := make([]storedFinding, 0, len(have))
	for _, r := range have {
		if r.status == "open" {
			gone = append(gone, r)
		}
	}
	slices.SortFunc(gone, func(a, b storedFinding) int { return cmp.Compare(a.id, b.id) })
	for _, r := range gone {
		if b != nil {
			b.cured = append(b.cured, []any{r.id, now})
		} else if _, err := tx.ExecContext(ctx, `UPDATE findings SET status='resolved', resolved_at=$2, stage='cured' WHERE id=$1`, r.id, now); err != nil {
			return err
		}
		if err := b.step(ctx, tx, r.id, s.Region, "cured", now); err != nil {
			return err
		}
	}
	return nil
}

// FindingBatch holds what SyncFindingsFrom left for Flush: the changed
// findings, the cured ones and the platform's history steps.
type FindingBatch struct {
	upd, cured, steps [][]any
}

// step is the platform's history step, now or (with a batch) at Flush.
func (b *FindingBatch) step(ctx context.Context, tx *sql.Tx, id int64, region, action string, at int64) error {
	if b == nil {
		return Step(ctx, tx, id, region, action, "system", "平台", "", at)
	}
	b.steps = append(b.steps, []any{id, region, action, at})
	return nil
}

// Flush writes what the batch holds: the changed findings and the cured
// ones each as UPDATE … FROM (VALUES …), the history steps as multi-row
// INSERTs in the order they were made; each statement a power of two of
// rows (at most 64), so the texts are few and stay prepared.
func (b *FindingBatch) Flush(ctx context.Context, tx *sql.Tx) error {
	if err := ValuesExec(ctx, tx, `UPDATE findings SET severity = v.column2, message = v.column3, due = v.column4,
		region_code = v.column5, agency_code = v.column6 FROM (VALUES %s) AS v WHERE findings.id = v.column1`,
		[]string{"BIGINT", "TEXT", "TEXT", "TEXT", "TEXT", "TEXT"}, b.upd); err != nil {
		return err
	}
	if err := ValuesExec(ctx, tx, `UPDATE findings SET status = 'resolved', resolved_at = v.column2, stage = 'cured'
		FROM (VALUES %s) AS v WHERE findings.id = v.column1`, []string{"BIGINT", "BIGINT"}, b.cured); err != nil {
		return err
	}
	err := ValuesExec(ctx, tx, `INSERT INTO finding_history (finding_id, region_code, action, at, actor, actor_name, note)
		SELECT v.column1, v.column2, v.column3, v.column4, 'system', '平台', '' FROM (VALUES %s) AS v`,
		[]string{"BIGINT", "TEXT", "TEXT", "BIGINT"}, b.steps)
	b.upd, b.cured, b.steps = nil, nil, nil
	return err
}

// ValuesExec runs q, whose %s is a VALUES list, over rows (each of the
// given SQL types, cast so both engines agree), in chunks of a power of
// two of rows up to 64, in order.
func ValuesExec(ctx context.Context, tx *sql.Tx, q string, types []string, rows [][]any) error {
	for len(rows) > 0 {
		n := 64
		for n > len(rows) {
			n /= 2
		}
		chunk := rows[:n]
		rows = rows[n:]
		var sb strings.Builder
		args := make([]any, 0, n*len(types))
		for i, r := range chunk {
			if i > 0 {
				sb.WriteString(",")
			}
			sb.WriteString("(")
			for j, t := range types {
				if j > 0 {
					sb.WriteString(",")
				}
				args = append(args, r[j])
				fmt.Fprintf(&sb, "CAST($%d AS %s)", len(args), t)
			}
			sb.WriteString(")")
		}
		if _, err := tx.ExecContext(ctx, fmt.Sprintf(q, sb.String()), args...); err != nil {
			return err
		}
	}
	return nil
}

// Step appends one step to a finding's handling history (finding_history):
// action, when (unix ms), who (account, token or certificate; "system" for
// the platform) under which display name, and the note.
func Step(ctx context.Context, tx store.Querier, findingID int64, region, action, actor, actorName, note string, at int64) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO finding_history (finding_id, region_code, action, at, actor, actor_name, note)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, findingID, region, action, at, actor, actorName, note)
	return err
}

// OpenFindings lists the open findings of one subject, in rule order of
// the stored rows (callers sort by their own rule order).
func OpenFindings(ctx context.Context, q store.Querier, kind string, id int64) ([]Finding, error) {
	rows, err := q.QueryContext(ctx, `SELECT rule, fkey, severity, message, basis, due FROM findings
		WHERE subject_kind = $1 AND subject_id = $2 AND status = 'open' ORDER BY id`, kind, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Finding{}
	for rows.Next() {
		var f Finding
		if err := rows.Scan(&f.Rule, &f.Key, &f.Severity, &f.Message, &f.Basis, &f.Due); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}
