package webkit

import "net/http"

// Router is where capabilities register their routes: UI pages behind the
// login, API operations behind a bearer token, and public pages. Every
// route is wrapped by the server's per-route metrics.
type Router struct {
	mux  *http.ServeMux
	kit  *Kit
	wrap func(pattern string, h http.Handler) http.Handler
}

// NewRouter registers on mux; wrap (may be nil) wraps each route's handler.
func NewRouter(mux *http.ServeMux, k *Kit, wrap func(pattern string, h http.Handler) http.Handler) *Router {
	if wrap == nil {
		wrap = func(_ string, h http.Handler) http.Handler { return h }
	}
	return &Router{mux: mux, kit: k, wrap: wrap}
}

// Public serves h to everyone.
func (r *Router) Public(pattern string, h http.HandlerFunc) {
	r.mux.Handle(pattern, r.wrap(pattern, h))
}

// UI serves h to signed-in users; others are sent to the login page.
func (r *Router) UI(pattern string, h http.HandlerFunc) { r.Public(pattern, RequireLogin(h)) }

// API serves h to bearer tokens; others get the JSON 401.
func (r *Router) API(pattern string, h http.HandlerFunc) { r.Public(pattern, r.kit.RequireToken(h)) }
