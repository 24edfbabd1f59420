package web

import (
	"embed"
	"errors"
	"io/fs"
	"net/http"
	"slices"
	"strings"

	"zfjd/internal/registry"
	"zfjd/internal/web/adminweb"
	"zfjd/internal/web/calendarweb"
	"zfjd/internal/web/caseweb"
	"zfjd/internal/web/complaintweb"
	"zfjd/internal/web/coordweb"
	"zfjd/internal/web/dashweb"
	"zfjd/internal/web/discretionweb"
	"zfjd/internal/web/inspectionweb"
	"zfjd/internal/web/ledgerweb"
	"zfjd/internal/web/officercardweb"
	"zfjd/internal/web/openweb"
	"zfjd/internal/web/promiseweb"
	"zfjd/internal/web/publicweb"
	"zfjd/internal/web/registryweb"
	"zfjd/internal/web/reviewweb"
	"zfjd/internal/web/ruleweb"
	"zfjd/internal/web/statsweb"
	"zfjd/internal/web/supervisionweb"
	"zfjd/internal/web/trainingweb"
	"zfjd/internal/web/upwardweb"
	"zfjd/internal/web/warningweb"
	"zfjd/internal/web/webkit"
)

//go:embed static
var staticFS embed.FS

// capability is one web package: its handler registers its own routes.
type capability interface{ Routes(r *webkit.Router) }

// routes registers the server's own routes and every capability's. A new
// capability (warnings, complaints, ...) is a package like caseweb — New,
// Routes, templates/ and its tests on webtest — plus one line here and its
// entry in the navigation (webkit/nav.go).
func (s *Server) routes(mux *http.ServeMux, v *registry.Verifier) error {
	static, _ := fs.Sub(staticFS, "static")
	mux.Handle("GET /static/", http.StripPrefix("/static/", cacheStatic(noListing(http.FileServerFS(static)))))
	mux.Handle("GET /metrics", s.metricsGate(s.metrics.handler()))
	r := webkit.NewRouter(mux, s.kit, func(pattern string, h http.Handler) http.Handler {
		s.patterns = append(s.patterns, pattern)
		return s.metrics.wrap(pattern, h)
	})
	r.Public("GET /healthz", s.healthz)
	r.Public("GET /livez", s.livez)   // process up (ready.go)
	r.Public("GET /readyz", s.readyz) // send it requests: database, schema, not draining
	r.Public("GET /api/openapi.yaml", s.openapi)
	r.Public("GET /api/v1/version", s.versionInfo)
	r.Public("/api/", s.kit.APINotFound)

	var errs []error
	add := func(c capability, err error) {
		if err != nil {
			errs = append(errs, err)
			return
		}
		c.Routes(r)
	}
	add(adminweb.New(s.kit))
	add(registryweb.New(s.kit, v))
	add(discretionweb.New(s.kit))
	add(caseweb.New(s.kit, s.cases))
	add(calendarweb.New(s.kit))
	add(publicweb.New(s.kit, v))
	add(ledgerweb.New(s.kit, s.logKeys, s.cases))
	add(dashweb.New(s.kit))
	add(coordweb.New(s.kit))
	add(warningweb.New(s.kit, s.cases))
	add(ruleweb.New(s.kit, s.cases))
	add(supervisionweb.New(s.kit))
	add(reviewweb.New(s.kit))
	add(complaintweb.New(s.kit))
	add(openweb.New(s.kit))
	add(inspectionweb.New(s.kit))
	add(trainingweb.New(s.kit))
	add(promiseweb.New(s.kit))
	add(statsweb.New(s.kit))
	add(upwardweb.New(s.kit))
	add(officercardweb.New(s.kit))
	return errors.Join(errs...)
}

// Routes lists the patterns of every capability's route, in registration
// order: the route table the authorization matrix (web/authzmatrix) is
// generated from.
func (s *Server) Routes() []string { return slices.Clone(s.patterns) }

// noListing answers 404 for a directory: the assets are files, and a
// listing would only tell what else there is.
func noListing(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "" || strings.HasSuffix(r.URL.Path, "/") {
			http.NotFound(w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func cacheStatic(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		next.ServeHTTP(w, r)
	})
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	if err := s.db.R.PingContext(r.Context()); err != nil {
		http.Error(w, "database unavailable", http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ok\n"))
}
