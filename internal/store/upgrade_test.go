package store_test

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"zfjd/internal/store"
	"zfjd/internal/testdb"
)

// release is the migration files of one commit that changed them, as they
// were then (testdata/shipped: states.txt names each file's git blob).
type release struct {
	commit, date string
	fs           fstest.MapFS
}

func shipped(t *testing.T) []release {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "shipped", "states.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []release
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		r := release{commit: fields[0], date: fields[1], fs: fstest.MapFS{}}
		for _, fb := range fields[2:] {
			name, blob, _ := strings.Cut(fb, "=")
			b, err := os.ReadFile(filepath.Join("testdata", "shipped", "blobs", blob+".sql"))
			if err != nil {
				t.Fatal(err)
			}
			r.fs[name] = &fstest.MapFile{Data: b}
		}
		out = append(out, r)
	}
	if len(out) < 10 {
		t.Fatalf("only %d releases in testdata/shipped", len(out))
	}
	return out
}

// Every schema the project shipped, built from that release's own
// migration files and filled, migrates to this one on both engines with
// every row kept, and ends with the schema a new database gets (fresh):
// same tables, columns and indexes. An in-place edit of a migration that
// had shipped shows up here as a difference.
func TestUpgradeFromEveryRelease(t *testing.T) {
	for _, e := range testdb.Engines {
		t.Run(string(e), func(t *testing.T) {
			ctx := context.Background()
			head := schemaOf(t, testdb.Open(t, e))
			for _, r := range shipped(t) {
				t.Run(r.commit, func(t *testing.T) {
					db, err := store.Open(ctx, testdb.Empty(t, e))
					if err != nil {
						t.Fatal(err)
					}
					defer db.Close()
					if err := db.MigrateFS(ctx, r.fs); err != nil {
						t.Fatalf("build the %s schema: %v", r.commit, err)
					}
					fill(t, db)
					if err := testdb.Prepare(ctx, db); err != nil {
						t.Fatalf("upgrade from %s (%s): %v", r.commit, r.date, err)
					}
					checkFilled(t, db)
					got := schemaOf(t, db)
					for k := range head {
						if !got[k] {
							t.Errorf("upgraded from %s: missing %s", r.commit, k)
						}
					}
					for k := range got {
						if !head[k] {
							t.Errorf("upgraded from %s: %s, which a new database does not have", r.commit, k)
						}
					}
				})
			}
		})
	}
}

// schemaOf is the set of "table.column" and "index name on table".
func schemaOf(t *testing.T, db *store.DB) map[string]bool {
	t.Helper()
	q := `SELECT m.name || '.' || p.name FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table'
		UNION ALL SELECT 'index ' || name || ' on ' || tbl_name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL`
	if db.Dialect == store.Postgres {
		q = `SELECT table_name || '.' || column_name FROM information_schema.columns WHERE table_schema = 'public'
			UNION ALL SELECT 'index ' || indexname || ' on ' || tablename FROM pg_indexes WHERE schemaname = 'public' AND indexname NOT LIKE '%_pkey' AND indexname NOT LIKE '%_key'`
	}
	rows, err := db.R.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(s, "goose_db_version") && !strings.HasPrefix(s, "sqlite_") {
			out[s] = true
		}
	}
	return out
}
