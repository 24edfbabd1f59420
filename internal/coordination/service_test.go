package coordination_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/coordination"
	"zfjd/internal/flow"
	"zfjd/internal/ident"
	"zfjd/internal/law"
	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/warning"
)

func at(day string) context.Context { return clock.With(context.Background(), clock.Pinned(day)) }

func wantCode(t *testing.T, what string, err error, code, field string) {
	t.Helper()
	if !apperr.Is(err, code) {
		t.Fatalf("%s: %v, want %s", what, err, code)
	}
	if field != "" {
		if _, ok := apperr.As(err).Fields[field]; !ok {
			t.Fatalf("%s: fields %v lack %s", what, apperr.As(err).Fields, field)
		}
	}
}

func must(t *testing.T) func(*coordination.Dispute, error) *coordination.Dispute {
	return func(d *coordination.Dispute, err error) *coordination.Dispute {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
}

// otherAdmin speaks for the other county's agency.
var otherAdmin = &auth.Principal{ID: 900, Name: "市中区市场监管局管理员", Username: "other_admin", Role: auth.RoleAgencyAdmin,
	Region: "370103", Agency: testworld.Other}

func opening() coordination.Opening {
	return coordination.Opening{Kind: "matter_holder", Title: "超过保质期食品的处罚由哪个机关实施",
		Summary: "本局认为该事项应由经营场所所在地的市中区市场监管局实施。", Agencies: []string{testworld.Other},
		MatterCode: testworld.Matter}
}

// TestDisputeSettledUpdatesHolder: an agency opens a dispute about a
// matter's holder naming another county's agency (Art. 13 "事项清单管理");
// the city's supervision body coordinates (their common region); the
// named agency's silence after the deadline is a finding on it in warning
// handling; after its late answer and a meeting the outcome names the new
// holder and the 权责清单 shows it, in one transaction with the outcome.
func TestDisputeSettledUpdatesHolder(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		svc := coordination.NewService(db)
		agency, city := testworld.As("agency_admin"), testworld.As("city")

		_, err := svc.Open(w.Ctx, agency, coordination.Opening{Kind: "matter_holder", Title: "x", Summary: "y"})
		wantCode(t, "one agency only", err, apperr.Invalid, "agencies")
		o := opening()
		o.MatterCode = ""
		_, err = svc.Open(w.Ctx, agency, o)
		wantCode(t, "holder dispute without a matter", err, apperr.Invalid, "matter_code")

		d := must(t)(svc.Open(w.Ctx, agency, opening()))
		if d.RegionCode != "370100" || d.Applicant != testworld.Agency || d.Status != coordination.StatusAnswering {
			t.Fatalf("opened: %+v", d)
		}
		// Ten working days from Monday 2026-06-15, the 端午 holiday (06-19) not counted.
		if d.AnswerDue != "2026-06-30" {
			t.Fatalf("answer due %s, want 2026-06-30", d.AnswerDue)
		}
		_, err = svc.Get(w.Ctx, testworld.As("supervisor"), d.ID)
		wantCode(t, "the county body reading a city-level dispute", err, apperr.NotFound, "")
		for _, who := range []string{"officer", "social", "other_officer"} {
			_, err = svc.Get(w.Ctx, testworld.As(who), d.ID)
			wantCode(t, who+" reading", err, apperr.NotFound, "")
		}
		_, err = svc.Act(w.Ctx, agency, d.ID, coordination.ActInput{Action: "answer", At: testworld.Today, Note: "x", Position: "not_ours"})
		wantCode(t, "the applicant answering", err, apperr.Forbidden, "")
		_, err = svc.Act(w.Ctx, city, d.ID, coordination.ActInput{Action: "settle", At: testworld.Today, Note: "x"})
		wantCode(t, "an outcome before a meeting", err, apperr.Conflict, "")

		late := at("2026-07-01")
		if n, err := flow.Pass(late, db, "2026-07-01", svc.Due()); err != nil || n != 1 {
			t.Fatalf("pass: %d %v", n, err)
		}
		ws, err := warning.NewService(db).List(late, otherAdmin, &warning.Filter{Status: "open"})
		if err != nil || len(ws) != 1 || ws[0].Rule != coordination.RuleAnswerOverdue || ws[0].AgencyCode != testworld.Other {
			t.Fatalf("the named agency's warnings: %+v %v", ws, err)
		}
		if ws, _ := warning.NewService(db).List(late, agency, &warning.Filter{Status: "open"}); len(ws) != 0 {
			t.Fatalf("the applicant has warnings: %+v", ws)
		}
		_, err = svc.Act(late, otherAdmin, d.ID, coordination.ActInput{Action: "answer", At: "2026-07-01", Note: "经营场所在历下区"})
		wantCode(t, "answer without position", err, apperr.Invalid, "position")
		d = must(t)(svc.Act(at("2026-07-02"), otherAdmin, d.ID, coordination.ActInput{Action: "answer", At: "2026-07-02",
			Note: "同意由本局实施", Position: "ours", Evidence: []string{"《食品安全法》第一百二十四条", "", "营业执照登记地址"}}))
		if d.Status != coordination.StatusAnswered || len(d.Warnings) != 1 || !strings.Contains(d.Warnings[0].Message, "逾期2日后才答复") {
			t.Fatalf("after the late answer: %s %+v", d.Status, d.Warnings)
		}
		ctx := at("2026-07-03")
		_, err = svc.Act(ctx, city, d.ID, coordination.ActInput{Action: "meeting", At: "2026-07-03", Note: "纪要", Participants: []string{"一方"}})
		wantCode(t, "meeting with one participant", err, apperr.Invalid, "participants")
		must(t)(svc.Act(ctx, city, d.ID, coordination.ActInput{Action: "meeting", At: "2026-07-03", Note: "双方同意由市中区局实施",
			Participants: []string{"历下区市场监管局", "市中区市场监管局"}}))
		_, err = svc.Act(ctx, city, d.ID, coordination.ActInput{Action: "settle", At: "2026-07-03", Note: "由市中区局实施"})
		wantCode(t, "outcome without holders", err, apperr.Invalid, "holders")
		d = must(t)(svc.Act(ctx, city, d.ID, coordination.ActInput{Action: "settle", At: "2026-07-03", Note: "由市中区局实施",
			Holders: []string{testworld.Other}}))
		if d.Status != coordination.StatusSettled || d.Outcome != "由市中区局实施" {
			t.Fatalf("settled: %+v", d)
		}
		m, err := registry.GetMatter(ctx, db, city, testworld.Matter)
		if err != nil || !slices.Equal(m.AgencyCodes, []string{testworld.Other}) || m.Version != 2 {
			t.Fatalf("matter after the outcome: %+v %v", m, err)
		}
		_, err = svc.Act(ctx, city, d.ID, coordination.ActInput{Action: "meeting", At: "2026-07-03", Note: "x", Participants: []string{"a", "b"}})
		wantCode(t, "a meeting after the outcome", err, apperr.Conflict, "")
		var leaves, audits int
		db.R.QueryRow(`SELECT COUNT(*) FROM log_leaves WHERE kind = 'dispute'`).Scan(&leaves)
		db.R.QueryRow(`SELECT COUNT(*) FROM audit_log WHERE entity = 'dispute'`).Scan(&audits)
		if leaves != 4 || audits != 4 {
			t.Fatalf("record-log leaves %d, audit rows %d, want 4 each (open, answer, meeting, settle)", leaves, audits)
		}
	})
}

