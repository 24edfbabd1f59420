package web

import (
	"context"
	"time"

	"zfjd/internal/auth"
)

// RunJobs runs the periodic housekeeping until ctx ends. Jobs are
// idempotent, so several instances on one database may run them.
func (s *Server) RunJobs(ctx context.Context) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		if err := (auth.SessionStore{DB: s.db}).Cleanup(); err != nil {
			s.log.Warn("session cleanup", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
