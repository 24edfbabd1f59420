package bench

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"zfjd/internal/scale"
	"zfjd/internal/stats"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
)

// TestOnlyStats runs `zfjd bench --only stats` on a tiny county dataset on
// both engines: a row per grouping of the dashboard, one for the 年报 and
// one for the 评议考核 score sheets,
// for the county's supervisor (the only generated account in scope), and
// no request failed.
func TestOnlyStats(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		ctx := pinned()
		if _, err := scale.Load(ctx, db, scale.Options{Scale: "county", Cases: 200, Seed: 5, Inspections: -1}); err != nil {
			t.Fatal(err)
		}
		var log bytes.Buffer
		res, err := Run(ctx, db, Options{Duration: 10 * time.Millisecond, Out: &log, Only: "stats"}, nil)
		if err != nil {
			t.Fatalf("%v\n%s", err, log.String())
		}
		want := map[string]bool{"统计年报": false, "评议考核": false}
		for _, g := range stats.Groupings {
			want[g.Label] = false
		}
		for _, r := range res.Rows {
			if r.Failed > 0 || strings.Contains(r.Note, "错误") {
				t.Errorf("%s: %d failed: %s", r.Name, r.Failed, r.Note)
			}
			for k := range want {
				if strings.Contains(r.Name, k) && r.N >= 5 && r.P50ms > 0 {
					want[k] = true
				}
			}
		}
		for k, ok := range want {
			if !ok {
				t.Errorf("no measured row for %s in\n%s", k, log.String())
			}
		}
	})
}
