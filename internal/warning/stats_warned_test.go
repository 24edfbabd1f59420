package warning_test

import (
	"context"
	"fmt"
	"testing"

	"zfjd/internal/auth"
	"zfjd/internal/calendar"
	"zfjd/internal/cases"
	"zfjd/internal/clock"
	"zfjd/internal/scale"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/warning"
)

// TestWarnedRollupSameAsScan: the warning panel's 预警率 counts (cases
// registered in the period, and of them those ever warned) summed from
// case_rollup_warned equal the join of the cases to their findings that
// the rollup replaced, for a province's, a city's, a county's and an
// agency's viewer over several whole-month periods: after a bulk load,
// after due passes that warn more cases, and after both rebuilds.
func TestWarnedRollupSameAsScan(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		ctx := clock.With(context.Background(), clock.Pinned("2026-06-15"))
		if _, err := scale.Load(ctx, db, scale.Options{Scale: "county", Cases: 1500, Seed: 11, Inspections: -1}); err != nil {
			t.Fatal(err)
		}
		var agency, region string
		if err := db.R.QueryRow(`SELECT a.code, a.region_code FROM agencies a WHERE a.code = (SELECT agency_code FROM cases
			GROUP BY agency_code ORDER BY COUNT(*) DESC, agency_code LIMIT 1)`).Scan(&agency, &region); err != nil {
			t.Fatal(err)
		}
		viewers := []*auth.Principal{
			{Role: auth.RoleSupervisor, Region: "370000"}, {Role: auth.RoleSupervisor, Region: "370100"},
			{Role: auth.RoleSupervisor, Region: "370102"}, {Role: auth.RoleAgencyAdmin, Region: region, Agency: agency},
		}
		compare := func(ctx context.Context, when string) {
			t.Helper()
			nonzero := 0
			for _, p := range viewers {
				for _, span := range [][2]string{{"2026-01-01", ""}, {"2025-01-01", "2025-12-31"}, {"2025-06-01", "2026-05-31"},
					{"2026-03-01", "2026-03-31"}, {"2024-01-01", "2026-12-31"}} {
					f := &warning.StatsFilter{From: span[0], To: span[1]}
					if err := warning.StatsCheck(ctx, p, f); err != nil {
						t.Fatal(err)
					}
					n, w, err := warning.CasesWarned(ctx, db, p, f)
					if err != nil {
						t.Fatal(err)
					}
					sn, sw, err := warning.CasesWarnedScan(ctx, db, p, f)
					if err != nil {
						t.Fatal(err)
					}
					if n != sn || w != sw {
						t.Errorf("%s, %s %s %s..%s: rollup %d cases / %d warned, scan %d / %d", when, p.Region, p.Agency, f.From, f.To, n, w, sn, sw)
					}
					if w > 0 && w < n {
						nonzero++
					}
				}
			}
			if nonzero == 0 {
				t.Fatalf("%s: no period has both warned and unwarned cases: the comparison proves nothing", when)
			}
		}
		compare(ctx, "after the load")
		svc := cases.NewService(db, calendar.RulesCalendar, cases.BenchmarkRanges)
		for _, day := range []string{"2026-07-27", "2026-10-15"} {
			ctx := clock.With(context.Background(), clock.Pinned(day))
			if _, err := svc.DailyPass(ctx); err != nil {
				t.Fatal(err)
			}
			compare(ctx, "after the due pass of "+day)
		}
		kept := warnedRows(t, db)
		if err := cases.RebuildRollup(ctx, db); err != nil {
			t.Fatal(err)
		}
		if got := warnedRows(t, db); got != kept {
			t.Errorf("a rebuild changed case_rollup_warned:\n kept %s\n rebuilt %s", kept, got)
		}
		// A database upgraded to migration 00075 fills only this table.
		if _, err := db.W.Exec(`DELETE FROM case_rollup_warned`); err != nil {
			t.Fatal(err)
		}
		if _, err := db.W.Exec(`DELETE FROM settings WHERE key = 'case_rollup_warned_v1'`); err != nil {
			t.Fatal(err)
		}
		if err := cases.EnsureRollup(ctx, db); err != nil {
			t.Fatal(err)
		}
		if got := warnedRows(t, db); got != kept {
			t.Errorf("EnsureRollup after the upgrade wrote:\n %s\nwant\n %s", got, kept)
		}
	})
}

func warnedRows(t *testing.T, db *store.DB) string {
	t.Helper()
	rows, err := db.R.Query(`SELECT region_code, month, agency_code, registered, warned FROM case_rollup_warned
		WHERE registered <> 0 OR warned <> 0 ORDER BY region_code, month, agency_code`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := ""
	for rows.Next() {
		var r, m, a string
		var n, w int64
		if err := rows.Scan(&r, &m, &a, &n, &w); err != nil {
			t.Fatal(err)
		}
		out += r + " " + m + " " + a + " " + fmt.Sprintf("%d/%d", n, w) + "; "
	}
	if out == "" {
		t.Fatal("case_rollup_warned is empty")
	}
	return out
}
