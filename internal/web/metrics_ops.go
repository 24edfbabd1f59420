package web

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// ops is the collector of the figures an operator watches that live in
// the database, computed at each scrape with a few small indexed queries
// (job_leases has a row per job; the latest checkpoint and the log size
// are one row each; the upward backlog is counted on the pending index).
// Every instance on one database reports the same values.
type ops struct {
	s      *Server
	period map[string]time.Duration // each job's period (Server.jobs)

	ok, dueLag, jobAge, jobFailed, jobRunning *prometheus.Desc
	cpAge, leaves, unsigned                   *prometheus.Desc
	pending, oldest, unqueued                 *prometheus.Desc
}

func newOps(s *Server) *ops {
	d := func(name, help string, labels ...string) *prometheus.Desc {
		return prometheus.NewDesc(name, help, labels, nil)
	}
	o := &ops{s: s, period: map[string]time.Duration{},
		ok:         d("zfjd_ops_metrics_ok", "1 when the database answered this scrape's queries (else the figures below are missing)."),
		dueLag:     d("zfjd_due_pass_lag_seconds", "Seconds since the last completed due pass (job hourly) began; it runs hourly, on one instance."),
		jobAge:     d("zfjd_job_last_run_age_seconds", "Seconds since the last completed run of a background job began.", "job"),
		jobFailed:  d("zfjd_job_last_run_failed", "1 when the last run of a background job ended with an error (job_leases.last_error).", "job"),
		jobRunning: d("zfjd_job_running", "1 while an instance holds the job's lease for a run.", "job"),
		cpAge:      d("zfjd_checkpoint_age_seconds", "Seconds since the latest signed checkpoint of the record log (none is signed while nothing is written)."),
		leaves:     d("zfjd_log_leaves", "Leaves in the record log."),
		unsigned:   d("zfjd_log_unsigned_leaves", "Leaves of the record log not yet covered by a signed checkpoint."),
		pending:    d("zfjd_upward_pending", "Record changes queued for an upward target and not yet acknowledged or rejected.", "target"),
		oldest:     d("zfjd_upward_oldest_pending_seconds", "Seconds the oldest pending change of an upward target has waited.", "target"),
		unqueued:   d("zfjd_upward_unqueued_leaves", "Record log leaves past a target's cursor, not yet looked at for queuing.", "target"),
	}
	for _, j := range s.jobs() {
		o.period[j.name] = j.every
	}
	return o
}

func (o *ops) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{o.ok, o.dueLag, o.jobAge, o.jobFailed, o.jobRunning, o.cpAge, o.leaves, o.unsigned,
		o.pending, o.oldest, o.unqueued} {
		ch <- d
	}
}

func (o *ops) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	now := o.s.Clock.Now()
	err := errors.Join(o.jobs(ctx, ch, now), o.upward(ctx, ch, now))
	if err != nil {
		o.s.log.Warn("metrics", "err", err)
	}
	up := 1.0
	if err != nil {
		up = 0
	}
	ch <- prometheus.MustNewConstMetric(o.ok, prometheus.GaugeValue, up)
}

// jobs reports each job's lease. Done makes a job due again a tenth of
// its period early (runOnce), so its last run began at next_at − 0.9 ×
// period; a claim leaves next_at alone, so a run in progress still shows
// the one before.
func (o *ops) jobs(ctx context.Context, ch chan<- prometheus.Metric, now time.Time) error {
	ls, err := o.s.db.Leases(ctx)
	if err != nil {
		return err
	}
	g := func(d *prometheus.Desc, v float64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v, labels...)
	}
	for _, l := range ls {
		every, ok := o.period[l.Name]
		if !ok {
			continue // a job this binary does not run
		}
		began := time.UnixMilli(l.NextAt).Add(-(every - every/10))
		age := max(now.Sub(began).Seconds(), 0)
		g(o.jobAge, age, l.Name)
		g(o.jobFailed, b2f(l.LastError != ""), l.Name)
		g(o.jobRunning, b2f(l.HeldUntil > now.UnixMilli()), l.Name)
		if l.Name == "hourly" {
			g(o.dueLag, age)
		}
	}
	return o.checkpoint(ctx, g, now)
}

func (o *ops) checkpoint(ctx context.Context, g func(*prometheus.Desc, float64, ...string), now time.Time) error {
	var size int64
	if err := o.s.db.R.QueryRowContext(ctx, `SELECT size FROM log_state WHERE id = 1`).Scan(&size); err != nil {
		return err
	}
	g(o.leaves, float64(size))
	var signed, at int64
	err := o.s.db.R.QueryRowContext(ctx, `SELECT size, at FROM log_checkpoints ORDER BY size DESC LIMIT 1`).Scan(&signed, &at)
	if errors.Is(err, sql.ErrNoRows) {
		g(o.unsigned, float64(size))
		return nil
	}
	if err != nil {
		return err
	}
	g(o.cpAge, max(now.Sub(time.UnixMilli(at)).Seconds(), 0))
	g(o.unsigned, float64(max(size-signed, 0)))
	return nil
}

// upward reports each target's backlog: the pending deliveries (counted
// on the index upward_deliveries_pending), how long the oldest has waited,
// and the leaves its cursor has not reached.
func (o *ops) upward(ctx context.Context, ch chan<- prometheus.Metric, now time.Time) error {
	rows, err := o.s.db.R.QueryContext(ctx, `SELECT t.name,
		(SELECT COUNT(*) FROM upward_deliveries d WHERE d.target = t.name AND d.status = 'pending'),
		COALESCE((SELECT d.queued_at FROM upward_deliveries d WHERE d.target = t.name AND d.status = 'pending' ORDER BY d.leaf_idx LIMIT 1), 0),
		(SELECT s.size FROM log_state s WHERE s.id = 1) - t.cursor
		FROM upward_targets t ORDER BY t.name`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		var n, queued, behind int64
		if err := rows.Scan(&name, &n, &queued, &behind); err != nil {
			return err
		}
		ch <- prometheus.MustNewConstMetric(o.pending, prometheus.GaugeValue, float64(n), name)
		ch <- prometheus.MustNewConstMetric(o.unqueued, prometheus.GaugeValue, float64(max(behind, 0)), name)
		wait := 0.0
		if queued > 0 {
			wait = max(now.Sub(time.UnixMilli(queued)).Seconds(), 0)
		}
		ch <- prometheus.MustNewConstMetric(o.oldest, prometheus.GaugeValue, wait, name)
	}
	return rows.Err()
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
