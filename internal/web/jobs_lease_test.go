package web

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"zfjd/internal/clock"
	"zfjd/internal/config"
	"zfjd/internal/ledger"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
)

// movable is a clock the test moves forward.
type movable struct {
	mu sync.Mutex
	t  time.Time
}

func (m *movable) Now() time.Time { m.mu.Lock(); defer m.mu.Unlock(); return m.t }
func (m *movable) add(d time.Duration) {
	m.mu.Lock()
	m.t = m.t.Add(d)
	m.mu.Unlock()
}

// Two instances on one database (each its own pools, as two processes
// behind a load balancer have) ask for every job's turn at the same moment,
// turn after turn: each turn is run exactly once, by one of them.
func TestJobsRunOnceAcrossInstances(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		other, err := store.Open(ctx, db.DSN)
		if err != nil {
			t.Fatal(err)
		}
		defer other.Close()
		clk := &movable{t: clock.Pinned("2025-03-03").Now()}
		keys, err := ledger.EphemeralKeys("zfjd.test/log")
		if err != nil {
			t.Fatal(err)
		}
		log := slog.New(slog.NewTextHandler(io.Discard, nil))
		var insts [2]*Server
		var leases [2]store.Lease
		for i, d := range []*store.DB{db, other} {
			s, err := New(clock.With(ctx, clk), d, &config.Options{BaseURL: "http://zfjd.test"}, log, WithClock(clk), WithLogKeys(keys))
			if err != nil {
				t.Fatal(err)
			}
			insts[i], leases[i] = s, store.Lease{DB: d, Holder: []string{"a", "b"}[i]}
		}
		jctx := clock.With(ctx, clk)
		jobs := insts[0].jobs()
		if len(jobs) < 3 {
			t.Fatalf("jobs = %d, want the hourly pass, checkpoints and custom rules", len(jobs))
		}
		const turns = 4
		for _, j := range jobs {
			var done atomic.Int64
			for turn := 0; turn < turns; turn++ {
				var wg sync.WaitGroup
				var ran atomic.Int64
				for i := range insts {
					jj := j
					jj.run = func(ctx context.Context) error {
						done.Add(1)
						// The other instance asks while this one runs.
						time.Sleep(20 * time.Millisecond)
						return insts[i].jobs()[indexOf(insts[i].jobs(), j.name)].run(ctx)
					}
					wg.Add(1)
					go func() {
						defer wg.Done()
						if insts[i].runOnce(jctx, leases[i], jj) {
							ran.Add(1)
						}
					}()
				}
				wg.Wait()
				if ran.Load() != 1 {
					t.Fatalf("%s turn %d: run by %d instances, want 1", j.name, turn, ran.Load())
				}
				// Asked again within the period: not due.
				if insts[1].runOnce(jctx, leases[1], j) || insts[0].runOnce(jctx, leases[0], j) {
					t.Fatalf("%s turn %d: ran again before its period", j.name, turn)
				}
				clk.add(j.every)
			}
			if done.Load() != turns {
				t.Errorf("%s: done %d times in %d turns", j.name, done.Load(), turns)
			}
		}
		states, err := db.Leases(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range states {
			if s.Runs != turns || s.LastError != "" || s.HeldUntil != 0 {
				t.Errorf("lease %+v: want %d runs, no error, not held", s, turns)
			}
		}
	})
}

func indexOf(js []job, name string) int {
	for i, j := range js {
		if j.name == name {
			return i
		}
	}
	return -1
}
