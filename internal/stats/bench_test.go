package stats_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"zfjd/internal/auth"
	"zfjd/internal/cases"
	"zfjd/internal/clock"
	"zfjd/internal/report"
	"zfjd/internal/stats"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
)

// BenchmarkDashboard answers the province dashboards that the coarse
// rollup serves (by region, agency, domain, month; the 年报) over the rows
// 1,000,000 cases over two years make in internal/scale's shape (~15
// county agencies and ~13 township bodies per county of 山东, 30 matters
// per domain, 40 % summary procedure). The rows are summed from synthetic
// contributions by cases.Rollup and written straight into the tables, so
// the setup takes minutes, not the hours of judging a million cases.
// Each iteration is a whole answer (stats.Get: the grouped query for both
// periods, the labels and the panels; report.GetAnnual).
func BenchmarkDashboard(b *testing.B) {
	benchDashboards(b, benchCases("ZFJD_STATS_BENCH_CASES", 1_000_000), false, []string{"region", "agency", "domain", "month"})
}

// BenchmarkDashboardFine is the groupings read from the fine rollup
// (matter, procedure, outcome, heaviest penalty), on
// ZFJD_STATS_BENCH_FINE_CASES cases (default 100,000: the fine rollup has
// about as many rows as cases, and writing it for a million takes longer
// than the shared test machines give a benchmark).
func BenchmarkDashboardFine(b *testing.B) {
	benchDashboards(b, benchCases("ZFJD_STATS_BENCH_FINE_CASES", 100_000), true, []string{"matter", "procedure", "outcome", "penalty"})
}

func benchCases(env string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(env)); err == nil && v > 0 {
		return v
	}
	return def
}

