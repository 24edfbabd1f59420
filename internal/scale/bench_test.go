package scale

import (
	"testing"

	"zfjd/internal/cases"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
)

// BenchmarkGenerate is one generated case judged by the engine and turned
// into its rows (cases.PrepareBulk), without the database.
func BenchmarkGenerate(b *testing.B) {
	ctx := pinned()
	db := testdb.Open(b, store.SQLite)
	regions, err := loadRegions(ctx, db.R, "37")
	if err != nil {
		b.Fatal(err)
	}
	w, err := buildWorld(randFor(1), "province", regions, today())
	if err != nil {
		b.Fatal(err)
	}
	if err := writeRegistry(ctx, db, w, today(), &Summary{}, nopHash{}); err != nil {
		b.Fatal(err)
	}
	es, err := newEnvs(ctx, db, w, mustDate("2026-06-15"))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c := genCase(1, i, w, today())
		if _, err := cases.PrepareBulk(c, es.env(c)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoad is the whole load per case (generation, judgement, bulk
// write with findings and log leaves) of 2,000 county cases, per engine.
func BenchmarkLoad(b *testing.B) {
	for _, e := range testdb.Engines {
		b.Run(string(e), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				db := testdb.Open(b, e)
				b.StartTimer()
				if _, err := Load(pinned(), db, Options{Scale: "county", Cases: 2000, Seed: 1}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/2000/1000, "µs/case")
		})
	}
}
