package scale

import (
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
