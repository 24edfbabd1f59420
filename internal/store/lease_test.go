package store_test

import (
	"context"
	"testing"
	"time"

	"zfjd/internal/clock"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
)

// A holder that dies mid-run keeps its job until the claim lapses; then
// another instance takes it, and the dead one's late Done changes nothing.
func TestLeaseLapsesAfterCrash(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := clock.Pinned("2025-03-03").Now()
		a, b := store.Lease{DB: db, Holder: "a"}, store.Lease{DB: db, Holder: "b"}
		claim := func(l store.Lease, at time.Time) bool {
			t.Helper()
			ok, err := l.Claim(ctx, "hourly", at, 10*time.Minute)
			if err != nil {
				t.Fatal(err)
			}
			return ok
		}
		if !claim(a, now) {
			t.Fatal("a: first claim refused")
		}
		if claim(b, now.Add(9*time.Minute)) {
			t.Fatal("b took the job while a's claim held")
		}
		if !claim(b, now.Add(10*time.Minute)) {
			t.Fatal("b could not take over a lapsed claim")
		}
		if err := a.Done(ctx, "hourly", now.Add(time.Minute), "late"); err != nil {
			t.Fatal(err)
		}
		if claim(a, now.Add(11*time.Minute)) {
			t.Fatal("a's late Done freed b's run")
		}
		if err := b.Done(ctx, "hourly", now.Add(70*time.Minute), ""); err != nil {
			t.Fatal(err)
		}
		if claim(a, now.Add(69*time.Minute)) {
			t.Fatal("claimed before the next turn")
		}
		if !claim(a, now.Add(70*time.Minute)) {
			t.Fatal("next turn refused")
		}
		ls, err := db.Leases(ctx)
		if err != nil || len(ls) != 1 || ls[0].Holder != "a" || ls[0].Runs != 3 {
			t.Fatalf("leases = %+v, %v", ls, err)
		}
	})
}
