// Package registryweb serves the registry (C1–C3): regions, agencies,
// officers with their certificates and QR codes, matters, the bulk
// import, and their exchange API.
package registryweb

import (
	"embed"
	"fmt"
	"html/template"

	"zfjd/internal/registry"
	"zfjd/internal/web/webkit"
)

//go:embed templates/*.html
var templateFS embed.FS

// Handler serves the registry's pages and API.
type Handler struct {
	*webkit.Pages
	verifier *registry.Verifier // the 亮证 QR codes' tokens
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
	"yuan": func(fen *int64) string {
		if fen == nil {
			return ""
		}
		return fmt.Sprintf("%d.%02d", *fen/100, *fen%100)
	},
	"yuanOf": func(fen int64) string { return registry.FormatYuan(fen) },
	"label":  func(set, v string) string { return registry.LabelOf(labelSets[set], v) },
	"sortLabel": func(s string) string {
		return map[string]string{"cert_no": "按证号", "name": "按姓名", "valid_to": "按到期日（早→晚）", "-valid_to": "按到期日（晚→早）",
			"agency": "按执法主体", "code": "按编码", "kind": "按类型", "state": "按证件状态", "-updated": "按更新时间（新→旧）"}[s]
	},
	"domains": func() []string { return registry.Domains },
}

// labelSets names the option lists templates translate with "label".
var labelSets = map[string][]registry.Option{
	"cert_status": registry.CertStatus, "cert_state": registry.CertStates, "matter_kind": registry.MatterKinds,
	"qualification": registry.Qualification,
}

// Routes registers the registry's pages and API operations.
func (h *Handler) Routes(r *webkit.Router) {
	r.UI("GET /regions", h.regionList)
	r.UI("GET /agencies", h.agencyList)
	r.UI("GET /agencies/export.xlsx", h.agencyExport)
	r.UI("GET /agencies/new", h.agencyNew)
	r.UI("POST /agencies/new", h.agencyCreate)
	r.UI("GET /agencies/{code}", h.agencyShow)
	r.UI("GET /agencies/{code}/edit", h.agencyEdit)
	r.UI("POST /agencies/{code}/edit", h.agencyUpdate)
	r.UI("POST /agencies/{code}/case-rules", h.agencyCaseRules)
	r.UI("GET /officers", h.officerList)
	r.UI("GET /officers/export.xlsx", h.officerExport)
	r.UI("GET /officers/new", h.officerNew)
	r.UI("POST /officers/new", h.officerCreate)
	r.UI("GET /officers/import", h.importForm("officers"))
	r.UI("POST /officers/import", h.importRun("officers"))
	r.UI("GET /officers/import/template", h.importTemplate("officers"))
	r.UI("GET /officers/{cert}", h.officerShow)
	r.UI("GET /officers/{cert}/edit", h.officerEdit)
	r.UI("POST /officers/{cert}/edit", h.officerUpdate)
	r.UI("POST /officers/{cert}/status", h.officerStatus)
	r.UI("POST /officers/{cert}/years", h.officerYear)
	r.UI("GET /officers/{cert}/qr.png", h.officerQR)
	r.UI("GET /matters", h.matterList)
	r.UI("GET /matters/export.xlsx", h.matterExport)
	r.UI("GET /matters/new", h.matterNew)
	r.UI("POST /matters/new", h.matterCreate)
	r.UI("GET /matters/import", h.importForm("matters"))
	r.UI("POST /matters/import", h.importRun("matters"))
	r.UI("GET /matters/import/template", h.importTemplate("matters"))
	r.UI("GET /matters/{code}", h.matterShow)
	r.UI("GET /matters/{code}/edit", h.matterEdit)
	r.UI("POST /matters/{code}/edit", h.matterUpdate)

	r.API("GET /api/v1/agencies", h.apiAgencyList)
	r.API("GET /api/v1/agencies/{code}", h.apiAgencyGet)
	r.API("PUT /api/v1/agencies/{code}", h.apiAgencyPut)
	r.API("GET /api/v1/officers", h.apiOfficerList)
	r.API("GET /api/v1/officers/{cert}", h.apiOfficerGet)
	r.API("PUT /api/v1/officers/{cert}", h.apiOfficerPut)
	r.API("GET /api/v1/matters", h.apiMatterList)
	r.API("GET /api/v1/matters/{code}", h.apiMatterGet)
	r.API("PUT /api/v1/matters/{code}", h.apiMatterPut)
}
