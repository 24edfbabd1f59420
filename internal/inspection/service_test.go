package inspection_test

import (
	"context"
	"fmt"
	"testing"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/calendar"
	"zfjd/internal/clock"
	"zfjd/internal/inspection"
	"zfjd/internal/law"
	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
)

// Matter is the world's agency's inspection matter (检查事项清单).
const Matter = "J-FOOD-001"

// Enterprise is the inspected enterprise's 统一社会信用代码.
const Enterprise = "91370102MA3C5R2K0M"

type fixture struct {
	*testworld.World
	svc *inspection.Service
}

func setup(t *testing.T, db *store.DB) *fixture {
	t.Helper()
	f := &fixture{World: testworld.Build(t, db)}
	setupMatter(t, f)
	return f
}

// setupMatter adds the inspection matter and the service to f.
func setupMatter(t testing.TB, f *fixture) {
	t.Helper()
	if _, err := registry.PutMatter(f.Ctx, f.DB, f.Admin, &registry.Matter{Code: Matter, Name: "食品经营者日常监督检查", Kind: "inspection",
		LegalBasis: "《中华人民共和国食品安全法》第一百一十条", AgencyCodes: []string{testworld.Agency}}); err != nil {
		t.Fatal(err)
	}
	f.svc = inspection.NewService(f.DB, calendar.RulesCalendar)
}

func mustDay(s string) law.Date { return law.MustParseDate(s) }

func (f *fixture) on(day string) context.Context {
	return clock.With(context.Background(), clock.Pinned(day))
}

var robot = &auth.Principal{ID: 2, Name: "市场监管检查系统", Username: "sc-market", Role: auth.RoleIntegration, Region: "370100"}

func pushed(id, day string, events ...inspection.Event) *inspection.Inspection {
	return &inspection.Inspection{SourceSystem: "sc-insp", SourceID: id, AgencyCode: testworld.Agency, RegionCode: testworld.Region,
		MatterCode: Matter, Kind: "routine", Enterprise: inspection.Enterprise{Name: "济南某某便利店有限公司", IDNumber: Enterprise},
		Events: append([]inspection.Event{{Type: "approved", At: day, Actor: "孙立"}, {Type: "reported", At: day},
			{Type: "checked_in", At: day + "T10:00:00+08:00", Officers: []string{testworld.CertA, testworld.CertB}}}, events...)}
}

func rules(in *inspection.Inspection) []string {
	var out []string
	for _, w := range in.Warnings {
		out = append(out, w.Rule)
	}
	return out
}

func TestPushIdempotentAndCode(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		created, out, err := f.svc.Put(f.Ctx, robot, pushed("1", "2026-06-15"))
		if err != nil || !created {
			t.Fatalf("put: %v created=%v", err, created)
		}
		if out.Code == "" || out.Status != inspection.StOnSite || len(out.Warnings) != 0 {
			t.Fatalf("answer: code %q status %s warnings %v", out.Code, out.Status, out.Warnings)
		}
		var leaves, audits int
		count := func() {
			db.R.QueryRow(`SELECT COUNT(*) FROM log_leaves WHERE kind = 'inspection'`).Scan(&leaves)
			db.R.QueryRow(`SELECT COUNT(*) FROM audit_log WHERE entity = 'inspection'`).Scan(&audits)
		}
		count()
		created, again, err := f.svc.Put(f.Ctx, robot, pushed("1", "2026-06-15"))
		if err != nil || created || again.Code != out.Code || again.ID != out.ID {
			t.Fatalf("replay: %v created=%v code %q→%q", err, created, out.Code, again.Code)
		}
		l, a := leaves, audits
		count()
		if l != leaves || a != audits {
			t.Errorf("a replay wrote: leaves %d→%d audits %d→%d", l, leaves, a, audits)
		}
		pub, err := f.svc.Public(f.Ctx, out.Code)
		if err != nil || !pub.Approved || len(pub.Officers) != 2 || pub.Officers[0].CertStatus != "valid" || pub.LegalBasis == "" {
			t.Fatalf("public: %+v %v", pub, err)
		}
		if _, err := f.svc.Public(f.Ctx, "JCAAAAAAAAAAAAAAAA"); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("unknown code: %v", err)
		}
	})
}

