package training_test

import (
	"strconv"
	"testing"

	"zfjd/internal/assess"
	"zfjd/internal/report"
	"zfjd/internal/stats"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/training"
)

// TestResultsFeedAssessmentAndCertRate: a published 年检 session's pass
// rate reaches the statistics per agency and per region (drilled down
// from the city to the district), the assessment's exam_pass_rate source
// (评议考核) and, through the failed officer's suspended certificate
// (《山东省行政执法监督条例》第十条: only who passed may enforce), the
// 年报's 持证率.
func TestResultsFeedAssessmentAndCertRate(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		s := training.NewService(db)
		sup, city := testworld.As("supervisor"), testworld.As("city")
		seedBank(t, w, s, testworld.Region, 6)
		before, err := stats.CertsOf(w.Ctx, db, city, testworld.Region, testworld.Agency)
		if err != nil {
			t.Fatal(err)
		}
		e := &training.Exam{Kind: "annual", Title: "年检考试", RegionCode: testworld.Region, SittingOn: testworld.Today, Minutes: 30,
			Questions: 5, PassScore: 60}
		if err := s.CreateExam(w.Ctx, sup, e); err != nil {
			t.Fatal(err)
		}
		if _, err := s.AddSeats(w.Ctx, sup, e.ID, []string{testworld.CertA, testworld.CertB}); err != nil {
			t.Fatal(err)
		}
		sit(t, w.Ctx, s, "officer", e.ID, true)
		sit(t, w.Ctx, s, "officer2", e.ID, false)
		if _, err := s.Publish(w.Ctx, sup, e.ID); err != nil {
			t.Fatal(err)
		}
		year := e.Year

		// The city's breakdown has the district as a row to drill into; the
		// district's lists its agency.
		b, err := s.StatsIn(w.Ctx, city, year, "")
		if err != nil {
			t.Fatal(err)
		}
		var district *training.AgencyStats
		for _, r := range b.Regions {
			if r.RegionCode == testworld.Region {
				district = r
			}
		}
		if b.Region != "370100" || district == nil || district.Sat != 2 || district.Passed != 1 || !b.Drills(district) || b.Total.Sat != 2 {
			t.Fatalf("city breakdown %+v, district %+v", b, district)
		}
		d, err := s.StatsIn(w.Ctx, city, year, testworld.Region)
		if err != nil || d.Up != "370100" || len(d.Agencies) == 0 || d.Total.PassRate() != 50 {
			t.Fatalf("district breakdown %+v %v", d, err)
		}
		// Outside the viewer's jurisdiction the breakdown is the viewer's own.
		if o, err := s.StatsIn(w.Ctx, sup, year, testworld.FarRegion); err != nil || o.Region != testworld.Region || o.Up != "" {
			t.Fatalf("a far region for the district's supervisor: %+v %v", o, err)
		}

		// 评议考核: a set with the exam pass rate reads it from training.
		set := `[{"code":"exam","name":"考试合格率","group":"special","source":"exam_pass_rate","rule":"ratio","weight":100,"target":1}]`
		if _, err := db.W.ExecContext(w.Ctx, `INSERT INTO assess_sets (region_code, year, indicators_json, updated_at) VALUES ('370100', $1, $2, 0)`,
			year, set); err != nil {
			t.Fatal(err)
		}
		r, err := assess.Compute(w.Ctx, db, city, strconv.Itoa(year), "")
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, sc := range r.Agencies {
			v := sc.Values["exam"]
			switch sc.Code {
			case testworld.Agency:
				found = true
				if v.Value != 0.5 || v.Points != 50 || v.Text != "50.0%（1 / 2）" {
					t.Errorf("the agency's exam pass rate %+v", v)
				}
			case testworld.Other:
				if v.Value != 1 || v.Text != "本年无参考人员" {
					t.Errorf("an agency without candidates %+v", v)
				}
			}
		}
		if !found {
			t.Errorf("the agency is not assessed: %+v", r.Agencies)
		}

		// 持证率: the suspended certificate no longer counts as valid.
		after, err := stats.CertsOf(w.Ctx, db, city, testworld.Region, testworld.Agency)
		if err != nil || after.Total != before.Total || after.Valid != before.Valid-1 {
			t.Fatalf("持证率 before %+v after %+v %v", before, after, err)
		}
		// The 年报's 持证率 table reads the same certificate register: the
		// agency's line and the district's total.
		tb, err := report.GetTables(w.Ctx, db, city, strconv.Itoa(year), testworld.Region)
		if err != nil {
			t.Fatal(err)
		}
		var line *report.AgencyTables
		for _, ag := range tb.Agencies {
			if ag.Code == testworld.Agency {
				line = ag
			}
		}
		if line == nil || line.Certs != after || tb.Certs.Valid >= tb.Certs.Total {
			t.Errorf("the 年报's 持证率: the agency's %+v (the register's %+v), the district's %+v", line, after, tb.Certs)
		}
	})
}
