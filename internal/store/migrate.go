package store

import (
	"context"
	"embed"
	"io/fs"
	"strings"
	"testing/fstest"
)

//go:embed migrations/*.sql
var migrations embed.FS

// pgReplacer turns the SQLite-first schema into PostgreSQL. Tokens carry
// their leading space so that e.g. CURRENT_TIMESTAMP is never touched.
var pgReplacer = strings.NewReplacer(
	" INTEGER PRIMARY KEY AUTOINCREMENT", " BIGSERIAL PRIMARY KEY",
	" BLOB", " BYTEA",
)

// MigrationFS is the embedded migrations as written (SQLite-first); the
// test harness names its PostgreSQL template after them.
func MigrationFS() fs.FS {
	sub, _ := fs.Sub(migrations, "migrations")
	return sub
}

func migrationFS(d Dialect) (fs.FS, error) {
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return nil, err
	}
	if d != Postgres {
		return sub, nil
	}
	out := fstest.MapFS{}
	err = fs.WalkDir(sub, ".", func(path string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		b, err := fs.ReadFile(sub, path)
		if err != nil {
			return err
		}
		out[path] = &fstest.MapFile{Data: []byte(pgReplacer.Replace(string(b)))}
		return nil
	})
	return out, err
}

// Migrate applies every embedded migration not yet applied.
func (db *DB) Migrate(ctx context.Context) error {
	fsys, err := migrationFS(db.Dialect)
	if err != nil {
		return err
	}
	p, err := db.provider(fsys, true) // upgrade.go: out of order allowed, with the repairs
	if err != nil {
		return err
	}
	_, err = p.Up(ctx)
	return err
}
