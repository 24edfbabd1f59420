package discretion_test

import (
	"strings"
	"testing"

	"zfjd/internal/apperr"
	"zfjd/internal/discretion"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
)

// A `none` tier (不予处罚, 处罚法 Art. 30, 31, 33) has no fine. Source systems
// send that as "fine_min_fen": 0, "fine_max_fen": 0 as well as by leaving
// the fields out; both are accepted and stored alike, so one replays the
// other. Any other fine on `none` is still refused.
func TestBenchmarkNoneTierZeroFine(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := setup(t, db)
		zero := func() *int64 { v := int64(0); return &v }
		zeroX := func() *float64 { v := 0.0; return &v }
		none := discretion.Tier{Tier: "none", Conditions: "初次违法且危害后果轻微并及时改正的（《行政处罚法》第三十三条第一款）",
			FineMinFen: zero(), FineMaxFen: zero()}
		if !mustPut(t, db, admin, w.m102, "370000", "2024-01-01", none, tier("ordinary", 5000, 50000)) {
			t.Fatal("0/0 none tier: not created")
		}
		b, err := discretion.Get(ctx, db, admin, w.m102)
		if err != nil {
			t.Fatal(err)
		}
		got := b.Versions[0].Tiers[0]
		if got.Tier != "none" || got.FineMinFen != nil || got.FineMaxFen != nil || got.HasFine() {
			t.Errorf("stored none tier = %+v, want no fine", got)
		}
		// The same version without the fields (and with 0 multiples) is a replay.
		audits0 := count(t, db, audits)
		absent := discretion.Tier{Tier: "none", Conditions: none.Conditions, IncomeMultipleMin: zeroX(), IncomeMultipleMax: zeroX()}
		if mustPut(t, db, admin, w.m102, "370000", "2024-01-01", absent, tier("ordinary", 5000, 50000)) {
			t.Error("absent fine after 0/0: created")
		}
		if n := count(t, db, audits); n != audits0 {
			t.Errorf("absent fine after 0/0 changed the version: audit rows %d → %d", audits0, n)
		}
		r, err := discretion.RangeFor(ctx, db.R, w.m102, "370102", "2024-06-01", "none")
		if err != nil || r == nil || r.FineMinFen != nil || r.FineMaxFen != nil {
			t.Errorf("RangeFor none = %+v, %v", r, err)
		}

		for _, c := range []struct {
			name string
			t    discretion.Tier
		}{
			{"max only", discretion.Tier{Tier: "none", FineMaxFen: fen(100)}},
			{"0 to 100", discretion.Tier{Tier: "none", FineMinFen: zero(), FineMaxFen: fen(100)}},
			{"min only", discretion.Tier{Tier: "none", FineMinFen: fen(100)}},
			{"a multiple", discretion.Tier{Tier: "none", FineMinFen: zero(), FineMaxFen: zero(), IncomeMultipleMax: new(1.0)}},
		} {
			_, err := discretion.Put(ctx, db, admin, &discretion.Input{MatterCode: w.m103, RegionCode: "370000", EffectiveFrom: "2024-01-01",
				Tiers: []discretion.Tier{c.t}})
			if e := apperr.As(err); e.Code != apperr.Invalid || !strings.Contains(e.Fields["tiers[0].fine_max_fen"], "不予处罚") {
				t.Errorf("%s: %v %v, want refused", c.name, err, e.Fields)
			}
		}
	})
}
