// Package publicweb serves the pages that need no login: 亮证 verification
// of a certificate's QR code and the 执法公示 portal of agencies, officers,
// matters and penalty decisions.
package publicweb

import (
	"embed"
	"html/template"

	"zfjd/internal/registry"
	"zfjd/internal/web/webkit"
)

//go:embed templates/*.html
var templateFS embed.FS

// Handler serves the public pages.
type Handler struct {
	*webkit.Pages
	verifier *registry.Verifier
}

// New builds the handler and parses its templates.
func New(k *webkit.Kit, v *registry.Verifier) (*Handler, error) {
	pg, err := k.NewPages(templateFS, funcs)
	if err != nil {
		return nil, err
	}
	return &Handler{Pages: pg, verifier: v}, nil
}

var funcs = template.FuncMap{
	"label": func(set, v string) string { return registry.LabelOf(labelSets[set], v) },
	"yuan":  registry.FormatYuan,
}

// labelSets names the option lists templates translate with "label".
var labelSets = map[string][]registry.Option{"matter_kind": registry.MatterKinds}

// Routes registers the public pages.
func (h *Handler) Routes(r *webkit.Router) {
	r.Public("GET /verify/{token}", h.verifyPage)
	r.Public("GET /public", h.publicHome)
	r.Public("GET /public/agencies", h.publicAgencies)
	r.Public("GET /public/officers", h.publicOfficers)
	r.Public("GET /public/matters", h.publicMatters)
	r.Public("GET /public/decisions", h.publicDecisions)
	r.Public("GET /public/decisions/{id}", h.publicDecision)
	r.Public("GET /public/supervision-notices", h.publicNotices)
	r.Public("GET /public/supervision-notices/{id}", h.publicNotice)
	r.Public("GET /public/statistics", h.publicStats)
}
