package cases

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/calendar"
	"zfjd/internal/clock"
	"zfjd/internal/discretion"
	"zfjd/internal/law"
	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
)

var (
	bg    = context.Background()
	admin = &auth.Principal{ID: 1, Name: "系统管理员", Role: auth.RoleAdmin}
	robot = &auth.Principal{ID: 2, Name: "对接", Role: auth.RoleIntegration, Region: "370102"}
)

// These tests run one after another on the package's shared fixture:
// testDay is the pinned day and testRanges the benchmark source of the
// service the wrappers below build (no package globals are involved).
var (
	testDay              = "2024-12-01"
	testRanges RangeFunc = BenchmarkRanges
)

// setClock pins "today" for the rules; restored after the test.
func setClock(t *testing.T, day string) {
	old := testDay
	testDay = day
	t.Cleanup(func() { testDay = old })
}

func tctx() context.Context { return clock.With(bg, clock.Pinned(testDay)) }

func svcOf(db *store.DB) *Service { return NewService(db, calendar.RulesCalendar, testRanges) }

// Put, GetBySource, ListWarnings and DailyPass call the service as of testDay.
func Put(_ context.Context, db *store.DB, p *auth.Principal, c *Case) (bool, *Case, error) {
	return svcOf(db).Put(tctx(), p, c)
}

func GetBySource(_ context.Context, db *store.DB, p *auth.Principal, sys, id string) (*Case, error) {
	return svcOf(db).GetBySource(tctx(), p, sys, id)
}

func ListWarnings(_ context.Context, db *store.DB, p *auth.Principal, f *WarningFilter) ([]*Warning, error) {
	return svcOf(db).ListWarnings(tctx(), p, f)
}

func DailyPass(_ context.Context, db *store.DB, _ any) (int, error) {
	return svcOf(db).DailyPass(tctx())
}

// seed registers the agency, matter and base officers of the rule table.
func seed(t *testing.T, db *store.DB) { seedTB(t, db) }

func seedTB(t testing.TB, db *store.DB) {
	t.Helper()
	ag := &registry.Agency{Code: baseCase().AgencyCode, Name: "历下区市场监督管理局", Kind: "enforcement", RegionCode: "370102"}
	if _, err := registry.PutAgency(bg, db, admin, ag); err != nil {
		t.Fatal(err)
	}
	m := &registry.Matter{Code: "T-MATTER", Name: "测试事项", Kind: "penalty", AgencyCodes: []string{ag.Code}}
	if _, err := registry.PutMatter(bg, db, admin, m); err != nil {
		t.Fatal(err)
	}
	putOfficers(t, db, baseOfficers)
	if err := calendar.Seed(bg, db); err != nil {
		t.Fatal(err)
	}
	// The rule table's cases share one party, matter and act date: the
	// rules over other cases are off here and tested in rules_cross_test.go.
	for _, r := range []string{"DOUBLE_FINE", "SIMILAR_CASE_DISPARITY"} {
		if _, err := db.W.ExecContext(bg, `INSERT INTO rule_settings (rule, region_code, enabled, params_json, version, updated_at)
			VALUES ($1, '370000', 0, '{}', 1, 0)`, r); err != nil {
			t.Fatal(err)
		}
	}
}

func putOfficers(t testing.TB, db *store.DB, os map[string]OfficerCert) {
	t.Helper()
	for _, no := range slices.Sorted(maps.Keys(os)) {
		o := os[no]
		r := &registry.Officer{CertNo: no, Name: o.Name, AgencyCode: baseCase().AgencyCode, CertValidFrom: o.ValidFrom,
			CertValidTo: o.ValidTo, CertStatus: o.Status, StatusSince: o.StatusSince, Qualifications: o.Qualifications}
		if _, err := registry.PutOfficer(bg, db, admin, r); err != nil {
			t.Fatalf("officer %s: %v", no, err)
		}
	}
}

