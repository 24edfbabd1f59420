package stats_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/stats"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
)

// BenchmarkDashboard answers the dashboards of a province-scale rollup:
// the cells that 1,000,000 cases over two years make (internal/scale's
// shape: ~15 county agencies and ~13 township bodies per county of 山东,
// 30 matters per domain, 40 % summary procedure), written straight into
// case_rollup so that the setup takes seconds, not the hours of judging a
// million cases. Each iteration is the whole dashboard (stats.Get: the
// grouped query for both periods, the labels and the panels).
func BenchmarkDashboard(b *testing.B) {
	for _, e := range testdb.Engines {
		b.Run(string(e), func(b *testing.B) {
			db := testdb.Open(b, e)
			ctx := clock.With(context.Background(), clock.Pinned(testworld.Today))
			counties, cells := benchRollup(b, ctx, db, 1_000_000)
			b.Logf("%s: %d rollup rows for 1,000,000 cases", e, cells)
			province := &auth.Principal{Name: "省司法厅", Role: auth.RoleSupervisor, Region: "370000"}
			county := &auth.Principal{Name: "县司法局", Role: auth.RoleSupervisor, Region: counties[0]}
			city := counties[0][:4] + "00"
			year := stats.Filter{From: "2025-07", To: "2026-06"}
			for _, c := range []struct {
				name string
				p    *auth.Principal
				by   string
				f    stats.Filter
			}{
				{"province_by_region", province, "region", year},
				{"province_by_agency", province, "agency", year},
				{"province_by_domain", province, "domain", year},
				{"province_by_matter", province, "matter", year},
				{"province_by_penalty", province, "penalty", year},
				{"province_by_month", province, "month", year},
				{"city_by_region", province, "region", stats.Filter{Region: city, From: year.From, To: year.To}},
				{"county_by_agency", county, "agency", year},
			} {
				b.Run(c.name, func(b *testing.B) {
					for b.Loop() {
						f := c.f
						f.GroupBy = c.by
						if _, err := stats.Get(ctx, db, c.p, &f); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		})
	}
}

var benchDomains = []string{"市场监管", "生态环境", "交通运输", "城市管理", "自然资源", "应急管理", "卫生健康", "文化旅游", "农业农村", "住房城乡建设"}

// benchRollup writes agencies and the rollup cells of n synthetic cases;
// it returns the counties and the number of cells.
func benchRollup(b *testing.B, ctx context.Context, db *store.DB, n int) ([]string, int) {
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
		if (i+1)%500 == 0 {
			flush("agencies", "code, name, kind, region_code, domain, created_at, updated_at", 7)
		}
	}
	flush("agencies", "code, name, kind, region_code, domain, created_at, updated_at", 7)

	type cell struct {
		region, month, kind, agency, matter, proc, outcome, penalty string
		annulled                                                    int
	}
	type sum struct{ n, closed, amount, days, timed int64 }
	cells := map[cell]sum{}
	rng := rand.New(rand.NewPCG(1, 15))
	general := []string{"fine", "fine", "fine", "fine", "fine", "fine", "fine", "confiscate_income", "warning", "suspend_license", "close", "revoke_license", "other"}
	for range n {
		a := ags[rng.IntN(len(ags))]
		matter := fmt.Sprintf("M-%s-%02d", a.domain, rng.IntN(30))
		filed := rng.IntN(24)
		month := func(k int) string { return fmt.Sprintf("%04d-%02d", 2024+(6+k)/12, (6+k)%12+1) }
		proc, pen, days := "summary", "fine", int64(0)
		if rng.IntN(10) >= 4 {
			proc, pen, days = "general", general[rng.IntN(len(general))], int64(10+rng.IntN(80))
		}
		k := cell{a.region, month(filed), "filed", a.code, matter, proc, "", "", 0}
		s := cells[k]
		s.n++
		s.closed += int64(rng.IntN(10) / 9)
		cells[k] = s
		decided := min(23, filed+int(days/30))
		outcome := "penalty"
		if x := rng.IntN(100); x < 7 {
			outcome, pen = "no_penalty", ""
		} else if x < 10 {
			outcome, pen = "transfer", ""
		}
		k = cell{a.region, month(decided), "decided", a.code, matter, proc, outcome, pen, rng.IntN(100) / 99}
		s = cells[k]
		s.n++
		s.amount += int64(rng.IntN(5000)) * 100
		if proc == "general" {
			s.days, s.timed = s.days+days, s.timed+1
		}
		cells[k] = s
	}
	i := 0
	for k, s := range cells {
		args = append(args, k.region, k.month, k.kind, k.agency, k.matter, k.proc, k.outcome, k.penalty, k.annulled,
			s.n, s.closed, s.amount, s.amount, s.days, s.timed, s.n/2)
		if i++; i%1000 == 0 {
			flush("case_rollup", benchCols, 16)
		}
	}
	flush("case_rollup", benchCols, 16)
	if _, err := db.W.ExecContext(ctx, `ANALYZE`); err != nil {
		b.Fatal(err)
	}
	return counties, len(cells)
}

const benchCols = `region_code, month, kind, agency_code, matter_code, procedure_kind, outcome, penalty, annulled,
	n, closed, amount_fen, fine_fen, days, timed, published`
