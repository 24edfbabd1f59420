package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"zfjd/internal/clock"
	"zfjd/internal/scale"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
)

func pinned() context.Context { return clock.With(context.Background(), clock.Pinned("2026-06-15")) }

// TestRunEndToEnd runs the whole bench on a tiny dataset on both engines:
// every measure is present, no request failed, and the SQL deadline rules
// find the same cases as the engine.
func TestRunEndToEnd(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		ctx := pinned()
		sum, err := scale.Load(ctx, db, scale.Options{Scale: "county", Cases: 300, Seed: 3})
		if err != nil {
			t.Fatal(err)
		}
		var log bytes.Buffer
		res, err := Run(ctx, db, Options{Duration: 100 * time.Millisecond, Samples: 10, Out: &log}, sum)
		if err != nil {
			t.Fatalf("%v\n%s", err, log.String())
		}
		names := map[string]Row{}
		for _, r := range res.Rows {
			names[r.Name] = r
			if r.Failed > 0 {
				t.Errorf("%s: %d failed: %s", r.Name, r.Failed, r.Note)
			}
		}
		for _, want := range []string{"全量判断", "写成 SQL", "用时比", "增量判断", "增量重判", "GET /api/v1/cases", "GET /api/v1/warnings",
			"GET /cases", "统计", "/public/decisions", "两字检索", "决定页", "1 个客户端", "8 个客户端", "32 个客户端", "每日到期检查", "涉企检查写入", "内存峰值"} {
			found := false
			for n := range names {
				found = found || strings.Contains(n, want)
			}
			if !found {
				t.Errorf("no row %q in\n%s", want, log.String())
			}
		}
		for _, r := range res.Rows {
			if strings.Contains(r.Name, "写成 SQL") {
				parsed := 0
				for _, part := range strings.Split(r.Note, "；") {
					var rule string
					var sqlN, engN int
					if n, _ := sscanRule(part, &rule, &sqlN, &engN); n == 4 {
						parsed++
						if sqlN != engN || engN == 0 {
							t.Errorf("%s: SQL found %d cases, the engine %d", rule, sqlN, engN)
						}
					}
				}
				if parsed != len(deadlineRules) {
					t.Errorf("parsed %d rules of %q", parsed, r.Note)
				}
			}
		}
		if res.Dataset.Cases != 300 || res.Machine.Cores == 0 || res.PeakRSSMB == 0 {
			t.Errorf("dataset %+v machine %+v rss %v", res.Dataset, res.Machine, res.PeakRSSMB)
		}
		var out bytes.Buffer
		res.Print(&out)
		if !strings.Contains(out.String(), "全量判断") {
			t.Errorf("table:\n%s", out.String())
		}
		path := filepath.Join(t.TempDir(), "bench.json")
		if err := res.WriteJSON(path); err != nil {
			t.Fatal(err)
		}
		b, _ := os.ReadFile(path)
		var back Result
		if err := json.Unmarshal(b, &back); err != nil || len(back.Rows) != len(res.Rows) || back.Dataset.Engine != string(db.Dialect) {
			t.Errorf("JSON round trip: %v %+v", err, back.Dataset)
		}
	})
}
