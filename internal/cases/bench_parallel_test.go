package cases

import (
	"fmt"
	"runtime"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"zfjd/internal/clock"
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
			cpu0 := cpuTime()
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
			b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/float64(b.N), "cpu-µs/case")
		})
	}
}

// cpuTime is the CPU time (user + system) this process has used: on a
// machine shared with other work the wall-clock rate says little, the CPU
// spent per case says what the code costs (for PostgreSQL without the
// server's own share).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// parallelism is the RunParallel factor that gives about n goroutines.
func parallelism(n int) int { return max(1, n/runtime.GOMAXPROCS(0)) }

// BenchmarkDailyPass measures the due pass over 1,000 due cases on each
// engine: every iteration makes all of them due again and passes a month
// later than they were written, so each is judged and (its next check
// moving) written. due-cases/s is the goal's unit (issue 10: ≥ 10,000).
func BenchmarkDailyPass(b *testing.B) {
	const due = 1000
	for _, e := range testdb.Engines {
		b.Run(string(e), func(b *testing.B) {
			db := testdb.Open(b, e)
			seedTB(b, db)
			svc := svcOf(db)
			ctx := tctx()
			for i := range due {
				c := baseCase()
				c.SourceID = fmt.Sprint("due-", i)
				if _, _, err := svc.Put(ctx, robot, c); err != nil {
					b.Fatal(err)
				}
			}
			later := clock.With(bg, clock.Pinned("2025-01-15"))
			judged, cpu := 0, time.Duration(0)
			for b.Loop() {
				b.StopTimer()
				if _, err := db.W.Exec(`UPDATE cases SET next_check = '2000-01-01'`); err != nil {
					b.Fatal(err)
				}
				cpu0 := cpuTime()
				b.StartTimer()
				n, err := svc.DailyPass(later)
				if err != nil || n != due {
					b.Fatalf("judged %d, %v", n, err)
				}
				cpu += cpuTime() - cpu0
				judged += n
			}
			b.ReportMetric(float64(judged)/b.Elapsed().Seconds(), "due-cases/s")
			b.ReportMetric(float64(cpu.Microseconds())/float64(judged), "cpu-µs/case")
		})
	}
}
