package assess_test

import (
	"testing"

	"zfjd/internal/apperr"
	"zfjd/internal/assess"
	"zfjd/internal/cases"
	"zfjd/internal/ident"
	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
)

// Each row cites the rule it states (domain-research §1.8).
func TestPoints(t *testing.T) {
	ind := func(code string) assess.Indicator {
		for _, i := range assess.DefaultSet {
			if i.Code == code {
				return i
			}
		}
		t.Fatalf("the default set has no %s", code)
		return assess.Indicator{}
	}
	closure := ind("closure")
	for _, tc := range []struct {
		ind   assess.Indicator
		value float64
		want  float64
		why   string
	}{
		{closure, 0.95, 10, "结案率 ≥ 90 %: full points"},
		{closure, 0.9, 10, "exactly 90 %"},
		{closure, 0.85, 9, "one point off per 10 points below, a part counts whole"},
		{closure, 0.7, 8, "20 points below: −2"},
		{closure, 0, 1, "90 points below: −9"},
		{ind("annulled"), 2, 6, "复议撤销/变更 each −2"},
		{ind("annulled"), 9, 0, "never below 0"},
		{ind("training"), 20, 2.5, "training: half the 40 学时 target, half the points"},
		{ind("training"), 80, 5, "at most the weight"},
		{ind("exam"), 0.829, 4.1, "考试合格率 82.9 %: that share of the 5 points"},
		{ind("exam"), 1, 5, "all who sat passed (or none sat): full points"},
		{ind("exam"), 0, 0, "none passed"},
		{ind("publicity"), 1, 5, "公示及时率 100 % (国办发〔2018〕118号: 7 working days)"},
		{ind("publicity"), 0.85, 3, "one point off per 10 points below, a part counts whole"},
		{ind("ontime"), 0.8, 4, "按期办理率 (处罚法 Arts. 60, 61): that share of the 5 points"},
		{ind("supervision"), 0.5, 2.5, "half the 意见书、决定书 reported in time (监督条例 Arts. 28, 29)"},
		{ind("ratings"), 2.0 / 3, 3.3, "two of three enterprises satisfied"},
	} {
		if got := tc.ind.Points(tc.value); got != tc.want {
			t.Errorf("%s %v: %v, want %v (%s)", tc.ind.Code, tc.value, got, tc.want, tc.why)
		}
	}
	// 法律培训 feeds 评议考核 by default (issue 19): both of its sources are in the set.
	// So do the live sources of issue 15 (on-time, 公示, supervision, ratings).
	for _, src := range []string{"training_hours", "exam_pass_rate", "cert_rate", "ontime_all", "publicity_timely",
		"supervision_execution", "inspection_rating", "complaint_satisfaction"} {
		found := false
		for _, i := range assess.DefaultSet {
			found = found || i.Source == src
		}
		if !found {
			t.Errorf("the default set does not use %s", src)
		}
	}
	if err := assess.Check(assess.DefaultSet); err != nil {
		t.Errorf("the default set: %v", err)
	}
	bad := append([]assess.Indicator{}, assess.DefaultSet...)
	bad[0].Weight = 5
	if err := assess.Check(bad); err == nil {
		t.Error("a set of 95 points passes")
	}
}

