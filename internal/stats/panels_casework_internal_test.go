package stats

import (
	"context"
	"fmt"
	"os"
	"sort"
	"testing"

	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/ident"
	"zfjd/internal/scale"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
)

// oldInspectionCells is the inspections panel's query before the rollup
// (issue 15): one grouped query over the inspections of both periods. The
// reference the rollup must equal.
func oldInspectionCells(ctx context.Context, db *store.DB, p *auth.Principal, f *Filter) ([]cell, error) {
	w := &store.Where{}
	auth.FilterInspections(p, w, "region_code", "agency_code")
	scopeOf(f, w)
	return casework(ctx, db, f, "inspections", "visit_day", `COUNT(*), COALESCE(SUM(CASE WHEN joint_agencies <> '[]' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN problem_found = 0 THEN 1 ELSE 0 END), 0)`, w)
}

func sortedCells(cs []cell) string {
	sort.Slice(cs, func(i, j int) bool {
		if cs[i].region != cs[j].region {
			return cs[i].region < cs[j].region
		}
		return cs[i].month < cs[j].month
	})
	return fmt.Sprint(cs)
}

// On a generated city (the bulk loader's inspections, its rollup rebuilt
// after them) the inspections panel reads from the rollups exactly the
// cells the old grouped query over the inspections reads, for the
// province's, the city's, a county's and an agency's viewers, drilled into
// the city and a county and narrowed to an agency, over two periods.
func TestInspectionPanelSameAsScan(t *testing.T) {
	for _, e := range testdb.Engines {
		t.Run(string(e), func(t *testing.T) {
			db := testdb.Open(t, e)
			ctx := clock.With(context.Background(), clock.Pinned("2026-06-15"))
			if _, err := scale.Load(ctx, db, scale.Options{Scale: "city", Cases: 300, Inspections: 6000, Seed: 5}); err != nil {
				t.Fatal(err)
			}
			var county, agency, agencyRegion string
			if err := db.R.QueryRow(`SELECT region_code, agency_code FROM inspections WHERE LENGTH(region_code) = 6
				GROUP BY region_code, agency_code ORDER BY COUNT(*) DESC, region_code, agency_code LIMIT 1`).Scan(&county, &agency); err != nil {
				t.Fatal(err)
			}
			if err := db.R.QueryRow(`SELECT region_code FROM agencies WHERE code = $1`, agency).Scan(&agencyRegion); err != nil {
				t.Fatal(err)
			}
			city := county[:4] + "00"
			viewers := map[string]*auth.Principal{
				"province": {Role: auth.RoleSupervisor, Region: "370000"},
				"city":     {Role: auth.RoleSupervisor, Region: city},
				"county":   {Role: auth.RoleSupervisor, Region: county},
				"agency":   {Role: auth.RoleHead, Region: agencyRegion, Agency: agency},
				"social":   {Role: auth.RoleSocial, Region: city},
			}
			areas, compared := 0, 0
			for name, p := range viewers {
				for _, period := range [][2]string{{"2026-01", "2026-06"}, {"2025-07", "2026-06"}} {
					for _, narrow := range []Filter{{}, {Region: city}, {Region: county}, {Agency: agency}, {Region: county, Agency: agency}} {
						f := narrow
						f.From, f.To = period[0], period[1]
						if err := Check(ctx, p, &f); err != nil {
							continue // outside the viewer's jurisdiction
						}
						want, err := oldInspectionCells(ctx, db, p, &f)
						if err != nil {
							t.Fatal(err)
						}
						got, err := inspectionCells(ctx, db, p, &f)
						if err != nil {
							t.Fatal(err)
						}
						if w, g := sortedCells(want), sortedCells(got); w != g {
							t.Errorf("%s %+v: rollup %s\nscan %s", name, f, g, w)
						}
						if inspectionArea(p, &f, NextLevel(ident.RegionPrefix(f.Region))) > 0 {
							areas++
						}
						if len(want) > 0 {
							compared++
						}
					}
				}
			}
			if areas == 0 || compared < 10 {
				t.Errorf("%d views from the area rollup, %d non-empty comparisons: the test says little", areas, compared)
			}
		})
	}
}

// BenchmarkInspectionCells times the inspections panel's query, the old
// scan (sub-benchmark scan) beside the rollup (rollup), on the database
// named by ZFJD_PANEL_DB (a file or postgres:// address, e.g. a generated
// city: zfjd demo --scale city --load-only), for a province's, a city's
// and a county's viewer of the first half of 2026.
func BenchmarkInspectionCells(b *testing.B) {
	dsn := os.Getenv("ZFJD_PANEL_DB")
	if dsn == "" {
		b.Skip("ZFJD_PANEL_DB not set")
	}
	ctx := clock.With(context.Background(), clock.Pinned("2026-06-15"))
	db, err := store.Open(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	var county string
	if err := db.R.QueryRow(`SELECT region_code FROM inspections WHERE LENGTH(region_code) = 6 ORDER BY id LIMIT 1`).Scan(&county); err != nil {
		b.Fatal(err)
	}
	for _, v := range []struct {
		name string
		p    *auth.Principal
	}{{"province", &auth.Principal{Role: auth.RoleSupervisor, Region: "370000"}},
		{"city", &auth.Principal{Role: auth.RoleSupervisor, Region: county[:4] + "00"}},
		{"county", &auth.Principal{Role: auth.RoleSupervisor, Region: county}}} {
		f := Filter{From: "2026-01", To: "2026-06"}
		if err := Check(ctx, v.p, &f); err != nil {
			b.Fatal(err)
		}
		for _, q := range []struct {
			name string
			fn   func(context.Context, *store.DB, *auth.Principal, *Filter) ([]cell, error)
		}{{"scan", oldInspectionCells}, {"rollup", inspectionCells}} {
			b.Run(v.name+"/"+q.name, func(b *testing.B) {
				for b.Loop() {
					if _, err := q.fn(ctx, db, v.p, &f); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