func TestPushRefusals(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		other := &auth.Principal{ID: 3, Name: "市中区系统", Role: auth.RoleIntegration, Region: "370103"}
		for _, c := range []struct {
			name string
			p    *auth.Principal
			in   func() *inspection.Inspection
			code string
		}{
			{"reserved source", robot, func() *inspection.Inspection { in := pushed("1", "2026-06-15"); in.SourceSystem = "zfjd"; return in }, apperr.Forbidden},
			{"out of the token's region", other, func() *inspection.Inspection { return pushed("2", "2026-06-15") }, apperr.Forbidden},
			{"bad credit code", robot, func() *inspection.Inspection {
				in := pushed("3", "2026-06-15")
				in.Enterprise.IDNumber = "91370102MA3C5R2K0X"
				return in
			}, apperr.Invalid},
			{"bad kind", robot, func() *inspection.Inspection { in := pushed("4", "2026-06-15"); in.Kind = "surprise"; return in }, apperr.Invalid},
			{"bad event", robot, func() *inspection.Inspection {
				in := pushed("5", "2026-06-15")
				in.Events = append(in.Events, inspection.Event{Type: "result", At: "2026-06-15"})
				return in
			}, apperr.Invalid},
		} {
			_, _, err := f.svc.Put(f.Ctx, c.p, c.in())
			if e := apperr.As(err); err == nil || e.Code != c.code {
				t.Errorf("%s: %v, want %s", c.name, err, c.code)
			}
		}
		var n int
		db.R.QueryRow(`SELECT COUNT(*) FROM inspections`).Scan(&n)
		if n != 0 {
			t.Errorf("refusals wrote %d inspections", n)
		}
	})
}

// TestFourthVisitInAMonth: visits on four days of June by different
// agencies' systems; the fourth raises INSPECTION_FREQUENCY, and a back-
// dated push before it moves the warning to the visit now fourth.
func TestFourthVisitInAMonth(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		var last *inspection.Inspection
		for i, day := range []string{"2026-06-01", "2026-06-08", "2026-06-15", "2026-06-22"} {
			_, out, err := f.svc.Put(f.on(day), robot, pushed(fmt.Sprint(i+1), day))
			if err != nil {
				t.Fatal(err)
			}
			last = out
			if want := i == 3; (len(out.Warnings) > 0) != want {
				t.Errorf("visit %d: warnings %v", i+1, rules(out))
			}
		}
		if got := rules(last); len(got) != 1 || got[0] != inspection.RuleFrequency {
			t.Fatalf("fourth visit: %v", got)
		}
		// A visit of 06-05 pushed late: 06-22 is now the fifth, 06-15 the fourth.
		if _, _, err := f.svc.Put(f.on("2026-06-23"), robot, pushed("0", "2026-06-05")); err != nil {
			t.Fatal(err)
		}
		third, err := f.svc.GetBySource(f.Ctx, robot, "sc-insp", "3")
		if err != nil {
			t.Fatal(err)
		}
		if got := rules(third); len(got) != 1 || got[0] != inspection.RuleFrequency {
			t.Errorf("06-15 after the late push: %v", got)
		}
	})
}

func TestIneffectiveThirdVisit(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		noProblem := false
		for i, day := range []string{"2026-01-10", "2026-03-10", "2026-06-10"} {
			_, out, err := f.svc.Put(f.on(day), robot, pushed(fmt.Sprint(i+1), day,
				inspection.Event{Type: "result", At: day + "T11:00:00+08:00", ProblemFound: &noProblem, Summary: "未发现问题"}))
			if err != nil {
				t.Fatal(err)
			}
			if want := i == 2; (len(out.Warnings) > 0) != want || want && out.Warnings[0].Rule != inspection.RuleIneffective {
				t.Errorf("visit %d: %v", i+1, rules(out))
			}
		}
	})
}

func TestEmergencyApprovalDue(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		in := pushed("1", "2026-06-15")
		in.Emergency = true
		in.Events = in.Events[1:] // no approval yet
		_, out, err := f.svc.Put(f.on("2026-06-15"), robot, in)
		if err != nil || len(out.Warnings) != 0 || out.Deadlines["approval"] != "2026-06-18" {
			t.Fatalf("emergency: %v %v %v", err, rules(out), out.Deadlines)
		}
		due := f.svc.Due()
		if err := due.Rejudge(f.on("2026-06-22"), out.ID); err != nil {
			t.Fatal(err)
		}
		got, err := f.svc.Get(f.Ctx, robot, out.ID)
		if err != nil {
			t.Fatal(err)
		}
		if r := rules(got); len(r) != 1 || r[0] != inspection.RuleNotApproved {
			t.Errorf("after the deadline: %v", r)
		}
	})
}

