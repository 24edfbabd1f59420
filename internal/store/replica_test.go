package store_test

import (
	"context"
	"testing"

	"zfjd/internal/store"
	"zfjd/internal/testdb"
)

// A read replica handle reads, refuses every write through its reads (a
// PostgreSQL session with default_transaction_read_only, a SQLite file
// opened read-only), and still writes through W to the primary.
func TestReadReplica(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		r, closeFn, err := store.OpenReadReplica(ctx, db, db.DSN)
		if err != nil {
			t.Fatal(err)
		}
		defer closeFn()
		if _, err := r.W.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ('replica', 'primary')`); err != nil {
			t.Fatalf("write through the primary: %v", err)
		}
		var v string
		if err := r.R.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = 'replica'`).Scan(&v); err != nil || v != "primary" {
			t.Fatalf("read through the replica: %q, %v", v, err)
		}
		if _, err := r.R.ExecContext(ctx, `UPDATE settings SET value = 'replica' WHERE key = 'replica'`); err == nil {
			t.Error("a write through the replica handle succeeded")
		}
		tx, err := r.R.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM settings WHERE key = 'replica'`); err == nil {
			t.Error("a write in a transaction of the replica handle succeeded")
		}
		tx.Rollback()
		if err := db.R.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = 'replica'`).Scan(&v); err != nil || v != "primary" {
			t.Errorf("after the refused writes: %q, %v", v, err)
		}
		// Closing the replica leaves the primary open.
		closeFn()
		if err := db.W.PingContext(ctx); err != nil {
			t.Errorf("primary closed with the replica: %v", err)
		}
		other := "postgres://127.0.0.1/x"
		if db.Dialect == store.Postgres {
			other = "replica.db"
		}
		if _, _, err := store.OpenReadReplica(ctx, db, other); err == nil {
			t.Error("a replica of the other engine was accepted")
		}
	})
}
