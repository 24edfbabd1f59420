// Package upwardweb serves the reconciliation of the upward push (C16,
// issue 20): the targets with their queue depth and what holds each back,
// the changes queued, acknowledged, rejected and still waiting per day
// and target, the rejected changes with the receiver's reason, and the
// daily table as xlsx. Targets are configured on the command line (zfjd
// upward); what is counted is package upward's, who may read it auth's.
package upwardweb

import (
	"embed"
	"html/template"
	"slices"

	"zfjd/internal/web/webkit"
)

//go:embed templates/*.html
var templateFS embed.FS

// Handler serves the reconciliation page and its export.
type Handler struct {
	*webkit.Pages
}

var funcs = template.FuncMap{
	"kindLabel": kindLabel,
	"refHref":   refHref,
	"hasInt":    slices.Contains[[]int],
}

// New builds the handler.
func New(k *webkit.Kit) (*Handler, error) {
	pg, err := k.NewPages(templateFS, funcs)
	if err != nil {
		return nil, err
	}
	return &Handler{Pages: pg}, nil
}

// Routes registers the page and the export.
func (h *Handler) Routes(r *webkit.Router) {
	r.UI("GET /admin/upward", h.page)
	r.UI("GET /admin/upward/export.xlsx", h.export)
}
