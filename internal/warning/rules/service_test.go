package rules_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/calendar"
	"zfjd/internal/cases"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/warning/rules"
)

// pushed is a decided case of the world's agency with a fine, and with or
// without a collective discussion before the decision.
func pushed(id string, fineFen int64, discussed bool) *cases.Case {
	two := []string{testworld.CertA, testworld.CertB}
	yes := true
	c := &cases.Case{SourceSystem: "sc", SourceID: id, AgencyCode: testworld.Agency, RegionCode: testworld.Region,
		MatterCode: testworld.Matter, Procedure: "general",
		Party: cases.Party{Kind: "org", Name: "某某公司" + id, IDNumber: ""},
		Facts: cases.Facts{ActDate: "2026-03-01", Harm: "slight", Corrected: &yes},
		Events: []cases.Event{
			{Type: "filed", At: "2026-03-05", Officers: two},
			{Type: "investigation", At: "2026-03-10", Officers: two},
			{Type: "notified", At: "2026-04-20", HearingRight: &yes, Officers: two},
			{Type: "decided", At: "2026-05-06", Outcome: "penalty", Tier: "ordinary", Penalties: []cases.Penalty{{Kind: "fine", AmountFen: fineFen}}},
		}}
	if discussed {
		c.Events = append(c.Events, cases.Event{Type: "collective_discussion", At: "2026-05-05"})
	}
	return c
}

func newWorld(t *testing.T, db *store.DB) (*testworld.World, *rules.Service) {
	w := testworld.Build(t, db)
	return w, rules.New(db, w.Cases, calendar.RulesCalendar)
}

// flagged lists the source ids of the cases with an open finding of rule.
func flagged(t *testing.T, db *store.DB, rule string) []string {
	t.Helper()
	rows, err := db.R.QueryContext(context.Background(), `SELECT c.source_id FROM findings f JOIN cases c ON c.id = f.subject_id
		WHERE f.subject_kind = 'case' AND f.rule = $1 AND f.status = 'open' ORDER BY c.source_id`, rule)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		rows.Scan(&s)
		out = append(out, s)
	}
	return out
}

func str(s string) *string { return &s }
func yes(b bool) *bool     { return &b }

func body(expr string, on bool) *rules.CustomBody {
	return &rules.CustomBody{Name: str("大额罚款未集体讨论"), RegionCode: str("370100"), Severity: str("red"), Expression: str(expr),
		Basis: str("《行政处罚法》第五十七条第二款"), Enabled: yes(on)}
}

