package demo

import (
	"context"
	"testing"

	"zfjd/internal/cases"
	"zfjd/internal/docs"
	"zfjd/internal/store"
)

// checkDemoCases: the demo cases show clean cases, every warning the
// stories are about, and public decisions including a withdrawn one.
func checkDemoCases(t *testing.T, db *store.DB, sum *Summary) {
	t.Helper()
	ctx := context.Background()
	f := &cases.Filter{}
	f.Size = 200
	list, err := cases.List(ctx, db, admin, f)
	if err != nil {
		t.Fatal(err)
	}
	rules := map[string]int{}
	clean, zfjd := 0, 0
	for _, c := range list {
		var rs []string
		for _, w := range c.Warnings {
			rules[w.Rule]++
			rs = append(rs, w.Rule)
		}
		if len(c.Warnings) == 0 {
			clean++
		}
		if c.SourceSystem == cases.SourceZFJD {
			zfjd++
		}
		t.Logf("%s %-28s %-12s %-16s %v (%s)", c.SourceSystem, c.Title, c.Status, c.AgencyName, rs, c.MatterName)
	}
	for _, r := range []string{"DECISION_OVERDUE", "DELIVERY_OVERDUE", "PAYMENT_OVERDUE", "PUBLICITY_OVERDUE", "LEGAL_REVIEW_MISSING",
		"OFFICERS_INSUFFICIENT", "SEIZURE_OVERDUE", "CERTIFICATE_INVALID"} {
		if rules[r] == 0 {
			t.Errorf("no demo case fires %s", r)
		}
	}
	if clean < 10 || zfjd != 3 {
		t.Errorf("%d clean cases (want ≥ 10), %d handled in zfjd (want 3); rules %v", clean, zfjd, rules)
	}
	pf := &docs.PublicFilter{}
	pub, err := docs.ListPublic(ctx, db, pf)
	if err != nil {
		t.Fatal(err)
	}
	if pf.Total != sum.Published || pf.Total < 8 {
		t.Errorf("%d public decisions, summary says %d", pf.Total, sum.Published)
	}
	nos := map[string]bool{}
	for _, d := range pub {
		if d.DocNo == "" || nos[d.DocNo] {
			t.Errorf("public decision %d: number %q missing or given twice", d.ID, d.DocNo)
		}
		nos[d.DocNo] = true
	}
	var withdrawn int64
	if err := db.R.QueryRow(`SELECT id FROM cases WHERE withdrawn_on <> ''`).Scan(&withdrawn); err != nil {
		t.Fatalf("no withdrawn decision: %v", err)
	}
	if d, err := docs.GetPublic(ctx, db, withdrawn); err != nil || !d.Withdrawn || d.WithdrawReason == "" {
		t.Errorf("withdrawn decision: %+v %v", d, err)
	}
}
