package warning_test

import (
	"testing"

	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/warning"
)

// The hourly pass raises a 红牌 proposal without anyone opening a card page,
// also for an officer who got there by escalations (no new finding).
func TestRaiseCardProposalsHourly(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		ctx := w.Ctx
		c := w.Register(t, testworld.Today) // officers A and B
		dashClean(t, db)
		var ids []int64
		for i := range 6 {
			ids = append(ids, dashAddFinding(t, db, dashFinding{caseID: c.ID, region: testworld.Region,
				agency: testworld.Agency, sev: "yellow", day: "2026-0" + string(rune('1'+i)) + "-10"}))
		}
		pending := func() int {
			t.Helper()
			var n int
			if err := db.R.QueryRow(`SELECT COUNT(*) FROM card_proposals WHERE status = 'pending' AND year = 2026`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		if _, err := warning.RaiseCardProposals(ctx, db); err != nil {
			t.Fatal(err)
		}
		if n := pending(); n != 0 {
			t.Fatalf("six yellow warnings raised %d proposals, want 0", n)
		}
		// The escalation pass turns them red in place, as warning.Escalate does.
		for _, id := range ids {
			if _, err := db.W.Exec(`UPDATE findings SET severity = 'red', escalated = 1 WHERE id = $1`, id); err != nil {
				t.Fatal(err)
			}
		}
		n, err := warning.RaiseCardProposals(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		if n != 2 || pending() != 2 {
			t.Fatalf("after the escalations: %d red holders, %d pending proposals, want 2 and 2 (officers A and B)", n, pending())
		}
		// Idempotent: a second pass adds nothing.
		if _, err := warning.RaiseCardProposals(ctx, db); err != nil || pending() != 2 {
			t.Fatalf("second pass: %v, %d pending", err, pending())
		}
	})
}
