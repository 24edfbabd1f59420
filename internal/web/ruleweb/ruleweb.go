// Package ruleweb serves rules as data (电子监察, spec/supervision-v1.md §2):
// the rules page with each rule's basis, switch, parameters and the region
// its setting comes from, the settings form per region, the custom-rule
// editor with examples, validation, dry run and versions, and the API of
// §2. What may be set, by whom, and how rules judge is package
// warning/rules's.
package ruleweb

import (
	"embed"

	"zfjd/internal/calendar"
	"zfjd/internal/cases"
	"zfjd/internal/warning/rules"
	"zfjd/internal/web/webkit"
)

//go:embed templates/*.html
var templateFS embed.FS

// Handler serves the rule pages and API.
type Handler struct {
	*webkit.Pages
	svc *rules.Service
}

// New builds the handler; its service installs the custom rules in the
// judgement of cs.
func New(k *webkit.Kit, cs *cases.Service) (*Handler, error) {
	pg, err := k.NewPages(templateFS, nil)
	if err != nil {
		return nil, err
	}
	return &Handler{Pages: pg, svc: rules.New(k.DB, cs, calendar.RulesCalendar)}, nil
}

// Service is the handler's rule service (the server's job applies custom
// rules to existing cases with it).
func (h *Handler) Service() *rules.Service { return h.svc }

// Routes registers the rule pages and API operations.
func (h *Handler) Routes(r *webkit.Router) {
	r.UI("GET /rules", h.list)
	r.UI("GET /rules/settings/{code}", h.settingForm)
	r.UI("POST /rules/settings/{code}", h.settingSave)
	r.UI("GET /rules/custom/new", h.editorNew)
	r.UI("GET /rules/custom/{code}", h.editor)
	r.UI("POST /rules/custom", h.customSave)
	r.UI("POST /rules/custom/dry-run", h.customDryRun)

	r.API("GET /api/v1/rules", h.apiList)
	r.API("PUT /api/v1/rules/{code}/settings/{region_code}", h.apiPutSetting)
	r.API("PUT /api/v1/rules/custom/{code}", h.apiPutCustom)
	r.API("GET /api/v1/rules/custom/{code}", h.apiGetCustom)
	r.API("GET /api/v1/rules/custom/{code}/versions", h.apiVersions)
	r.API("POST /api/v1/rules/custom/dry-run", h.apiDryRun)
}
