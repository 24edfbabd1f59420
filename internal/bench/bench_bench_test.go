package bench

import (
	"testing"

	"zfjd/internal/scale"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
)

func benchDB(b *testing.B, e store.Dialect, n int) (*store.DB, *envSource) {
	ctx := pinned()
	db := testdb.Open(b, e)
	if _, err := scale.Load(ctx, db, scale.Options{Scale: "county", Cases: n, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	es, err := loadEnvSource(ctx, db)
	if err != nil {
		b.Fatal(err)
	}
	return db, es
}

// BenchmarkEnginePass is the full pass (read, decode, every rule) per case.
func BenchmarkEnginePass(b *testing.B) {
	for _, e := range testdb.Engines {
		b.Run(string(e), func(b *testing.B) {
			db, es := benchDB(b, e, 2000)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := enginePass(pinned(), db, es); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/2000/1000, "µs/case")
		})
	}
}

// BenchmarkSQLRules is the four deadline rules as SQL (with building the
// bench tables) over the same 2,000 cases.
func BenchmarkSQLRules(b *testing.B) {
	for _, e := range testdb.Engines {
		b.Run(string(e), func(b *testing.B) {
			db, es := benchDB(b, e, 2000)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := runSQL(pinned(), db, es.cal, es.today); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
