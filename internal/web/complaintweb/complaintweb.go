// Package complaintweb serves 码上监督 (spec/supervision-v1.md §3): the
// public API and the phone pages a citizen reaches from an agency's poster
// or an officer's certificate QR code (form, receipt, tracking, rating),
// the supervision body's and the agency's inbox and handling pages with
// the xlsx export, and the staff API. What may be done, by whom and when
// is package complaint's.
package complaintweb

import (
	"context"
	"embed"
	"html/template"
	"net/http"
	"os"
	"strconv"
	"strings"

	"zfjd/internal/auth"
	"zfjd/internal/calendar"
	"zfjd/internal/complaint"
	"zfjd/internal/registry"
	"zfjd/internal/web/webkit"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static/complaint.js
var script []byte

//go:embed static/complaint.css
var style []byte

// Handler serves the complaint pages and API.
type Handler struct {
	*webkit.Pages
	svc      *complaint.Service
	verifier *complaint.SocialVerifier
}

var funcs = template.FuncMap{
	"categoryLabel": complaint.CategoryLabel,
	"statusLabel":   complaint.StatusLabel,
	"sourceLabel":   complaint.SourceLabel,
	"actionLabel":   complaint.ActionLabel,
	"categories":    func() any { return complaint.Categories },
	"statuses":      func() any { return complaint.Statuses },
	"sources":       func() any { return complaint.Sources },
	"i64":           func(n int64) string { return strconv.FormatInt(n, 10) },
	"maxPhotos":     func() int { return complaint.MaxPhotos },
	"recordKind":    func(v string) string { return registry.LabelOf(complaint.RecordKinds, v) },
	"grade":         func(v string) string { return registry.LabelOf(complaint.Grades, v) },
	"obsStatuses":   func() any { return complaint.ObsStatuses },
	"obsStatus":     func(v string) string { return registry.LabelOf(complaint.ObsStatuses, v) },
	"hasPrefix":     strings.HasPrefix,
	"dict": func(kv ...any) map[string]any {
		m := map[string]any{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return m
	},
}

// KeysEnv names the contact keys' variable (complaint.Keys: "id:hex,...", the first encrypts).
const KeysEnv = "ZFJD_COMPLAINT_KEYS"

// New builds the handler; the contact keys come from ZFJD_COMPLAINT_KEYS,
// else from the key the database keeps (complaint.StoredKeys).
func New(k *webkit.Kit) (*Handler, error) {
	pg, err := k.NewPages(templateFS, funcs)
	if err != nil {
		return nil, err
	}
	keys, err := complaint.LoadKeys(context.Background(), k.DB, os.Getenv(KeysEnv))
	if err != nil {
		return nil, err
	}
	// The 聘任证 QR's key is made here, once: a page that reads must not write.
	sv, err := complaint.LoadSocialVerifier(context.Background(), k.DB)
	if err != nil {
		return nil, err
	}
	h := &Handler{Pages: pg, svc: complaint.NewService(k.DB, calendar.RulesCalendar, keys), verifier: sv}
	prev := k.Shell.Badges
	k.Shell.Badges = func(r *http.Request) map[string]int {
		var m map[string]int
		if prev != nil {
			m = prev(r)
		}
		if m == nil {
			m = map[string]int{}
		}
		if n, err := h.svc.Waiting(r.Context(), auth.From(r.Context())); err == nil {
			m["complaints"] = n.Mine(auth.From(r.Context()))
		}
		return m
	}
	return h, nil
}

// Service is the complaint service (for the daily pass).
func (h *Handler) Service() *complaint.Service { return h.svc }

// Routes registers the public pages and API, the staff pages and API.
func (h *Handler) Routes(r *webkit.Router) {
	r.Public("GET /complaint/complaint.js", asset("text/javascript; charset=utf-8", script))
	r.Public("GET /complaint/complaint.css", asset("text/css; charset=utf-8", style))
	r.Public("GET /complaint/new", h.form)
	r.Public("POST /complaint", h.submit)
	r.Public("GET /complaint/track", h.trackForm)
	r.Public("POST /complaint/track", h.track)
	r.Public("POST /complaint/track/rate", h.rate)
	r.Public("GET /complaint/poster/{code}", h.poster)
	r.Public("GET /social/verify/{token}", h.socialVerify)

	r.Public("GET /api/v1/public/challenge", h.apiChallenge)
	r.Public("POST /api/v1/public/complaints", h.apiFile)
	r.Public("GET /api/v1/public/complaints/{tracking_code}", h.apiTrack)
	r.Public("POST /api/v1/public/complaints/{tracking_code}/rating", h.apiRate)

	r.UI("GET /complaints", h.list)
	r.UI("GET /complaints/export.xlsx", h.export)
	r.UI("GET /complaints/stats", h.stats)
	r.UI("GET /complaints/stats.xlsx", h.statsExport)
	r.UI("GET /complaints/{id}", h.show)
	r.UI("POST /complaints/{id}/act/{type}", h.act)
	r.UI("POST /complaints/{id}/contact", h.contact)
	r.UI("GET /complaints/{id}/photos/{hash}", h.photo)

	r.UI("POST /complaints/settings", h.setting)
	r.UI("GET /complaints/hotline", h.hotline)
	r.UI("POST /complaints/hotline/import", h.hotlineImport)
	r.UI("GET /complaints/hotline/export.xlsx", h.hotlineExport)
	r.UI("GET /complaints/clue", h.clueNew)
	r.UI("POST /complaints/clue", h.clue)
	r.UI("GET /social-supervisors", h.socialList)
	r.UI("POST /social-supervisors", h.appoint)
	r.UI("GET /social-supervisors/{id}", h.socialShow)
	r.UI("POST /social-supervisors/{id}/records", h.socialRecord)
	r.UI("POST /social-supervisors/{id}/exit", h.socialExit)
	r.UI("GET /observations", h.observations)
	r.UI("GET /observations/export.xlsx", h.observationsExport)
	r.UI("GET /observations/new", h.observationNew)
	r.UI("POST /observations", h.observe)
	r.UI("GET /observations/{id}", h.observation)
	r.UI("POST /observations/{id}/review", h.review)
	r.UI("POST /observations/{id}/clue", h.toClue)
	r.UI("GET /observations/{id}/photos/{hash}", h.obsPhoto)

	r.API("GET /api/v1/complaints", h.apiList)
	r.API("GET /api/v1/complaints/{id}", h.apiGet)
	r.API("POST /api/v1/complaints/{id}/actions", h.apiAct)
}

// asset serves one embedded file (the page's script and style; CSP allows only the site's own).
func asset(mime string, b []byte) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", mime)
		w.Header().Set("Cache-Control", "public, max-age=3600")
		w.Write(b)
	}
}

func pathID(r *http.Request) int64 {
	n, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	return n
}
