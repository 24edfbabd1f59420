package officercard_test

import (
	"bytes"
	"context"
	"database/sql"
	"testing"

	"github.com/xuri/excelize/v2"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/calendar"
	"zfjd/internal/clock"
	"zfjd/internal/complaint"
	"zfjd/internal/officercard"
	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/supervision"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
)

const testKeys = "k1:000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"

// answered files a complaint of category about cert and answers it with verdict.
func answered(t *testing.T, ctx context.Context, db *store.DB, category, cert, verdict string) *complaint.Complaint {
	t.Helper()
	k, err := complaint.ParseKeys(testKeys)
	if err != nil {
		t.Fatal(err)
	}
	s := complaint.NewService(db, calendar.RulesCalendar, k)
	ch, err := complaint.NewChallenge(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	yes := true
	r, err := s.File(ctx, nil, &complaint.Filing{Challenge: ch.Challenge, Nonce: complaint.Solve(ch.Challenge, ch.Difficulty),
		Category: category, RegionCode: testworld.Region, Description: "执法人员检查时未出示执法证件。", OfficerCertNo: cert,
		Place: "历下区某某路12号", HappenedOn: "2026-06-12", Anonymous: &yes}, "203.0.113.9", nil)
	if err != nil {
		t.Fatalf("file: %v", err)
	}
	sup := testworld.As("supervisor")
	if _, err := s.Act(ctx, sup, r.ID, complaint.Action{Action: "accept"}); err != nil {
		t.Fatal(err)
	}
	c, err := s.Act(ctx, sup, r.ID, complaint.Action{Action: "answer", Note: "经调查核实，执法人员未主动出示执法证件。", Verdict: verdict})
	if err != nil {
		t.Fatalf("answer: %v", err)
	}
	return c
}

func cardsOf(t *testing.T, ctx context.Context, db *store.DB, p *auth.Principal, cert string) []*officercard.Card {
	t.Helper()
	cs, err := officercard.Of(ctx, db.R, p, cert)
	if err != nil {
		t.Fatal(err)
	}
	return cs
}

// TestComplaintFoundTrue: a 不亮证 complaint answered 属实 issues the
// officer's yellow card in the answer's transaction (行政处罚法 Art. 55);
// one answered 不属实, or 属实 of a category no rule cards, issues none; a
// second yellow within 12 months is red (the Jinan 红黄牌 practice) and
// raises a finding for the officer's agency; the verdict is recorded.
func TestComplaintFoundTrue(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		sup := testworld.As("supervisor")
		answered(t, w.Ctx, db, "no_certificate", testworld.CertA, complaint.VerdictUnfounded)
		answered(t, w.Ctx, db, "rude", testworld.CertA, complaint.VerdictTrue)
		if cs := cardsOf(t, w.Ctx, db, sup, testworld.CertA); len(cs) != 0 {
			t.Fatalf("cards without a cause: %+v", cs)
		}
		c := answered(t, w.Ctx, db, "no_certificate", testworld.CertA, complaint.VerdictTrue)
		v, err := complaint.VerdictOf(w.Ctx, db.R, c.ID)
		if err != nil || v == nil || v.Verdict != complaint.VerdictTrue || v.CertNo != testworld.CertA || v.DecidedOn != testworld.Today {
			t.Fatalf("verdict %+v %v", v, err)
		}
		cs := cardsOf(t, w.Ctx, db, sup, testworld.CertA)
		if len(cs) != 1 || cs[0].Colour != officercard.Yellow || cs[0].Points != 2 || cs[0].Rule != officercard.RuleNoCertificate ||
			cs[0].IssuedOn != testworld.Today || cs[0].IssuedBy != "supervisor" || cs[0].AgencyCode != testworld.Agency ||
			cs[0].SourceURL() == "" {
			t.Fatalf("the yellow card: %+v", cs)
		}
		// Later, the same kind of complaint found partly true: red, with a finding for the agency.
		later := clock.With(context.Background(), clock.Pinned("2026-09-01"))
		answered(t, later, db, "no_certificate", testworld.CertA, complaint.VerdictPartly)
		cs = cardsOf(t, w.Ctx, db, sup, testworld.CertA)
		if len(cs) != 2 || cs[0].Colour != officercard.Red || cs[0].IssuedOn != "2026-09-01" {
			t.Fatalf("the second card: %+v", cs)
		}
		var n int
		if err := db.R.QueryRowContext(w.Ctx, `SELECT COUNT(*) FROM findings WHERE subject_kind = 'officer_card' AND subject_id = $1
			AND rule = $2 AND agency_code = $3 AND status = 'open' AND severity = 'red'`, cs[0].ID, officercard.RedFindingRule,
			testworld.Agency).Scan(&n); err != nil || n != 1 {
			t.Fatalf("the red card's finding: %d %v", n, err)
		}
		// A bad verdict is refused naming the field, and nothing is written.
		k, _ := complaint.ParseKeys(testKeys)
		s := complaint.NewService(db, calendar.RulesCalendar, k)
		_, err = s.Act(w.Ctx, sup, c.ID, complaint.Action{Action: "revisit", Note: "电话回访", Verdict: complaint.VerdictTrue})
		if !apperr.Is(err, apperr.Invalid) || apperr.As(err).Fields["verdict"] == "" {
			t.Fatalf("a verdict on a revisit: %v", err)
		}
	})
}

