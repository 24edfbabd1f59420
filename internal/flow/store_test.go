package flow_test

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"sync"
	"testing"

	"zfjd/internal/flow"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
)

var bg = context.Background()

// subjects is a stand-in table with the columns the kernel relies on.
func subjects(t *testing.T, db *store.DB) {
	t.Helper()
	if _, err := db.W.ExecContext(bg, `CREATE TABLE flow_subjects (id BIGINT PRIMARY KEY, version BIGINT NOT NULL DEFAULT 0,
		next_check TEXT NOT NULL DEFAULT '', n BIGINT NOT NULL DEFAULT 0)`); err != nil {
		t.Fatal(err)
	}
}

// TestConcurrentSavesLoseNothing: eight writers add one each to the same
// row through read → Swap → write; with Retry every addition survives.
func TestConcurrentSavesLoseNothing(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		subjects(t, db)
		db.W.ExecContext(bg, `INSERT INTO flow_subjects (id) VALUES (1)`)
		var wg sync.WaitGroup
		errs := make(chan error, 8)
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs <- flow.Retry(bg, db, func(tx *sql.Tx) error {
					var n, v int64
					if err := tx.QueryRowContext(bg, `SELECT n, version FROM flow_subjects WHERE id = 1`).Scan(&n, &v); err != nil {
						return err
					}
					if err := flow.Swap(bg, tx, "flow_subjects", 1, v); err != nil {
						return err
					}
					_, err := tx.ExecContext(bg, `UPDATE flow_subjects SET n = $1 WHERE id = 1`, n+1)
					return err
				})
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		var n, v int64
		db.R.QueryRowContext(bg, `SELECT n, version FROM flow_subjects WHERE id = 1`).Scan(&n, &v)
		if n != 8 || v != 8 {
			t.Fatalf("n = %d, version = %d; want 8 and 8", n, v)
		}
	})
}

func TestSwapStale(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		subjects(t, db)
		db.W.ExecContext(bg, `INSERT INTO flow_subjects (id, version) VALUES (1, 3)`)
		err := db.Tx(bg, func(tx *sql.Tx) error { return flow.Swap(bg, tx, "flow_subjects", 1, 2) })
		if !errors.Is(err, flow.ErrStale) {
			t.Fatalf("Swap on an old version = %v, want ErrStale", err)
		}
	})
}

func TestCounter(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		var mu sync.Mutex
		var got []int64
		var wg sync.WaitGroup
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				err := flow.Retry(bg, db, func(tx *sql.Tx) error {
					n, err := flow.Next(bg, tx, "test/a", 2026)
					if err == nil {
						mu.Lock()
						got = append(got, n)
						mu.Unlock()
					}
					return err
				})
				if err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		slices.Sort(got)
		if !slices.Equal(got, []int64{1, 2, 3, 4, 5, 6, 7, 8}) {
			t.Fatalf("numbers = %v, want 1..8 once each", got)
		}
		// Another scope and another year count on their own.
		db.Tx(bg, func(tx *sql.Tx) error {
			if n, _ := flow.Next(bg, tx, "test/b", 2026); n != 1 {
				t.Errorf("other scope = %d", n)
			}
			if n, _ := flow.Next(bg, tx, "test/a", 2027); n != 1 {
				t.Errorf("other year = %d", n)
			}
			return nil
		})
		if n, _ := flow.Last(bg, db.R, "test/a", 2026); n != 8 {
			t.Fatalf("Last = %d", n)
		}
	})
}

// TestPassTakesOnlyDue: the due pass judges the subjects whose next check
// has come, no others.
func TestPassTakesOnlyDue(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		subjects(t, db)
		for id, next := range map[int]string{1: "2026-06-14", 2: "2026-06-15", 3: "2026-06-16", 4: ""} {
			db.W.ExecContext(bg, `INSERT INTO flow_subjects (id, next_check) VALUES ($1, $2)`, id, next)
		}
		var judged []int64
		n, err := flow.Pass(bg, db, "2026-06-15", flow.Due{Kind: "toy", Table: "flow_subjects",
			Rejudge: func(ctx context.Context, id int64) error { judged = append(judged, id); return nil }})
		if err != nil || n != 2 || !slices.Equal(judged, []int64{1, 2}) {
			t.Fatalf("Pass = %d, %v, judged %v; want 2 subjects 1 and 2", n, err, judged)
		}
	})
}

func TestSyncFindings(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		s := flow.Subject{Kind: "toy", ID: 7, Region: "370102", Agency: "A"}
		sync := func(fs ...flow.Finding) {
			t.Helper()
			if err := db.Tx(bg, func(tx *sql.Tx) error { return flow.SyncFindings(bg, tx, s, fs, 1) }); err != nil {
				t.Fatal(err)
			}
		}
		open := func() []flow.Finding {
			fs, err := flow.OpenFindings(bg, db.R, "toy", 7)
			if err != nil {
				t.Fatal(err)
			}
			return fs
		}
		late := flow.Finding{Rule: "LATE", Severity: "yellow", Message: "晚了", Basis: "第一条"}
		sync(late)
		sync(late) // a replay opens nothing new
		if fs := open(); len(fs) != 1 {
			t.Fatalf("open = %v", fs)
		}
		late.Severity = "red"
		sync(late)
		if fs := open(); len(fs) != 1 || fs[0].Severity != "red" {
			t.Fatalf("after change = %v", fs)
		}
		sync() // the cause went away: resolved, history kept
		var total int
		db.R.QueryRowContext(bg, `SELECT COUNT(*) FROM findings WHERE subject_kind = 'toy' AND status = 'resolved'`).Scan(&total)
		if fs := open(); len(fs) != 0 || total != 1 {
			t.Fatalf("after cure: open %v, resolved %d", fs, total)
		}
	})
}
