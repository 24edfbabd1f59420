package cases_test

import (
	"strings"
	"testing"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/cases"
	"zfjd/internal/ident"
	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
)

// Tokens of the probe (security.md): a county integration token, the same
// bound to one agency, and a token of the neighbouring county.
var (
	countyToken = &auth.Principal{ID: 20, Name: "令牌:int", Role: auth.RoleIntegration, Region: testworld.Region}
	boundToken  = &auth.Principal{ID: 21, Name: "令牌:intag", Role: auth.RoleIntegration, Region: testworld.Region, Agency: testworld.Agency}
	otherToken  = &auth.Principal{ID: 22, Name: "令牌:市中", Role: auth.RoleIntegration, Region: "370103"}
	nationToken = &auth.Principal{ID: 23, Name: "令牌:全国", Role: auth.RoleIntegration}
)

// pushed is a decided and published case as a vertical system sends it.
func pushed(agency, region, sourceID string) *cases.Case {
	c := testworld.NewCase()
	c.SourceSystem, c.SourceID, c.AgencyCode, c.RegionCode = "sc-market", sourceID, agency, region
	two := []string{testworld.CertA, testworld.CertB}
	yes := true
	c.Events = []cases.Event{
		{Type: "filed", At: "2026-05-25", Officers: two},
		{Type: "notified", At: "2026-05-27", Officers: two, HearingRight: &yes},
		{Type: "decided", At: "2026-06-10", Outcome: "penalty", Tier: "ordinary", Penalties: []cases.Penalty{{Kind: "fine", AmountFen: 9900000}}},
		{Type: "delivered", At: "2026-06-11", Officers: two},
		{Type: "published", At: "2026-06-12"},
	}
	return c
}

// written counts what a refused PUT must leave alone.
func written(t *testing.T, db *store.DB) [3]int {
	t.Helper()
	var n [3]int
	for i, q := range []string{`SELECT COUNT(*) FROM cases`, `SELECT COUNT(*) FROM audit_log`, `SELECT COUNT(*) FROM findings`} {
		if err := db.W.QueryRow(q).Scan(&n[i]); err != nil {
			t.Fatal(err)
		}
	}
	return n
}

// refusedPut puts c as p and wants code with field named; nothing may be
// written. It returns the error for comparisons.
func refusedPut(t *testing.T, w *testworld.World, p *auth.Principal, c *cases.Case, code, field string) *apperr.Error {
	t.Helper()
	before := written(t, w.DB)
	_, _, err := w.Cases.Put(w.Ctx, p, c)
	e := apperr.As(err)
	if e.Code != code || (field != "" && e.Fields[field] == "") {
		t.Errorf("%s put %s/%s (agency %s, region %s): %v %v, want %s naming %s", p.Name, c.SourceSystem, c.SourceID,
			c.AgencyCode, c.RegionCode, err, e.Fields, code, field)
	}
	if after := written(t, w.DB); after != before {
		t.Errorf("%s: a refused put wrote: %v → %v", p.Name, before, after)
	}
	return e
}

func uscc(t *testing.T, region string, body string) string {
	t.Helper()
	c, err := ident.MakeUSCC('1', '1', region, body)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestExchangeForgedDecisions: the probe's H2 — a 370102 token put a
// ¥99,000 decision on the public site in the name of another county's
// agency — and its variants are refused: the agency must exist, be an
// enforcement subject the token may act for, and its region must hold the
// case's region.
func TestExchangeForgedDecisions(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		second := uscc(t, testworld.Region, "MB285049")
		if _, err := registry.PutAgency(w.Ctx, db, w.Admin, &registry.Agency{Code: second, Name: "济南市历下区综合行政执法局",
			Kind: "enforcement", RegionCode: testworld.Region}); err != nil {
			t.Fatal(err)
		}

		// The probe: another county's agency, the case in the token's county.
		forged := refusedPut(t, w, countyToken, pushed(testworld.Other, testworld.Region, "F-0001"), apperr.Forbidden, "agency_code")
		// An agency that does not exist answers the same (no oracle).
		unknown := refusedPut(t, w, countyToken, pushed(uscc(t, "370103", "MB285077"), testworld.Region, "F-0002"), apperr.Forbidden, "agency_code")
		strip := func(e *apperr.Error, code string) string { return strings.ReplaceAll(e.Message, code, "X") }
		if strip(forged, testworld.Other) != strip(unknown, uscc(t, "370103", "MB285077")) {
			t.Errorf("existing and unknown agencies answer differently: %q / %q", forged.Message, unknown.Message)
		}
		// The other county itself, as the case's region.
		refusedPut(t, w, countyToken, pushed(testworld.Other, "370103", "F-0003"), apperr.Forbidden, "region_code")
		// A supervision body is no enforcement subject.
		refusedPut(t, w, countyToken, pushed(testworld.Supervisor, testworld.Region, "F-0004"), apperr.Invalid, "agency_code")
		// A token bound to one agency writes only that agency's cases.
		refusedPut(t, w, boundToken, pushed(second, testworld.Region, "F-0005"), apperr.Forbidden, "agency_code")
		refusedPut(t, w, boundToken, pushed(testworld.Other, testworld.Region, "F-0006"), apperr.Forbidden, "agency_code")
		// The agency's region must hold the case's: a city token cannot put
		// 历下's agency on a case in 市中区.
		refusedPut(t, w, testworld.Robot, pushed(testworld.Agency, "370103", "F-0007"), apperr.Invalid, "region_code")
		// A national token sees the whole registry and is told plainly.
		refusedPut(t, w, nationToken, pushed(uscc(t, "370103", "MB285077"), "370103", "F-0008"), apperr.Invalid, "agency_code")

		// What is allowed stays allowed.
		for _, c := range []struct {
			p   *auth.Principal
			c   *cases.Case
			msg string
		}{
			{countyToken, pushed(testworld.Agency, testworld.Region, "OK-1"), "county token, own county's agency"},
			{countyToken, pushed(second, testworld.Region, "OK-2"), "county token, another agency of the county"},
			{boundToken, pushed(testworld.Agency, testworld.Region, "OK-3"), "bound token, its agency"},
			{testworld.Robot, pushed(testworld.Other, "370103", "OK-4"), "city token, a county agency"},
		} {
			if created, _, err := w.Cases.Put(w.Ctx, c.p, c.c); err != nil || !created {
				t.Errorf("%s: %v, created %v", c.msg, err, created)
			}
		}
		// A case outside the token's scope is not replaced through another body.
		refusedPut(t, w, otherToken, func() *cases.Case {
			c := pushed(testworld.Other, "370103", "OK-1")
			c.SourceID = "OK-1"
			return c
		}(), apperr.Forbidden, "")
	})
}

