package demo

import (
	"context"
	"slices"
	"strings"
	"testing"

	"zfjd/internal/auth"
	"zfjd/internal/calendar"
	"zfjd/internal/cases"
	"zfjd/internal/clock"
	"zfjd/internal/docs"
	"zfjd/internal/flow"
	"zfjd/internal/store"
)

// checkDemoCases: the demo cases show clean cases, every warning the
// stories are about, and public decisions including a withdrawn one.
func checkDemoCases(t *testing.T, ctx context.Context, db *store.DB, sum *Summary) {
	t.Helper()
	svc := cases.NewService(db, calendar.RulesCalendar, cases.BenchmarkRanges)
	f := &cases.Filter{}
	f.Size = 200
	list, err := svc.List(ctx, admin, f)
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
	checkDeskCases(t, ctx, db, svc, list)

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

// checkDeskCases: the cases handled in zfjd went through the workflow by
// the persons the law separates (办、审、定分离): the demo officer registers,
// investigates, notifies and serves with a colleague, the demo reviewer
// reviews, the demo head files and decides; none breaks a rule that an act
// in zfjd is refused for; the decided one has its decision document with
// the ground of its 减轻处罚 (食品安全法 Art. 124 sets 5万元 at least, 处罚法
// Art. 32 allows less on a statutory ground); and the open one can be
// carried on by the demo head.
func checkDeskCases(t *testing.T, ctx context.Context, db *store.DB, svc *cases.Service, list []*cases.Case) {
	t.Helper()
	login := func(user string) *auth.Principal {
		t.Helper()
		a, err := auth.Authenticate(ctx, db, user, DemoPassword, clock.Now(ctx))
		if err != nil {
			t.Fatalf("%s login: %v", user, err)
		}
		return a.Principal()
	}
	officer, reviewer, head := login("officer"), login("reviewer"), login("head")
	blocking := []string{"OFFICERS_INSUFFICIENT", "CERTIFICATE_INVALID", "REVIEWER_CONFLICT", "LEGAL_REVIEW_MISSING",
		"NOTICE_MISSING", "HEARING_RIGHT_MISSING", "NO_PENALTY_DUE", "FINE_OUT_OF_RANGE", "LIMITATION_EXPIRED"}
	decided, open := 0, 0
	for _, c := range list {
		if c.SourceSystem != cases.SourceZFJD {
			continue
		}
		if c.AgencyCode != officer.Agency {
			t.Errorf("%s: handled by %s, not the demo logins' agency", c.Title, c.AgencyName)
		}
		for _, w := range c.Warnings {
			if slices.Contains(blocking, w.Rule) {
				t.Errorf("%s: %s (%s) — a case handled in zfjd must not break it", c.Title, w.Rule, w.Message)
			}
		}
		for _, e := range c.Events {
			want := officer.CertNo
			switch e.Type {
			case "filed", "decided":
				want = head.CertNo
			case "legal_review":
				want = reviewer.CertNo
				if e.Reviewer != reviewer.CertNo {
					t.Errorf("%s: reviewed in the name of %q", c.Title, e.Reviewer)
				}
			}
			if e.Actor != want {
				t.Errorf("%s: %s recorded by %q, want %q", c.Title, e.Type, e.Actor, want)
			}
			if len(e.Officers) > 0 && (slices.Contains(e.Officers, head.CertNo) || slices.Contains(e.Officers, reviewer.CertNo)) {
				t.Errorf("%s: %s names the head or the reviewer among the officers %v", c.Title, e.Type, e.Officers)
			}
		}
		st := cases.StateOf(c)
		if d := st.Decision(); d != nil {
			decided++
			doc, err := docs.Render(ctx, svc, officer, c.ID, "decision", nil)
			if err != nil {
				t.Fatalf("%s: decision document: %v", c.Title, err)
			}
			text := doc.Text()
			if doc.DocNo == "" || !strings.Contains(text, "主动消除或者减轻违法行为危害后果") || !strings.Contains(text, "减轻处罚") {
				t.Errorf("%s: decision %q (tier %s) does not state its ground:\n%s", c.Title, doc.DocNo, d.Tier, text)
			}
		} else if slices.ContainsFunc(cases.Offered(c, head), func(a *flow.Act[*cases.State]) bool { return a.Type == "decided" }) {
			open++
		}
	}
	if decided != 1 || open != 1 {
		t.Errorf("zfjd cases: %d decided (want 1), %d ready for the head's decision (want 1)", decided, open)
	}
}
