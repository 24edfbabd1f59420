package assess

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"testing"

	"zfjd/internal/calendar"
	"zfjd/internal/cases"
	"zfjd/internal/clock"
	"zfjd/internal/scale"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
)

// The score sheet's 无预警率, on-time rates per deadline, 公示及时率 and
// case counts read from the assessment rollup (case_rollup_assess,
// case_rollup_year) are the numbers the scans gave (legacy_test.go), for
// every agency of a generated county, the city and the platform, in the
// two years of its data, on both engines: after the bulk load's rebuild,
// after the daily due pass has re-judged cases through the service (the
// rollup kept in the saving transaction), and the kept rollup equals a
// rebuild from the cases row for row.
func TestAssessRollupMatchesScans(t *testing.T) {
	for _, e := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(e), func(t *testing.T) {
			t.Parallel()
			db := testdb.Open(t, e)
			ctx := clock.With(context.Background(), clock.Pinned("2026-06-15"))
			if _, err := scale.Load(ctx, db, scale.Options{Scale: "county", Cases: 1500, Seed: 7, Inspections: -1}); err != nil {
				t.Fatal(err)
			}
			compare(t, ctx, db, "after the load")
			totals(t, db)
			svc := cases.NewService(db, calendar.RulesCalendar, cases.BenchmarkRanges)
			for _, day := range []string{"2026-07-27", "2026-10-15"} {
				ctx := clock.With(context.Background(), clock.Pinned(day))
				n, err := svc.DailyPass(ctx)
				if err != nil {
					t.Fatal(err)
				}
				t.Logf("%s: the due pass judged %d cases", day, n)
				compare(t, ctx, db, "after the due pass of "+day)
			}
			totals(t, db)
			kept := assessRows(t, db)
			if err := cases.RebuildRollup(ctx, db); err != nil {
				t.Fatal(err)
			}
			if rebuilt := assessRows(t, db); !slices.Equal(kept, rebuilt) {
				t.Errorf("the kept assessment rollup (%d rows) differs from a rebuild (%d rows)", len(kept), len(rebuilt))
				for i := range min(len(kept), len(rebuilt)) {
					if kept[i] != rebuilt[i] {
						t.Errorf("first difference: kept %s, rebuilt %s", kept[i], rebuilt[i])
						break
					}
				}
			}
		})
	}
}

func assessRows(t *testing.T, db *store.DB) []string {
	t.Helper()
	var out []string
	for _, q := range []string{`SELECT region_code, year, agency_code, registered, warned, late_any, late_decision, late_delivery, late_publicity,
		undecided_any, undecided_decision, to_publish, published, published_timely, unpublished_late FROM case_rollup_assess
		WHERE registered <> 0 OR warned <> 0 OR late_any <> 0 OR undecided_any <> 0 OR to_publish <> 0 OR published <> 0 OR unpublished_late <> 0
		ORDER BY region_code, year, agency_code`, `SELECT case_id, warned, assess_json FROM case_rollup_contrib ORDER BY case_id`} {
		rows, err := db.R.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for i, v := range vals {
				if b, ok := v.([]byte); ok {
					vals[i] = string(b)
				}
			}
			out = append(out, fmt.Sprint(vals...))
		}
		rows.Close()
	}
	return out
}

// compare checks the rollup's numbers against the scans'.
func compare(t *testing.T, ctx context.Context, db *store.DB, step string) {
	t.Helper()
	counted := 0
	for _, year := range []int{2024, 2025, 2026} {
		for _, region := range []string{"", "370100", "370102"} {
			in, err := gather(ctx, db, year, region)
			if err != nil {
				t.Fatal(err)
			}
			oldCases, err := legacyCases(ctx, db, year, region)
			if err != nil {
				t.Fatal(err)
			}
			oldWarned, err := legacyWarned(ctx, db, year, region)
			if err != nil {
				t.Fatal(err)
			}
			oldD, err := legacyGatherDeadlines(ctx, db, year, region)
			if err != nil {
				t.Fatal(err)
			}
			where := fmt.Sprintf("%s, %d, region %q", step, year, region)
			if got := nonZero(in.cases); !maps.Equal(got, nonZero(oldCases)) {
				t.Errorf("%s: case counts %v, the scan %v", where, got, oldCases)
			}
			if got := nonZero(in.live.warned); !maps.Equal(got, nonZero(oldWarned)) {
				t.Errorf("%s: registered and warned %v, the scan %v", where, got, oldWarned)
			}
			sources := append(slices.Sorted(maps.Keys(onTimeSources)), "publicity_timely")
			for _, ag := range in.agencies {
				for _, src := range sources {
					got, _ := in.live.deadlines.value(src, ag[0])
					want, _ := oldD.value(src, ag[0])
					if got != want {
						t.Errorf("%s: %s of %s: %+v, the scan %+v", where, src, ag[0], got, want)
					}
					if want.Text != "本年无应计期限的案件" && want.Text != "本年无已公示或公示期限已过的处罚决定" {
						counted++
					}
				}
			}
		}
	}
	if counted < 50 {
		t.Errorf("%s: only %d agency values had something to count", step, counted)
	}
}

func nonZero[V comparable](m map[string]V) map[string]V {
	var zero V
	out := map[string]V{}
	for k, v := range m {
		if v != zero {
			out[k] = v
		}
	}
	return out
}

// totals logs the rollup's sums, to show the comparison had much to count.
func totals(t *testing.T, db *store.DB) {
	t.Helper()
	q := "SELECT year"
	for _, c := range cases.AssessCols {
		q += ", SUM(" + c + ")"
	}
	rows, err := db.R.Query(q + " FROM case_rollup_assess GROUP BY year ORDER BY year")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		v := make([]int64, 1+len(cases.AssessCols))
		p := make([]any, len(v))
		for i := range v {
			p[i] = &v[i]
		}
		if err := rows.Scan(p...); err != nil {
			t.Fatal(err)
		}
		t.Logf("%d: %v %v", v[0], cases.AssessCols, v[1:])
	}
}
