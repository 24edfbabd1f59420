package assess_test

import (
	"testing"

	"zfjd/internal/assess"
	"zfjd/internal/cases"
	"zfjd/internal/ident"
	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
)

// The on-time rates per deadline (《行政处罚法》第六十条 办案, 第六十一条
// 送达, 国办发〔2018〕118号 公示), 公示及时率, the execution of supervision
// documents (《行政执法监督条例》第二十八条、第二十九条) and the enterprises'
// ratings of inspections, each hand-counted for three agencies of 济南市
// with the boundary cases (the last day in time, the day after, the
// previous year, a 临期预警, a cured and a verified warning, a period still
// running), on both engines. The world's day is 2026-06-15.
func TestLiveDeadlineSources(t *testing.T) {
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
		must := func(q string, args ...any) {
			t.Helper()
			if _, err := db.W.ExecContext(w.Ctx, q, args...); err != nil {
				t.Fatal(err)
			}
		}
		// The world's own warnings do not count here (it registers no case in 2026).
		must(`DELETE FROM findings`)
		// 市中区 publishes within 20 working days (市场监管: its own setting).
		must(`UPDATE agencies SET publicity_days = 20 WHERE code = $1`, testworld.Other)
		two := []string{testworld.CertA, testworld.CertB}
		fine := []cases.Penalty{{Kind: "fine", AmountFen: 100000}}
		ev := func(typ, at string) cases.Event { return cases.Event{Type: typ, At: at} }
		decided := func(at string, ps []cases.Penalty) cases.Event {
			return cases.Event{Type: "decided", At: at, Outcome: "penalty", Tier: "ordinary", Penalties: ps}
		}
		put := func(id, agency, region, procedure string, events ...cases.Event) {
			t.Helper()
			c := testworld.NewCase()
			c.SourceSystem, c.SourceID, c.AgencyCode, c.RegionCode, c.Procedure = "sc-market", id, agency, region, procedure
			for i := range events {
				if events[i].Type == "filed" || events[i].Type == "decided" && procedure == "summary" {
					events[i].Officers = two
				}
			}
			c.Events = events
			if _, _, err := w.Cases.Put(w.Ctx, testworld.Robot, c); err != nil {
				t.Fatalf("%s: %v", id, err)
			}
		}
		// 历下区 (7 working days to deliver and to publish, from Monday 2026-03-02: 03-11).
		put("A1", testworld.Agency, testworld.Region, "general", ev("filed", "2026-02-02"), decided("2026-03-02", fine),
			ev("delivered", "2026-03-11"), ev("published", "2026-03-11")) // the last day: in time
		put("A2", testworld.Agency, testworld.Region, "general", ev("filed", "2026-02-02"), decided("2026-03-02", fine),
			ev("delivered", "2026-03-12"), ev("published", "2026-03-12")) // a day late, both
		put("A3", testworld.Agency, testworld.Region, "general", ev("filed", "2026-02-02"),
			decided("2026-03-02", []cases.Penalty{{Kind: "warning"}}), ev("delivered", "2026-03-05")) // a warning alone: no 公示
		put("A4", testworld.Agency, testworld.Region, "general", ev("filed", "2026-01-05")) // undecided past 90 days (due in April)
		put("A5", testworld.Agency, testworld.Region, "general", ev("filed", "2025-10-01"), decided("2026-03-02", fine),
			ev("delivered", "2026-03-03"), ev("published", "2026-03-03")) // decided after 152 days
		put("A6", testworld.Agency, testworld.Region, "summary", decided("2026-03-02", []cases.Penalty{{Kind: "fine", AmountFen: 5000}}),
			ev("delivered", "2026-03-02")) // 当场处罚: handed over, no 公示 due
		// 市中区 (20 working days to publish: 2026-03-30).
		put("B1", testworld.Other, "370103", "general", ev("filed", "2026-02-02"), decided("2026-03-02", fine),
			ev("delivered", "2026-03-03"), ev("published", "2026-03-20")) // in its own period
		put("B2", testworld.Other, "370103", "general", ev("filed", "2026-02-02"), decided("2026-03-02", fine),
			ev("delivered", "2026-03-03")) // never published: late
		put("B3", testworld.Other, "370103", "general", ev("filed", "2025-11-03"), decided("2025-12-30", fine),
			ev("delivered", "2026-01-20")) // delivered late, but decided in 2025
		put("B4", testworld.Other, "370103", "general", ev("filed", "2026-05-04"), decided("2026-06-10", fine),
			ev("delivered", "2026-06-11")) // 公示 period still running
		// Three warnings the rules did not raise: a 临期预警 (a reminder, not
		// late) and a cured one do not count; one supervision verified
		// (已销号) stays late.
		for _, f := range []struct{ id, rule, msg, status, stage string }{
			{"A1", "DELIVERY_OVERDUE", "临期预警：期限至2026-03-11届满，尚余1个工作日，请及时办理", "open", "issued"},
			{"A1", "DECISION_OVERDUE", "立案后应于…前作出决定", "resolved", "cured"},
			{"A3", "DELIVERY_OVERDUE", "决定书应于…前送达，实际于…送达", "resolved", "closed"},
		} {
			must(`INSERT INTO findings (subject_kind, subject_id, rule, fkey, severity, message, basis, due, status, region_code, agency_code,
				first_seen, stage) VALUES ('case', (SELECT id FROM cases WHERE source_id = $1), $2, 'test', 'yellow', $3, 'b', '2026-03-11', $4,
				$5, $6, 0, $7)`, f.id, f.rule, f.msg, f.status, testworld.Region, testworld.Agency, f.stage)
		}
		// Findings written by hand, outside the case service, reach the
		// assessment rollup (case_rollup_assess) through a rebuild, as a
		// bulk load's do.
		if err := cases.RebuildRollup(w.Ctx, db); err != nil {
			t.Fatal(err)
		}
		supervisionCases(t, w, db, third)

		set := []assess.Indicator{
			{Code: "dec", Name: "按期作出决定率", Group: "general", Source: "ontime_decision", Rule: "ratio", Weight: 10, Target: 1},
			{Code: "del", Name: "按期送达率", Group: "general", Source: "ontime_delivery", Rule: "ratio", Weight: 10, Target: 1},
			{Code: "pub", Name: "按期公示率", Group: "general", Source: "ontime_publicity", Rule: "ratio", Weight: 10, Target: 1},
			{Code: "all", Name: "按期办理率", Group: "special", Source: "ontime_all", Rule: "ratio", Weight: 20, Target: 1},
			{Code: "timely", Name: "公示及时率", Group: "special", Source: "publicity_timely", Rule: "ratio", Weight: 10, Target: 1},
			{Code: "exec", Name: "监督决定执行率", Group: "special", Source: "supervision_execution", Rule: "ratio", Weight: 20, Target: 1},
			{Code: "rating", Name: "企业评价满意率", Group: "external", Source: "inspection_rating", Rule: "ratio", Weight: 20, Target: 1},
		}
		if err := assess.Check(set); err != nil {
			t.Fatal(err)
		}
		if err := assess.PutSet(w.Ctx, db, testworld.As("city"), "2026", "370100", &assess.SetForm{Rows: set,
			Groups: map[string]float64{"general": 30, "special": 50, "external": 20}}); err != nil {
			t.Fatal(err)
		}
		r, err := assess.Compute(w.Ctx, db, testworld.As("city"), "2026", "")
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]*assess.Score{}
		for _, s := range r.Agencies {
			got[s.Code] = s
		}
		for _, tc := range []struct {
			agency, code, want, evidence string
		}{
			// 历下区: decided in 2026 A1 A2 A3 A5 A6, with A4 undecided past its period.
			{testworld.Agency, "dec", "66.7%（4 / 6）", "/warnings?agency=" + testworld.Agency + "&rule=DECISION_OVERDUE"},  // A4, A5 late; the cured one not
			{testworld.Agency, "del", "60.0%（3 / 5）", "/warnings?agency=" + testworld.Agency + "&rule=DELIVERY_OVERDUE"},  // A2, A3 (已销号); A1's 临期预警 not
			{testworld.Agency, "pub", "66.7%（2 / 3）", "/warnings?agency=" + testworld.Agency + "&rule=PUBLICITY_OVERDUE"}, // of A1 A2 A5: A2
			{testworld.Agency, "all", "33.3%（2 / 6）", "/warnings?agency=" + testworld.Agency},                             // A2 A3 A4 A5 late
			{testworld.Agency, "timely", "66.7%（2 / 3）", "/public/decisions?agency=" + testworld.Agency},                  // A1 (the last day), A5
			{testworld.Agency, "exec", "33.3%（1 / 3）", "/supervision-cases?agency=" + testworld.Agency},
			{testworld.Agency, "rating", "66.7%（2 / 3），平均4.0分", "/inspections/ratings?agency=" + testworld.Agency},
			// 市中区: decided in 2026 B1 B2 B4 (B3 in 2025).
			{testworld.Other, "dec", "100.0%（3 / 3）", ""},
			{testworld.Other, "del", "100.0%（3 / 3）", ""},
			{testworld.Other, "pub", "66.7%（2 / 3）", ""},    // B2 late; B4 not yet
			{testworld.Other, "all", "66.7%（2 / 3）", ""},    // B2 (its unpaid fine is the party's, not counted)
			{testworld.Other, "timely", "50.0%（1 / 2）", ""}, // B1 in 20 days; B2 past; B4 still running, not counted
			{testworld.Other, "exec", "100.0%（1 / 1）", ""},  // its region's 10 days, on the last day
			{testworld.Other, "rating", "0.0%（0 / 1），平均1.0分", ""},
			// 槐荫区: nothing to count, full marks with the reason.
			{third, "dec", "本年无应计期限的案件", ""},
			{third, "timely", "本年无已公示或公示期限已过的处罚决定", ""},
			{third, "exec", "本年无到期的监督意见书、决定书", ""},
			{third, "rating", "本年无企业评价", ""},
		} {
			s := got[tc.agency]
			if s == nil {
				t.Fatalf("no score of %s", tc.agency)
			}
			v := s.Values[tc.code]
			if v.Text != tc.want || v.Evidence == "" || (tc.evidence != "" && v.Evidence != tc.evidence) {
				t.Errorf("%s %s: %q (evidence %q), want %q (%q)", tc.agency, tc.code, v.Text, v.Evidence, tc.want, tc.evidence)
			}
		}
		if v := got[third].Values["all"]; v.Value != 1 || v.Points != 20 {
			t.Errorf("槐荫区 with no cases: %+v, want full points", v)
		}
		// 历下区: 10×4/6 + 10×3/5 + 10×2/3 + 20×2/6 + 10×2/3 + 20×1/3 + 20×2/3 = 6.7+6+6.7+6.7+6.7+6.7+13.3.
		if s := got[testworld.Agency]; s.Total != 52.8 {
			t.Errorf("历下区 total %v, want 52.8", s.Total)
		}
	})
}

