package web

import (
	"mime"
	"net/http"
	"time"

	"zfjd/internal/auth"
)

// CSP is the Content-Security-Policy of every response: scripts, styles,
// fonts and frames only from the site itself (every asset is embedded
// under /static), no inline script or style on any page — the calendar
// year and the case documents' print page included (static/calendar.css,
// document.css, document.js) — no plugins, forms post only here, and no
// page may be framed (clickjacking). data: images are only the layout's
// empty favicon.
const CSP = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// securityHeaders sets the headers every response carries. A handler may
// replace the CSP with a stricter one (evidence files are served with
// "sandbox").
func (s *Server) securityHeaders(next http.Handler) http.Handler {
	hsts := s.kit.Opts.HTTPS()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", CSP)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY") // for browsers without frame-ancestors
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		if hsts {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		next.ServeHTTP(w, r)
	})
}

// The HTTP server's timeouts. A request must send its headers within
// ReadHeaderTimeout and its body within ReadTimeout (a client that
// declares a body and never sends it is cut off); the answer must be
// written within WriteTimeout of the headers; an idle keep-alive
// connection is closed after IdleTimeout. Uploads (multipart forms of a
// signed-in user: evidence files, xlsx imports of up to 50 MB on a slow
// county line) get UploadTimeout for both, set per request.
const (
	ReadHeaderTimeout = 10 * time.Second
	ReadTimeout       = time.Minute
	WriteTimeout      = 2 * time.Minute
	IdleTimeout       = 2 * time.Minute
	UploadTimeout     = 15 * time.Minute
)

// NewHTTPServer is the http.Server for h with the timeouts above.
func NewHTTPServer(h http.Handler) *http.Server {
	return &http.Server{Handler: h, ReadHeaderTimeout: ReadHeaderTimeout, ReadTimeout: ReadTimeout,
		WriteTimeout: WriteTimeout, IdleTimeout: IdleTimeout}
}

// uploadDeadline gives a signed-in user's multipart upload UploadTimeout
// to arrive and be answered. Anonymous requests keep the short limits.
func (s *Server) uploadDeadline(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && auth.From(r.Context()) != nil {
			if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "multipart/form-data" {
				rc := http.NewResponseController(w)
				end := time.Now().Add(UploadTimeout)
				// Errors mean a server without deadlines (httptest's
				// recorder): nothing to extend.
				_ = rc.SetReadDeadline(end)
				_ = rc.SetWriteDeadline(end)
			}
		}
		next.ServeHTTP(w, r)
	})
}
