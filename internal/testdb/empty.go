package testdb

import (
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"path/filepath"
	"testing"

	"zfjd/internal/store"
)

// Empty is the address of a new database of engine e with no schema at
// all, removed after the test: a SQLite path not yet created, or an empty
// PostgreSQL database. Restores and upgrade tests start from it.
func Empty(t testing.TB, e store.Dialect) string {
	t.Helper()
	if e == store.SQLite {
		return filepath.Join(t.TempDir(), "zfjd.db")
	}
	admin, err := sql.Open("pgx", PGAdminURL())
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	b := make([]byte, 6)
	rand.Read(b)
	name := "zfjd_e_" + hex.EncodeToString(b)
	if _, err := admin.Exec(`CREATE DATABASE ` + name); err != nil {
		t.Fatalf("PostgreSQL at %s is needed for the tests (set ZFJD_TEST_PG): %v", PGAdminURL(), err)
	}
	t.Cleanup(func() {
		if a, err := sql.Open("pgx", PGAdminURL()); err == nil {
			a.Exec(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`)
			a.Close()
		}
	})
	return withDB(PGAdminURL(), name)
}
