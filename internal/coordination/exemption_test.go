package coordination_test

import (
	"testing"

	"zfjd/internal/apperr"
	"zfjd/internal/assess"
	"zfjd/internal/cases"
	"zfjd/internal/coordination"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
)

// TestExemptionFeedsAssessment: a decision annulled on reconsideration
// costs the agency points under "annulled_unexcused" until the city's
// supervision body finds its investigator 尽职免责 (条例 Art. 32 weighing;
// 优化营商环境条例 Art. 7 ¶3); revoking the finding restores the deduction.
// Only supervision of the officer's region finds; the agency reads its own.
func TestExemptionFeedsAssessment(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		c := testworld.NewCase()
		c.SourceSystem, c.SourceID = "sc-market", "EX-1"
		two := []string{testworld.CertA, testworld.CertB}
		c.Events = []cases.Event{{Type: "filed", At: "2026-02-02", Officers: two},
			{Type: "decided", At: "2026-02-20", Outcome: "penalty", Tier: "ordinary", Penalties: []cases.Penalty{{Kind: "warning"}}},
			{Type: "annulled", At: "2026-04-01", Kind: "revoke"}}
		_, stored, err := w.Cases.Put(w.Ctx, testworld.Robot, c)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.W.Exec(`INSERT INTO assess_sets (region_code, year, indicators_json, updated_at) VALUES ('370100', 2026, $1, 0)`,
			`[{"code":"annulled","name":"决定被撤销、变更（扣除尽职免责）","group":"special","source":"annulled_unexcused","rule":"deduct","weight":10,"step_points":2}]`); err != nil {
			t.Fatal(err)
		}
		city := testworld.As("city")
		points := func() float64 {
			t.Helper()
			r, err := assess.Compute(w.Ctx, db, city, "2026", "")
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range r.Agencies {
				if s.Code == testworld.Agency {
					return s.Values["annulled"].Points
				}
			}
			t.Fatal("the agency is not ranked")
			return 0
		}
		if got := points(); got != 8 {
			t.Fatalf("before the exemption: %v points, want 8 (one annulled decision, −2)", got)
		}
		svc := coordination.NewService(db)
		in := coordination.ExemptionInput{CertNo: testworld.CertA, CaseID: stored.ID, Ground: "law_changed", Reasons: "决定作出后上位法修改，执法人员已依法履职"}
		_, err = svc.GrantExemption(w.Ctx, testworld.As("agency_admin"), in)
		wantCode(t, "an agency finding its own officer exempt", err, apperr.Invalid, "cert_no")
		_, err = svc.GrantExemption(w.Ctx, city, coordination.ExemptionInput{CertNo: testworld.CertA, CaseID: stored.ID, Ground: "x"})
		wantCode(t, "no ground, no reasons", err, apperr.Invalid, "reasons")
		e, err := svc.GrantExemption(w.Ctx, city, in)
		if err != nil || e.Year != 2026 || e.OfficerName == "" || e.Status != coordination.ExemptionGranted {
			t.Fatalf("granted: %+v %v", e, err)
		}
		if got := points(); got != 10 {
			t.Fatalf("after the exemption: %v points, want 10", got)
		}
		if list, err := svc.ListExemptions(w.Ctx, testworld.As("agency_admin"), pageOf()); err != nil || len(list) != 1 {
			t.Fatalf("the agency's own: %d %v", len(list), err)
		}
		if _, err := svc.GetExemption(w.Ctx, otherAdmin, e.ID); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("another agency reads it: %v", err)
		}
		if _, err := svc.RevokeExemption(w.Ctx, city, e.ID, "当事人提供的材料证实执法人员明知"); err != nil {
			t.Fatal(err)
		}
		if got := points(); got != 8 {
			t.Fatalf("after revoking: %v points, want 8", got)
		}
	})
}
