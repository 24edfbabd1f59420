package stats

import (
	"slices"
	"testing"

	"zfjd/internal/cases"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
)

// The coarse rollup answers exactly what the fine one does for every
// grouping it serves, over decisions, a combined penalty, an annulment
// and a case not yet decided, on both engines.
func TestWideEqualsFine(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		two := []string{testworld.CertA, testworld.CertB}
		for i, ev := range [][]cases.Event{
			{{Type: "filed", At: "2026-02-02", Officers: two}, {Type: "decided", At: "2026-03-02", Outcome: "penalty", Tier: "ordinary",
				Penalties: []cases.Penalty{{Kind: "fine", AmountFen: 100000}, {Kind: "confiscate_income", AmountFen: 500}}}},
			{{Type: "filed", At: "2025-09-02", Officers: two}, {Type: "decided", At: "2025-10-09", Outcome: "no_penalty", Tier: "none"}},
			{{Type: "filed", At: "2026-04-02", Officers: two}},
			{{Type: "filed", At: "2026-01-05", Officers: two}, {Type: "decided", At: "2026-01-20", Outcome: "penalty", Tier: "ordinary",
				Penalties: []cases.Penalty{{Kind: "fine", AmountFen: 7000}}}, {Type: "annulled", At: "2026-03-01", Kind: "revoke"}},
		} {
			c := testworld.NewCase()
			c.SourceSystem, c.SourceID, c.Events = "sc-market", "W-"+string(rune('a'+i)), ev
			if _, _, err := w.Cases.Put(w.Ctx, testworld.Robot, c); err != nil {
				t.Fatal(err)
			}
		}
		p := testworld.As("city")
		for _, by := range []string{"region", "agency", "domain", "month"} {
			f := &Filter{GroupBy: by}
			if err := Check(w.Ctx, p, f); err != nil {
				t.Fatal(err)
			}
			prev, _ := Previous(f)
			wide, err := groups(w.Ctx, db, p, f, prev)
			if err != nil {
				t.Fatal(err)
			}
			f.Matter = testworld.Matter // forces the fine rollup, selecting the same cases
			fine, err := groups(w.Ctx, db, p, f, prev)
			if err != nil {
				t.Fatal(err)
			}
			if len(wide) == 0 || !slices.Equal(wide, fine) {
				t.Errorf("%s: wide %+v\nfine %+v", by, wide, fine)
			}
		}
	})
}
