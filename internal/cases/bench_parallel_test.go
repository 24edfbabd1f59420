package cases

import (
	"fmt"
	"runtime"
	"sync/atomic"
	"testing"

	"zfjd/internal/testdb"
)

// BenchmarkPutParallel measures exchange-API ingest with 8 concurrent
// writers (RunParallel with GOMAXPROCS×parallelism = 8 goroutines), each
// putting distinct new cases through one service, on each engine. cases/s
// is the throughput the province-scale goal (issue 10) is stated in.
func BenchmarkPutParallel(b *testing.B) {
	for _, e := range testdb.Engines {
		b.Run(string(e), func(b *testing.B) {
			db := testdb.Open(b, e)
			seedTB(b, db)
			svc := svcOf(db)
			ctx := tctx()
			var n atomic.Int64
			b.SetParallelism(parallelism(8))
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					c := baseCase()
					c.SourceID = fmt.Sprint("par-", n.Add(1))
					if _, _, err := svc.Put(ctx, robot, c); err != nil {
						b.Error(err)
						return
					}
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "cases/s")
		})
	}
}

// parallelism is the RunParallel factor that gives about n goroutines.
func parallelism(n int) int { return max(1, n/runtime.GOMAXPROCS(0)) }
