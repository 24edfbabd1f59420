// Package supervisionweb serves supervision cases (监督案件, spec/
// supervision-v1.md §5): the list with its filters and xlsx export, the
// form that opens a case (also from a warning's or a penalty case's page,
// the link kept both ways), the case page with the next step and the
// forms of the acts the viewer may record, the print-ready documents
// (A4 HTML and .docx) and the API of §5. What may be done, by whom and
// when is package supervision's.
package supervisionweb

import (
	"context"
	"embed"
	"fmt"
	htmltemplate "html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"zfjd/internal/auth"
	"zfjd/internal/supervision"
	"zfjd/internal/web/webkit"
)

//go:embed templates/*.html
var templateFS embed.FS

// Handler serves the supervision case pages and API.
type Handler struct {
	*webkit.Pages
	svc      *supervision.Service
	verifier *supervision.CertVerifier
}

var funcs = htmltemplate.FuncMap{
	"statusLabel":     supervision.StatusLabel,
	"sourceLabel":     supervision.SourceLabel,
	"actLabel":        supervision.ActLabel,
	"sources":         func() any { return supervision.Sources },
	"statuses":        func() any { return supervision.Statuses },
	"disputes":        func() any { return supervision.Disputes },
	"decisions":       func() any { return supervision.DecisionKinds },
	"measures":        func() any { return supervision.Measures },
	"officerMeasures": func() any { return supervision.OfficerMeasures },
	"scopes":          func() any { return supervision.NoticeScopes },
	"assistKinds":     func() any { return supervision.AssistKinds },
	"specialGrounds":  func() any { return supervision.SpecialGrounds },
	"certStatuses":    func() any { return supervision.CertStatuses },
	"has":             func(xs []string, x string) bool { return slices.Contains(xs, x) },
	"i64":             func(n int64) string { return strconv.FormatInt(n, 10) },
	"dataLabel":       dataLabel,
}

// New builds the handler.
func New(k *webkit.Kit) (*Handler, error) {
	pg, err := k.NewPages(templateFS, funcs)
	if err != nil {
		return nil, err
	}
	// The 监督证 QR's key is made here, once: a page that reads must not write.
	v, err := supervision.LoadCertVerifier(context.Background(), k.DB)
	if err != nil {
		return nil, err
	}
	return &Handler{Pages: pg, svc: supervision.NewService(k.DB), verifier: v}, nil
}

// Routes registers the pages and the API of spec §5.
func (h *Handler) Routes(r *webkit.Router) {
	r.UI("GET /supervision-cases", h.list)
	r.UI("GET /supervision-cases/export.xlsx", h.export)
	r.UI("GET /supervision-cases/new", h.newForm)
	r.UI("POST /supervision-cases", h.create)
	r.UI("POST /supervision-cases/settings", h.setLimits)
	r.UI("GET /special-supervisions", h.plans)
	r.UI("POST /special-supervisions", h.createPlan)
	r.UI("GET /special-supervisions/{id}", h.plan)
	r.UI("POST /special-supervisions/{id}/approve", h.approvePlan)
	r.UI("POST /special-supervisions/{id}/close", h.closePlan)
	r.Public("GET /supervision-certs/verify/{token}", h.certVerify)
	r.UI("GET /supervision-certs", h.certs)
	r.UI("GET /supervision-certs/export.xlsx", h.exportCerts)
	r.UI("POST /supervision-certs", h.addCert)
	r.UI("GET /supervision-certs/{id}", h.cert)
	r.UI("POST /supervision-certs/{id}", h.editCert)
	r.UI("POST /supervision-certs/{id}/revoke", h.revokeCert)
	r.UI("GET /supervision-cases/{id}", h.show)
	r.UI("POST /supervision-cases/{id}/act/{type}", h.act)
	r.UI("GET /supervision-cases/{id}/docs/{act}/{kind}", h.doc)

	r.API("GET /api/v1/supervision-cases", h.apiList)
	r.API("POST /api/v1/supervision-cases", h.apiCreate)
	r.API("GET /api/v1/supervision-cases/{id}", h.apiGet)
	r.API("POST /api/v1/supervision-cases/{id}/actions", h.apiAct)
}

func pathID(r *http.Request, name string) int64 {
	n, _ := strconv.ParseInt(r.PathValue(name), 10, 64)
	return n
}

// NewLink is the link that opens a supervision case prefilled from a
// warning or a penalty case (the pages of warningweb and caseweb show it
// to who may open one).
func NewLink(p *auth.Principal, region, agency, source string, warningID, caseID int64, ref, summary string) string {
	if !auth.CanOpenSupervisionCase(p, region) {
		return ""
	}
	q := url.Values{"region": {region}, "agency": {agency}, "source": {source}, "source_ref": {ref}, "summary": {summary}}
	if warningID > 0 {
		q.Set("warning_id", strconv.FormatInt(warningID, 10))
	}
	if caseID > 0 {
		q.Set("case_id", strconv.FormatInt(caseID, 10))
	}
	return "/supervision-cases/new?" + q.Encode()
}

func caseURL(id int64) string { return fmt.Sprintf("/supervision-cases/%d", id) }
