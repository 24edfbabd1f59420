package assess_test

import (
	"testing"

	"zfjd/internal/assess"
	"zfjd/internal/cases"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
)

// The live sources of the warnings and the complaints (domain-research
// §1.8: 预警率、整改率, satisfaction of those who complained), counted per
// agency for the year and scored by a region's own set, on both engines.
func TestLiveSources(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		two := []string{testworld.CertA, testworld.CertB}
		for _, id := range []string{"L-1", "L-2"} {
			c := testworld.NewCase()
			c.SourceSystem, c.SourceID = "sc-market", id
			c.Events = []cases.Event{{Type: "filed", At: "2026-02-02", Officers: two}}
			if _, _, err := w.Cases.Put(w.Ctx, testworld.Robot, c); err != nil {
				t.Fatal(err)
			}
		}
		must := func(q string, args ...any) {
			t.Helper()
			if _, err := db.W.ExecContext(w.Ctx, q, args...); err != nil {
				t.Fatal(err)
			}
		}
		const feb = int64(1770000000000) // 2026-02-02 in milliseconds
		// The world's own cases may carry findings already: clear them, so
		// the counts below are the hand-made ones.
		must(`DELETE FROM findings`)
		// L-1 has two warnings: one issued and not handled, one answered (整改).
		// A third of 2025 does not count for 2026.
		for _, f := range []struct {
			rule, stage string
			at          int64
		}{{"R1", "issued", feb}, {"R2", "answered", feb}, {"R3", "answered", feb - 365*86_400_000}} {
			must(`INSERT INTO findings (subject_kind, subject_id, rule, severity, message, basis, region_code, agency_code, first_seen, stage)
				VALUES ('case', (SELECT id FROM cases WHERE source_id = 'L-1'), $1, 'yellow', 'm', 'b', $2, $3, $4, $5)`,
				f.rule, testworld.Region, testworld.Agency, f.at, f.stage)
		}
		// Two complaints forwarded to the agency and rated: 5 and 2 stars.
		for i, rating := range []int{5, 2} {
			must(`INSERT INTO complaints (tracking_code, secret_hash, source, category, region_code, description, status, received_on,
				received_at, updated_at, forwarded_to, rating) VALUES ($1, 'h', 'web', 'c', $2, 'd', 'closed', '2026-03-01', $3, $3, $4, $5)`,
				"T-"+string(rune('a'+i)), testworld.Region, feb, testworld.Agency, rating)
		}
		// Findings written by hand, outside the case service, reach the
		// assessment rollup (case_rollup_assess) through a rebuild, as a
		// bulk load's do.
		if err := cases.RebuildRollup(w.Ctx, db); err != nil {
			t.Fatal(err)
		}
		set := []assess.Indicator{
			{Code: "free", Name: "无预警率", Group: "general", Source: "warning_free_rate", Rule: "ratio", Weight: 30, Target: 1},
			{Code: "rect", Name: "整改率", Group: "special", Source: "rectify_rate", Rule: "ratio", Weight: 50, Target: 1},
			{Code: "sat", Name: "投诉满意率", Group: "external", Source: "complaint_satisfaction", Rule: "ratio", Weight: 20, Target: 1},
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
		var got *assess.Score
		for _, s := range r.Agencies {
			if s.Code == testworld.Agency {
				got = s
			}
		}
		if got == nil {
			t.Fatalf("no score of %s", testworld.Agency)
		}
		// Cases registered in 2026 by the agency: the two above (the world
		// registers none); one warned → 无预警率 1/2; 整改率 1/2; 满意率 1/2.
		for code, want := range map[string]string{"free": "50.0%（1 / 2）", "rect": "50.0%（1 / 2）", "sat": "50.0%（1 / 2）"} {
			if v := got.Values[code]; v.Text != want || v.Evidence == "" {
				t.Errorf("%s: %+v, want %s with evidence", code, v, want)
			}
		}
		if got.Total != 50 {
			t.Errorf("total %v, want 15 + 25 + 10", got.Total)
		}
	})
}
