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
func SyncFindings(ctx context.Context, tx *sql.Tx, s Subject, fs []Finding, now int64) error {
	type row struct {
		id                             int64
		severity, message, due, status string
	}
	rows, err := tx.QueryContext(ctx, `SELECT id, rule, fkey, severity, message, due, status FROM findings
		WHERE subject_kind = $1 AND subject_id = $2`, s.Kind, s.ID)
	if err != nil {
		return err
	}
	have := map[[2]string]row{}
	for rows.Next() {
		var r row
		var rule, key string
		if err := rows.Scan(&r.id, &rule, &key, &r.severity, &r.message, &r.due, &r.status); err != nil {
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
		switch {
		case !ok:
			_, err = tx.ExecContext(ctx, `INSERT INTO findings (subject_kind, subject_id, rule, fkey, severity, message, basis,
				due, status, region_code, agency_code, first_seen) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,'open',$9,$10,$11)`,
				s.Kind, s.ID, f.Rule, f.Key, f.Severity, f.Message, f.Basis, f.Due, s.Region, s.Agency, now)
		case r.severity != f.Severity || r.message != f.Message || r.due != f.Due || r.status != "open":
			_, err = tx.ExecContext(ctx, `UPDATE findings SET severity=$2, message=$3, due=$4, status='open', resolved_at=0,
				region_code=$5, agency_code=$6 WHERE id=$1`, r.id, f.Severity, f.Message, f.Due, s.Region, s.Agency)
		}
		if err != nil {
			return err
		}
	}
	for _, r := range have {
		if r.status != "open" {
			continue
		}
		if _, err := tx.ExecContext(ctx, `UPDATE findings SET status='resolved', resolved_at=$2 WHERE id=$1`, r.id, now); err != nil {
			return err
		}
	}
	return nil
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