// applyKnobs turns a row's environment into stored settings.
func applyKnobs(t *testing.T, db *store.DB, k *knobs) {
	t.Helper()
	setClock(t, k.today)
	putOfficers(t, db, k.extraOfficers)
	days := k.publicityDays
	if days == 0 {
		days = DefaultPublicityDays
	}
	ag := baseCase().AgencyCode
	exec(t, db, `UPDATE agencies SET publicity_days = $1 WHERE code = $2`, days, ag)
	exec(t, db, `DELETE FROM agency_case_rules`)
	matters := ""
	if k.reviewMatter {
		matters = "X-1, T-MATTER"
	}
	var kinds *string
	if k.hearingKinds != nil {
		kinds = ptr(strings.Join(*k.hearingKinds, ","))
	}
	exec(t, db, `INSERT INTO agency_case_rules (agency_code, review_matters, hearing_person_fen, hearing_org_fen, statement_days,
		hearing_kinds, updated_at) VALUES ($1, $2, $3, $4, $5, $6, 0)`, ag, matters, k.hearingPersonFen, k.hearingOrgFen, k.statementDays, kinds)
	exec(t, db, `UPDATE matters SET criminal_threshold_fen = $1 WHERE code = 'T-MATTER'`, k.criminalFen)
	st := k.statutory
	if st == nil {
		st = &StatutoryRange{}
	}
	exec(t, db, `UPDATE matters SET statutory_fine_min_fen = $1, statutory_fine_max_fen = $2, statutory_multiple_min = $3,
		statutory_multiple_max = $4, statutory_multiple_of = $5, statutory_multiple_from_fen = $6, statutory_basis = $7 WHERE code = 'T-MATTER'`,
		st.MinFen, st.MaxFen, st.MultipleMin, st.MultipleMax, st.MultipleOf, st.MultipleFromFen, st.Basis)
	old := testRanges
	t.Cleanup(func() { testRanges = old })
	testRanges = nil
	if f := k.rangeFunc(); f != nil {
		testRanges = func(ctx context.Context, q store.Querier, matter, region, on, tier string) (*FineRange, error) {
			return f(tier, law.MustParseDate(on)), nil
		}
	}
}

