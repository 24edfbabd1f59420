package report_test

import (
	"context"
	"strconv"
	"testing"

	"zfjd/internal/apperr"
	"zfjd/internal/cases"
	"zfjd/internal/clock"
	"zfjd/internal/flow"
	"zfjd/internal/law"
	"zfjd/internal/report"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
)

// The publication finding of a 年报 (国办发〔2018〕118号: published by 31
// January): none before the reminder day, yellow from it to the deadline,
// red after, none once published; each next check is the day it changes.
func TestJudgeDeadline(t *testing.T) {
	cal := law.NewCalendar().Lenient()
	remind := report.ReminderDay(cal, 2024)
	if remind.String() != "2025-01-24" { // five working days before Friday 31 January 2025, weekends off
		t.Fatalf("reminder day %s", remind)
	}
	r := &report.Report{Year: 2024, AgencyName: "某局", Status: report.StDraft}
	for _, tc := range []struct {
		today, status, severity, next string
	}{
		{"2025-01-01", report.StDraft, "", "2025-01-24"},
		{"2025-01-24", report.StDraft, "yellow", "2025-02-01"},
		{"2025-01-31", report.StApproved, "yellow", "2025-02-01"},
		{"2025-02-01", report.StSubmitted, "red", ""},
		{"2025-02-01", report.StPublished, "", ""},
	} {
		r.Status = tc.status
		fs, next := report.Judge(r, law.MustParseDate(tc.today), remind)
		sev := ""
		if len(fs) == 1 {
			sev = fs[0].Severity
			if fs[0].Rule != report.RulePublication || fs[0].Basis == "" || fs[0].Due != "2025-01-31" {
				t.Errorf("%s: finding %+v", tc.today, fs[0])
			}
		}
		if sev != tc.severity || next != tc.next || len(fs) > 1 {
			t.Errorf("%s %s: severity %q next %q, want %q %q", tc.today, tc.status, sev, next, tc.severity, tc.next)
		}
	}
}

func on(ctx context.Context, day string) context.Context { return clock.With(ctx, clock.Pinned(day)) }

