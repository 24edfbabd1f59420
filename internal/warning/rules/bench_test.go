package rules_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"zfjd/internal/auth"
	"zfjd/internal/calendar"
	"zfjd/internal/cases"
	"zfjd/internal/clock"
	"zfjd/internal/scale"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/warning/rules"
)

// benchCases is how many cases the benchmarks load: 10,000, or
// ZFJD_RULES_BENCH_CASES (e.g. 100000 for the figures).
var benchCases = func() int {
	if n, err := strconv.Atoi(os.Getenv("ZFJD_RULES_BENCH_CASES")); err == nil && n > 0 {
		return n
	}
	return 10_000
}()

var benchAdmin = &auth.Principal{ID: 1, Name: "系统管理员", Role: auth.RoleAdmin}

// benchWorld loads benchCases generated county cases (济南市历下区) into a
// fresh database of engine e, with the case and rule services on it.
func benchWorld(b *testing.B, e store.Dialect) (context.Context, *store.DB, *cases.Service, *rules.Service) {
	b.Helper()
	ctx := clock.With(context.Background(), clock.Pinned("2026-06-15"))
	db := testdb.Open(b, e)
	if _, err := scale.Load(ctx, db, scale.Options{Scale: "county", Cases: benchCases, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	cs := cases.NewService(db, calendar.RulesCalendar, cases.BenchmarkRanges)
	return ctx, db, cs, rules.New(db, cs, calendar.RulesCalendar)
}

// bigFine is the example 大额罚款未集体讨论 (it reads events and penalties).
var bigFine = rules.Examples[0].Expression

// BenchmarkNewRuleFullPass is the re-evaluation of the region's every
// existing case when a new custom rule is switched on (ApplyPending from
// the first case to the last, re-judging those whose warnings change).
func BenchmarkNewRuleFullPass(b *testing.B) {
	for _, e := range testdb.Engines {
		b.Run(string(e), func(b *testing.B) {
			ctx, db, _, s := benchWorld(b, e)
			var rejudged int
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				code := fmt.Sprintf("BENCH_RULE_%d", i)
				_, err := db.W.ExecContext(ctx, `INSERT INTO custom_rules (code, region_code, name, kind, severity, basis, expression, enabled,
					version, updated_at) VALUES ($1, '370000', '基准', 'case', 'yellow', '', $2, 1, 1, 0)`, code, bigFine)
				if err != nil {
					b.Fatal(err)
				}
				db.W.ExecContext(ctx, `UPDATE rule_epoch SET epoch = epoch + 1 WHERE id = 1`)
				b.StartTimer()
				n, err := s.ApplyPending(ctx, time.Hour)
				if err != nil {
					b.Fatal(err)
				}
				rejudged = n
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/float64(benchCases), "µs/case")
			b.ReportMetric(float64(rejudged), "rejudged")
		})
	}
}

// BenchmarkDryRun evaluates the example over the region's every case.
func BenchmarkDryRun(b *testing.B) {
	for _, e := range testdb.Engines {
		b.Run(string(e), func(b *testing.B) {
			ctx, _, _, s := benchWorld(b, e)
			region, expr := "370000", bigFine
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := s.DryRun(ctx, benchAdmin, &rules.DryRunBody{RegionCode: &region, Expression: &expr}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/float64(benchCases), "µs/case")
		})
	}
}

// BenchmarkCaseWrite is the incremental cost per case write: one case
// re-judged and saved (cases.Service.Refresh) with no custom rule and
// with the seven examples enabled (history counts included).
func BenchmarkCaseWrite(b *testing.B) {
	for _, e := range testdb.Engines {
		b.Run(string(e), func(b *testing.B) {
			ctx, db, cs, _ := benchWorld(b, e)
			var ids []int64
			rows, err := db.R.QueryContext(ctx, `SELECT id FROM cases ORDER BY id LIMIT 500`)
			if err != nil {
				b.Fatal(err)
			}
			for rows.Next() {
				var id int64
				rows.Scan(&id)
				ids = append(ids, id)
			}
			rows.Close()
			run := func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					if _, err := cs.Refresh(ctx, ids[i%len(ids)]); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.Run("no custom rules", run)
			for _, x := range rules.Examples {
				if _, err := db.W.ExecContext(ctx, `INSERT INTO custom_rules (code, region_code, name, kind, severity, basis, expression, enabled,
					version, applied_version, updated_at) VALUES ($1, '370000', $2, 'case', 'yellow', '', $3, 1, 1, 1, 0)`, x.Code, x.Name, x.Expression); err != nil {
					b.Fatal(err)
				}
			}
			db.W.ExecContext(ctx, `UPDATE rule_epoch SET epoch = epoch + 1 WHERE id = 1`)
			b.Run(fmt.Sprintf("%d custom rules", len(rules.Examples)), run)
		})
	}
}
