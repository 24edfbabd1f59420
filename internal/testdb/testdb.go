// Package testdb gives tests a fresh, migrated database on each engine:
// a temporary SQLite file, and a PostgreSQL database cloned from a
// migrated template. Every storage and API test runs on both.
package testdb

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"zfjd/internal/registry"
	"zfjd/internal/store"
)

// PGAdminURL is the server the tests create their databases on; override
// with ZFJD_TEST_PG.
func PGAdminURL() string {
	if u := os.Getenv("ZFJD_TEST_PG"); u != "" {
		return u
	}
	return "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
}

// Engines lists the engines every storage test runs on.
var Engines = []store.Dialect{store.SQLite, store.Postgres}

// Each runs fn once per engine as subtests named "sqlite" and "postgres".
func Each(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	for _, e := range Engines {
		t.Run(string(e), func(t *testing.T) { fn(t, Open(t, e)) })
	}
}

// Open returns a fresh migrated database of engine e, removed after the test.
func Open(t testing.TB, e store.Dialect) *store.DB {
	t.Helper()
	ctx := context.Background()
	var dsn string
	if e == store.SQLite {
		dsn = filepath.Join(t.TempDir(), "zfjd.db")
	} else {
		dsn = clonePG(t)
	}
	db, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatalf("open %s: %v", e, err)
	}
	t.Cleanup(func() { db.Close() })
	if e == store.SQLite {
		if err := Prepare(ctx, db); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

// Prepare migrates and loads the regions, as the server does at start.
func Prepare(ctx context.Context, db *store.DB) error {
	if err := db.Migrate(ctx); err != nil {
		return err
	}
	return registry.SeedRegions(ctx, db)
}

var tmpl struct {
	once sync.Once
	name string
	err  error
}

func withDB(u, name string) string {
	p, _ := url.Parse(u)
	p.Path = "/" + name
	return p.String()
}

// templateName depends on the migrations, so a schema change makes a new one.
func templateName() string {
	h := sha256.New()
	// The seeded region data is part of the template too.
	for _, f := range []string{"regions.go", "gb2260_201904.tsv"} {
		b, _ := os.ReadFile(filepath.Join(migrationsDir(), "..", "..", "registry", f))
		h.Write(b)
	}
	// The migrations this binary embeds, not the files on disk: a binary
	// built before a new migration was written would otherwise make (and
	// leave behind) a template named for a schema it does not have.
	mfs := store.MigrationFS()
	fs.WalkDir(mfs, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := fs.ReadFile(mfs, p)
			h.Write(b)
		}
		return nil
	})
	return "zfjd_tpl_" + hex.EncodeToString(h.Sum(nil))[:12]
}

func migrationsDir() string {
	wd, _ := os.Getwd()
	for d := wd; d != "/"; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return filepath.Join(d, "internal", "store", "migrations")
		}
	}
	return "."
}

// ensureTemplate builds the migrated template database once per schema;
// an advisory lock keeps parallel test binaries from racing.
func ensureTemplate(admin *sql.DB) (string, error) {
	tmpl.once.Do(func() {
		ctx := context.Background()
		tmpl.name = templateName()
		conn, err := admin.Conn(ctx)
		if err != nil {
			tmpl.err = err
			return
		}
		defer conn.Close()
		if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock(424242)`); err != nil {
			tmpl.err = err
			return
		}
		defer conn.ExecContext(ctx, `SELECT pg_advisory_unlock(424242)`)
		var n int
		conn.QueryRowContext(ctx, `SELECT COUNT(*) FROM pg_database WHERE datname = $1`, tmpl.name).Scan(&n)
		if n > 0 {
			return
		}
		building := tmpl.name + "_build"
		conn.ExecContext(ctx, `DROP DATABASE IF EXISTS `+building+` WITH (FORCE)`)
		if _, err := conn.ExecContext(ctx, `CREATE DATABASE `+building); err != nil {
			tmpl.err = err
			return
		}
		db, err := store.Open(ctx, withDB(PGAdminURL(), building))
		if err != nil {
			tmpl.err = err
			return
		}
		tmpl.err = Prepare(ctx, db)
		db.Close()
		if tmpl.err == nil {
			_, tmpl.err = conn.ExecContext(ctx, `ALTER DATABASE `+building+` RENAME TO `+tmpl.name)
		}
	})
	return tmpl.name, tmpl.err
}

func clonePG(t testing.TB) string {
	t.Helper()
	admin, err := sql.Open("pgx", PGAdminURL())
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	name, err := ensureTemplate(admin)
	if err != nil {
		t.Fatalf("PostgreSQL at %s is needed for the tests (set ZFJD_TEST_PG): %v", PGAdminURL(), err)
	}
	b := make([]byte, 6)
	rand.Read(b)
	db := "zfjd_t_" + hex.EncodeToString(b)
	for i := 0; ; i++ {
		_, err = admin.Exec(`CREATE DATABASE ` + db + ` TEMPLATE ` + name)
		if err == nil {
			break
		}
		if i > 20 || !strings.Contains(err.Error(), "being accessed") {
			t.Fatalf("create test database: %v", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Cleanup(func() {
		a, err := sql.Open("pgx", PGAdminURL())
		if err != nil {
			return
		}
		defer a.Close()
		if _, err := a.Exec(`DROP DATABASE IF EXISTS ` + db + ` WITH (FORCE)`); err != nil {
			fmt.Fprintln(os.Stderr, "testdb: drop", db, err)
		}
	})
	return withDB(PGAdminURL(), db)
}