// TestWorkflowInZFJD: an officer files, the head approves, the officer
// reports (the code is issued), checks in by the code with a second
// officer, fills the checklist, records the result and checks out; the
// enterprise rates it once.
func TestWorkflowInZFJD(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		officer, head := testworld.As("officer"), testworld.As("head")
		in, err := f.svc.Create(f.Ctx, officer, &inspection.Inspection{AgencyCode: testworld.Agency, RegionCode: testworld.Region,
			MatterCode: Matter, Kind: "routine", Enterprise: inspection.Enterprise{Name: "济南某某便利店有限公司", IDNumber: Enterprise}})
		if err != nil || in.Status != inspection.StFiled {
			t.Fatalf("create: %v", err)
		}
		act := func(p *auth.Principal, typ string, a inspection.ActInput) (*inspection.Inspection, error) {
			return f.svc.Act(f.Ctx, p, in.ID, typ, a)
		}
		if _, err := act(officer, inspection.ActReport, inspection.ActInput{}); apperr.As(err).Code != apperr.Conflict {
			t.Errorf("report before approval: %v", err)
		}
		if _, err := act(officer, inspection.ActApprove, inspection.ActInput{}); apperr.As(err).Code != apperr.Forbidden {
			t.Errorf("officer approves: %v", err)
		}
		steps := []struct {
			p   *auth.Principal
			typ string
			a   inspection.ActInput
		}{
			{head, inspection.ActApprove, inspection.ActInput{Note: "同意"}},
			{officer, inspection.ActReport, inspection.ActInput{}},
		}
		for _, s := range steps {
			if in, err = act(s.p, s.typ, s.a); err != nil {
				t.Fatalf("%s: %v", s.typ, err)
			}
		}
		if in.Code == "" || in.Status != inspection.StReported {
			t.Fatalf("after report: %q %s", in.Code, in.Status)
		}
		if err := f.svc.Rate(f.Ctx, in.Code, inspection.Rating{Score: 5}); apperr.As(err).Code != apperr.Conflict {
			t.Errorf("rating before the visit: %v", err)
		}
		if _, err := act(officer, inspection.ActCheckIn, inspection.ActInput{Code: in.Code}); apperr.As(err).Code != apperr.Invalid {
			t.Errorf("check-in alone: %v", err)
		}
		if _, err := act(officer, inspection.ActCheckIn, inspection.ActInput{Code: "JCAAAAAAAAAAAAAAAA", Officers: []string{testworld.CertB}}); apperr.As(err).Code != apperr.Invalid {
			t.Errorf("check-in with a wrong code: %v", err)
		}
		for _, s := range []struct {
			typ string
			a   inspection.ActInput
		}{
			{inspection.ActCheckIn, inspection.ActInput{Code: in.Code, Officers: []string{testworld.CertB}}},
			{inspection.ActChecklist, inspection.ActInput{Items: []inspection.CheckItem{{Item: "从业人员健康证明", Problem: false}}}},
			{inspection.ActResult, inspection.ActInput{ProblemFound: false, Note: "未发现问题"}},
			{inspection.ActCheckOut, inspection.ActInput{}},
		} {
			if in, err = act(officer, s.typ, s.a); err != nil {
				t.Fatalf("%s: %v", s.typ, err)
			}
		}
		// No audio or video record of the check-in yet (国办发〔2018〕118号（九）; recordings_test.go settles it).
		if r := rules(in); in.Status != inspection.StClosed || len(r) != 1 || r[0] != inspection.RuleAVMissing || len(in.Checklist) != 1 {
			t.Fatalf("closed: %s %v %v", in.Status, rules(in), in.Checklist)
		}
		if err := f.svc.Rate(f.Ctx, in.Code, inspection.Rating{Score: 4, Comment: "规范"}); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.Rate(f.Ctx, in.Code, inspection.Rating{Score: 1}); apperr.As(err).Code != apperr.Conflict {
			t.Errorf("second rating: %v", err)
		}
		for who, want := range map[string]int{"supervisor": 1, "agency_admin": 0, "head": 0} {
			rs, err := f.svc.Ratings(f.Ctx, db, testworld.As(who), &inspection.RatingFilter{})
			if err != nil || len(rs) != want {
				t.Errorf("%s reads %d ratings (%v), want %d", who, len(rs), err, want)
			}
		}
		// Supervision narrows them by agency and by score (the low ones).
		sup := testworld.As("supervisor")
		for _, c := range []struct {
			f    inspection.RatingFilter
			want int
		}{{inspection.RatingFilter{MaxScore: 4}, 1}, {inspection.RatingFilter{MaxScore: 3}, 0},
			{inspection.RatingFilter{Agency: testworld.Agency}, 1}, {inspection.RatingFilter{Agency: testworld.Other}, 0}} {
			if rs, err := f.svc.Ratings(f.Ctx, db, sup, &c.f); err != nil || len(rs) != c.want || c.f.Page.Total != c.want {
				t.Errorf("filter %+v: %d ratings (total %d, %v), want %d", c.f, len(rs), c.f.Page.Total, err, c.want)
			}
		}
		if _, err := f.svc.Ratings(f.Ctx, db, sup, &inspection.RatingFilter{MaxScore: 9}); apperr.As(err).Fields["max_score"] == "" {
			t.Errorf("score 9: %v", err)
		}
	})
}

