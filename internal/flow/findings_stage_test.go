package flow_test

import (
	"database/sql"
	"testing"

	"zfjd/internal/flow"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
)

// TestSyncFindingsStages checks the handling stages the kernel keeps
// (spec/supervision-v1.md §1): issued with a system step when raised, cured
// with a system step when the cause goes away, issued again when it comes
// back, and a closed one left closed.
func TestSyncFindingsStages(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		s := flow.Subject{Kind: "toy", ID: 9, Region: "370102", Agency: "A"}
		now := int64(100)
		sync := func(fs ...flow.Finding) {
			t.Helper()
			now++
			if err := db.Tx(bg, func(tx *sql.Tx) error { return flow.SyncFindings(bg, tx, s, fs, now) }); err != nil {
				t.Fatal(err)
			}
		}
		state := func(rule string) (stage, status string, steps []string) {
			t.Helper()
			var id int64
			if err := db.R.QueryRowContext(bg, `SELECT id, stage, status FROM findings WHERE subject_kind = 'toy' AND rule = $1`, rule).
				Scan(&id, &stage, &status); err != nil {
				t.Fatal(err)
			}
			rows, err := db.R.QueryContext(bg, `SELECT action, actor FROM finding_history WHERE finding_id = $1 ORDER BY id`, id)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			for rows.Next() {
				var a, who string
				rows.Scan(&a, &who)
				if who != "system" {
					t.Errorf("%s by %q, want system", a, who)
				}
				steps = append(steps, a)
			}
			return stage, status, steps
		}
		a := flow.Finding{Rule: "A", Severity: "yellow", Message: "甲", Basis: "第一条"}
		b := flow.Finding{Rule: "B", Severity: "yellow", Message: "乙", Basis: "第二条"}
		sync(a, b)
		sync(a, b)
		if st, status, steps := state("A"); st != "issued" || status != "open" || len(steps) != 1 {
			t.Fatalf("raised: %s %s %v", st, status, steps)
		}
		// B is closed by supervision (what the warning service does).
		if _, err := db.W.ExecContext(bg, `UPDATE findings SET stage = 'closed', status = 'resolved' WHERE rule = 'B'`); err != nil {
			t.Fatal(err)
		}
		sync(b) // A's cause went away; B still holds
		if st, status, steps := state("A"); st != "cured" || status != "resolved" || len(steps) != 2 || steps[1] != "cured" {
			t.Fatalf("cured: %s %s %v", st, status, steps)
		}
		if st, status, _ := state("B"); st != "closed" || status != "resolved" {
			t.Fatalf("closed one reopened: %s %s", st, status)
		}
		sync(a, b) // A comes back
		if st, status, steps := state("A"); st != "issued" || status != "open" || len(steps) != 3 || steps[2] != "issued" {
			t.Fatalf("reissued: %s %s %v", st, status, steps)
		}
		sync(a)
		if st, _, steps := state("B"); st != "closed" || len(steps) != 1 {
			t.Fatalf("closed one after its cause went away: %s %v", st, steps)
		}
	})
}
