package web

import (
	"context"
	"time"

	"zfjd/internal/calendar"
	"zfjd/internal/warning/rules"
)

// applyCustomRules brings every enabled or changed custom rule's warnings
// on the existing cases of its region up to date (spec §2: "every existing
// one in its region within 60 seconds"): every 10 seconds it works through
// pages of cases for up to 20 seconds and remembers where it stopped, so
// several instances on one database share the work safely (a case is
// re-judged through the case service's compare-and-swap save).
func (s *Server) applyCustomRules(ctx context.Context) {
	svc := rules.New(s.db, s.cases, calendar.RulesCalendar)
	t := time.NewTicker(10 * time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if n, err := svc.ApplyPending(ctx, 20*time.Second); err != nil {
			s.log.Warn("custom rules", "err", err)
		} else if n > 0 {
			s.log.Info("custom rules", "rejudged", n)
		}
	}
}
