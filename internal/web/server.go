// Package web composes the HTTP server: the middleware chain, the routes
// of every capability package (adminweb, registryweb, discretionweb,
// caseweb, calendarweb, publicweb; see routes.go), the static assets, the
// OpenAPI document, metrics and the periodic jobs. What the capabilities
// share is in package webkit.
package web

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/alexedwards/scs/v2"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/calendar"
	"zfjd/internal/cases"
	"zfjd/internal/clock"
	"zfjd/internal/config"
	"zfjd/internal/ledger"
	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/web/webkit"
)

// Server holds what handlers need.
type Server struct {
	// Clock is the time every request and job runs on: the middleware puts
	// it into each request's context (clock.With), so handlers and services
	// read it with clock.Now / clock.Today. Default: clock.From(ctx) of New,
	// i.e. clock.System() unless the context carries one.
	Clock clock.Clock

	db      *store.DB
	cases   *cases.Service
	logKeys *ledger.Keys
	kit     *webkit.Kit
	log     *slog.Logger
	metrics *metrics
	handler http.Handler
	// patterns are the registered routes (Routes).
	patterns []string
	// draining is set once shutdown has begun (Drain): /readyz says 503.
	draining atomic.Bool
}

// Option configures a Server in New.
type Option func(*Server)

// WithCases serves penalty cases with svc (built in main with its
// calendar and benchmark ranges).
func WithCases(svc *cases.Service) Option { return func(s *Server) { s.cases = svc } }

// WithLogKeys signs the record log's checkpoints with keys (main loads
// them from the key file; without them the server makes ephemeral ones).
func WithLogKeys(k *ledger.Keys) Option { return func(s *Server) { s.logKeys = k } }

// WithClock runs the server on c.
func WithClock(c clock.Clock) Option { return func(s *Server) { s.Clock = c } }

// New builds a server on a migrated database.
func New(ctx context.Context, db *store.DB, opts *config.Options, log *slog.Logger, with ...Option) (*Server, error) {
	s := &Server{Clock: clock.From(ctx), db: db, log: log}
	for _, o := range with {
		o(s)
	}
	if s.cases == nil {
		s.cases = cases.NewService(db, calendar.RulesCalendar, cases.BenchmarkRanges)
	}
	ctx = clock.With(ctx, s.Clock)
	if s.logKeys == nil {
		k, err := ledger.EphemeralKeys(opts.LogOrigin())
		if err != nil {
			return nil, err
		}
		s.logKeys = k
	}
	// The log refuses to go backwards: signing at start checks the tree
	// against the last checkpoint (consistency proof).
	if _, err := ledger.Sign(ctx, db, s.logKeys); err != nil {
		return nil, fmt.Errorf("记录存证日志检查失败：%w", err)
	}
	v, err := registry.LoadVerifier(ctx, db)
	if err != nil {
		return nil, err
	}
	if err := calendar.Seed(ctx, db); err != nil { // built-in 节假日安排 for years not stored yet
		return nil, err
	}
	sm := scs.New()
	sm.Store = auth.SessionStore{DB: db}
	sm.Lifetime = 12 * time.Hour
	sm.IdleTimeout = 2 * time.Hour
	sm.Cookie.Name = "zfjd_session"
	sm.Cookie.HttpOnly = true
	sm.Cookie.SameSite = http.SameSiteLaxMode
	// Behind a TLS proxy the base URL is https, so the cookie is Secure
	// even though this process speaks plain HTTP.
	sm.Cookie.Secure = opts.HTTPS()
	proxies, err := opts.Proxies()
	if err != nil {
		return nil, err
	}
	s.kit = &webkit.Kit{DB: db, Opts: opts, Sessions: sm, Log: log, Proxies: proxies}
	if s.kit.Reads, err = openReads(ctx, db, opts.ReadDB); err != nil {
		return nil, err
	}
	s.metrics = newMetrics(db)
	s.metrics.reg.MustRegister(newOps(s))
	mux := http.NewServeMux()
	if err := s.routes(mux, v); err != nil {
		return nil, err
	}
	// Same-origin checks on every state-changing request (Go's
	// CrossOriginProtection) plus SameSite=Lax cookies defend against CSRF.
	// API calls with a bearer token carry no ambient credentials, so they
	// skip the browser-oriented check and always get the JSON error body;
	// a bearer token anywhere else is no credential at all (withPrincipal),
	// so it skips nothing there.
	csrf := http.NewCrossOriginProtection()
	csrf.SetDenyHandler(http.HandlerFunc(s.crossOriginDenied))
	// Pages no route serves answer in Chinese with a way back (404, 405).
	routed, err := s.kit.Unmatched(mux)
	if err != nil {
		return nil, err
	}
	protected := csrf.Handler(routed)
	var h http.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, ok := webkit.Bearer(r); ok && isAPI(r) {
			routed.ServeHTTP(w, r)
			return
		}
		protected.ServeHTTP(w, r)
	})
	h = sm.LoadAndSave(s.withPrincipal(s.uploadDeadline(h)))
	s.handler = s.recoverer(s.securityHeaders(s.logRequests(s.withClock(h))))
	return s, nil
}

// isAPI reports whether r is for the JSON API, the only place bearer
// tokens are credentials.
func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

// crossOriginDenied answers a refused cross-origin request in Chinese.
func (s *Server) crossOriginDenied(w http.ResponseWriter, r *http.Request) {
	const msg = "跨站请求已被拒绝：请在本系统的页面上操作后重新提交"
	if isAPI(r) {
		s.kit.APIError(w, r, apperr.New(apperr.Forbidden, msg))
		return
	}
	http.Error(w, msg+"。", http.StatusForbidden)
}

// ServeHTTP makes Server an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// withClock puts the server's clock into the request context.
func (s *Server) withClock(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(clock.With(r.Context(), s.Clock)))
	})
}

// withPrincipal puts the signed-in account or the bearer token's principal
// into the request context.
func (s *Server) withPrincipal(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		// Tokens are for the API: a token on a page is ignored, so it
		// never acts as a signed-in session (nor skips the CSRF check).
		if tok, ok := webkit.Bearer(r); ok && isAPI(r) {
			p, err := auth.TokenPrincipal(ctx, s.db, tok)
			if err != nil {
				s.kit.APIError(w, r, err)
				return
			}
			next.ServeHTTP(w, r.WithContext(auth.With(ctx, p)))
			return
		}
		if id := s.kit.Sessions.GetInt64(ctx, webkit.AccountKey); id != 0 {
			a, err := auth.GetAccount(ctx, s.db, id)
			// A session begun before the password last changed (the user's
			// own change elsewhere, an administrator's reset) has ended.
			if err == nil && !a.Disabled && s.kit.Sessions.GetInt64(ctx, webkit.PasswordEpochKey) == a.PasswordChangedAt {
				ctx = auth.With(ctx, a.Principal())
			} else {
				s.kit.Sessions.Remove(ctx, webkit.AccountKey)
			}
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

// Unwrap lets http.ResponseController reach the connection (deadlines).
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, status: 200}
		next.ServeHTTP(sw, r)
		s.log.Info("request", "method", r.Method, "path", r.URL.Path, "status", sw.status, "ms", time.Since(start).Milliseconds(),
			"remote", s.kit.ClientAddr(r))
	})
}

// recoverer turns a panic into a Chinese 500 page instead of a stack trace.
func (s *Server) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic", "path", r.URL.Path, "err", v)
				http.Error(w, "系统内部错误，请稍后重试", http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(w, r)
	})
}
