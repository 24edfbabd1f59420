package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"zfjd/internal/store"
)

// Liveness and readiness, for a load balancer or an orchestrator in front
// of several instances. /livez says the process answers (restart it when
// it does not); /readyz says it should be sent requests: the database
// answers, its schema is the one this binary was built for, and the
// instance is not shutting down. /healthz (the database answers) stays as
// it was.

// livez answers GET /livez: the process is up; nothing else is asked.
func (s *Server) livez(w http.ResponseWriter, r *http.Request) {
	plain(w, http.StatusOK, "ok\n")
}

// readyz answers GET /readyz: 200 "ok" when this instance should get
// requests, else 503 with the reason. A schema newer than the binary is
// ready: during an upgrade the database is migrated first and the old
// instances keep serving until they are restarted (forward-only,
// additive migrations).
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	if s.draining.Load() {
		plain(w, http.StatusServiceUnavailable, "shutting down\n")
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	applied, err := store.SchemaVersion(ctx, s.db.R)
	if err != nil {
		plain(w, http.StatusServiceUnavailable, "database unavailable\n")
		return
	}
	if head := headVersion(); applied < head {
		plain(w, http.StatusServiceUnavailable, fmt.Sprintf("schema %d behind %d: run zfjd migrate\n", applied, head))
		return
	}
	plain(w, http.StatusOK, "ok\n")
}

var headVersion = sync.OnceValue(store.HeadVersion)

func plain(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write([]byte(body))
}

// Drain marks the instance as shutting down: /readyz answers 503 from now
// on, while every other route is still served.
func (s *Server) Drain() { s.draining.Store(true) }

// Stop ends serving in the order a load balancer needs: readiness goes to
// 503 (Drain), requests are still served for drain (or until ctx ends,
// a second signal), then each server stops accepting connections and waits
// up to timeout for the requests in flight; their writes finish and commit
// in their transactions. It returns an error when some were still running
// at the timeout.
func (s *Server) Stop(ctx context.Context, drain, timeout time.Duration, servers ...*http.Server) error {
	s.Drain()
	if drain > 0 {
		t := time.NewTimer(drain)
		select {
		case <-t.C:
		case <-ctx.Done():
		}
		t.Stop()
	}
	shut, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	errs := make([]error, len(servers))
	var wg sync.WaitGroup
	for i, hs := range servers {
		wg.Go(func() {
			if err := hs.Shutdown(shut); err != nil && !errors.Is(err, http.ErrServerClosed) {
				errs[i] = fmt.Errorf("停止服务时仍有请求未完成（等待 %s 后放弃）：%w", timeout, err)
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}