// TestDisputeProposedToGovernment: ex officio by the county body between
// two of its agencies; no agreement, a proposal to the government and its
// decision (Art. 13; 鲁条例 Art. 18 ¶2); the list filters and the holder
// check of a proposal's decision on a dispute without a matter.
func TestDisputeProposedToGovernment(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		third, err := ident.MakeUSCC('1', '1', testworld.Region, "MB285043")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := registry.PutAgency(w.Ctx, db, w.Admin, &registry.Agency{Code: third, Name: "济南市历下区城市管理局",
			Kind: "enforcement", RegionCode: testworld.Region, Domain: "城市管理"}); err != nil {
			t.Fatal(err)
		}
		svc := coordination.NewService(db)
		sup := testworld.As("supervisor")
		d := must(t)(svc.Open(w.Ctx, sup, coordination.Opening{Kind: "competence", Title: "占道经营食品摊贩由谁查处",
			Summary: "市场监管与城管均认为不属本机关职责。", Agencies: []string{testworld.Agency, third}, AnswerDays: 5}))
		if d.RegionCode != testworld.Region || d.Applicant != "" || len(d.Owing()) != 2 {
			t.Fatalf("ex officio: %+v", d)
		}
		_, err = svc.Act(w.Ctx, testworld.As("agency_admin"), d.ID, coordination.ActInput{Action: "withdraw", At: testworld.Today, Note: "x"})
		wantCode(t, "a named agency withdrawing an ex officio dispute", err, apperr.Forbidden, "")
		must(t)(svc.Act(w.Ctx, testworld.As("head"), d.ID, coordination.ActInput{Action: "answer", At: testworld.Today,
			Note: "属城管职责", Position: "not_ours"}))
		_, err = svc.Act(w.Ctx, testworld.As("agency_admin"), d.ID, coordination.ActInput{Action: "answer", At: testworld.Today,
			Note: "again", Position: "not_ours"})
		wantCode(t, "answering twice", err, apperr.Conflict, "")
		must(t)(svc.Act(w.Ctx, sup, d.ID, coordination.ActInput{Action: "meeting", At: testworld.Today, Note: "未达成一致",
			Participants: []string{"市场监管局", "城管局"}}))
		d = must(t)(svc.Act(w.Ctx, sup, d.ID, coordination.ActInput{Action: "propose", At: testworld.Today, Note: "建议由城管局查处"}))
		if d.Status != coordination.StatusProposed {
			t.Fatalf("status %s", d.Status)
		}
		_, err = svc.Act(w.Ctx, sup, d.ID, coordination.ActInput{Action: "decide", At: testworld.Today, Note: "x", Holders: []string{third}})
		wantCode(t, "holders without a matter", err, apperr.Invalid, "holders")
		for _, f := range []coordination.Filter{{Open: true}, {Status: coordination.StatusProposed}, {Agency: third}, {Kind: "competence"}} {
			list, err := svc.List(w.Ctx, sup, f, &registry.Page{})
			if err != nil || len(list) != 1 {
				t.Fatalf("filter %+v: %d %v", f, len(list), err)
			}
		}
		if list, _ := svc.List(w.Ctx, testworld.As("city"), coordination.Filter{}, &registry.Page{}); len(list) != 1 {
			t.Fatalf("the city sees its county's disputes: %d", len(list))
		}
		if list, _ := svc.List(w.Ctx, otherAdmin, coordination.Filter{}, &registry.Page{}); len(list) != 0 {
			t.Fatalf("an agency not named sees %d", len(list))
		}
		_, err = svc.List(w.Ctx, sup, coordination.Filter{Status: "bogus"}, &registry.Page{})
		wantCode(t, "bad status filter", err, apperr.Invalid, "status")
		d = must(t)(svc.Act(w.Ctx, sup, d.ID, coordination.ActInput{Action: "decide", At: testworld.Today, Note: "区政府决定由城管局查处"}))
		if d.Status != coordination.StatusDecided || d.Open() {
			t.Fatalf("decided: %+v", d)
		}
	})
}

func mustDate(s string) law.Date { return law.MustParseDate(s) }
