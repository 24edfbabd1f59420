package web

import (
	"net/http"

	"zfjd/internal/store"
	"zfjd/internal/version"
	"zfjd/internal/web/webkit"
)

// versionInfo answers GET /api/v1/version: which build this instance runs
// and how its database's schema stands against it, so an operator (or a
// load balancer during a rolling upgrade) sees an instance whose binary and
// schema differ.
func (s *Server) versionInfo(w http.ResponseWriter, r *http.Request) {
	applied, err := store.SchemaVersion(r.Context(), s.db.R)
	if err != nil {
		s.kit.APIError(w, r, err)
		return
	}
	head := store.HeadVersion()
	state := "current"
	switch {
	case applied < head:
		state = "pending" // zfjd migrate has not run for this binary
	case applied > head:
		state = "newer" // the database was migrated by a newer binary
	}
	w.Header().Set("Cache-Control", "no-store")
	webkit.WriteJSON(w, http.StatusOK, struct {
		version.Build
		Engine        store.Dialect `json:"engine"`
		SchemaVersion int64         `json:"schema_version"`
		SchemaHead    int64         `json:"schema_head"`
		Schema        string        `json:"schema"`
	}{version.Info(), s.db.Dialect, applied, head, state})
}
