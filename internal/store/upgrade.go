package store

import (
	"context"
	"io/fs"
	"strings"
	"testing/fstest"

	"github.com/pressly/goose/v3"
)

// Migrations are forward-only in production: the Down sections exist for
// development, and an upgrade is taking a backup (zfjd backup), stopping
// the instances, running the new binary's `zfjd migrate` (or its first
// start), and starting them again. A failed upgrade goes back by restoring
// the backup with the old binary, never by migrating down.

// Migration is one embedded migration and whether this database has it.
type Migration struct {
	Version int64
	File    string
	Applied bool
}

// MigrationStatus lists the embedded migrations, applied or pending, by
// version (zfjd migrate --dry-run).
func (db *DB) MigrationStatus(ctx context.Context) ([]Migration, error) {
	fsys, err := migrationFS(db.Dialect)
	if err != nil {
		return nil, err
	}
	p, err := db.provider(fsys, true)
	if err != nil {
		return nil, err
	}
	st, err := p.Status(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]Migration, len(st))
	for i, s := range st {
		out[i] = Migration{Version: s.Source.Version, File: s.Source.Path, Applied: s.State == goose.StateApplied}
	}
	return out, nil
}

// MigrateFS applies the migrations of fsys (SQLite-first SQL, as the
// embedded ones are written): the upgrade tests build each schema the
// project shipped from the migration files of that release.
func (db *DB) MigrateFS(ctx context.Context, fsys fs.FS) error {
	if db.Dialect == Postgres {
		out := fstest.MapFS{}
		err := fs.WalkDir(fsys, ".", func(path string, e fs.DirEntry, err error) error {
			if err != nil || e.IsDir() || !strings.HasSuffix(path, ".sql") {
				return err
			}
			b, err := fs.ReadFile(fsys, path)
			out[path] = &fstest.MapFile{Data: []byte(pgReplacer.Replace(string(b)))}
			return err
		})
		if err != nil {
			return err
		}
		fsys = out
	}
	p, err := db.provider(fsys, false)
	if err != nil {
		return err
	}
	_, err = p.Up(ctx)
	return err
}

// provider is goose on fsys, with the Go migrations of repair.go when
// repairs is set (not when building an old release's schema). Migrations
// are numbered by several engineers at once, so one may land after a
// higher number shipped: it is applied then (out of order) instead of
// refusing to start, as every release before this one would have.
func (db *DB) provider(fsys fs.FS, repairs bool) (*goose.Provider, error) {
	gd := goose.DialectSQLite3
	if db.Dialect == Postgres {
		gd = goose.DialectPostgres
	}
	opts := []goose.ProviderOption{goose.WithAllowOutofOrder(true)}
	if repairs {
		opts = append(opts, goose.WithGoMigrations(db.repairs()...))
	}
	return goose.NewProvider(gd, db.W, fsys, opts...)
}

// HeadVersion is the highest migration this binary carries.
func HeadVersion() int64 {
	var v int64
	for _, m := range (&DB{}).repairs() {
		v = max(v, m.Version)
	}
	es, _ := fs.ReadDir(migrations, "migrations")
	for _, e := range es {
		if n, err := goose.NumericComponent(e.Name()); err == nil {
			v = max(v, n)
		}
	}
	return v
}
