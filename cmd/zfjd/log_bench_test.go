package main

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"zfjd/internal/clock"
	"zfjd/internal/ledger"
	"zfjd/internal/scale"
	"zfjd/internal/testdb"
)

// BenchmarkVerifyCases measures `zfjd log verify` on a log of
// ZFJD_BENCH_VERIFY_CASES generated cases (default 2000; one leaf or more
// each), reading each case's row with one query ("one") and in batches of
// ledger.BatchSize ("batch"):
//
//	ZFJD_BENCH_VERIFY_CASES=20000 go test -run '^$' -bench BenchmarkVerifyCases -benchtime 3x ./cmd/zfjd/
func BenchmarkVerifyCases(b *testing.B) {
	n, _ := strconv.Atoi(os.Getenv("ZFJD_BENCH_VERIFY_CASES"))
	if n <= 0 {
		n = 2000
	}
	for _, e := range testdb.Engines {
		b.Run(string(e), func(b *testing.B) {
			ctx := clock.With(context.Background(), clock.Pinned("2026-06-15"))
			db := testdb.Open(b, e)
			if _, err := scale.Load(ctx, db, scale.Options{Scale: "county", Cases: n, Seed: 1}); err != nil {
				b.Fatal(err)
			}
			keys, err := ledger.LoadOrCreateKeys(filepath.Join(b.TempDir(), "log.key"), "bench")
			if err != nil {
				b.Fatal(err)
			}
			for _, m := range []struct {
				name string
				src  ledger.Sources
			}{{"one", ledger.Sources{One: logSources}}, {"batch", ledger.Sources{One: logSources, Batch: logBatches}}} {
				b.Run(m.name, func(b *testing.B) {
					var leaves int64
					for b.Loop() {
						rep, err := ledger.VerifyWith(ctx, db, keys, m.src)
						if err != nil || len(rep.Problems) != 0 || rep.Records == 0 {
							b.Fatalf("verify: %v %v", err, rep)
						}
						leaves = rep.Size
					}
					b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(leaves)/1000, "µs/leaf")
				})
			}
		})
	}
}
