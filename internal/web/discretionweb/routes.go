// Package discretionweb serves C4: the discretion benchmarks by matter with
// the decision aid, their bulk import and export, the four lists, and the
// benchmarks' exchange API.
package discretionweb

import (
	"embed"
	"html/template"

	"zfjd/internal/discretion"
	"zfjd/internal/registry"
	"zfjd/internal/web/webkit"
)

//go:embed templates/*.html
var templateFS embed.FS

// Handler serves the discretion pages and API.
type Handler struct {
	*webkit.Pages
}

// New builds the handler and parses its templates.
func New(k *webkit.Kit) (*Handler, error) {
	pg, err := k.NewPages(templateFS, funcs)
	if err != nil {
		return nil, err
	}
	return &Handler{Pages: pg}, nil
}

var funcs = template.FuncMap{
	"label":   func(set, v string) string { return registry.LabelOf(labelSets[set], v) },
	"domains": func() []string { return registry.Domains },
}

// labelSets names the option lists templates translate with "label".
var labelSets = map[string][]registry.Option{"tier": discretion.TierOptions, "matter_kind": registry.MatterKinds}

// Routes registers the discretion pages and API operations.
func (h *Handler) Routes(r *webkit.Router) {
	r.UI("GET /discretion", h.discretionList)
	r.UI("GET /discretion/import", h.discretionImportForm)
	r.UI("POST /discretion/import", h.discretionImportRun)
	r.UI("GET /discretion/template.xlsx", h.discretionTemplate)
	r.UI("GET /discretion/export.xlsx", h.discretionExport)
	r.UI("GET /discretion/{matter_code}", h.discretionShow)
	r.UI("POST /discretion/{matter_code}", h.discretionSave)
	r.UI("GET /lists", h.listsPage)
	r.UI("GET /lists/new", h.listNew)
	r.UI("POST /lists/new", h.listCreate)
	r.UI("GET /lists/{id}/edit", h.listEdit)
	r.UI("POST /lists/{id}/edit", h.listUpdate)
	r.UI("POST /lists/{id}/delete", h.listDelete)

	r.API("GET /api/v1/benchmarks", h.apiBenchmarkList)
	r.API("GET /api/v1/benchmarks/{matter_code}", h.apiBenchmarkGet)
	r.API("PUT /api/v1/benchmarks/{matter_code}", h.apiBenchmarkPut)
}
