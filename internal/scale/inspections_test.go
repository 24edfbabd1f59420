package scale

import (
	"fmt"
	"slices"
	"testing"

	"zfjd/internal/auth"
	"zfjd/internal/calendar"
	"zfjd/internal/clock"
	"zfjd/internal/ident"
	"zfjd/internal/inspection"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
)

// The generator's 涉企行政检查 (spec/supervision-v1.md §4): three per case,
// closed visits of the last 365 days on valid credit codes with distinct
// 检查码, a few visits per enterprise; a visit pushed on a loaded
// enterprise's day is judged against the loaded ones (INSPECTION_FREQUENCY,
// 国办发〔2024〕54号: more than one a day), so the rules read the bulk rows.
func TestLoadInspections(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		ctx := pinned()
		sum, err := Load(ctx, db, Options{Scale: "county", Cases: 100, Seed: 3})
		if err != nil {
			t.Fatal(err)
		}
		var n, codes, ents int
		db.R.QueryRowContext(ctx, `SELECT COUNT(*), COUNT(DISTINCT code), COUNT(DISTINCT enterprise_id) FROM inspections`).Scan(&n, &codes, &ents)
		if n != 300 || sum.Inspections != 300 || codes != n || ents < n/(2*VisitsPerEnterprise) || ents > n {
			t.Fatalf("inspections %d (summary %d), codes %d, enterprises %d", n, sum.Inspections, codes, ents)
		}
		var ent, day, agency, region, offs string
		if err := db.R.QueryRowContext(ctx, `SELECT enterprise_id, visit_day, agency_code, region_code, officers FROM inspections
			ORDER BY visit_day DESC, id LIMIT 1`).Scan(&ent, &day, &agency, &region, &offs); err != nil {
			t.Fatal(err)
		}
		if ident.ValidateUSCC(ent) != nil || day > clock.TodayString(ctx) {
			t.Fatalf("enterprise %q, day %s", ent, day)
		}
		var officers []string
		for _, o := range splitComma(offs) {
			officers = append(officers, o)
		}
		svc := inspection.NewService(db, calendar.RulesCalendar)
		robot := &auth.Principal{Name: "检查系统", Username: "bench", Role: auth.RoleIntegration, Region: "370000"}
		_, out, err := svc.Put(ctx, robot, &inspection.Inspection{SourceSystem: "bench-insp", SourceID: "1", AgencyCode: agency, RegionCode: region,
			MatterCode: InspectionMatter, Kind: "routine", Enterprise: inspection.Enterprise{Name: "规模企业", IDNumber: ent},
			Events: []inspection.Event{{Type: "approved", At: day, Actor: "负责人"}, {Type: "reported", At: day},
				{Type: "checked_in", At: day + "T17:30:00+08:00", Officers: officers}}})
		if err != nil {
			t.Fatal(err)
		}
		var rules []string
		for _, w := range out.Warnings {
			rules = append(rules, w.Rule)
			if w.Rule == inspection.RuleNotListed {
				t.Error("the generated matter is not listed for the agency")
			}
		}
		found := false
		for _, r := range rules {
			found = found || r == inspection.RuleFrequency
		}
		if !found {
			t.Errorf("a second visit on %s of %s: %v", day, ent, rules)
		}
	})
}

func splitComma(s string) []string {
	var out []string
	start := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ',' {
			if i > start {
				out = append(out, s[start:i])
			}
			start = i + 1
		}
	}
	return out
}

// The generated inspections are judged by the rules of §4 in bulk
// (judgeInspections), and the findings are exactly those the inspection
// service raises judging each stored row again: frequency (more than 1 a
// day, 2 a week, 3 a month, 国办发〔2024〕54号), the third fruitless visit
// by the same officer (低效检查) and the officers' certificates.
func TestLoadedInspectionsJudged(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		ctx := pinned()
		sum, err := Load(ctx, db, Options{Scale: "county", Cases: 50, Inspections: 2000, Seed: 5})
		if err != nil {
			t.Fatal(err)
		}
		snapshot := func() (map[string]int, []string) {
			t.Helper()
			rows, err := db.R.QueryContext(ctx, `SELECT subject_id, rule, fkey, severity, message, status FROM findings
				WHERE subject_kind = $1 ORDER BY subject_id, rule, fkey`, inspection.Kind)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			byRule := map[string]int{}
			var all []string
			for rows.Next() {
				var id int64
				var rule, key, sev, msg, status string
				if err := rows.Scan(&id, &rule, &key, &sev, &msg, &status); err != nil {
					t.Fatal(err)
				}
				if status == "open" {
					byRule[rule]++
				}
				all = append(all, fmt.Sprint(id, "|", rule, "|", key, "|", sev, "|", msg, "|", status))
			}
			return byRule, all
		}
		byRule, before := snapshot()
		if len(before) != sum.InspectionFindings {
			t.Fatalf("%d inspection findings stored, summary %d", len(before), sum.InspectionFindings)
		}
		for _, r := range []string{inspection.RuleFrequency, inspection.RuleIneffective} {
			if byRule[r] == 0 {
				t.Errorf("no %s finding among 2,000 generated visits: %v", r, byRule)
			}
		}
		svc := inspection.NewService(db, calendar.RulesCalendar)
		rows, err := db.R.QueryContext(ctx, `SELECT id FROM inspections ORDER BY id`)
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for rows.Next() {
			var id int64
			rows.Scan(&id)
			ids = append(ids, id)
		}
		rows.Close()
		for _, id := range ids {
			if err := svc.Due().Rejudge(ctx, id); err != nil {
				t.Fatal(err)
			}
		}
		_, after := snapshot()
		if !slices.Equal(before, after) {
			t.Errorf("the service judges the loaded visits otherwise: %d findings loaded, %d after judging each again", len(before), len(after))
			for i := range min(len(before), len(after)) {
				if before[i] != after[i] {
					t.Errorf("first difference: loaded %s, judged %s", before[i], after[i])
					break
				}
			}
		}
	})
}
