// Package caseweb serves 网上办案 (C5): the case list, registration, the
// case page with its acts and evidence, the case documents and their
// numbering, and the exchange API of cases and warnings.
package caseweb

import (
	"embed"

	"zfjd/internal/cases"
	"zfjd/internal/web/webkit"
)

//go:embed templates/*.html
var templateFS embed.FS

// Handler serves the case pages and API.
type Handler struct {
	*webkit.Pages
	cases *cases.Service
}

// New builds the handler on the case service and parses its templates.
func New(k *webkit.Kit, svc *cases.Service) (*Handler, error) {
	pg, err := k.NewPages(templateFS, funcs)
	if err != nil {
		return nil, err
	}
	return &Handler{Pages: pg, cases: svc}, nil
}

// Routes registers the case pages and API operations.
func (h *Handler) Routes(r *webkit.Router) {
	r.UI("GET /cases", h.caseList)
	r.UI("GET /cases/export.xlsx", h.caseExport)
	r.UI("GET /cases/new", h.caseNew)
	r.UI("POST /cases/new", h.caseCreate)
	r.UI("GET /cases/{id}", h.caseShow)
	r.UI("GET /cases/{id}/edit", h.caseEdit)
	r.UI("POST /cases/{id}/edit", h.caseUpdate)
	r.UI("POST /cases/{id}/act/{type}", h.caseAct)
	r.UI("POST /cases/{id}/evidence", h.caseEvidenceAdd)
	r.UI("GET /cases/{id}/evidence/{file}", h.caseEvidenceFile)
	r.UI("GET /cases/{id}/docs", h.caseDocs)
	r.UI("GET /cases/{id}/docs/{kind}", h.caseDoc) // {kind} or {kind}.docx; reads only
	r.UI("POST /cases/{id}/docs/{kind}/issue", h.caseDocIssue)
	r.UI("GET /agencies/{code}/doc-prefix", h.docPrefixForm)
	r.UI("POST /agencies/{code}/doc-prefix", h.docPrefixSave)

	r.API("GET /api/v1/cases", h.apiCaseList)
	r.API("GET /api/v1/cases/{source_system}/{source_id}", h.apiCaseGet)
	r.API("PUT /api/v1/cases/{source_system}/{source_id}", h.apiCasePut)
	r.API("GET /api/v1/warnings", h.apiWarningList)
}
