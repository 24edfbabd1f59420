package report_test

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/xuri/excelize/v2"

	"zfjd/internal/apperr"
	"zfjd/internal/cases"
	"zfjd/internal/report"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
)

// decision is a pushed case of agency in region decided on day.
func decision(id, agency, region, day, outcome string, ps ...cases.Penalty) *cases.Case {
	c := testworld.NewCase()
	c.SourceSystem, c.SourceID, c.AgencyCode, c.RegionCode = "sc-market", id, agency, region
	c.Facts.ActDate = "2024-01-02"
	two := []string{testworld.CertA, testworld.CertB}
	yes := true
	c.Events = []cases.Event{{Type: "filed", At: "2024-01-05", Officers: two},
		{Type: "notified", At: "2024-01-08", Officers: two, HearingRight: &yes},
		{Type: "decided", At: day, Outcome: outcome, Tier: "ordinary", Penalties: ps}}
	return c
}

func p(kind string, yuan int64) cases.Penalty {
	return cases.Penalty{Kind: kind, AmountFen: yuan * 100}
}

// The 2024 penalty table of 历下区 matches the hand count: each decision
// once under its heaviest penalty (supervision-v1 §7; domain-research
// §1.11), 其他 only alone, annulled decisions, 不予处罚 and other years
// and counties left out, 罚没金额 the fines and confiscations.
func TestAnnualPenaltyTable(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		ag, r := testworld.Agency, testworld.Region
		annulled := decision("Y-9", ag, r, "2024-03-01", "penalty", p("fine", 9999))
		annulled.Events = append(annulled.Events, cases.Event{Type: "annulled", At: "2024-05-01", Kind: "revoke", Note: "复议撤销"})
		for _, c := range []*cases.Case{
			decision("Y-1", ag, r, "2024-02-01", "penalty", p("warning", 0)),
			decision("Y-2", ag, r, "2024-02-02", "penalty", p("warning", 0), p("fine", 500)),
			decision("Y-3", ag, r, "2024-02-03", "penalty", p("fine", 1000), p("confiscate_income", 200)),
			decision("Y-4", ag, r, "2024-02-04", "penalty", p("suspend_license", 0), p("fine", 300)),
			decision("Y-5", ag, r, "2024-02-05", "penalty", p("revoke_license", 0), p("close", 0)),
			decision("Y-6", ag, r, "2024-02-06", "penalty", p("other", 0)),
			decision("Y-7", ag, r, "2024-02-07", "penalty", p("other", 0), p("criticism", 0)),
			decision("Y-8", ag, r, "2024-02-08", "penalty", p("restrict_employment", 0), p("fine", 100)),
			decision("Y-10", ag, r, "2024-12-31", "penalty", p("detention", 0), p("fine", 200)),
			annulled,
			decision("Y-11", ag, r, "2024-02-09", "no_penalty"),
			decision("Y-12", ag, r, "2025-01-01", "penalty", p("fine", 700)),
			decision("Y-13", testworld.Other, "370103", "2024-02-10", "penalty", p("fine", 800)),
		} {
			if _, _, err := w.Cases.Put(w.Ctx, testworld.Robot, c); err != nil {
				t.Fatalf("%s: %v", c.SourceID, err)
			}
		}
		a, err := report.GetAnnual(w.Ctx, db, testworld.As("supervisor"), "2024", "370102")
		if err != nil {
			t.Fatal(err)
		}
		want := report.PenaltyTable{WarningCriticism: 2, Fine: 1, Confiscation: 1, SuspendDowngrade: 1, Revoke: 1,
			SuspendCloseRestrictEmploymnt: 1, Detention: 1, Other: 1, Total: 9, AmountFen: 230000}
		if a.Penalty != want || a.Year != 2024 || a.Region != "370102" {
			t.Fatalf("2024 历下区:\n%+v\nwant\n%+v", a.Penalty, want)
		}
		city, err := report.GetAnnual(w.Ctx, db, testworld.As("city"), "2024", "")
		if err != nil || city.Region != "370100" || city.Penalty.Total != 10 || city.Penalty.Fine != 2 || city.Penalty.AmountFen != 310000 {
			t.Fatalf("2024 济南市: %+v %v", city, err)
		}
		for _, tc := range []struct {
			user, year, region, code string
		}{
			{"supervisor", "2024", "370103", apperr.NotFound},
			{"head", "2024", "370102", apperr.Forbidden},
			{"agency_admin", "2024", "", apperr.Forbidden},
			{"supervisor", "24", "370102", apperr.Invalid},
			{"supervisor", "2027", "370102", apperr.Invalid},
			{"supervisor", "2024", "37x", apperr.Invalid},
		} {
			if _, err := report.GetAnnual(w.Ctx, db, testworld.As(tc.user), tc.year, tc.region); !apperr.Is(err, tc.code) {
				t.Errorf("%s %s %s: %v, want %s", tc.user, tc.year, tc.region, err, tc.code)
			}
		}

		tb, err := report.GetTables(w.Ctx, db, testworld.As("city"), "2024", "")
		if err != nil {
			t.Fatal(err)
		}
		if len(tb.Agencies) != 2 || tb.Agencies[0].Penalty.Total+tb.Agencies[1].Penalty.Total != 10 {
			t.Fatalf("agencies %+v", tb.Agencies)
		}
		var buf bytes.Buffer
		if err := tb.WriteXLSX(&buf); err != nil {
			t.Fatal(err)
		}
		x, err := excelize.OpenReader(&buf)
		if err != nil {
			t.Fatal(err)
		}
		rows, _ := x.GetRows("行政处罚")
		last := rows[len(rows)-1]
		if got := fmt.Sprint(last); got != "[合计 2 2 1 1 1 0 1 1 1 10 0.31]" {
			t.Errorf("xlsx total row %s", got)
		}
		lic, _ := x.GetRows("行政许可")
		if lic[2][1] != report.NoDuty { // no licence matter, no licence decision
			t.Errorf("licence line of an agency without licence matters: %q", lic[2])
		}
	})
}

func TestWan(t *testing.T) {
	for fen, want := range map[int64]string{0: "0.00", 175379000: "175.38", 4999: "0.00", 5000: "0.01", 230000: "0.23"} {
		if got := report.Wan(fen); got != want {
			t.Errorf("Wan(%d) = %s, want %s", fen, got, want)
		}
	}
}
