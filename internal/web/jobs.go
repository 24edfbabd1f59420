package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"os"
	"sync"
	"time"

	"zfjd/internal/auth"
	"zfjd/internal/calendar"
	"zfjd/internal/clock"
	"zfjd/internal/complaint"
	"zfjd/internal/coordination"
	"zfjd/internal/flow"
	"zfjd/internal/inspection"
	"zfjd/internal/ledger"
	"zfjd/internal/license"
	"zfjd/internal/promise"
	"zfjd/internal/report"
	"zfjd/internal/store"
	"zfjd/internal/supervision"
	"zfjd/internal/upward"
	"zfjd/internal/warning"
)

// job is one piece of background work: run every period on one instance
// only. ttl bounds one run; an instance that dies mid-run holds the job
// that long before another takes it over.
type job struct {
	name       string
	every, ttl time.Duration
	run        func(ctx context.Context) error
}

// jobs are the server's background work. Several instances behind a load
// balancer on one database each run this list; the lease (store.Lease,
// table job_leases) lets one of them do each turn.
func (s *Server) jobs() []job {
	return []job{
		{name: "hourly", every: time.Hour, ttl: 2 * time.Hour, run: s.hourly},
		{name: "checkpoints", every: time.Minute, ttl: 5 * time.Minute, run: s.signCheckpoints},
		{name: "custom_rules", every: 10 * time.Second, ttl: time.Minute, run: s.customRules()},
		{name: "upward", every: 30 * time.Second, ttl: 10 * time.Minute, run: s.pushUpward()},
		{name: "license_links", every: time.Minute, ttl: 10 * time.Minute, run: s.licenseLinks},
	}
}

// RunJobs runs the background jobs until ctx ends, on the server's clock.
func (s *Server) RunJobs(ctx context.Context) {
	ctx = clock.With(ctx, s.Clock)
	l := store.Lease{DB: s.db, Holder: instanceID()}
	var wg sync.WaitGroup
	for _, j := range s.jobs() {
		wg.Go(func() { s.loop(ctx, l, j) })
	}
	<-ctx.Done()
	// Every loop has returned before the caller may close the database: a
	// job still holding a SQLite connection at close would checkpoint and
	// remove the WAL file by name after the database file is gone.
	wg.Wait()
}

