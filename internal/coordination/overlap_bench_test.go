package coordination_test

import (
	"context"
	"fmt"
	"testing"

	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/coordination"
	"zfjd/internal/scale"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
)

// benchCases is the size of the generated city (internal/scale, 济南市).
const benchCases = 30_000

// BenchmarkOverlaps is one view of the overlap list (重复执法发现) on a
// generated city of benchCases cases with 50 parties acted on by three
// agencies each, for the city's and one county's supervision body, over
// the default 90-day window and a whole year: the query range-scans the
// index cases_overlap over the viewer's region and the window only.
func BenchmarkOverlaps(b *testing.B) {
	for _, e := range testdb.Engines {
		b.Run(string(e), func(b *testing.B) {
			db := testdb.Open(b, e)
			ctx := clock.With(context.Background(), clock.Pinned(testworld.Today))
			if _, err := scale.Load(ctx, db, scale.Options{Scale: "city", Cases: benchCases, Seed: 1}); err != nil {
				b.Fatal(err)
			}
			for k := range 50 {
				party := fmt.Sprintf("91370100MA%07dX", k)
				if _, err := db.W.ExecContext(ctx, `UPDATE cases SET party_id_number = $1 WHERE id IN ($2, $3, $4)`,
					party, k*397+1, k*397+151, k*397+301); err != nil {
					b.Fatal(err)
				}
			}
			var county string
			if err := db.R.QueryRowContext(ctx, `SELECT region_code FROM cases WHERE id = 1`).Scan(&county); err != nil {
				b.Fatal(err)
			}
			county = county[:6]
			var inCounty int
			db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM cases WHERE region_code >= $1 AND region_code < $2`,
				county, fmt.Sprintf("%d", atoi(county)+1)).Scan(&inCounty)
			b.Logf("%s: %d cases, %d in county %s", e, benchCases, inCounty, county)
			for _, c := range []struct {
				name string
				p    *auth.Principal
				f    coordination.OverlapFilter
			}{
				{"city_90days", &auth.Principal{Name: "市司法局", Role: auth.RoleSupervisor, Region: "370100"}, coordination.OverlapFilter{}},
				{"city_year", &auth.Principal{Name: "市司法局", Role: auth.RoleSupervisor, Region: "370100"},
					coordination.OverlapFilter{From: "2025-06-15", To: "2026-06-15"}},
				{"county_90days", &auth.Principal{Name: "区司法局", Role: auth.RoleSupervisor, Region: county}, coordination.OverlapFilter{}},
			} {
				b.Run(c.name, func(b *testing.B) {
					n := 0
					for b.Loop() {
						f := c.f
						list, err := coordination.Overlaps(ctx, db, c.p, &f)
						if err != nil {
							b.Fatal(err)
						}
						n = len(list)
					}
					b.ReportMetric(float64(n), "parties")
				})
			}
		})
	}
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}
