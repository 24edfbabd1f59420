package complaint_test

import (
	"context"
	"testing"

	"zfjd/internal/apperr"
	"zfjd/internal/complaint"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
)

// Spend, the proof of work for the other public forms: a missing or wrong
// nonce and an unknown challenge are refused, a solved one is taken once.
func TestSpend(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		ctx := context.Background()
		ch, err := complaint.NewChallenge(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		nonce := complaint.Solve(ch.Challenge, ch.Difficulty)
		for _, c := range []struct{ name, challenge, nonce, field string }{
			{"no proof", "", "", "nonce"},
			{"wrong nonce", ch.Challenge, nonce + "x", "nonce"},
			{"unknown challenge", "00" + ch.Challenge[2:], complaint.Solve("00"+ch.Challenge[2:], ch.Difficulty), "challenge"},
		} {
			err := complaint.Spend(ctx, db, c.challenge, c.nonce)
			if e := apperr.As(err); err == nil || e.Code != apperr.Invalid || e.Fields[c.field] == "" {
				t.Errorf("%s: %v", c.name, err)
			}
		}
		if err := complaint.Spend(ctx, db, ch.Challenge, nonce); err != nil {
			t.Fatalf("solved: %v", err)
		}
		err = complaint.Spend(ctx, db, ch.Challenge, nonce)
		if e := apperr.As(err); err == nil || e.Code != apperr.Invalid || e.Fields["challenge"] == "" {
			t.Errorf("spent twice: %v", err)
		}
	})
}
