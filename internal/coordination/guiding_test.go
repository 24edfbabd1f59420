package coordination_test

import (
	"strings"
	"testing"

	"zfjd/internal/apperr"
	"zfjd/internal/cases"
	"zfjd/internal/coordination"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
)

// TestGuidingCaseMaskedAndPublished: a 典型案例 (条例 Art. 24) is made from a
// decided case only, by the supervision body of its region; the party's
// name and ID number written into it are masked before it is stored (as
// the portal masks a decision); an unknown rule is refused; published,
// the portal lists it under the rule it illustrates, without the case id.
func TestGuidingCaseMaskedAndPublished(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		c := testworld.NewCase()
		c.SourceSystem, c.SourceID = "sc-market", "GC-1"
		c.Party = cases.Party{Kind: "person", Name: "王小明", IDNumber: "370102199001011231", Address: "历下区解放路12号"}
		two := []string{testworld.CertA, testworld.CertB}
		c.Events = []cases.Event{{Type: "filed", At: "2026-02-02", Officers: two},
			{Type: "decided", At: "2026-02-20", Outcome: "penalty", Tier: "ordinary", Penalties: []cases.Penalty{{Kind: "warning"}}}}
		_, stored, err := w.Cases.Put(w.Ctx, testworld.Robot, c)
		if err != nil {
			t.Fatalf("%v %v", err, apperr.As(err).Fields)
		}
		rule := cases.Catalogue()[0].Code
		svc := coordination.NewService(db)
		in := coordination.GuidingInput{CaseID: stored.ID, Title: "王小明销售过期食品案", Summary: "当事人王小明（身份证号370102199001011231）在历下区解放路12号销售超过保质期的食品。",
			Points: "首次违法且危害后果轻微的，可以依法从轻处罚。", Rules: []string{"NO_SUCH_RULE"}}
		_, err = svc.MakeGuiding(w.Ctx, testworld.As("city"), in)
		wantCode(t, "an unknown rule", err, apperr.Invalid, "rules")
		in.Rules = []string{rule}
		_, err = svc.MakeGuiding(w.Ctx, testworld.As("agency_admin"), in)
		wantCode(t, "an agency making one", err, apperr.Forbidden, "")
		g, err := svc.MakeGuiding(w.Ctx, testworld.As("city"), in)
		if err != nil {
			t.Fatal(err)
		}
		text := g.Title + g.Summary + g.Points
		if strings.Contains(text, "王小明") || strings.Contains(text, "370102199001011231") || strings.Contains(text, "解放路12号") {
			t.Fatalf("not masked: %s", text)
		}
		if g.Status != coordination.GuidingDraft || g.DecidedOn != "2026-02-20" {
			t.Fatalf("draft: %+v", g)
		}
		if list, _ := svc.PublishedGuiding(w.Ctx, rule, pageOf()); len(list) != 0 {
			t.Fatal("a draft is on the portal")
		}
		if _, err := svc.SetGuidingStatus(w.Ctx, testworld.As("city"), g.ID, coordination.GuidingPublished); err != nil {
			t.Fatal(err)
		}
		list, err := svc.PublishedGuiding(w.Ctx, rule, pageOf())
		if err != nil || len(list) != 1 || list[0].PublishedOn != testworld.Today {
			t.Fatalf("published under its rule: %d %v", len(list), err)
		}
		if list, _ := svc.PublishedGuiding(w.Ctx, "OTHER_RULE", pageOf()); len(list) != 0 {
			t.Fatal("listed under another rule")
		}
		pub, err := svc.PublicGuiding(w.Ctx, g.ID)
		if err != nil || pub.CaseID != 0 {
			t.Fatalf("portal: %+v %v", pub, err)
		}
		_, err = svc.SetGuidingStatus(w.Ctx, testworld.As("city"), g.ID, coordination.GuidingPublished)
		wantCode(t, "publishing twice", err, apperr.Conflict, "")
	})
}
