// Package warningweb serves warning handling (电子监察, spec/supervision-v1.md
// §1): the warnings page with its filters, export and batch acts, the
// warning page with its history and the acts the viewer may take, the
// API of §1, the inbox panel of the home page and the navigation badges.
// What may be done, by whom and when is package warning's.
package warningweb

import (
	"bytes"
	"embed"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"zfjd/internal/auth"
	"zfjd/internal/cases"
	"zfjd/internal/warning"
	"zfjd/internal/web/webkit"
)

//go:embed templates/*.html templates/*.tmpl
var templateFS embed.FS

// Handler serves the warning pages and API.
type Handler struct {
	*webkit.Pages
	svc   *warning.Service
	cases *cases.Service
	panel *template.Template
}

var funcs = template.FuncMap{
	// withoutBasis drops the "（依据）" a warning message ends with where
	// the page shows the basis beside it, so it is not said twice.
	"withoutBasis":  func(msg, basis string) string { return strings.TrimSuffix(msg, "（"+basis+"）") },
	"stageLabel":    warning.StageLabel,
	"actionLabel":   warning.ActionLabel,
	"severityLabel": warning.SeverityLabel,
	"stages":        func() any { return warning.Stages },
	"i64":           func(n int64) string { return strconv.FormatInt(n, 10) },
}

// New builds the handler on the case service (for officers' cases in the
// inbox) and sets the shell's badges and home panel on k.
func New(k *webkit.Kit, cs *cases.Service) (*Handler, error) {
	pg, err := k.NewPages(templateFS, funcs)
	if err != nil {
		return nil, err
	}
	panel, err := template.New("inbox.tmpl").Funcs(funcs).ParseFS(templateFS, "templates/inbox.tmpl")
	if err != nil {
		return nil, err
	}
	h := &Handler{Pages: pg, svc: warning.NewService(k.DB), cases: cs, panel: panel}
	k.Shell.Badges = h.badges
	k.Shell.Home = h.home
	return h, nil
}

// Routes registers the warning pages and API operations.
func (h *Handler) Routes(r *webkit.Router) {
	r.UI("GET /warnings", h.list)
	r.UI("GET /warnings/export.xlsx", h.export)
	r.UI("POST /warnings/batch", h.batch)
	r.UI("POST /warnings/settings", h.setting)
	r.UI("GET /warnings/{id}", h.show)
	r.UI("POST /warnings/{id}/act/{type}", h.act)

	r.API("GET /api/v1/warnings/{id}", h.apiGet)
	r.API("POST /api/v1/warnings/{id}/actions", h.apiAct)
	r.API("POST /api/v1/warnings/actions", h.apiBatch)
}

// badges counts what waits for the viewer, on the 预警 entry.
func (h *Handler) badges(r *http.Request) map[string]int {
	n, err := h.svc.Waiting(r.Context(), auth.From(r.Context()))
	if err != nil {
		h.Log.Warn("warning badges", "err", err)
		return nil
	}
	return map[string]int{"warnings": n}
}

// home is the inbox panel of the home page (工作台).
func (h *Handler) home(r *http.Request) template.HTML {
	ctx, p := r.Context(), auth.From(r.Context())
	in, err := h.svc.Counts(ctx, p)
	if err == nil {
		err = h.svc.Officer(ctx, h.cases, p, in)
	}
	if err != nil {
		h.Log.Error("inbox", "err", err)
		return template.HTML(`<p class="error-box">待办事项暂时无法显示，请稍后刷新。</p>`)
	}
	var buf bytes.Buffer
	if err := h.panel.Execute(&buf, in); err != nil {
		h.Log.Error("inbox render", "err", err)
		return ""
	}
	return template.HTML(buf.String())
}

func pathID(r *http.Request) int64 {
	n, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	return n
}
