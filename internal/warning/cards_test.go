package warning_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/warning"
)

// The 红黄牌 thresholds: red (or escalated) warnings in a year → card.
func TestCardLevelTable(t *testing.T) {
	def := warning.CardThresholds{Yellow: warning.CardDefaultYellow, Red: warning.CardDefaultRed}
	tight := warning.CardThresholds{Yellow: 1, Red: 2}
	for _, c := range []struct {
		n    int
		t    warning.CardThresholds
		want string
	}{
		{0, def, warning.CardNone}, {2, def, warning.CardNone}, {3, def, warning.CardYellow}, {5, def, warning.CardYellow},
		{6, def, warning.CardRed}, {40, def, warning.CardRed},
		{0, tight, warning.CardNone}, {1, tight, warning.CardYellow}, {2, tight, warning.CardRed},
	} {
		if got := warning.CardLevelFor(c.n, c.t); got != c.want {
			t.Errorf("CardLevelFor(%d, %+v) = %q, want %q", c.n, c.t, got, c.want)
		}
	}
	if warning.CardLabel(warning.CardRed) != "红牌" || warning.CardLabel(warning.CardYellow) != "黄牌" {
		t.Error("card labels")
	}
}

// The most specific region's setting applies.
func TestCardSettingsFor(t *testing.T) {
	s := warning.CardSettings{
		"370000": {Yellow: 4, Red: 8, SetIn: "370000"},
		"370102": {Yellow: 2, Red: 5, SetIn: "370102"},
	}
	for region, want := range map[string]string{"370102": "370102", "370102001000": "370102", "370103": "370000",
		"370100": "370000", "110101": ""} {
		if got := s.For(region).SetIn; got != want {
			t.Errorf("For(%s) set in %q, want %q", region, got, want)
		}
	}
	if got := s.For("110101"); got.Yellow != warning.CardDefaultYellow || got.Red != warning.CardDefaultRed {
		t.Errorf("default = %+v", got)
	}
}

// ms is the unix ms of a civil day at noon in Shanghai.
func dashMs(day string) int64 {
	d, _ := time.ParseInLocation("2006-01-02", day, clock.Shanghai)
	return d.Add(12 * time.Hour).UnixMilli()
}

// finding inserts one finding row as the handling leaves it.
type dashFinding struct {
	caseID                     int64
	region, agency, rule, sev  string
	stage, lastAction, status  string
	day                        string
	closedAfterDays, escalated int
}

var dashSeq atomic.Int64