// loop asks for j's turn at least once a minute, so a lapsed claim of a
// dead instance is taken over soon after it lapses.
func (s *Server) loop(ctx context.Context, l store.Lease, j job) {
	t := time.NewTicker(min(j.every, time.Minute))
	defer t.Stop()
	for {
		s.runOnce(ctx, l, j)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// runOnce runs j when its turn has come and no other instance has it; it
// reports whether it ran. The next turn is a tenth of the period early, so
// a ticker firing a little before the exact period does not skip one.
func (s *Server) runOnce(ctx context.Context, l store.Lease, j job) bool {
	now := clock.Now(ctx)
	ok, err := l.Claim(ctx, j.name, now, j.ttl)
	if err != nil {
		s.log.Warn("job lease", "job", j.name, "err", err)
		return false
	}
	if !ok {
		return false
	}
	errText := ""
	if err := j.run(ctx); err != nil {
		errText = err.Error()
		s.log.Warn("job", "job", j.name, "err", err)
	}
	if err := l.Done(context.WithoutCancel(ctx), j.name, now.Add(j.every-j.every/10), errText); err != nil {
		s.log.Warn("job lease", "job", j.name, "err", err)
	}
	return true
}

// licenseLinks notifies the licensing agencies of the penalty cases
// decided since the last turn that suspend or revoke a licence on the
// platform (审批监管处罚衔接, package license).
func (s *Server) licenseLinks(ctx context.Context) error {
	n, err := license.NewService(s.db).LinkPass(ctx, 500)
	if n > 0 {
		s.log.Info("licence notices", "sent", n)
	}
	return err
}

// instanceID names this process in job_leases.
func instanceID() string {
	host, _ := os.Hostname()
	b := make([]byte, 4)
	rand.Read(b)
	return fmt.Sprintf("%s:%d:%s", host, os.Getpid(), hex.EncodeToString(b))
}

// hourly is the housekeeping and the daily pass, in the order they depend
// on each other.
func (s *Server) hourly(ctx context.Context) error {
	if err := (auth.SessionStore{DB: s.db}).Cleanup(); err != nil {
		s.log.Warn("session cleanup", "err", err)
	}
	if err := auth.CleanupThrottle(ctx, s.db, clock.Now(ctx)); err != nil {
		s.log.Warn("login throttle cleanup", "err", err)
	}
	// From 1 January, last year's 行政执法统计年报 of every enforcement
	// agency is drafted from live data (issue 15), before the pass judges
	// its reminder and deadline.
	if n, err := report.NewService(s.db).Draft(ctx); err != nil {
		s.log.Warn("annual report drafts", "err", err)
	} else if n > 0 {
		s.log.Info("annual report drafts", "drafted", n)
	}
	// The daily pass: subjects whose clock ran out since they were last
	// judged get their warnings (spec: "as time passes"). Only cases due
	// on or before today are read, so running it hourly is cheap.
	n, passErr := flow.Pass(ctx, s.db, clock.TodayString(ctx), s.dues()...)
	if passErr != nil {
		s.log.Warn("daily pass", "err", passErr)
	} else if n > 0 {
		s.log.Info("daily pass", "rejudged", n)
	}
	// Yellow warnings nobody signed in time turn red (supervision-v1 §1),
	// counted in working days on the calendar; after the case pass, so
	// warnings it raised or cured are counted as they now stand.
	if n, err := warning.Escalate(ctx, s.db); err != nil {
		s.log.Warn("warning escalation", "err", err)
	} else if n > 0 {
		s.log.Info("warning escalation", "escalated", n)
	}
	// 红黄牌: attribute the new and escalated red warnings and propose
	// 暂扣/离岗培训 for officers at a 红牌, after the escalation pass.
	if _, err := warning.RaiseCardProposals(ctx, s.db); err != nil {
		s.log.Warn("red card proposals", "err", err)
	}
	// A failed due pass is the job's error, kept in job_leases.last_error
	// for the operator (zfjd_job_last_run_failed{job="hourly"}).
	return passErr
}

// dues are every workflow's part in the kernel's daily pass (flow.Pass):
// a capability with deadlines adds its flow.Due here, cases first.
func (s *Server) dues() []flow.Due {
	return []flow.Due{s.cases.Due(), coordination.NewService(s.db).Due(), coordination.NewService(s.db).JointDue(), coordination.NewService(s.db).TransferDueJob(),
		coordination.NewService(s.db).MeetingDue(), coordination.NewService(s.db).AssistDue(), supervision.NewService(s.db).Due(), complaint.NewService(s.db, calendar.RulesCalendar, nil).Due(),
		inspection.NewService(s.db, calendar.RulesCalendar).Due(),
		promise.NewService(s.db).Due(), report.NewService(s.db).Due()}
}

// signCheckpoints covers new leaves of the record log with a signed
// checkpoint within a minute (spec §6); a quiet log signs nothing new.
func (s *Server) signCheckpoints(ctx context.Context) error {
	_, err := ledger.Sign(ctx, s.db, s.logKeys)
	return err
}

// pushUpward sends new record changes to the configured systems above
// (C16, package upward; targets are set with zfjd upward add).
func (s *Server) pushUpward() func(context.Context) error {
	p := &upward.Pusher{DB: s.db, Client: &http.Client{Timeout: 30 * time.Second}, Origin: s.logKeys.Origin}
	return func(ctx context.Context) error {
		res, err := p.Run(ctx)
		for name, r := range res {
			if r != (upward.Result{}) {
				s.log.Info("upward push", "target", name, "acked", r.Acked, "rejected", r.Rejected, "retrying", r.Retrying)
			}
		}
		return err
	}
}
