package web

import (
	"context"
	"time"

	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/flow"
	"zfjd/internal/ledger"
	"zfjd/internal/warning"
)

// RunJobs runs the periodic housekeeping until ctx ends, on the server's
// clock. Jobs are idempotent, so several instances on one database may run
// them.
func (s *Server) RunJobs(ctx context.Context) {
	ctx = clock.With(ctx, s.Clock)
	go s.signCheckpoints(ctx)
	go s.applyCustomRules(ctx)
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		if err := (auth.SessionStore{DB: s.db}).Cleanup(); err != nil {
			s.log.Warn("session cleanup", "err", err)
		}
		if err := auth.CleanupThrottle(ctx, s.db, clock.Now(ctx)); err != nil {
			s.log.Warn("login throttle cleanup", "err", err)
		}
		// The daily pass: subjects whose clock ran out since they were last
		// judged get their warnings (spec: "as time passes"). Only cases due
		// on or before today are read, so running it hourly is cheap.
		if n, err := flow.Pass(ctx, s.db, clock.TodayString(ctx), s.dues()...); err != nil {
			s.log.Warn("daily pass", "err", err)
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
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// dues are every workflow's part in the kernel's daily pass (flow.Pass):
// a capability with deadlines adds its flow.Due here, cases first.
func (s *Server) dues() []flow.Due {
	return []flow.Due{s.cases.Due()}
}

// signCheckpoints covers new leaves of the record log with a signed
// checkpoint within a minute (spec §6); a quiet log signs nothing new.
func (s *Server) signCheckpoints(ctx context.Context) {
	t := time.NewTicker(time.Minute)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if _, err := ledger.Sign(ctx, s.db, s.logKeys); err != nil {
			s.log.Error("record log checkpoint", "err", err)
		}
	}
}