func dashAddFinding(t *testing.T, db *store.DB, f dashFinding) int64 {
	t.Helper()
	if f.stage == "" {
		f.stage = "issued"
	}
	if f.status == "" {
		f.status = "open"
		if f.stage == "closed" || f.stage == "cured" {
			f.status = "resolved"
		}
	}
	if f.rule == "" {
		f.rule = "DECISION_OVERDUE"
	}
	seen := dashMs(f.day)
	resolved := int64(0)
	if f.status == "resolved" {
		resolved = seen + int64(f.closedAfterDays)*86_400_000
	}
	var id int64
	err := db.W.QueryRowContext(context.Background(), `INSERT INTO findings (subject_kind, subject_id, rule, fkey, severity, message,
		basis, status, region_code, agency_code, first_seen, resolved_at, stage, escalated, issued_at, last_action)
		VALUES ('case', $1, $2, $3, $4, '测试预警', '测试依据', $5, $6, $7, $8, $9, $10, $11, $8, $12) RETURNING id`,
		f.caseID, f.rule, fmt.Sprint(dashSeq.Add(1)), f.sev, f.status, f.region, f.agency, seen, resolved, f.stage, f.escalated,
		f.lastAction).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// clean drops the findings the case service raised on its own, so the
// counts are exactly the test's.
func dashClean(t *testing.T, db *store.DB) {
	t.Helper()
	for _, q := range []string{`DELETE FROM finding_history`, `DELETE FROM findings`} {
		if _, err := db.W.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
}

func TestCardsAndProposals(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		ctx := w.Ctx
		c := w.Register(t, testworld.Today) // officers A and B
		dashClean(t, db)
		year := warning.CardYearNow(ctx)
		if year != 2026 {
			t.Fatalf("pinned year %d", year)
		}
		for i := range 6 {
			dashAddFinding(t, db, dashFinding{caseID: c.ID, region: testworld.Region, agency: testworld.Agency, sev: "red",
				day: "2026-0" + string(rune('1'+i)) + "-10"})
		}
		// Not counted: a yellow one, and a red one of last year.
		dashAddFinding(t, db, dashFinding{caseID: c.ID, region: testworld.Region, agency: testworld.Agency, sev: "yellow", day: "2026-03-01"})
		dashAddFinding(t, db, dashFinding{caseID: c.ID, region: testworld.Region, agency: testworld.Agency, sev: "red", day: "2025-12-31"})

		refs := []warning.CardRef{{Key: testworld.CertA, Region: testworld.Region}, {Key: testworld.CertC, Region: testworld.Region}}
		oc, err := warning.OfficerCards(ctx, db, refs, year)
		if err != nil {
			t.Fatal(err)
		}
		if got := oc[testworld.CertA]; got.Warnings != 6 || got.Level != warning.CardRed {
			t.Errorf("officer A card = %+v, want 6 red warnings, 红牌", got)
		}
		if got := oc[testworld.CertC]; got.Warnings != 0 || got.Level != warning.CardNone {
			t.Errorf("officer C (not on the case) card = %+v, want none", got)
		}
		if prev, _ := warning.OfficerCards(ctx, db, refs[:1], 2025); prev[testworld.CertA].Warnings != 1 {
			t.Errorf("2025 card = %+v, want 1 warning", prev[testworld.CertA])
		}
		ac, err := warning.AgencyCards(ctx, db, []warning.CardRef{{Key: testworld.Agency, Region: testworld.Region},
			{Key: testworld.Other, Region: "370103"}}, year)
		if err != nil {
			t.Fatal(err)
		}
		if ac[testworld.Agency].Level != warning.CardRed || ac[testworld.Other].Level != warning.CardNone {
			t.Errorf("agency cards = %+v", ac)
		}

		// A county setting loosens the red card to 10: officer A now holds a yellow one.
		sup := testworld.As("supervisor")
		if err := warning.SetCardThresholds(ctx, db, sup, testworld.Region, 2, 1); !apperr.Is(err, apperr.Invalid) ||
			apperr.As(err).Fields["red_at"] == "" {
			t.Errorf("red <= yellow: %v, want 400 red_at", err)
		}
		if err := warning.SetCardThresholds(ctx, db, sup, "370103", 2, 10); !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("another county's setting: %v, want 403", err)
		}
		if err := warning.SetCardThresholds(ctx, db, sup, testworld.Region, 2, 10); err != nil {
			t.Fatal(err)
		}
		oc, _ = warning.OfficerCards(ctx, db, refs[:1], year)
		if got := oc[testworld.CertA]; got.Level != warning.CardYellow || got.Thresholds.SetIn != testworld.Region {
			t.Errorf("after the county setting: %+v, want 黄牌 set in %s", got, testworld.Region)
		}
		if err := warning.SetCardThresholds(ctx, db, sup, testworld.Region, 3, 6); err != nil {
			t.Fatal(err)
		}

		// The 红牌 proposals: one per officer on the case.
		list, err := warning.CardProposals(ctx, db, sup, "")
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 2 {
			t.Fatalf("proposals = %d, want 2 (officers A and B)", len(list))
		}
		byCert := map[string]*warning.CardProposal{}
		for _, p := range list {
			byCert[p.CertNo] = p
			if p.Status != warning.ProposalPending || p.Warnings != 6 || p.Threshold != 6 {
				t.Errorf("proposal %+v", p)
			}
		}
		if _, err := warning.CardProposals(ctx, db, testworld.As("officer"), ""); !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("an officer lists proposals: %v, want 403", err)
		}
		if own, _ := warning.CardProposals(ctx, db, testworld.As("agency_admin"), ""); len(own) != 2 {
			t.Errorf("the agency's admin sees %d of its officers' proposals, want 2", len(own))
		}
		pa, pb := byCert[testworld.CertA], byCert[testworld.CertB]

		_, err = warning.DecideCardProposal(ctx, db, sup, pa.ID, "accept", "  ")
		if !apperr.Is(err, apperr.Invalid) || apperr.As(err).Fields["reason"] == "" {
			t.Errorf("no reason: %v, want 400 field reason", err)
		}
		_, err = warning.DecideCardProposal(ctx, db, sup, pa.ID, "maybe", "理由")
		if !apperr.Is(err, apperr.Invalid) || apperr.As(err).Fields["decision"] == "" {
			t.Errorf("bad decision: %v, want 400 field decision", err)
		}
		if _, err = warning.DecideCardProposal(ctx, db, testworld.As("agency_admin"), pa.ID, "accept", "理由"); !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("agency admin decides: %v, want 403", err)
		}
		far := &auth.Principal{Name: "市中区司法局", Username: "far", Role: auth.RoleSupervisor, Region: "370103"}
		if _, err = warning.DecideCardProposal(ctx, db, far, pa.ID, "accept", "理由"); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("another county decides: %v, want 404", err)
		}
		got, err := warning.DecideCardProposal(ctx, db, sup, pa.ID, "accept", "一年内六次红色预警，暂扣执法证并离岗培训")
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != warning.ProposalAccepted {
			t.Errorf("status %s", got.Status)
		}
		o, err := registry.GetOfficer(ctx, db, w.Admin, testworld.CertA)
		if err != nil {
			t.Fatal(err)
		}
		if o.CertStatus != "suspended" || o.StatusReason != "一年内六次红色预警，暂扣执法证并离岗培训" {
			t.Errorf("officer A after accept: %s %q, want suspended with the reason", o.CertStatus, o.StatusReason)
		}
		if _, err = warning.DecideCardProposal(ctx, db, sup, pa.ID, "reject", "再次决定"); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("second decision: %v, want 409", err)
		}
		if _, err = warning.DecideCardProposal(ctx, db, sup, pb.ID, "reject", "预警系数据迟报所致，不予采纳"); err != nil {
			t.Fatal(err)
		}
		ob, _ := registry.GetOfficer(ctx, db, w.Admin, testworld.CertB)
		if ob.CertStatus != "valid" {
			t.Errorf("officer B after reject: %s", ob.CertStatus)
		}
		list, _ = warning.CardProposals(ctx, db, sup, warning.ProposalRejected)
		if len(list) != 1 || list[0].Reason != "预警系数据迟报所致，不予采纳" {
			t.Errorf("rejected list %+v, want B's with the reason", list)
		}
		var audits int
		db.R.QueryRow(`SELECT COUNT(*) FROM audit_log WHERE entity = 'card_proposal'`).Scan(&audits)
		if audits != 4 { // two proposals raised, two decisions
			t.Errorf("card_proposal audit rows = %d, want 4", audits)
		}
		var status int
		db.R.QueryRow(`SELECT COUNT(*) FROM audit_log WHERE entity = 'officer' AND action = 'status' AND entity_key = $1`,
			testworld.CertA).Scan(&status)
		if status != 1 {
			t.Errorf("officer status audit rows = %d, want 1", status)
		}

		// Holders of the page: officers A and B, the agency.
		hs, err := warning.CardHolders(ctx, db, sup, "officer", year)
		if err != nil || len(hs) != 2 || hs[0].Card.Level != warning.CardRed {
			t.Errorf("officer holders %+v %v", hs, err)
		}
		hs, err = warning.CardHolders(ctx, db, testworld.As("city"), "agency", year)
		if err != nil || len(hs) != 1 || hs[0].Key != testworld.Agency || hs[0].Card.Warnings != 6 {
			t.Errorf("agency holders %+v %v", hs, err)
		}
	})
}
