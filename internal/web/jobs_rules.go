package web

import (
	"context"
	"time"

	"zfjd/internal/calendar"
	"zfjd/internal/warning/rules"
)

// customRules brings every enabled or changed custom rule's warnings on the
// existing cases of its region up to date (spec §2: "every existing one in
// its region within 60 seconds"): run every 10 seconds (jobs.go), each run
// works through pages of cases for up to 20 seconds and remembers where it
// stopped; a case is re-judged through the case service's compare-and-swap
// save.
func (s *Server) customRules() func(context.Context) error {
	svc := rules.New(s.db, s.cases, calendar.RulesCalendar)
	return func(ctx context.Context) error {
		n, err := svc.ApplyPending(ctx, 20*time.Second)
		if n > 0 {
			s.log.Info("custom rules", "rejudged", n)
		}
		return err
	}
}
