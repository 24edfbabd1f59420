package flow

import (
	"context"
	"database/sql"
)

// Next issues the next number of scope in year (1, 2, ...). The upsert
// locks the counter row until the transaction ends, so two writers never
// get the same number and a rolled-back write gives its number back.
// Scopes in use: "case/<agency>" (案号), "doc/<agency>/<kind>" (文号).
func Next(ctx context.Context, tx *sql.Tx, scope string, year int) (int64, error) {
	var n int64
	err := tx.QueryRowContext(ctx, `INSERT INTO counters (scope, year, last) VALUES ($1, $2, 1)
		ON CONFLICT (scope, year) DO UPDATE SET last = counters.last + 1 RETURNING last`, scope, year).Scan(&n)
	return n, err
}

// Last is the last number issued in scope and year (0: none yet).
func Last(ctx context.Context, q interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}, scope string, year int) (int64, error) {
	var n int64
	err := q.QueryRowContext(ctx, `SELECT last FROM counters WHERE scope = $1 AND year = $2`, scope, year).Scan(&n)
	if err == sql.ErrNoRows {
		return 0, nil
	}
	return n, err
}
