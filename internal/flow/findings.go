package flow

import (
	"context"
	"database/sql"

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
	type row struct {
		id                                    int64
		severity, message, due, status, stage string
		escalated                             int
	}
	rows, err := tx.QueryContext(ctx, `SELECT id, rule, fkey, severity, message, due, status, stage, escalated FROM findings
		WHERE subject_kind = $1 AND subject_id = $2`, s.Kind, s.ID)
	if err != nil {
		return err
	}
	have := map[[2]string]row{}
	for rows.Next() {
		var r row
		var rule, key string
		if err := rows.Scan(&r.id, &rule, &key, &r.severity, &r.message, &r.due, &r.status, &r.stage, &r.escalated); err != nil {
			rows.Close()
			return err
		}
		have[[2]string{rule, key}] = r
	}
	if err := rows.Close(); err != nil {
		return err
	}
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
				err = Step(ctx, tx, id, s.Region, "issued", "system", "平台", "", now)
			}
		case r.stage == "closed":
			// 已销号: supervision verified it; the rule holding on does not reopen it.
		case r.status != "open":
			_, err = tx.ExecContext(ctx, `UPDATE findings SET severity=$2, message=$3, due=$4, status='open', resolved_at=0,
				region_code=$5, agency_code=$6, stage='issued', issued_at=$7, escalated=0, sign_by='', last_action='' WHERE id=$1`,
				r.id, f.Severity, f.Message, f.Due, s.Region, s.Agency, now)
			if err == nil {
				err = Step(ctx, tx, r.id, s.Region, "issued", "system", "平台", "", now)
			}
		case r.severity != sev || r.message != f.Message || r.due != f.Due:
			_, err = tx.ExecContext(ctx, `UPDATE findings SET severity=$2, message=$3, due=$4,
				region_code=$5, agency_code=$6 WHERE id=$1`, r.id, sev, f.Message, f.Due, s.Region, s.Agency)
		}
		if err != nil {
			return err
		}
	}
	for _, r := range have {
		if r.status != "open" {
			continue
		}
		if _, err := tx.ExecContext(ctx, `UPDATE findings SET status='resolved', resolved_at=$2, stage='cured' WHERE id=$1`, r.id, now); err != nil {
			return err
		}
		if err := Step(ctx, tx, r.id, s.Region, "cured", "system", "平台", "", now); err != nil {
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