// The 2024 年报 of 历下区市场监管局 drafted on 1 January 2025 from live
// data (penalties under the heaviest kind, 查封扣押 and 申请法院强制执行
// from the case events, checked-in inspections with the joint one and the
// enterprises), explained and submitted by the agency, returned with a
// reason and approved by the supervision body, published; the reminder
// and the late warning come from the due pass; sides and states are
// refused with the field named.
func TestAnnualReportWorkflow(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		ag, rg := testworld.Agency, testworld.Region
		two := []string{testworld.CertA, testworld.CertB}
		seized := decision("F-1", ag, rg, "2024-03-01", "penalty", p("fine", 1000), p("revoke_license", 0))
		seized.Events = append(seized.Events, cases.Event{Type: "seized", At: "2024-01-06", Officers: two},
			cases.Event{Type: "seized", At: "2024-01-07", Officers: two},
			cases.Event{Type: "enforcement_applied", At: "2024-06-01"})
		for _, c := range []*cases.Case{seized, decision("F-2", ag, rg, "2024-02-01", "penalty", p("warning", 0), p("fine", 200))} {
			if _, _, err := w.Cases.Put(w.Ctx, testworld.Robot, c); err != nil {
				t.Fatalf("%s: %v", c.SourceID, err)
			}
		}
		for i, x := range []struct{ ent, day, joint string }{
			{"E1", "2024-04-01", "[]"}, {"E1", "2024-05-01", `["` + testworld.Other + `"]`}, {"E2", "2024-06-01", "[]"}, {"E2", "", "[]"}, {"E3", "2023-06-01", "[]"},
		} {
			if _, err := db.W.ExecContext(w.Ctx, `INSERT INTO inspections (source_system, source_id, agency_code, region_code, matter_code, kind,
				enterprise_name, enterprise_id, joint_agencies, status, visit_day, created_at, updated_at) VALUES ('t', $1, $2, $3, 'M', 'routine',
				'某企业', $4, $5, 'done', $6, 0, 0)`, itoa(int64(i)), ag, rg, x.ent, x.joint, x.day); err != nil {
				t.Fatal(err)
			}
		}
		svc := report.NewService(db)
		jan1 := on(w.Ctx, "2025-01-01")
		n, err := svc.Draft(jan1)
		if err != nil || n == 0 {
			t.Fatalf("draft: %d %v", n, err)
		}
		if again, err := svc.Draft(jan1); err != nil || again != 0 {
			t.Fatalf("a second draft pass drafted %d (%v)", again, err)
		}
		head, sup := testworld.As("head"), testworld.As("supervisor")
		list, err := svc.List(jan1, head, 2024)
		if err != nil || len(list) != 1 {
			t.Fatalf("the head's list: %d %v", len(list), err)
		}
		r := list[0]
		d := r.Data
		if r.Status != report.StDraft || r.DraftedOn != "2025-01-01" || d.Penalty.Revoke != 1 || d.Penalty.WarningCriticism != 0 ||
			d.Penalty.Fine != 1 || d.Penalty.Total != 2 || d.Penalty.AmountFen != 120000 {
			t.Fatalf("drafted %+v penalty %+v", r, d.Penalty)
		}
		if d.Coercion != (report.Coercion{Measures: 2, Enforcement: 1}) || !d.Duty["coercion"] {
			t.Errorf("行政强制 %+v duty %v", d.Coercion, d.Duty)
		}
		if d.Inspection.Total != 3 || d.Inspection.Joint != 1 || d.Enterprise != 2 || d.PerEnterprise() != "1.5" {
			t.Errorf("行政检查 %+v enterprises %d", d.Inspection, d.Enterprise)
		}
		if fs, _ := flow.OpenFindings(jan1, db.R, report.Kind, r.ID); len(fs) != 0 {
			t.Errorf("findings on 1 January: %+v", fs)
		}

		// The due pass on the reminder day raises the yellow finding.
		remindCtx := on(w.Ctx, "2025-01-24")
		if _, err := flow.Pass(remindCtx, db, "2025-01-24", svc.Due()); err != nil {
			t.Fatal(err)
		}
		if fs, _ := flow.OpenFindings(remindCtx, db.R, report.Kind, r.ID); len(fs) != 1 || fs[0].Severity != "yellow" {
			t.Fatalf("reminder: %+v", fs)
		}

		if _, err := svc.Act(remindCtx, sup, r.ID, "approve", ""); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("approving a draft: %v", err)
		}
		if _, err := svc.Act(remindCtx, sup, r.ID, "submit", ""); !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("supervision submitting the agency's report: %v", err)
		}
		if _, err := svc.Get(remindCtx, testworld.As("officer"), r.ID); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("an officer reads the report: %v", err)
		}
		long := make([]rune, report.MaxNote+1)
		for i := range long {
			long[i] = '字'
		}
		if _, err := svc.Explain(remindCtx, head, r.ID, map[string]string{"penalty": string(long)}); apperr.As(err).Fields["note_penalty"] == "" {
			t.Errorf("an overlong note: %v", err)
		}
		if r, err = svc.Explain(remindCtx, head, r.ID, map[string]string{"penalty": "F-1 同时吊销许可证，按吊销计", "bogus": "x"}); err != nil ||
			r.Notes["penalty"] == "" || r.Notes["bogus"] != "" {
			t.Fatalf("explain: %+v %v", r, err)
		}
		if r, err = svc.Act(remindCtx, head, r.ID, "submit", "请审核"); err != nil || r.Status != report.StSubmitted {
			t.Fatalf("submit: %v", err)
		}
		if _, err := svc.Explain(remindCtx, head, r.ID, map[string]string{"general": "x"}); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("explaining a submitted report: %v", err)
		}
		if _, err := svc.Act(remindCtx, sup, r.ID, "return", ""); apperr.As(err).Fields["note"] == "" {
			t.Errorf("a return without a reason: %v", err)
		}
		if r, err = svc.Act(remindCtx, sup, r.ID, "return", "请补充行政检查说明"); err != nil || r.Status != report.StReturned || r.ReviewNote == "" {
			t.Fatalf("return: %+v %v", r, err)
		}
		if r, err = svc.Act(remindCtx, head, r.ID, "submit", ""); err != nil {
			t.Fatal(err)
		}
		if r, err = svc.Act(remindCtx, sup, r.ID, "approve", "同意公开"); err != nil || r.Status != report.StApproved {
			t.Fatalf("approve: %v", err)
		}

		// Not published by 31 January: the pass on 1 February turns it red.
		feb1 := on(w.Ctx, "2025-02-01")
		if _, err := flow.Pass(feb1, db, "2025-02-01", svc.Due()); err != nil {
			t.Fatal(err)
		}
		if fs, _ := flow.OpenFindings(feb1, db.R, report.Kind, r.ID); len(fs) != 1 || fs[0].Severity != "red" {
			t.Fatalf("late: %+v", fs)
		}
		if pub, _ := svc.Published(feb1, "370100", 2024); len(pub) != 0 {
			t.Errorf("the portal lists an unpublished report")
		}
		if r, err = svc.Act(feb1, sup, r.ID, "publish", ""); err != nil || r.Status != report.StPublished || r.PublishedOn != "2025-02-01" {
			t.Fatalf("publish: %+v %v", r, err)
		}
		if fs, _ := flow.OpenFindings(feb1, db.R, report.Kind, r.ID); len(fs) != 0 {
			t.Errorf("a published report keeps its finding: %+v", fs)
		}
		pub, err := svc.Published(feb1, "370100", 2024)
		if err != nil || len(pub) != 1 || pub[0].Data.Penalty.Total != 2 || pub[0].Notes["penalty"] == "" {
			t.Fatalf("portal: %+v %v", pub, err)
		}
		if got, ok, err := report.LedgerSource(feb1, db.R, itoa(r.ID)); err != nil || !ok || len(got) == 0 {
			t.Errorf("ledger source: %v %v", ok, err)
		}
		if len(r.Acts) != 6 || r.Acts[0].Type != "draft" || r.Acts[5].Type != "publish" {
			t.Errorf("history %+v", r.Acts)
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