func exec(t *testing.T, db *store.DB, q string, args ...any) {
	t.Helper()
	if _, err := db.W.ExecContext(bg, q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

func count(t *testing.T, db *store.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := db.R.QueryRowContext(bg, q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestRulesStored runs the whole rule table through storage on SQLite and
// PostgreSQL: Put as an integration token would, read back with Get and the
// warnings list, and replay without duplicating anything.
func TestRulesStored(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		seed(t, db)
		for i, r := range append(slices.Clone(ruleTable), statutoryTable...) {
			t.Run(r.name, func(t *testing.T) {
				c := baseCase()
				k := newKnobs()
				r.mut(c, k)
				applyKnobs(t, db, k)
				c.SourceID = fmt.Sprint("row-", i)
				created, out, err := Put(bg, db, robot, c)
				if err != nil || !created {
					t.Fatalf("Put: created=%v err=%v", created, err)
				}
				checkRow(t, r, out.Warnings)
				got, err := GetBySource(bg, db, robot, "t", c.SourceID)
				if err != nil {
					t.Fatal(err)
				}
				checkRow(t, r, got.Warnings)
				if !maps.Equal(got.Deadlines, out.Deadlines) || got.Status != out.Status {
					t.Errorf("read back %v %s, wrote %v %s", got.Deadlines, got.Status, out.Deadlines, out.Status)
				}
				f := &WarningFilter{SourceSystem: "t", SourceID: c.SourceID}
				ws, err := ListWarnings(bg, db, robot, f)
				if err != nil || len(ws) != len(out.Warnings) {
					t.Fatalf("ListWarnings: %d, %v; want %d", len(ws), err, len(out.Warnings))
				}
				// Replaying the same body changes nothing.
				again := baseCase()
				r.mut(again, newKnobs())
				again.SourceID = c.SourceID
				before := count(t, db, `SELECT COUNT(*) FROM findings`)
				audits := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE entity = 'case'`)
				created, _, err = Put(bg, db, robot, again)
				if err != nil || created {
					t.Fatalf("replay: created=%v err=%v", created, err)
				}
				if n := count(t, db, `SELECT COUNT(*) FROM findings`); n != before {
					t.Errorf("replay changed warnings %d → %d", before, n)
				}
				if n := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE entity = 'case'`); n != audits {
					t.Errorf("replay was audited")
				}
			})
		}
	})
}

// A fix resolves a warning; time passing opens one (the daily pass).
func TestWarningLifecycle(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		seed(t, db)
		setClock(t, "2024-06-01")
		c := baseCase()
		drop(c, "notified", "decided", "delivered", "published", "paid")
		if _, out, err := Put(bg, db, robot, c); err != nil || len(out.Warnings) != 0 {
			t.Fatalf("open case: %v %v", err, out)
		}
		setClock(t, "2024-06-05")
		n, err := DailyPass(bg, db, nil)
		if err != nil || n != 1 {
			t.Fatalf("daily pass re-judged %d, %v", n, err)
		}
		ws, _ := ListWarnings(bg, db, robot, &WarningFilter{Rule: "DECISION_OVERDUE"})
		if len(ws) != 1 || ws[0].Severity != "red" || ws[0].Status != "open" {
			t.Fatalf("after the deadline: %+v", ws)
		}
		if n, _ := DailyPass(bg, db, nil); n != 0 {
			t.Errorf("second pass on the same day re-judged %d", n)
		}
		// The source then reports the decision: the open warning turns into a
		// late one (yellow), and nothing is duplicated.
		c = baseCase()
		drop(c, "published", "paid", "delivered")
		ev(c, "decided").At = "2024-06-04"
		if _, out, err := Put(bg, db, robot, c); err != nil || codes(out.Warnings)[0] != "DECISION_OVERDUE" || out.Warnings[0].Severity != "yellow" {
			t.Fatalf("late decision: %v %+v", err, out)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM findings WHERE rule = 'DECISION_OVERDUE'`); n != 1 {
			t.Errorf("%d DECISION_OVERDUE rows", n)
		}
		// A corrected body resolves it.
		ev(c, "decided").At = "2024-06-03"
		if _, out, err := Put(bg, db, robot, c); err != nil || len(out.Warnings) != 0 {
			t.Fatalf("corrected: %v %+v", err, out.Warnings)
		}
		ws, _ = ListWarnings(bg, db, robot, &WarningFilter{Status: "resolved"})
		if len(ws) != 1 || ws[0].Rule != "DECISION_OVERDUE" {
			t.Errorf("resolved: %+v", ws)
		}
	})
}

// Bad input answers with field messages and writes nothing; outside the
// token's jurisdiction the answer is forbidden.
func TestPutRefuses(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		seed(t, db)
		setClock(t, "2024-12-01")
		for _, c := range []struct {
			name  string
			mut   func(c *Case)
			code  string
			field string
		}{
			{"unknown event", func(c *Case) { c.Events[0].Type = "teleported" }, apperr.Invalid, "events[0].type"},
			{"impossible date", func(c *Case) { c.Events[1].At = "2024-02-30" }, apperr.Invalid, "events[1].at"},
			{"future date", func(c *Case) { c.Events[1].At = "2025-01-05" }, apperr.Invalid, "events[1].at"},
			{"bad USCC", func(c *Case) { c.Party.IDNumber = "91370102MA3C5R2K0N" }, apperr.Invalid, "party.id_number"},
			{"bad ID card", func(c *Case) { c.Party = Party{Kind: "person", Name: "张三", IDNumber: "370102198503140013"} }, apperr.Invalid, "party.id_number"},
			{"end before start", func(c *Case) { c.Facts.ActEndDate = ptr("2024-02-01") }, apperr.Invalid, "facts.act_end_date"},
			{"unknown region", func(c *Case) { c.RegionCode = "379999" }, apperr.Invalid, "region_code"},
			{"bad tier", func(c *Case) { ev(c, "decided").Tier = "harsh" }, apperr.Invalid, "events[3].tier"},
			{"unknown penalty", func(c *Case) { ev(c, "decided").Penalties[0].Kind = "caning" }, apperr.Invalid, "events[3].penalties[0].kind"},
			{"outside jurisdiction", func(c *Case) { c.RegionCode = "370103" }, apperr.Forbidden, ""},
		} {
			t.Run(c.name, func(t *testing.T) {
				x := baseCase()
				x.SourceID = "bad"
				c.mut(x)
				_, _, err := Put(bg, db, robot, x)
				ae := apperr.As(err)
				if err == nil || ae.Code != c.code || (c.field != "" && ae.Fields[c.field] == "") {
					t.Fatalf("got %v %v", err, ae)
				}
				if n := count(t, db, `SELECT COUNT(*) FROM cases`); n != 0 {
					t.Errorf("%d cases written", n)
				}
			})
		}
	})
}

// The stored benchmark (C4) is what FINE_OUT_OF_RANGE reads: the province
// version in force on the decision date (处罚法 Art. 34).
func TestFineRangeFromStoredBenchmark(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		seed(t, db)
		setClock(t, "2024-12-01")
		fen := func(n int64) *int64 { return &n }
		for _, v := range []struct {
			from string
			max  int64
		}{{"2024-01-01", 600000}, {"2024-06-02", 300000}} {
			in := &discretion.Input{MatterCode: "T-MATTER", RegionCode: "370000", EffectiveFrom: v.from,
				Tiers: []discretion.Tier{{Tier: "ordinary", FineMinFen: fen(100000), FineMaxFen: fen(v.max)}}}
			if _, err := discretion.Put(bg, db, admin, in); err != nil {
				t.Fatal(err)
			}
		}
		c := baseCase()
		if _, out, err := Put(bg, db, robot, c); err != nil || len(out.Warnings) != 0 {
			t.Fatalf("decided 06-01 under the first version (max 6000元): %v %+v", err, out.Warnings)
		}
		c = baseCase()
		c.SourceID = "later"
		ev(c, "decided").At = "2024-06-03"
		_, out, err := Put(bg, db, robot, c)
		if err != nil || !slices.Equal(codes(out.Warnings), []string{"FINE_OUT_OF_RANGE"}) ||
			!strings.Contains(out.Warnings[0].Message, "2024-06-02起施行") {
			t.Fatalf("decided 06-03 under the second version (max 3000元): %v %s", err, messages(out.Warnings))
		}
	})
}

// The agency's review list and 较大数额 (处罚法 Art. 58(四), 63(一)) are
// read from its stored settings.
func TestAgencyRulesStored(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		seed(t, db)
		setClock(t, "2024-12-01")
		ag := baseCase().AgencyCode
		target := auth.Target{Region: "370102", Agencies: []string{ag}}
		officer := &auth.Principal{Name: "执法员", Role: auth.RoleOfficer, Region: "370102", Agency: ag}
		if err := PutAgencyRules(bg, db, officer, target, &AgencyRules{AgencyCode: ag}); !apperr.Is(err, apperr.Forbidden) {
			t.Fatalf("officer set agency rules: %v", err)
		}
		rules := &AgencyRules{AgencyCode: ag, ReviewMatters: ParseCodes("X-1，T-MATTER"), HearingOrgFen: 5_000_000}
		if err := PutAgencyRules(bg, db, admin, target, rules); err != nil {
			t.Fatal(err)
		}
		got, err := GetAgencyRules(bg, db.R, ag)
		if err != nil || !slices.Equal(got.ReviewMatters, []string{"X-1", "T-MATTER"}) || got.HearingOrgFen != 5_000_000 {
			t.Fatalf("stored rules %+v %v", got, err)
		}
		if *got.StatementDays != DefaultStatementDays || got.HearingKinds != nil {
			t.Errorf("unset: 陈述申辩 %d days (want the default 5), hearing kinds %v (want not set)", *got.StatementDays, got.HearingKinds)
		}
		c := baseCase()
		ev(c, "notified").HearingRight = ptr(false)
		fine(c, 6_000_000)
		_, out, err := Put(bg, db, robot, c)
		if err != nil || !slices.Equal(codes(out.Warnings), []string{"HEARING_RIGHT_MISSING", "LEGAL_REVIEW_MISSING"}) {
			t.Fatalf("%v %s", err, messages(out.Warnings))
		}

		// Exchange v1.1: the 陈述申辩 period and the hearing kinds are the
		// agency's; a later save that leaves them out keeps them.
		three, kinds := 3, []string{"restrict_business"}
		rules.StatementDays, rules.HearingKinds = &three, &kinds
		if err := PutAgencyRules(bg, db, admin, target, rules); err != nil {
			t.Fatal(err)
		}
		if err := PutAgencyRules(bg, db, admin, target, &AgencyRules{AgencyCode: ag, HearingOrgFen: 5_000_000}); err != nil {
			t.Fatal(err)
		}
		got, err = GetAgencyRules(bg, db.R, ag)
		if err != nil || *got.StatementDays != 3 || got.HearingKinds == nil || !slices.Equal(*got.HearingKinds, kinds) || len(got.ReviewMatters) != 0 {
			t.Fatalf("after a save without them: %+v %v", got, err)
		}
		c = baseCase()
		c.SourceID = "v11"
		ev(c, "notified").HearingRight = ptr(false)
		ev(c, "notified").At = "2024-05-28" // 3 working days end 05-31
		ev(c, "decided").Penalties = []Penalty{{Kind: "restrict_business"}}
		drop(c, "paid")
		_, out, err = Put(bg, db, robot, c)
		if err != nil || !slices.Equal(codes(out.Warnings), []string{"HEARING_RIGHT_MISSING"}) || out.Deadlines["statement"] != "2024-05-31" {
			t.Fatalf("%v %s %v", err, messages(out.Warnings), out.Deadlines)
		}
		for _, bad := range []*AgencyRules{
			{AgencyCode: ag, StatementDays: ptr(0)},
			{AgencyCode: ag, HearingKinds: &[]string{"revoke_license"}},
			{AgencyCode: ag, HearingKinds: &[]string{"caning"}},
		} {
			if err := PutAgencyRules(bg, db, admin, target, bad); !apperr.Is(err, apperr.Invalid) {
				t.Errorf("%+v accepted: %v", bad, err)
			}
		}
	})
}
