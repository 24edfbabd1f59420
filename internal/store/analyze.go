package store

import (
	"context"
	"fmt"
)

// Planner statistics (issue 10). Without them PostgreSQL plans a list of
// a province as if its tables were empty: after a bulk load on a cluster
// without autovacuum, /public/decisions ran at 0.4 requests/s, and at 6.9
// after a manual ANALYZE. SQLite plans the same way from sqlite_stat1.

// Analyze gathers statistics of every table: to be run after a bulk load
// (zfjd demo --scale, imports of many rows). On SQLite it samples (at
// most 1,000 rows of each index), so it takes seconds at any size.
func (db *DB) Analyze(ctx context.Context) error {
	q := `ANALYZE`
	if db.Dialect == SQLite {
		if _, err := db.W.ExecContext(ctx, `PRAGMA analysis_limit = 1000`); err != nil {
			return err
		}
	}
	_, err := db.W.ExecContext(ctx, q)
	return err
}

// RefreshStats analyzes the tables whose statistics are missing or stale
// by autovacuum's own measure (more rows changed since the last analysis
// than 50 + 10 % of the table), as autovacuum would; it is run at start,
// so a cluster where autovacuum is off, or has not come round yet after a
// load, still plans with statistics. On SQLite it is PRAGMA optimize,
// which analyzes the tables that need it.
func (db *DB) RefreshStats(ctx context.Context) error {
	if db.Dialect == SQLite {
		_, err := db.W.ExecContext(ctx, `PRAGMA analysis_limit = 1000; PRAGMA optimize = 0x10002`)
		return err
	}
	rows, err := db.R.QueryContext(ctx, `SELECT quote_ident(schemaname) || '.' || quote_ident(relname) FROM pg_stat_user_tables
		WHERE n_mod_since_analyze > 50 + 0.1 * n_live_tup`)
	if err != nil {
		return err
	}
	var tables []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			rows.Close()
			return err
		}
		tables = append(tables, t)
	}
	if err := rows.Close(); err != nil {
		return err
	}
	for _, t := range tables {
		if _, err := db.W.ExecContext(ctx, `ANALYZE `+t); err != nil {
			return fmt.Errorf("store: analyze %s: %w", t, err)
		}
	}
	return nil
}