func benchDashboards(b *testing.B, n int, fine bool, groupings []string) {
	for _, e := range testdb.Engines {
		b.Run(string(e), func(b *testing.B) {
			db := testdb.Open(b, e)
			ctx := clock.With(context.Background(), clock.Pinned(testworld.Today))
			start := time.Now() // wall-clock: how long the setup took, for the log
			counties, cells, wide := benchRollup(b, ctx, db, n, fine)
			b.Logf("%s: %d cases → %d fine rows (written: %v), %d wide rows; setup %s", e, n, cells, fine, wide,
				time.Since(start).Round(time.Second))
			province := &auth.Principal{Name: "省司法厅", Role: auth.RoleSupervisor, Region: "370000"}
			county := &auth.Principal{Name: "县司法局", Role: auth.RoleSupervisor, Region: counties[0]}
			city := counties[0][:4] + "00"
			type run struct {
				name string
				p    *auth.Principal
				f    stats.Filter
			}
			var runs []run
			for _, by := range groupings {
				runs = append(runs, run{"province_by_" + by, province, stats.Filter{GroupBy: by, From: "2025-07", To: "2026-06"}})
			}
			runs = append(runs, run{"city_by_" + groupings[0], province, stats.Filter{Region: city, GroupBy: groupings[0], From: "2025-07", To: "2026-06"}},
				run{"county_by_" + groupings[1], county, stats.Filter{GroupBy: groupings[1], From: "2025-07", To: "2026-06"}})
			for _, c := range runs {
				b.Run(c.name, func(b *testing.B) {
					defer cpuPerOp(b)()
					for b.Loop() {
						f := c.f
						if _, err := stats.Get(ctx, db, c.p, &f); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
			if fine {
				return
			}
			b.Run("province_annual_report", func(b *testing.B) {
				defer cpuPerOp(b)()
				for b.Loop() {
					if _, err := report.GetAnnual(ctx, db, province, "2025", ""); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}

var benchDomains = []string{"市场监管", "生态环境", "交通运输", "城市管理", "自然资源", "应急管理", "卫生健康", "文化旅游", "农业农村", "住房城乡建设"}

// benchRollup writes agencies and the rollup cells of n synthetic cases;
// it returns the counties and the number of cells.
func benchRollup(b testing.TB, ctx context.Context, db *store.DB, n int, fine bool) ([]string, int, int) {
	b.Helper()
	rows, err := db.R.QueryContext(ctx, `SELECT code FROM regions WHERE code >= '37' AND code < '38' AND LENGTH(code) = 6
		AND code NOT LIKE '%00' ORDER BY code`)
	if err != nil {
		b.Fatal(err)
	}
	var counties []string
	for rows.Next() {
		var c string
		rows.Scan(&c)
		counties = append(counties, c)
	}
	rows.Close()
	type agency struct{ code, region, domain string }
	var ags []agency
	for _, c := range counties {
		for i := range 15 {
			ags = append(ags, agency{fmt.Sprintf("A%s%02d", c, i), c, benchDomains[i%len(benchDomains)]})
		}
		for i := range 13 {
			ags = append(ags, agency{fmt.Sprintf("T%s%03d", c, i+1), fmt.Sprintf("%s%03d", c, i+1), "综合执法"})
		}
	}
	var args []any
	flush := func(table, cols string, width int) {
		b.Helper()
		if len(args) == 0 {
			return
		}
		var ph []string
		for r := 0; r < len(args)/width; r++ {
			m := make([]string, width)
			for j := range m {
				m[j] = fmt.Sprintf("$%d", r*width+j+1)
			}
			ph = append(ph, "("+strings.Join(m, ",")+")")
		}
		if _, err := db.W.ExecContext(ctx, `INSERT INTO `+table+` (`+cols+`) VALUES `+strings.Join(ph, ","), args...); err != nil {
			b.Fatal(err)
		}
		args = args[:0]
	}
	for i, a := range ags {
		args = append(args, a.code, "执法主体"+a.code, "enforcement", a.region, a.domain, 0, 0)
		if (i+1)%100 == 0 {
			flush("agencies", "code, name, kind, region_code, domain, created_at, updated_at", 7)
		}
	}
	flush("agencies", "code, name, kind, region_code, domain, created_at, updated_at", 7)

	acc := cases.NewRollup()
	rng := rand.New(rand.NewPCG(1, 15))
	general := []string{"fine", "fine", "fine", "fine", "fine", "fine", "fine", "confiscate_income", "warning", "suspend_license", "close", "revoke_license", "other"}
	month := func(k int) string { return fmt.Sprintf("%04d-%02d", 2024+(6+k)/12, (6+k)%12+1) }
	for range n {
		a := ags[rng.IntN(len(ags))]
		k := cases.Contrib{Region: a.region, Agency: a.code, Matter: fmt.Sprintf("M-%s-%02d", a.domain, rng.IntN(30)),
			Procedure: "summary", Penalty: "fine", Outcome: "penalty", Days: -1, Closed: rng.IntN(10) == 9}
		filed := rng.IntN(24)
		days := 0
		if rng.IntN(10) >= 4 {
			days = 10 + rng.IntN(80)
			k.Procedure, k.Penalty, k.Days = "general", general[rng.IntN(len(general))], int64(days)
		}
		k.FiledMonth, k.DecidedMonth = month(filed), month(min(23, filed+days/30))
		if x := rng.IntN(100); x < 7 {
			k.Outcome, k.Penalty = "no_penalty", ""
		} else if x < 10 {
			k.Outcome, k.Penalty = "transfer", ""
		} else {
			k.AmountFen = int64(rng.IntN(5000)) * 100
			k.FineFen, k.Published = k.AmountFen, rng.IntN(2) == 1
		}
		k.Annulled = rng.IntN(100) == 99
		acc.Add(k)
	}
	tx, err := db.W.BeginTx(ctx, nil)
	if err != nil {
		b.Fatal(err)
	}
	if err := acc.Write(ctx, tx, fine); err != nil {
		b.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	if _, err := db.W.ExecContext(ctx, `ANALYZE`); err != nil {
		b.Fatal(err)
	}
	f, w := acc.Len()
	return counties, f, w
}

// cpuPerOp reports the process's CPU time (user + system) per iteration
// beside ns/op: on a shared machine the wall time also holds the waits for
// a core, the CPU time what the answer costs. PostgreSQL's own work is in
// its server process and not counted here.
func cpuPerOp(b *testing.B) func() {
	cpu := func() time.Duration {
		var ru syscall.Rusage
		syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
		return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	start := cpu()
	return func() {
		if b.N > 0 {
			b.ReportMetric(float64((cpu()-start).Milliseconds())/float64(b.N), "cpu-ms/op")
		}
	}
}
