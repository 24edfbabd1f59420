package store

import (
	"context"
	"time"
)

// Lease coordinates one background job across the instances on this
// database (job_leases, migration 00032): Claim lets exactly one caller
// run a job whose turn has come, however many instances ask at once, and
// Done schedules its next turn. A holder that dies mid-run keeps the job
// only until its claim lapses (ttl), then another instance takes it.
//
// It is one conditional upsert on both engines: PostgreSQL locks the
// conflicting row and re-checks the condition on its latest version, and
// SQLite has one writer, so two claimers never both see the turn free.
type Lease struct {
	DB     *DB
	Holder string // this instance, e.g. host:pid:random
}

// Claim takes job name for one run when it is due at now and no other
// holder's run is in progress; the claim holds until now+ttl.
func (l Lease) Claim(ctx context.Context, name string, now time.Time, ttl time.Duration) (bool, error) {
	ms := now.UnixMilli()
	res, err := l.DB.W.ExecContext(ctx, `INSERT INTO job_leases (name, holder, held_until, next_at, runs) VALUES ($1, $2, $3, $4, 1)
		ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, held_until = excluded.held_until, runs = job_leases.runs + 1
		WHERE job_leases.next_at <= $4 AND job_leases.held_until <= $4`,
		name, l.Holder, ms+ttl.Milliseconds(), ms)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// Done ends this holder's run of name and makes the job due again at next;
// errText (or "") is kept for the operator. A run whose claim was lost
// (it lapsed and another holder took it) changes nothing.
func (l Lease) Done(ctx context.Context, name string, next time.Time, errText string) error {
	_, err := l.DB.W.ExecContext(ctx, `UPDATE job_leases SET held_until = 0, next_at = $3, last_error = $4
		WHERE name = $1 AND holder = $2 AND held_until > 0`, name, l.Holder, next.UnixMilli(), errText)
	return err
}

// LeaseState is one job's row, for status pages and tests.
type LeaseState struct {
	Name, Holder, LastError string
	HeldUntil, NextAt, Runs int64
}

// Leases lists every job's lease, by name.
func (db *DB) Leases(ctx context.Context) ([]LeaseState, error) {
	rows, err := db.R.QueryContext(ctx, `SELECT name, holder, held_until, next_at, runs, last_error FROM job_leases ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []LeaseState
	for rows.Next() {
		var s LeaseState
		if err := rows.Scan(&s.Name, &s.Holder, &s.HeldUntil, &s.NextAt, &s.Runs, &s.LastError); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}