// A dry run names exactly the cases the rule flags once enabled; each PUT
// is a version and the warnings carry it; switching it off resolves them;
// a new case is judged at once.
func TestCustomRuleLifecycle(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w, s := newWorld(t, db)
		ctx := w.Ctx
		for i, c := range []*cases.Case{pushed("a", 6_000_000, false), pushed("b", 5_000_000, false), pushed("c", 6_000_000, true),
			pushed("d", 100_000, false), pushed("e", 4_999_999, false)} {
			if _, _, err := w.Cases.Put(ctx, testworld.Robot, c); err != nil {
				t.Fatalf("case %d: %v", i, err)
			}
		}
		city := testworld.As("city")
		expr := rules.Examples[0].Expression
		dry, err := s.DryRun(ctx, city, &rules.DryRunBody{RegionCode: str("370100"), Expression: &expr})
		if err != nil {
			t.Fatal(err)
		}
		var named []string
		for _, m := range dry.Matches {
			named = append(named, m.SourceID)
		}
		if dry.Count != 2 || !slices.Equal(named, []string{"a", "b"}) {
			t.Fatalf("dry run %+v", dry)
		}
		if got := flagged(t, db, "BIG_FINE"); got != nil {
			t.Fatalf("a dry run saved findings: %v", got)
		}
		created, r, err := s.PutCustom(ctx, city, "BIG_FINE", body(expr, true))
		if err != nil || !created || r.Version != 1 || !r.Applied {
			t.Fatalf("put: %v %+v %v", created, r, err)
		}
		if got := flagged(t, db, "BIG_FINE"); !slices.Equal(got, named) {
			t.Fatalf("flagged %v, dry run named %v", got, named)
		}
		got, err := w.Cases.GetBySource(ctx, testworld.Robot, "sc", "a")
		if err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(got.Warnings, func(x cases.Warning) bool { return x.Rule == "BIG_FINE" })
		if i < 0 || got.Warnings[i].Severity != "red" || rules.RuleVersion(got.Warnings[i].Key()) != 1 ||
			!strings.Contains(got.Warnings[i].Message, "大额罚款未集体讨论（自定义规则BIG_FINE第1版）") {
			t.Fatalf("warning of case a: %+v", got.Warnings)
		}
		// A new case is judged at once by the hook in the judgement.
		if _, out, err := w.Cases.Put(ctx, testworld.Robot, pushed("f", 9_000_000, false)); err != nil ||
			!slices.ContainsFunc(out.Warnings, func(x cases.Warning) bool { return x.Rule == "BIG_FINE" }) {
			t.Fatalf("new case: %v %v", out, err)
		}
		// Version 2 (a higher threshold): warnings are of version 2.
		_, r, err = s.PutCustom(ctx, city, "BIG_FINE", body(strings.Replace(expr, "5000000", "5500000", 1), true))
		if err != nil || r.Version != 2 {
			t.Fatalf("v2: %+v %v", r, err)
		}
		if got := flagged(t, db, "BIG_FINE"); !slices.Equal(got, []string{"a", "f"}) {
			t.Fatalf("v2 flagged %v", got)
		}
		n := 0
		db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM findings WHERE rule = 'BIG_FINE' AND status = 'open' AND fkey <> 'v2'`).Scan(&n)
		if n != 0 {
			t.Fatalf("%d open findings of version 1", n)
		}
		vs, err := s.Versions(ctx, city, "BIG_FINE")
		if err != nil || len(vs) != 2 || vs[0].Version != 2 || !strings.Contains(vs[1].Expression, "5000000") {
			t.Fatalf("versions %v %v", vs, err)
		}
		// Off: its warnings go.
		if _, _, err := s.PutCustom(ctx, city, "BIG_FINE", body(expr, false)); err != nil {
			t.Fatal(err)
		}
		if got := flagged(t, db, "BIG_FINE"); got != nil {
			t.Fatalf("disabled, still flagged %v", got)
		}
		list, err := s.List(ctx, city, "370102")
		if err != nil {
			t.Fatal(err)
		}
		j := slices.IndexFunc(list, func(r rules.Rule) bool { return r.Code == "BIG_FINE" })
		if j < 0 || list[j].Kind != "custom" || list[j].Enabled || list[j].Version != 3 || list[j].SetIn != "370100" || list[j].Severity != "red" {
			t.Fatalf("listed %+v", list)
		}
	})
}

func TestCustomRuleRefusals(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w, s := newWorld(t, db)
		city := testworld.As("city")
		for _, c := range []struct {
			code  string
			p     *auth.Principal
			b     *rules.CustomBody
			field string
			kind  string
		}{
			{"DOUBLE_FINE", city, body("true", true), "code", apperr.Invalid},
			{"ab", city, body("true", true), "code", apperr.Invalid},
			{"GOOD_CODE", city, body("case.procedure ==", true), "expression", apperr.Invalid},
			{"GOOD_CODE", city, body("1 + 1", true), "expression", apperr.Invalid},
			{"GOOD_CODE", city, &rules.CustomBody{Expression: str("true")}, "name", apperr.Invalid},
			{"GOOD_CODE", testworld.As("officer"), body("true", true), "", apperr.Forbidden},
			{"GOOD_CODE", testworld.As("supervisor"), body("true", true), "", apperr.Forbidden}, // the county may not set the city's
		} {
			_, _, err := s.PutCustom(w.Ctx, c.p, c.code, c.b)
			e, ok := err.(*apperr.Error)
			if !ok || e.Code != c.kind || (c.field != "" && e.Fields[c.field] == "") {
				t.Errorf("%s by %s: %v, want %s on %q", c.code, c.p.Username, err, c.kind, c.field)
			}
		}
		_, _, err := s.PutCustom(w.Ctx, city, "GOOD_CODE", body("case.procedure ==", true))
		if msg := err.(*apperr.Error).Fields["expression"]; !strings.Contains(msg, "第1行第18列") {
			t.Errorf("position: %s", msg)
		}
		n := 0
		db.R.QueryRowContext(w.Ctx, `SELECT COUNT(*) FROM custom_rules`).Scan(&n)
		if n != 0 {
			t.Errorf("a refusal wrote %d rules", n)
		}
	})
}

// A city's setting binds its counties: they may tighten it, not loosen it;
// a switch off stops the rule's new warnings in the subtree.
func TestSettingsBindLowerLevels(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w, s := newWorld(t, db)
		ctx := w.Ctx
		city, county := testworld.As("city"), testworld.As("supervisor")
		lead := func(n int64) *rules.SettingBody {
			return &rules.SettingBody{Enabled: yes(true), Params: map[string]int64{"lead_workdays": n}}
		}
		if _, _, err := s.PutSetting(ctx, city, "DECISION_OVERDUE", "370100", lead(3)); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			b     *rules.SettingBody
			field string
		}{
			{lead(1), "params.lead_workdays"},
			{&rules.SettingBody{Enabled: yes(false)}, "enabled"},
		} {
			_, _, err := s.PutSetting(ctx, county, "DECISION_OVERDUE", "370102", c.b)
			e, ok := err.(*apperr.Error)
			if !ok || e.Code != apperr.Invalid || !strings.Contains(e.Fields[c.field], "济南市") {
				t.Errorf("loosening %s: %v", c.field, err)
			}
		}
		if _, _, err := s.PutSetting(ctx, county, "DECISION_OVERDUE", "370102", lead(5)); err != nil {
			t.Fatalf("tightening: %v", err)
		}
		if _, _, err := s.PutSetting(ctx, county, "DECISION_OVERDUE", "370100", lead(9)); err == nil || err.(*apperr.Error).Code != apperr.Forbidden {
			t.Errorf("a county set the city: %v", err)
		}
		if _, _, err := s.PutSetting(ctx, city, "NO_SUCH_RULE", "370100", lead(1)); err == nil || err.(*apperr.Error).Code != apperr.NotFound {
			t.Errorf("unknown rule: %v", err)
		}
		if _, _, err := s.PutSetting(ctx, city, "DECISION_OVERDUE", "370100", &rules.SettingBody{Enabled: yes(true), Params: map[string]int64{"lead_workdays": 99}}); err == nil {
			t.Errorf("out of range accepted")
		}
		in := func(region string) rules.Rule {
			list, err := s.List(ctx, city, region)
			if err != nil {
				t.Fatal(err)
			}
			return list[slices.IndexFunc(list, func(r rules.Rule) bool { return r.Code == "DECISION_OVERDUE" })]
		}
		if r := in("370102"); r.Params["lead_workdays"] != 5 || r.SetIn != "370102" || !r.Enabled {
			t.Errorf("county: %+v", r)
		}
		if r := in("370103"); r.Params["lead_workdays"] != 3 || r.SetIn != "370100" || r.Version != 1 {
			t.Errorf("other county: %+v", r)
		}
		// The lead time reaches the judgement: 5 working days before 06-03.
		c := pushed("open", 100_000, false)
		c.Facts.ActDate, c.Events = "2026-03-01", c.Events[:2]
		c.Events[0].At, c.Events[1].At = "2026-03-20", "2026-03-21" // decision due 2026-06-18
		_, out, err := w.Cases.Put(ctx, testworld.Robot, c)
		if err != nil {
			t.Fatal(err)
		}
		if i := slices.IndexFunc(out.Warnings, func(x cases.Warning) bool { return x.Rule == "DECISION_OVERDUE" }); i < 0 ||
			out.Warnings[i].Severity != "yellow" || !strings.Contains(out.Warnings[i].Message, "临期预警") {
			t.Fatalf("lead warning: %+v", out.Warnings)
		}
		// The city switches it off (the county's own setting is on, so only
		// the city's other counties lose it).
		if _, _, err := s.PutSetting(ctx, city, "DECISION_OVERDUE", "370100", &rules.SettingBody{Enabled: yes(false)}); err != nil {
			t.Fatal(err)
		}
		c2 := pushed("open2", 100_000, false)
		c2.RegionCode, c2.AgencyCode = "370103", testworld.Other
		c2.Events = c2.Events[:2]
		c2.Events[0].Officers, c2.Events[1].Officers = []string{testworld.CertOther, testworld.CertOther2}, []string{testworld.CertOther, testworld.CertOther2}
		_, out, err = w.Cases.Put(ctx, testworld.Robot, c2) // filed 03-05: 90 days ran out 06-03
		if err != nil {
			t.Fatal(err)
		}
		if slices.ContainsFunc(out.Warnings, func(x cases.Warning) bool { return x.Rule == "DECISION_OVERDUE" }) {
			t.Fatalf("switched off in 370103, still: %+v", out.Warnings)
		}
		_ = fmt.Sprint()
	})
}
