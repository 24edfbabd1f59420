package openweb

import (
	"net/http"
	"strings"
	"time"
)

// cacheControl is every open data answer's: public, five minutes.
const cacheControl = "public, max-age=300"

// conditional sets ETag, Last-Modified (when known) and Cache-Control and
// reports whether the client has this answer already (RFC 9110 §13.2.2):
// If-None-Match decides when present; otherwise If-Modified-Since does,
// when useIMS (only where Last-Modified moves with every change).
func conditional(w http.ResponseWriter, r *http.Request, etag string, modified time.Time, useIMS bool) bool {
	h := w.Header()
	h.Set("ETag", etag)
	h.Set("Cache-Control", cacheControl)
	if !modified.IsZero() {
		h.Set("Last-Modified", modified.UTC().Format(http.TimeFormat))
	}
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		return matchETag(inm, etag)
	}
	if ims := r.Header.Get("If-Modified-Since"); useIMS && ims != "" && !modified.IsZero() {
		t, err := http.ParseTime(ims)
		return err == nil && !modified.Truncate(time.Second).After(t)
	}
	return false
}

// matchETag is If-None-Match's weak comparison: any listed tag, or *.
func matchETag(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == "*" || t == etag {
			return true
		}
	}
	return false
}

// notModified answers 304 with the headers conditional set.
func notModified(w http.ResponseWriter) { w.WriteHeader(http.StatusNotModified) }