func TestPushFutureEventRefused(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		if _, _, err := f.svc.Put(f.on("2026-06-14"), robot, pushed("1", "2026-06-15")); apperr.As(err).Code != apperr.Invalid {
			t.Errorf("a check-in tomorrow: %v", err)
		}
	})
}

func TestYearStats(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		for i, day := range []string{"2026-05-04", "2026-06-01", "2026-06-08", "2026-06-15"} {
			in := pushed(fmt.Sprint(i+1), day)
			if i == 3 {
				in.JointAgency = []string{testworld.Other}
			}
			if _, _, err := f.svc.Put(f.on(day), robot, in); err != nil {
				t.Fatal(err)
			}
		}
		st, err := f.svc.Year(f.Ctx, db, testworld.As("supervisor"), 2026)
		if err != nil {
			t.Fatal(err)
		}
		if st.Total != 4 || st.Joint != 1 || len(st.Regions) != 1 || st.Regions[0].Counts[4] != 1 || st.Regions[0].Counts[5] != 3 {
			t.Errorf("heat map: %+v", st)
		}
		if len(st.Top) != 1 || st.Top[0].Visits != 4 || len(st.Agencies) != 1 || st.Agencies[0].Visits != 4 {
			t.Errorf("top %+v agencies %+v", st.Top, st.Agencies)
		}
		if st, err := f.svc.Year(f.Ctx, db, testworld.As("other_officer"), 2026); err != nil || st.Total != 0 {
			t.Errorf("another county's officer counts %v %v", st, err)
		}
		total, joint, err := inspection.AnnualCounts(f.Ctx, db.R, "370100", 2026)
		if err != nil || total != 4 || joint != 1 {
			t.Errorf("年报 counts %d %d %v", total, joint, err)
		}
	})
}

// 54号: caps per region, the most specific applying; only supervision of the region sets them.
func TestCapsPerRegion(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		if _, err := f.svc.SetCaps(f.Ctx, testworld.As("city"), "370100", inspection.Caps{Day: 1, Week: 1, Month: 1}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.SetCaps(f.Ctx, testworld.As("head"), testworld.Region, inspection.Caps{Day: 1, Week: 2, Month: 3}); apperr.As(err).Code != apperr.Forbidden {
			t.Errorf("a head sets caps: %v", err)
		}
		if _, err := f.svc.SetCaps(f.Ctx, testworld.As("supervisor"), "370200", inspection.Caps{Day: 1, Week: 2, Month: 3}); apperr.As(err).Code != apperr.NotFound {
			t.Errorf("another city's caps: %v", err)
		}
		for i, day := range []string{"2026-06-01", "2026-06-08"} {
			_, out, err := f.svc.Put(f.on(day), robot, pushed(fmt.Sprint(i+1), day))
			if err != nil {
				t.Fatal(err)
			}
			if (len(out.Warnings) > 0) != (i == 1) {
				t.Errorf("visit %d under the city's caps (1 a month): %v", i+1, rules(out))
			}
		}
	})
}

// 54号 caps: a change judges the stored visits again at once — a lowered
// monthly cap makes the third visit of the month exceed it (visits of the
// current and previous month); a raised one resolves the open finding even
// of a visit older than that.
func TestCapsChangeRejudges(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		for i, day := range []string{"2026-06-01", "2026-06-08", "2026-06-15"} {
			if _, out, err := f.svc.Put(f.on(day), robot, pushed(fmt.Sprint(i+1), day)); err != nil || len(out.Warnings) > 0 {
				t.Fatalf("visit %d: %v %v", i+1, err, out)
			}
		}
		third := func() []string {
			in, err := f.svc.GetBySource(f.Ctx, robot, "sc-insp", "3")
			if err != nil {
				t.Fatal(err)
			}
			return rules(in)
		}
		n, err := f.svc.SetCaps(f.on("2026-07-10"), testworld.As("city"), "370100", inspection.Caps{Day: 1, Week: 2, Month: 2})
		if err != nil || n != 3 {
			t.Fatalf("lowering the caps: %d judged again, %v", n, err)
		}
		if got := third(); len(got) != 1 || got[0] != inspection.RuleFrequency {
			t.Errorf("the third visit of June under 2 a month: %v", got)
		}
		// September: June is out of the window, the open finding still brings it in.
		n, err = f.svc.SetCaps(f.on("2026-09-01"), testworld.As("city"), "370100", inspection.Caps{Day: 1, Week: 2, Month: 3})
		if err != nil || n != 1 {
			t.Fatalf("raising the caps: %d judged again, %v", n, err)
		}
		if got := third(); len(got) != 0 {
			t.Errorf("the third visit of June under 3 a month: %v", got)
		}
	})
}
