package store_test

import (
	"context"
	"fmt"
	"testing"

	"zfjd/internal/store"
	"zfjd/internal/testdb"
)

// The statement cache (SQLite; PostgreSQL's is pgx's) gives the same
// answers as preparing each time: a query run again while its own rows
// are still open on the same connection gets a statement of its own, a
// statement reused after an error works, and more texts than the cache
// holds still run.
func TestStatementCache(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := db.W.ExecContext(ctx, `CREATE TABLE sc (id BIGINT PRIMARY KEY, v TEXT NOT NULL)`); err != nil {
			t.Fatal(err)
		}
		for i := range 5 {
			if _, err := db.W.ExecContext(ctx, `INSERT INTO sc (id, v) VALUES ($1, $2)`, i, fmt.Sprint("v", i)); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := db.W.ExecContext(ctx, `INSERT INTO sc (id, v) VALUES ($1, $2)`, 1, "dup"); !store.IsUniqueViolation(err) {
			t.Fatalf("duplicate insert: %v", err)
		}
		if _, err := db.W.ExecContext(ctx, `INSERT INTO sc (id, v) VALUES ($1, $2)`, 5, "v5"); err != nil {
			t.Fatalf("the statement after its error: %v", err)
		}
		tx, err := db.W.BeginTx(ctx, nil) // one connection: the nested query meets its own open rows
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback()
		// pgx refuses a second query while rows are open on a connection;
		// SQLite runs it, which is what the cache must survive.
		if db.Dialect == store.SQLite {
			const q = `SELECT id, v FROM sc WHERE id >= $1 ORDER BY id`
			outer, err := tx.QueryContext(ctx, q, 0)
			if err != nil {
				t.Fatal(err)
			}
			seen := 0
			for outer.Next() {
				var id int64
				var v string
				outer.Scan(&id, &v)
				inner, err := tx.QueryContext(ctx, q, id)
				if err != nil {
					t.Fatal(err)
				}
				n := 0
				for inner.Next() {
					n++
				}
				inner.Close()
				if v != fmt.Sprint("v", id) || n != 6-int(id) {
					t.Errorf("row %d %q: nested query saw %d rows, want %d", id, v, n, 6-id)
				}
				seen++
			}
			if err := outer.Close(); err != nil || seen != 6 {
				t.Fatalf("outer query saw %d rows, %v", seen, err)
			}
		}
		for i := range 300 { // more texts than the cache keeps
			var n int
			if err := tx.QueryRowContext(ctx, fmt.Sprintf(`SELECT COUNT(*) + %d FROM sc`, i)).Scan(&n); err != nil || n != 6+i {
				t.Fatalf("text %d: %d, %v", i, n, err)
			}
		}
		var v string
		if err := tx.QueryRowContext(ctx, `SELECT v FROM sc WHERE id = $1`, 3).Scan(&v); err != nil || v != "v3" {
			t.Fatalf("after eviction: %q %v", v, err)
		}
	})
}
