package complaint_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"zfjd/internal/apperr"
	"zfjd/internal/clock"
	"zfjd/internal/complaint"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
)

// TestChallengesStoreNothing: asking for challenges in a loop fills no
// table (issue 11: challenge rows were stored per request with no cap);
// a challenge whose expiry or MAC was altered, or that expired, is refused;
// a spent one leaves one row, swept after it expires.
func TestChallengesStoreNothing(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		ctx := clock.With(context.Background(), clock.Fixed(time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)))
		rows := func() int {
			var n int
			if err := db.R.QueryRow(`SELECT COUNT(*) FROM complaint_challenges`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		var ch *complaint.Challenge
		for range 200 {
			var err error
			if ch, err = complaint.NewChallenge(ctx, db); err != nil {
				t.Fatal(err)
			}
		}
		if n := rows(); n != 0 {
			t.Fatalf("200 challenges left %d rows", n)
		}
		parts := strings.Split(ch.Challenge, ".")
		later, _ := strconv.ParseInt(parts[1], 10, 64)
		forged := parts[0] + "." + strconv.FormatInt(later+3600, 10) + "." + parts[2]
		refused := func(what, c string, at context.Context) {
			t.Helper()
			err := complaint.Spend(at, db, c, complaint.Solve(c, ch.Difficulty))
			if e := apperr.As(err); err == nil || e.Fields["challenge"] == "" {
				t.Errorf("%s: %v", what, err)
			}
		}
		refused("expiry moved", forged, ctx)
		refused("not ours", strings.Repeat("a", 32)+"."+parts[1]+"."+strings.Repeat("0", 32), ctx)
		after := clock.With(context.Background(), clock.Fixed(time.Date(2026, 6, 1, 9, 10, 1, 0, time.UTC)))
		refused("expired", ch.Challenge, after)
		if err := complaint.Spend(ctx, db, ch.Challenge, complaint.Solve(ch.Challenge, ch.Difficulty)); err != nil {
			t.Fatal(err)
		}
		if n := rows(); n != 1 {
			t.Errorf("a spent challenge left %d rows", n)
		}
		refused("spent", ch.Challenge, ctx)
		// The next spend after it expired sweeps it.
		fresh, err := complaint.NewChallenge(after, db)
		if err != nil {
			t.Fatal(err)
		}
		if err := complaint.Spend(after, db, fresh.Challenge, complaint.Solve(fresh.Challenge, fresh.Difficulty)); err != nil {
			t.Fatal(err)
		}
		if n := rows(); n != 1 {
			t.Errorf("expired spent challenge not swept: %d rows", n)
		}
	})
}
