package web

import (
	"crypto/subtle"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"zfjd/internal/auth"
	"zfjd/internal/store"
	"zfjd/internal/web/webkit"
)

// metrics are served at /metrics for Prometheus (metricsGate): request
// counts and latency by route, the write routes' latency, and what the
// operator watches in the database (ops, metrics_ops.go).
type metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	writes   *prometheus.HistogramVec
}

func newMetrics(db *store.DB) *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "zfjd_http_requests_total", Help: "HTTP requests by route and status.",
		}, []string{"route", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "zfjd_http_request_seconds", Help: "HTTP request latency by route.", Buckets: prometheus.DefBuckets,
		}, []string{"route"}),
		// Write latency is measured at the HTTP write routes (PUT, POST,
		// PATCH, DELETE) by route: each is one service call whose write runs
		// in one transaction, answered after it commits.
		writes: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "zfjd_http_write_seconds", Help: "Latency of the write requests (PUT, POST, PATCH, DELETE) by route, until answered after the commit.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"route"}),
	}
	m.reg.MustRegister(m.requests, m.latency, m.writes,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		collectors.NewDBStatsCollector(db.W, "write"))
	if db.R != db.W {
		m.reg.MustRegister(collectors.NewDBStatsCollector(db.R, "read"))
	}
	return m
}

func (m *metrics) wrap(route string, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw, ok := w.(*statusWriter)
		if !ok {
			sw = &statusWriter{ResponseWriter: w, status: 200}
		}
		h.ServeHTTP(sw, r)
		took := time.Since(start).Seconds()
		m.requests.WithLabelValues(route, strconv.Itoa(sw.status)).Inc()
		m.latency.WithLabelValues(route).Observe(took)
		switch r.Method {
		case http.MethodPut, http.MethodPost, http.MethodPatch, http.MethodDelete:
			m.writes.WithLabelValues(route).Observe(took)
		}
	})
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// MetricsHandler serves the metrics without any check, for the separate
// listener of --metrics-addr (main), which only the monitoring network reaches.
func (s *Server) MetricsHandler() http.Handler { return s.metrics.handler() }

// metricsGate guards /metrics on the main address: request counts by route
// and status tell an outsider what is used and what fails. With
// --metrics-addr it is not served here at all (404); otherwise it needs
// the --metrics-token or an API token of a system administrator (401).
func (s *Server) metricsGate(next http.Handler) http.Handler {
	o := s.kit.Opts
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if o.MetricsAddr != "" {
			http.NotFound(w, r)
			return
		}
		if tok, ok := webkit.Bearer(r); ok {
			if o.MetricsToken != "" && subtle.ConstantTimeCompare([]byte(tok), []byte(o.MetricsToken)) == 1 {
				next.ServeHTTP(w, r)
				return
			}
			if p, err := auth.TokenPrincipal(r.Context(), s.db, tok); err == nil && p.Role == auth.RoleAdmin {
				next.ServeHTTP(w, r)
				return
			}
		}
		w.Header().Set("WWW-Authenticate", `Bearer realm="zfjd metrics"`)
		http.Error(w, "读取监控指标需要访问令牌", http.StatusUnauthorized)
	})
}