// TestExchangeReservedSource: the platform's own cases (source_system
// "zfjd") cannot be written through the exchange API (probe M1: a token
// rewrote a UI case past every UI check, and by taking the next UI source
// id blocked case registration), and a body never sets the 案号.
func TestExchangeReservedSource(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		ui := w.Register(t, "2026-05-25") // zfjd/<agency>-2026-00001
		for _, sys := range []string{cases.SourceZFJD, "ZFJD", "Zfjd"} {
			// Replacing the UI case, and squatting the next UI number.
			for _, id := range []string{ui.SourceID, testworld.Agency + "-2026-00002"} {
				c := pushed(testworld.Agency, testworld.Region, id)
				c.SourceSystem = sys
				e := refusedPut(t, w, testworld.Robot, c, apperr.Forbidden, "source_system")
				if !strings.Contains(e.Fields["source_system"], "保留") {
					t.Errorf("message %q", e.Fields["source_system"])
				}
			}
		}
		got, err := w.Cases.Get(w.Ctx, testworld.As("officer"), ui.ID)
		if err != nil || len(got.Events) != 1 || got.CaseNo != ui.CaseNo {
			t.Errorf("the UI case changed: %+v %v", got, err)
		}
		// The next registration gets its number.
		if next := w.Register(t, "2026-05-26"); next.SourceID != testworld.Agency+"-2026-00002" || next.CaseNo == "" {
			t.Errorf("next UI case: %s %s", next.SourceID, next.CaseNo)
		}

		// A body's case_no is ignored, on create and on replace.
		c := pushed(testworld.Agency, testworld.Region, "NO-1")
		c.CaseNo = ui.CaseNo
		_, out, err := w.Cases.Put(w.Ctx, testworld.Robot, c)
		if err != nil || out.CaseNo != "" {
			t.Fatalf("put with a case_no: %v, stored %q", err, out.CaseNo)
		}
		c.CaseNo = "济历下市监案〔2026〕99号"
		if _, out, err = w.Cases.Put(w.Ctx, testworld.Robot, c); err != nil || out.CaseNo != "" {
			t.Errorf("replace with a case_no: %v, stored %q", err, out.CaseNo)
		}
		var n int
		db.R.QueryRow(`SELECT COUNT(*) FROM cases WHERE case_no = $1`, ui.CaseNo).Scan(&n)
		if n != 1 {
			t.Errorf("%d cases carry the UI number %s", n, ui.CaseNo)
		}
	})
}

// TestExchangeTextFields: NUL, bidi overrides and other control characters
// are refused in the case's text, which has length limits (probe L6).
func TestExchangeTextFields(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		for _, c := range []struct {
			field string
			mod   func(c *cases.Case)
		}{
			{"title", func(c *cases.Case) { c.Title = "伪造\x00案" }},
			{"title", func(c *cases.Case) { c.Title = strings.Repeat("案", 20000) }},
			{"party.name", func(c *cases.Case) { c.Party.Name = "济南某某\u202E司公限有" }},
			{"party.name", func(c *cases.Case) { c.Party.Name = strings.Repeat("名", 5000) }},
			{"party.address", func(c *cases.Case) { c.Party.Address = "历下区\u2066泉城路" }},
			{"facts.description", func(c *cases.Case) { c.Facts.Description = strings.Repeat("事", 900<<10/3) }},
			{"facts.description", func(c *cases.Case) { c.Facts.Description = "当事人\x1b[2J销售" }},
			{"events[2].note", func(c *cases.Case) { c.Events[2].Note = "决定\x00" }},
			{"events[0].actor", func(c *cases.Case) { c.Events[0].Actor = "局长\u202E" }},
			{"source_system", func(c *cases.Case) { c.SourceSystem = "sc\x00market" }},
		} {
			b := pushed(testworld.Agency, testworld.Region, "T-1")
			c.mod(b)
			refusedPut(t, w, testworld.Robot, b, apperr.Invalid, c.field)
		}
		// Multi-line facts are fine.
		b := pushed(testworld.Agency, testworld.Region, "T-2")
		b.Facts.Description = "当事人销售过期食品。\n现场查获12盒。"
		if _, _, err := w.Cases.Put(w.Ctx, testworld.Robot, b); err != nil {
			t.Errorf("multi-line facts: %v", err)
		}
	})
}
