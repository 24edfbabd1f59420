package store_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"testing"

	"zfjd/internal/store"
	"zfjd/internal/testdb"
)

func count(t *testing.T, db *store.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := db.W.QueryRowContext(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

func TestMigrateTwiceIsNoOp(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := db.W.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ('probe', 'kept')`); err != nil {
			t.Fatal(err)
		}
		versions := count(t, db, `SELECT COUNT(*) FROM goose_db_version`)
		regions := count(t, db, `SELECT COUNT(*) FROM regions`)
		if versions < 2 || regions < 3000 {
			t.Fatalf("fresh database: %d goose rows, %d regions; want a migrated, seeded database", versions, regions)
		}
		for i := 0; i < 2; i++ {
			if err := db.Migrate(ctx); err != nil {
				t.Fatalf("Migrate run %d: %v", i+2, err)
			}
			if err := testdb.Prepare(ctx, db); err != nil {
				t.Fatalf("Prepare run %d: %v", i+2, err)
			}
		}
		if got := count(t, db, `SELECT COUNT(*) FROM goose_db_version`); got != versions {
			t.Errorf("goose_db_version rows %d → %d; a second Migrate must apply nothing", versions, got)
		}
		if got := count(t, db, `SELECT COUNT(*) FROM regions`); got != regions {
			t.Errorf("regions %d → %d; seeding twice must not duplicate", regions, got)
		}
		if got := count(t, db, `SELECT COUNT(*) FROM settings WHERE key = 'probe' AND value = 'kept'`); got != 1 {
			t.Errorf("data written before the second Migrate is gone")
		}
	})
}

// The PostgreSQL rewrite must give real auto-increment keys and byte columns.
func TestMigratedSchemaWorksOnBothEngines(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var id1, id2 int64
		for _, p := range []*int64{&id1, &id2} {
			if err := db.W.QueryRowContext(ctx, `INSERT INTO audit_log (at, actor, actor_role, action, entity, entity_key, region_code)
				VALUES (1, 'a', 'admin', 'create', 'x', 'k', '370102') RETURNING id`).Scan(p); err != nil {
				t.Fatal(err)
			}
		}
		if id1 <= 0 || id2 != id1+1 {
			t.Errorf("ids %d, %d: want increasing auto-increment keys", id1, id2)
		}
		blob := []byte{0, 1, 2, 0xff, 0xfe}
		if _, err := db.W.ExecContext(ctx, `INSERT INTO sessions (token, data, expiry) VALUES ('t', $1, 1)`, blob); err != nil {
			t.Fatal(err)
		}
		var back []byte
		if err := db.R.QueryRowContext(ctx, `SELECT data FROM sessions WHERE token = 't'`).Scan(&back); err != nil {
			t.Fatal(err)
		}
		if string(back) != string(blob) {
			t.Errorf("blob round trip: %x, want %x", back, blob)
		}
	})
}

func TestIsUniqueViolation(t *testing.T) {
	if store.IsUniqueViolation(nil) {
		t.Error("IsUniqueViolation(nil) = true")
	}
	if store.IsUniqueViolation(errors.New("some other failure")) {
		t.Error("IsUniqueViolation(unrelated) = true")
	}
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := db.W.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ('dup', '1')`); err != nil {
			t.Fatal(err)
		}
		_, err := db.W.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ('dup', '2')`)
		if err == nil {
			t.Fatal("duplicate primary key accepted")
		}
		if !store.IsUniqueViolation(err) {
			t.Errorf("duplicate key: IsUniqueViolation(%v) = false", err)
		}
		if !store.IsUniqueViolation(fmt.Errorf("wrapped: %w", err)) {
			t.Errorf("wrapped duplicate key not recognised")
		}
		// A secondary UNIQUE column, inside a transaction.
		err = db.Tx(ctx, func(tx *sql.Tx) error {
			for i := 0; i < 2; i++ {
				if _, err := tx.ExecContext(ctx, `INSERT INTO api_tokens (name, token_hash, role, region_code, created_at)
					VALUES ($1, 'same-hash', 'admin', '', 0)`, fmt.Sprint("t", i)); err != nil {
					return err
				}
			}
			return nil
		})
		if !store.IsUniqueViolation(err) {
			t.Errorf("duplicate unique column: IsUniqueViolation(%v) = false", err)
		}
		// Other constraint failures are not unique violations.
		_, err = db.W.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ('nullvalue', NULL)`)
		if err == nil {
			t.Fatal("NULL accepted in a NOT NULL column")
		}
		if store.IsUniqueViolation(err) {
			t.Errorf("NOT NULL failure reported as unique violation: %v", err)
		}
		_, err = db.W.ExecContext(ctx, `INSERT INTO officers (cert_no, name, agency_code, region_code, cert_valid_from, cert_valid_to, verify_id, created_at, updated_at)
			VALUES ('X1', 'n', 'NOAGENCY', '370102', '2020-01-01', '2030-01-01', 'v', 0, 0)`)
		if err == nil {
			t.Fatal("foreign key not enforced")
		}
		if store.IsUniqueViolation(err) {
			t.Errorf("foreign key failure reported as unique violation: %v", err)
		}
	})
}

func TestTxRollsBackOnError(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		boom := errors.New("boom")
		err := db.Tx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ('half', 'written')`); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("Tx error = %v, want the callback's error", err)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM settings WHERE key = 'half'`); n != 0 {
			t.Errorf("rolled-back insert is visible (%d rows)", n)
		}
		if err := db.Tx(ctx, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ('whole', 'written')`)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		// Committed writes are visible to the separate reader pool.
		var v string
		if err := db.R.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = 'whole'`).Scan(&v); err != nil || v != "written" {
			t.Errorf("committed row read back as %q, %v", v, err)
		}
	})
}