// TestProposalCards: proposals on an officer (行政执法监督条例 Art. 32)
// issue 批评教育 yellow and 离岗教育 red, once per act.
func TestProposalCards(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		svc := supervision.NewService(db)
		sup := testworld.As("supervisor")
		c, err := svc.Open(w.Ctx, sup, supervision.Opening{RegionCode: testworld.Region, AgencyCode: testworld.Agency,
			Source: "complaint", SourceRef: "TS-1", Summary: "群众反映执法人员不出示证件"})
		if err != nil {
			t.Fatal(err)
		}
		for _, in := range []supervision.ActInput{{Action: "file", At: testworld.Today},
			{Action: "officer_proposal", At: testworld.Today, Note: "检查时未出示证件", CertNo: testworld.CertB, Measure: "criticism"},
			{Action: "officer_proposal", At: testworld.Today, Note: "拒不改正", CertNo: testworld.CertC, Measure: "leave_training"}} {
			if _, err := svc.Act(w.Ctx, sup, c.ID, in); err != nil {
				t.Fatalf("%s: %v", in.Action, err)
			}
		}
		b := cardsOf(t, w.Ctx, db, sup, testworld.CertB)
		cc := cardsOf(t, w.Ctx, db, sup, testworld.CertC)
		if len(b) != 1 || b[0].Colour != officercard.Yellow || b[0].Rule != officercard.RuleCriticism || b[0].SourceURL() == "" {
			t.Fatalf("批评教育: %+v", b)
		}
		if len(cc) != 1 || cc[0].Colour != officercard.Red || cc[0].Points != 6 || cc[0].Rule != officercard.RuleLeave {
			t.Fatalf("离岗教育: %+v", cc)
		}
		// Write-once: issuing the same cause again writes nothing.
		err = db.Tx(w.Ctx, func(tx *sql.Tx) error {
			got, err := officercard.IssueTx(w.Ctx, tx, sup, officercard.Issue{CertNo: testworld.CertC,
				Cause:      officercard.Cause{Kind: officercard.SourceProposal, Measure: "leave_training"},
				SourceKind: cc[0].SourceKind, SourceID: cc[0].SourceID})
			if got != nil {
				t.Errorf("a replay issued %+v", got)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if n := len(cardsOf(t, w.Ctx, db, sup, testworld.CertC)); n != 1 {
			t.Fatalf("after a replay: %d cards", n)
		}
	})
}

// TestScopeListLift: who sees which cards (supervision its region down,
// the agency its officers, the officer his own), the list's filters and
// export, and lifting by supervision of the officer's region only.
func TestScopeListLift(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		answered(t, w.Ctx, db, "no_certificate", testworld.CertA, complaint.VerdictTrue)
		answered(t, w.Ctx, db, "no_certificate", testworld.CertB, complaint.VerdictTrue)
		count := func(p *auth.Principal, f officercard.Filter) int {
			t.Helper()
			list, err := officercard.List(w.Ctx, db.R, p, &f)
			if err != nil {
				t.Fatalf("%s: %v", p.Username, err)
			}
			return len(list)
		}
		for _, r := range []struct {
			who  string
			want int
		}{{"supervisor", 2}, {"city", 2}, {"agency_admin", 2}, {"head", 2}, {"officer", 1}, {"officer2", 1}, {"other_officer", 0}} {
			if got := count(testworld.As(r.who), officercard.Filter{}); got != r.want {
				t.Errorf("%s sees %d cards, want %d", r.who, got, r.want)
			}
		}
		if _, err := officercard.List(w.Ctx, db.R, testworld.As("social"), &officercard.Filter{}); !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("a social supervisor lists cards: %v", err)
		}
		sup := testworld.As("supervisor")
		if n := count(sup, officercard.Filter{Colour: officercard.Red}); n != 0 {
			t.Errorf("red filter: %d", n)
		}
		if n := count(sup, officercard.Filter{Year: 2025}); n != 0 {
			t.Errorf("year filter: %d", n)
		}
		if n := count(sup, officercard.Filter{Region: "370103"}); n != 0 {
			t.Errorf("region filter: %d", n)
		}
		if n := count(sup, officercard.Filter{Agency: testworld.Agency, Year: 2026, Page: registry.Page{Page: 2, Size: 1}}); n != 1 {
			t.Errorf("page 2 of 1: %d", n)
		}
		if _, err := officercard.List(w.Ctx, db.R, sup, &officercard.Filter{Colour: "blue"}); apperr.As(err).Fields["colour"] == "" {
			t.Errorf("a bad colour: %v", err)
		}
		var buf bytes.Buffer
		if err := officercard.Export(w.Ctx, db.R, sup, &officercard.Filter{}, &buf); err != nil {
			t.Fatal(err)
		}
		x, err := excelize.OpenReader(&buf)
		if err != nil {
			t.Fatal(err)
		}
		rows, _ := x.GetRows("红黄牌")
		if len(rows) != 3 || rows[1][4] != "黄牌" {
			t.Fatalf("export rows %v", rows)
		}
		card := cardsOf(t, w.Ctx, db, sup, testworld.CertA)[0]
		for _, who := range []string{"agency_admin", "officer"} {
			if _, err := officercard.Lift(w.Ctx, db, testworld.As(who), card.ID, "申诉成立"); !apperr.Is(err, apperr.Forbidden) {
				t.Errorf("%s lifts: %v", who, err)
			}
		}
		if _, err := officercard.Lift(w.Ctx, db, testworld.As("other_officer"), card.ID, "申诉成立"); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("another agency's officer lifts: %v", err)
		}
		if _, err := officercard.Lift(w.Ctx, db, sup, card.ID, ""); apperr.As(err).Fields["reason"] == "" {
			t.Errorf("no reason: %v", err)
		}
		got, err := officercard.Lift(w.Ctx, db, sup, card.ID, "经复核，当事人认可执法人员已出示证件，申诉成立")
		if err != nil || got.Status != officercard.Lifted || got.LiftedOn != testworld.Today {
			t.Fatalf("lift: %+v %v", got, err)
		}
		if _, err := officercard.Lift(w.Ctx, db, sup, card.ID, "再次"); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("lifted twice: %v", err)
		}
		// The lifted yellow does not make the next one red.
		answered(t, w.Ctx, db, "no_certificate", testworld.CertA, complaint.VerdictTrue)
		if cs := cardsOf(t, w.Ctx, db, sup, testworld.CertA); len(cs) != 2 || cs[0].Colour != officercard.Yellow {
			t.Fatalf("after a lifted yellow: %+v", cs)
		}
	})
}

