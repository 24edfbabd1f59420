package web_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"zfjd/internal/auth"
	"zfjd/internal/config"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/upward"
	"zfjd/internal/web/webtest"
)

// sample is the value of the metric line that starts with series (name
// and labels), and whether there is one.
func sample(text, series string) (float64, bool) {
	for _, l := range strings.Split(text, "\n") {
		if v, ok := strings.CutPrefix(l, series+" "); ok {
			f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			return f, err == nil
		}
	}
	return 0, false
}

// After a case write, a round of the background jobs (the due pass, a
// checkpoint, the upward push to a target that is down) run by a second
// instance on the same database, /metrics on the first shows the write
// latency, the due-pass lag, the checkpoint age and the upward backlog.
func TestMetricsOperatorFigures(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		e := webtest.Start(t, db)
		w := webtest.SetupAPIWorld(t, e)
		tok := e.Token(auth.RoleIntegration, "370102", "")
		e.Put("/api/v1/cases/sc/M-1", tok, webtest.CaseBody(w.A102, "370102", w.M102, []string{w.Off102, w.Off102b}), http.StatusCreated)
		// A province system that does not answer: its changes wait.
		if err := upward.AddTarget(webtest.Ctx, db, &upward.Target{Name: "province", URL: "http://127.0.0.1:1/records", Mapping: "records"}, true); err != nil {
			t.Fatal(err)
		}

		// The other instance runs every job once (each is due at start).
		other := newServer(t, db, &config.Options{BaseURL: "http://zfjd.test"})
		ctx, cancel := context.WithCancel(webtest.Ctx)
		stopped := make(chan struct{})
		go func() { other.RunJobs(ctx); close(stopped) }()
		for done := false; !done; {
			ls, err := db.Leases(webtest.Ctx)
			if err != nil {
				t.Fatal(err)
			}
			ran := map[string]bool{}
			for _, l := range ls {
				ran[l.Name] = l.Runs > 0 && l.HeldUntil == 0
			}
			done = ran["hourly"] && ran["checkpoints"] && ran["upward"]
			if !done {
				time.Sleep(10 * time.Millisecond) // not a deadline: the loop waits for the runs
			}
		}
		cancel()
		<-stopped

		status, m := getMetrics(t, e.TS.URL, e.Token(auth.RoleAdmin, "", ""))
		if status != http.StatusOK {
			t.Fatalf("/metrics: %d", status)
		}
		for _, c := range []struct {
			series string
			lo, hi float64
		}{
			{`zfjd_http_write_seconds_count{route="PUT /api/v1/cases/{source_system}/{source_id}"}`, 1, 1},
			{`zfjd_http_write_seconds_count{route="PUT /api/v1/agencies/{code}"}`, 3, 3},
			{`zfjd_http_write_seconds_bucket{route="PUT /api/v1/cases/{source_system}/{source_id}",le="+Inf"}`, 1, 1},
			{"zfjd_ops_metrics_ok", 1, 1},
			// The clock is pinned: the pass began at this scrape's instant.
			{"zfjd_due_pass_lag_seconds", 0, 3600},
			{`zfjd_job_last_run_failed{job="hourly"}`, 0, 0},
			{`zfjd_job_running{job="hourly"}`, 0, 0},
			{`zfjd_job_last_run_age_seconds{job="checkpoints"}`, 0, 60},
			{"zfjd_checkpoint_age_seconds", 0, 60},
			{"zfjd_log_leaves", 1, 1e6},
			{"zfjd_log_unsigned_leaves", 0, 0},
			// Every record change so far waits for the province system.
			{`zfjd_upward_pending{target="province"}`, 1, 1e6},
			{`zfjd_upward_unqueued_leaves{target="province"}`, 0, 0},
			{`zfjd_upward_oldest_pending_seconds{target="province"}`, 0, 3600},
		} {
			v, ok := sample(m, c.series)
			if !ok || v < c.lo || v > c.hi {
				t.Errorf("%s = %v (present %v), want %v…%v", c.series, v, ok, c.lo, c.hi)
			}
		}
		// GET is no write.
		if strings.Contains(m, `zfjd_http_write_seconds_count{route="GET`) {
			t.Error("a GET route counted as a write")
		}
		leaves, _ := sample(m, "zfjd_log_leaves")
		pending, _ := sample(m, `zfjd_upward_pending{target="province"}`)
		if pending > leaves {
			t.Errorf("%v pending of %v leaves", pending, leaves)
		}
	})
}
