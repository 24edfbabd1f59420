package flow_test

import (
	"context"
	"database/sql"
	"errors"
	"sync"
	"testing"

	"zfjd/internal/flow"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
)

// TestCommitGroupsKeepEachWriteApart: 40 concurrent writers go through
// Commit; every fifth fails in its last step after writing its row. Each
// caller gets its own answer, the failed rows are not there, every other
// row is, and the Last steps ran after the Main steps of their group.
func TestCommitGroupsKeepEachWriteApart(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		subjects(t, db)
		boom := errors.New("boom")
		var wg sync.WaitGroup
		errs := make([]error, 40)
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				id := int64(i + 1)
				errs[i] = flow.Commit(bg, db, flow.Write{
					Main: func(ctx context.Context, tx *sql.Tx) error {
						_, err := tx.ExecContext(ctx, `INSERT INTO flow_subjects (id) VALUES ($1)`, id)
						return err
					},
					Last: func(ctx context.Context, tx *sql.Tx) error {
						if id%5 == 0 {
							return boom
						}
						_, err := tx.ExecContext(ctx, `UPDATE flow_subjects SET n = 1 WHERE id = $1`, id)
						return err
					},
				})
			}()
		}
		wg.Wait()
		for i, err := range errs {
			id := int64(i + 1)
			var n int64
			rowErr := db.R.QueryRowContext(bg, `SELECT n FROM flow_subjects WHERE id = $1`, id).Scan(&n)
			if id%5 == 0 {
				if !errors.Is(err, boom) || !errors.Is(rowErr, sql.ErrNoRows) {
					t.Errorf("write %d: err %v, row %v; want boom and no row", id, err, rowErr)
				}
				continue
			}
			if err != nil || rowErr != nil || n != 1 {
				t.Errorf("write %d: err %v, row %v n=%d; want written", id, err, rowErr, n)
			}
		}
	})
}

// CommitAll reports each write's own error and keeps the others.
func TestCommitAllRetriesOneByOne(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		subjects(t, db)
		ins := func(id int64) flow.Write {
			return flow.Write{Main: func(ctx context.Context, tx *sql.Tx) error {
				_, err := tx.ExecContext(ctx, `INSERT INTO flow_subjects (id) VALUES ($1)`, id)
				return err
			}}
		}
		errs := flow.CommitAll(bg, db, []flow.Write{ins(1), ins(2), ins(1), ins(3)})
		if errs[0] != nil || errs[1] != nil || !store.IsUniqueViolation(errs[2]) || errs[3] != nil {
			t.Fatalf("errors %v", errs)
		}
		var n int
		db.R.QueryRowContext(bg, `SELECT COUNT(*) FROM flow_subjects`).Scan(&n)
		if n != 3 {
			t.Errorf("%d rows, want 3", n)
		}
	})
}
