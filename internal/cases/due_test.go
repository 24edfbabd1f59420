package cases

import (
	"fmt"
	"maps"
	"testing"

	"zfjd/internal/store"
	"zfjd/internal/testdb"
)

// The batched due pass stores what re-judging each case alone would: after
// it, Refresh finds nothing to change; a case not yet due is not touched;
// a second pass on the same day judges none.
func TestDailyPassBatchMatchesRefresh(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		seed(t, db)
		setClock(t, "2024-06-01")
		for i := range 7 {
			c := baseCase()
			c.SourceID = fmt.Sprint("due-", i)
			drop(c, "published", "paid", "delivered")
			if i%2 == 1 {
				drop(c, "decided") // decision overdue once time passes
			}
			if _, _, err := Put(bg, db, robot, c); err != nil {
				t.Fatal(err)
			}
		}
		// One case whose next check is far off stays as written.
		var idle int64
		if err := db.R.QueryRow(`SELECT id FROM cases WHERE source_id = 'due-0'`).Scan(&idle); err != nil {
			t.Fatal(err)
		}
		if _, err := db.W.Exec(`UPDATE cases SET next_check = '2999-01-01' WHERE id = $1`, idle); err != nil {
			t.Fatal(err)
		}
		versions := func() map[int64]int64 {
			rows, err := db.R.Query(`SELECT id, version FROM cases`)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			out := map[int64]int64{}
			for rows.Next() {
				var id, v int64
				rows.Scan(&id, &v)
				out[id] = v
			}
			return out
		}
		v0 := versions()
		setClock(t, "2024-09-01")
		n, err := DailyPass(bg, db, nil)
		if err != nil || n != 6 {
			t.Fatalf("pass judged %d, %v; want 6", n, err)
		}
		v1 := versions()
		if v1[idle] != v0[idle] {
			t.Errorf("a case not due was written")
		}
		svc := svcOf(db)
		for id := range v1 {
			if id == idle {
				continue
			}
			changed, err := svc.Refresh(tctx(), id)
			if err != nil || changed {
				t.Errorf("case %d: Refresh after the pass changed=%v err=%v", id, changed, err)
			}
		}
		if ws, _ := ListWarnings(bg, db, robot, &WarningFilter{Rule: "DECISION_OVERDUE"}); len(ws) != 3 {
			t.Errorf("%d DECISION_OVERDUE warnings, want 3", len(ws))
		}
		if n, err := DailyPass(bg, db, nil); err != nil || n != 0 {
			t.Errorf("second pass judged %d, %v", n, err)
		}
	})
}

// A replay of the same body on the same day writes nothing at all: no
// version step, no audit row, no leaf.
func TestPutReplayWritesNothing(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		seed(t, db)
		c := baseCase()
		if _, _, err := Put(bg, db, robot, c); err != nil {
			t.Fatal(err)
		}
		snap := func() [4]int {
			return [4]int{count(t, db, `SELECT version FROM cases`), count(t, db, `SELECT COUNT(*) FROM audit_log`),
				count(t, db, `SELECT COUNT(*) FROM log_leaves`), count(t, db, `SELECT COUNT(*) FROM findings`)}
		}
		before := snap()
		created, out, err := Put(bg, db, robot, baseCase())
		if err != nil || created {
			t.Fatalf("replay: created=%v err=%v", created, err)
		}
		if after := snap(); after != before {
			t.Errorf("replay wrote: version/audit/leaves/findings %v → %v", before, after)
		}
		got, err := GetBySource(bg, db, robot, c.SourceSystem, c.SourceID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != out.Status || !maps.Equal(got.Deadlines, out.Deadlines) || len(got.Warnings) != len(out.Warnings) ||
			got.AgencyName != out.AgencyName || got.MatterName != out.MatterName {
			t.Errorf("the replay's answer differs from a read: %+v vs %+v", out, got)
		}
	})
}