// supervisionCases writes the supervision documents and the inspection
// ratings of the test above: 历下区 under the default 30 days, 市中区's
// region set to 10 days for 意见书.
func supervisionCases(t *testing.T, w *testworld.World, db *store.DB, third string) {
	t.Helper()
	must := func(q string, args ...any) {
		t.Helper()
		if _, err := db.W.ExecContext(w.Ctx, q, args...); err != nil {
			t.Fatal(err)
		}
	}
	must(`INSERT INTO supervision_settings (region_code, fulfilment_days, correction_days, execution_days, updated_at) VALUES ('370103', 30, 10, 30, 0)`)
	type act struct{ typ, at, data string }
	for i, c := range []struct {
		agency, region string
		acts           []act
	}{
		{testworld.Agency, testworld.Region, []act{{"opinion", "2026-03-01", `{"delivered_on":"2026-03-02"}`}, {"corrected", "2026-04-01", `{}`}}}, // due 04-01: in time
		{testworld.Agency, testworld.Region, []act{{"opinion", "2026-03-01", `{"delivered_on":"2026-03-02"}`}, {"corrected", "2026-04-02", `{}`}}}, // a day late
		{testworld.Agency, testworld.Region, []act{{"decision", "2026-03-02", `{"delivered_on":"2026-03-02"}`}}},                                   // never reported
		{testworld.Agency, testworld.Region, []act{{"opinion", "2026-06-01", `{"delivered_on":"2026-06-01"}`}}},                                    // due 07-01: running
		{testworld.Other, "370103", []act{{"opinion", "2026-03-01", `{"delivered_on":"2026-03-02"}`}, {"corrected", "2026-03-12", `{}`}}},          // 10 days: in time
		{testworld.Other, "370103", []act{{"opinion", "2025-11-01", `{"delivered_on":"2025-11-02"}`}, {"corrected", "2025-11-20", `{}`}}},          // late, in 2025
	} {
		var id int64
		if err := db.W.QueryRowContext(w.Ctx, `INSERT INTO supervision_cases (region_code, agency_code, body_region, source, summary, status,
			opened_on, created_by, created_at, updated_at) VALUES ($1, $2, '370100', 'manual', '监督事项', 'opinion', $3, 't', 0, 0) RETURNING id`,
			c.region, c.agency, c.acts[0].at).Scan(&id); err != nil {
			t.Fatalf("supervision case %d: %v", i, err)
		}
		for _, a := range c.acts {
			must(`INSERT INTO supervision_acts (case_id, type, at, actor, data, recorded_at) VALUES ($1, $2, $3, 't', $4, 0)`, id, a.typ, a.at, a.data)
		}
	}
	const y2026, y2025 = int64(1772416800000), int64(1740794400000) // 2026-03-02, 2025-03-01 10:00 (Asia/Shanghai)
	for i, r := range []struct {
		agency, region string
		score          int
		at             int64
	}{
		{testworld.Agency, testworld.Region, 5, y2026}, {testworld.Agency, testworld.Region, 4, y2026}, // 4 is satisfied
		{testworld.Agency, testworld.Region, 3, y2026}, {testworld.Agency, testworld.Region, 1, y2025}, // 3 is not; 2025 not counted
		{testworld.Other, "370103", 1, y2026},
	} {
		var id int64
		if err := db.W.QueryRowContext(w.Ctx, `INSERT INTO inspections (source_system, source_id, agency_code, region_code, matter_code, kind,
			enterprise_name, enterprise_id, status, created_at, updated_at) VALUES ('t', $1, $2, $3, 'm', 'routine', '企业', '91370102MA3C5R2K0M',
			'done', 0, 0) RETURNING id`, "R-"+string(rune('a'+i)), r.agency, r.region).Scan(&id); err != nil {
			t.Fatal(err)
		}
		must(`INSERT INTO inspection_ratings (inspection_id, region_code, agency_code, score, at) VALUES ($1, $2, $3, $4, $5)`, id, r.region, r.agency, r.score, r.at)
	}
}
