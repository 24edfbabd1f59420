package bench

import (
	"context"
	"encoding/json"
	"runtime"
	"sync"
	"time"

	"zfjd/internal/cases"
	"zfjd/internal/store"
)

// deadlineRules are the rules the SQL side writes as one query each.
var deadlineRules = []string{"DECISION_OVERDUE", "DELIVERY_OVERDUE", "PUBLICITY_OVERDUE", "PAYMENT_OVERDUE"}

type fullPass struct {
	cases, warnings int
	sameStatus      int // judged status equal to the stored one
	fired           map[string]int
	total, judge    time.Duration // wall time; CPU time spent in Judge (summed over workers)
	judgeOne        lat           // one case, in memory
}

// enginePass reads every case and applies every rule with the Go engine,
// on all cores.
func enginePass(ctx context.Context, db *store.DB, es *envSource) (*fullPass, error) {
	start := time.Now()
	type raw struct {
		c       cases.Case
		ev, pty string
		fct     string
		status  string
	}
	in := make(chan []raw, 4)
	out := &fullPass{fired: map[string]int{}}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fired := map[string]int{}
			var n, w, same int
			var judge time.Duration
			var one lat
			for batch := range in {
				for i := range batch {
					r := &batch[i]
					c := &r.c
					if json.Unmarshal([]byte(r.ev), &c.Events) != nil || json.Unmarshal([]byte(r.pty), &c.Party) != nil ||
						json.Unmarshal([]byte(r.fct), &c.Facts) != nil || cases.ParseStored(c) != nil {
						continue
					}
					t := time.Now()
					jd := cases.Judge(c, es.env(c))
					d := time.Since(t)
					judge += d
					if n%97 == 0 {
						one = append(one, d)
					}
					n++
					w += len(jd.Warnings)
					if jd.Status == r.status {
						same++
					}
					seen := map[string]bool{}
					for _, x := range jd.Warnings {
						if !seen[x.Rule] {
							seen[x.Rule] = true
							fired[x.Rule]++
						}
					}
				}
			}
			mu.Lock()
			out.cases += n
			out.warnings += w
			out.sameStatus += same
			out.judge += judge
			out.judgeOne = append(out.judgeOne, one...)
			for k, v := range fired {
				out.fired[k] += v
			}
			mu.Unlock()
		}()
	}
	rows, err := db.R.QueryContext(ctx, `SELECT id, agency_code, region_code, matter_code, procedure_kind, party_json, facts_json,
		events_json, status FROM cases`)
	if err != nil {
		close(in)
		wg.Wait()
		return nil, err
	}
	batch := make([]raw, 0, 500)
	for rows.Next() {
		var r raw
		if err := rows.Scan(&r.c.ID, &r.c.AgencyCode, &r.c.RegionCode, &r.c.MatterCode, &r.c.Procedure, &r.pty, &r.fct, &r.ev, &r.status); err != nil {
			rows.Close()
			close(in)
			wg.Wait()
			return nil, err
		}
		batch = append(batch, r)
		if len(batch) == cap(batch) {
			in <- batch
			batch = make([]raw, 0, 500)
		}
	}
	err = rows.Close()
	in <- batch
	close(in)
	wg.Wait()
	out.total = time.Since(start)
	return out, err
}