// TestSetRule: a region's own rule applies in its subtree, audited; only
// its supervision sets it; bad values name the field.
func TestSetRule(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		city := testworld.As("city")
		if err := officercard.SetRule(w.Ctx, db, testworld.As("supervisor"), "370100", officercard.RuleComplaint,
			officercard.Setting{Colour: officercard.Yellow, Points: 1}); !apperr.Is(err, apperr.Forbidden) {
			t.Fatalf("a county sets the city's rule: %v", err)
		}
		if err := officercard.SetRule(w.Ctx, db, city, "370100", officercard.RuleRepeat, officercard.Setting{Colour: officercard.Red}); apperr.As(err).Fields["months"] == "" {
			t.Fatalf("no months: %v", err)
		}
		if err := officercard.SetRule(w.Ctx, db, city, "370100", officercard.RuleComplaint,
			officercard.Setting{Colour: officercard.Yellow, Points: 1}); err != nil {
			t.Fatal(err)
		}
		answered(t, w.Ctx, db, "rude", testworld.CertA, complaint.VerdictTrue)
		cs := cardsOf(t, w.Ctx, db, city, testworld.CertA)
		if len(cs) != 1 || cs[0].Rule != officercard.RuleComplaint || cs[0].Points != 1 {
			t.Fatalf("the city's rule: %+v", cs)
		}
		var n int
		if err := db.R.QueryRowContext(w.Ctx, `SELECT COUNT(*) FROM audit_log WHERE entity = 'officer_card_rule'`).Scan(&n); err != nil || n != 1 {
			t.Fatalf("audit rows %d %v", n, err)
		}
	})
}
