package inspection_test

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"zfjd/internal/ident"
	"zfjd/internal/inspection"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
)

// benchRows is the inspections loaded before the timed writes
// (ZFJD_INSPECTION_BENCH_ROWS; the figure is 2,000,000).
func benchRows() int {
	if n, err := strconv.Atoi(os.Getenv("ZFJD_INSPECTION_BENCH_ROWS")); err == nil && n > 0 {
		return n
	}
	return 20_000
}

// enterpriseID is the n-th enterprise's valid 统一社会信用代码.
func enterpriseID(b testing.TB, n int) string {
	id, err := ident.MakeUSCC('9', '1', "370102", fmt.Sprintf("M%07d", n))
	if err != nil {
		b.Fatal(err)
	}
	return id
}

// load writes rows checked-in inspections of 2026 spread over rows/8
// enterprises (8 visits a year each), in multi-row inserts.
func load(b *testing.B, db *store.DB, rows int) []string {
	ents := max(1, rows/8)
	ids := make([]string, ents)
	for i := range ids {
		ids[i] = enterpriseID(b, i)
	}
	const batch = 500
	for start := 0; start < rows; start += batch {
		var sb strings.Builder
		sb.WriteString(`INSERT INTO inspections (source_system, source_id, agency_code, region_code, matter_code, kind, enterprise_name,
			enterprise_id, status, visit_day, visit_at, officers, problem_found, created_at, updated_at) VALUES `)
		for i := start; i < min(rows, start+batch); i++ {
			if i > start {
				sb.WriteByte(',')
			}
			day := fmt.Sprintf("2026-%02d-%02d", 1+(i/ents)%12, 1+i%28)
			fmt.Fprintf(&sb, "('bench','%d','%s','370102','%s','routine','企业','%s','closed','%s',%d,',%s,%s,',0,0,0)",
				i, testworld.Agency, Matter, ids[i%ents], day, int64(i), testworld.CertA, testworld.CertB)
		}
		if _, err := db.W.Exec(sb.String()); err != nil {
			b.Fatal(err)
		}
	}
	return ids
}

// loaded is a world of engine e with benchRows inspections.
func loaded(b *testing.B, e store.Dialect) (*fixture, []string) {
	db := testdb.Open(b, e)
	f := &fixture{World: testworld.Build(b, db)}
	setupMatter(b, f)
	ids := load(b, db, benchRows())
	if e == store.Postgres {
		db.W.Exec(`ANALYZE inspections`)
	}
	return f, ids
}

// BenchmarkFrequencyRules is the per-write cost of the frequency rules
// with benchRows inspections loaded, once per engine (the load is outside
// the sub-benchmarks, so -benchtime Nx loads each engine once):
//
//	put: one pushed visit judged with the frequency and repeat rules that
//	     look across every agency's visits of the enterprise (its 365-day
//	     window on inspections_enterprise), written with its findings,
//	     audit row and log leaf;
//	window: the rules' read alone, one enterprise's visits of 365 days.
//
// The figure: ZFJD_INSPECTION_BENCH_ROWS=2000000 go test -run x
// -bench FrequencyRules -benchtime 200x -timeout 2h ./internal/inspection
func BenchmarkFrequencyRules(b *testing.B) {
	for _, e := range testdb.Engines {
		f, ids := loaded(b, e)
		b.Run(string(e)+"/put", func(b *testing.B) {
			for i := range b.N {
				in := pushed(fmt.Sprintf("b%d-%d", b.N, i), "2026-06-15")
				in.Enterprise.IDNumber = ids[(i*7919)%len(ids)]
				if _, _, err := f.svc.Put(f.Ctx, robot, in); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(benchRows()), "rows_loaded")
		})
		b.Run(string(e)+"/window", func(b *testing.B) {
			for i := range b.N {
				if _, err := inspection.RepeatOfficers(f.Ctx, f.DB.R, ids[(i*7919)%len(ids)], mustDay("2026-12-31"), []string{testworld.CertA}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(benchRows()), "rows_loaded")
		})
	}
}