// Three agencies of 济南市 ranked from their live data; the ranking
// changes when one agency's 案卷评查 score does, and with an adjustment.
func TestRanking(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		third, err := ident.MakeUSCC('1', '1', "370104", "00000431")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := registry.PutAgency(w.Ctx, db, w.Admin, &registry.Agency{Code: third, Name: "济南市槐荫区市场监督管理局",
			Kind: "enforcement", RegionCode: "370104", Domain: "市场监管"}); err != nil {
			t.Fatal(err)
		}
		two := []string{testworld.CertA, testworld.CertB}
		put := func(id, agency, region string, closed bool) {
			c := testworld.NewCase()
			c.SourceSystem, c.SourceID, c.AgencyCode, c.RegionCode = "sc-market", id, agency, region
			c.Events = []cases.Event{{Type: "filed", At: "2026-02-02", Officers: two},
				{Type: "decided", At: "2026-02-20", Outcome: "penalty", Tier: "ordinary", Penalties: []cases.Penalty{{Kind: "warning"}}},
				{Type: "published", At: "2026-02-22"}}
			if closed {
				c.Events = append(c.Events, cases.Event{Type: "closed", At: "2026-03-01", Reason: "executed"})
			}
			if _, _, err := w.Cases.Put(w.Ctx, testworld.Robot, c); err != nil {
				t.Fatalf("%s: %v", id, err)
			}
		}
		// Under the default set: 历下区 1 of 2 closed (结案率 50 %: −4) → 76;
		// 市中区 2 of 2 → 80 (neither delivered its decisions: 按期办理率 0 of
		// 5); 槐荫区 nothing filed (按期办理率 full), but no officer holds a
		// certificate (−10) → 75.
		put("A-1", testworld.Agency, testworld.Region, true)
		put("A-2", testworld.Agency, testworld.Region, false)
		put("B-1", testworld.Other, "370103", true)
		put("B-2", testworld.Other, "370103", true)
		city := testworld.As("city")
		rank := func() []string {
			t.Helper()
			r, err := assess.Compute(w.Ctx, db, city, "2026", "")
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, s := range r.Agencies {
				out = append(out, s.Code)
			}
			return out
		}
		got := rank()
		if len(got) != 3 || got[0] != testworld.Other || got[1] != testworld.Agency || got[2] != third {
			t.Fatalf("ranking %v: want 市中区, 历下区, 槐荫区", got)
		}
		// A 案卷评查 of 市中区 at 40 points costs it 9 of 15 (71): it falls last.
		must := func(q string, args ...any) {
			t.Helper()
			if _, err := db.W.ExecContext(w.Ctx, q, args...); err != nil {
				t.Fatal(err)
			}
		}
		must(`INSERT INTO review_standards (body_region, name, version, items, created_by, created_at) VALUES ('370100', '标准', 1, '[]', 't', 0)`)
		must(`INSERT INTO review_campaigns (body_region, name, year, standard_id, agency_codes, seed, status, created_by, created_at)
			VALUES ('370100', '2026年评查', 2026, (SELECT MAX(id) FROM review_standards), '[]', 's', 'published', 't', 0)`)
		must(`INSERT INTO review_files (campaign_id, case_id, agency_code, region_code, status, final_score)
			VALUES ((SELECT MAX(id) FROM review_campaigns), 1, $1, '370103', 'final', 40)`, testworld.Other)
		got = rank()
		if got[0] != testworld.Agency || got[1] != third || got[2] != testworld.Other {
			t.Fatalf("after 市中区's review score of 40: %v", got)
		}
		if err := assess.Adjust(w.Ctx, db, city, "2026", third, "7.5", "集中整治成效突出"); err != nil {
			t.Fatal(err)
		}
		if got = rank(); got[0] != third {
			t.Errorf("after +7.5 for 槐荫区 (82.5): %v", got)
		}
		var audits int
		db.R.QueryRow(`SELECT COUNT(*) FROM audit_log WHERE action = 'adjust'`).Scan(&audits)
		if audits != 1 {
			t.Errorf("adjustment audit rows %d", audits)
		}
		for _, tc := range []struct {
			err  error
			code string
		}{
			{assess.Adjust(w.Ctx, db, city, "2026", testworld.Agency, "5", ""), apperr.Invalid},
			{assess.Adjust(w.Ctx, db, testworld.As("supervisor"), "2026", testworld.Other, "5", "理由"), apperr.NotFound},
			{assess.Adjust(w.Ctx, db, testworld.As("head"), "2026", testworld.Agency, "5", "理由"), apperr.Forbidden},
			{assess.Enter(w.Ctx, db, city, "2026", testworld.Agency, "external", "101"), apperr.Invalid},
		} {
			if !apperr.Is(tc.err, tc.code) {
				t.Errorf("%v, want %s", tc.err, tc.code)
			}
		}
		if err := assess.Enter(w.Ctx, db, city, "2026", third, "corrections", "3"); err != nil {
			t.Fatal(err)
		}
		r, _ := assess.Compute(w.Ctx, db, city, "2026", "")
		for _, s := range r.Agencies {
			if s.Code == third && s.Values["corrections"].Points != 4 {
				t.Errorf("three corrections: %v points, want 4", s.Values["corrections"].Points)
			}
		}
	})
}
