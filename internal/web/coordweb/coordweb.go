// Package coordweb serves coordination (协调指挥, DOMAIN.md C14): the list
// of enforcement disputes with its filters and export, opening one, the
// dispute page with the next step and the forms of the acts the viewer may
// take, the overlap list (重复执法发现) and the command board (指挥看板).
// What may be done, by whom and when is package coordination's.
package coordweb

import (
	"embed"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/cases"
	"zfjd/internal/coordination"
	"zfjd/internal/license"
	"zfjd/internal/web/webkit"
)

//go:embed templates/*.html
var templateFS embed.FS

// Handler serves the coordination pages.
type Handler struct {
	*webkit.Pages
	svc *coordination.Service
	lic *license.Service
}

var funcs = template.FuncMap{
	"kindLabel":       func(v string) string { return coordination.Label(coordination.Kinds, v) },
	"statusLabel":     func(v string) string { return coordination.Label(coordination.Statuses, v) },
	"positionLabel":   func(v string) string { return coordination.Label(coordination.Positions, v) },
	"actLabel":        coordination.ActLabel,
	"jointActLabel":   coordination.JointActLabel,
	"transferKinds":   func() []coordination.Option { return coordination.TransferKinds },
	"recipients":      func() []coordination.Option { return coordination.Recipients },
	"answers":         func() []coordination.Option { return coordination.Answers },
	"transferKind":    func(v string) string { return coordination.Label(coordination.TransferKinds, v) },
	"transferStatus":  func(v string) string { return coordination.Label(coordination.TransferStatuses, v) },
	"recipientKind":   func(v string) string { return coordination.Label(coordination.Recipients, v) },
	"answerLabel":     func(v string) string { return coordination.Label(coordination.Answers, v) },
	"jointStatus":     func(v string) string { return coordination.Label(coordination.JointStatuses, v) },
	"jointStatuses":   func() []coordination.Option { return coordination.JointStatuses },
	"kinds":           func() []coordination.Option { return coordination.Kinds },
	"statuses":        func() []coordination.Option { return coordination.Statuses },
	"positions":       func() []coordination.Option { return coordination.Positions },
	"i64":             func(n int64) string { return strconv.FormatInt(n, 10) },
	"meetingStatuses": func() []coordination.Option { return coordination.MeetingStatuses },
	"meetingStatus":   func(v string) string { return coordination.Label(coordination.MeetingStatuses, v) },
	"meetingActLabel": coordination.MeetingActLabel,
	"outsideKinds":    func() []coordination.Option { return coordination.OutsideKinds },
	"outsideKind":     func(v string) string { return coordination.Label(coordination.OutsideKinds, v) },
	"assistKinds":     func() []coordination.Option { return coordination.AssistKinds },
	"sendKinds":       func() []coordination.Option { return coordination.SendKinds },
	"assistKind":      func(v string) string { return coordination.Label(coordination.AssistKinds, v) },
	"assistStatus":    func(v string) string { return coordination.Label(coordination.AssistStatuses, v) },
	"assistAnswers":   func() []coordination.Option { return coordination.AssistAnswers },
	"assistAnswer":    func(v string) string { return coordination.Label(coordination.AssistAnswers, v) },
	"assistActLabel":  coordination.AssistActLabel,
	"guidingStatus":   func(v string) string { return coordination.Label(coordination.GuidingStatuses, v) },
	"ruleName": func(code string) string {
		if n := coordination.RuleName(code); n != "" {
			return n
		}
		return code
	},
	"ruleCatalogue": cases.Catalogue,
	"grounds":       func() []coordination.Option { return coordination.ExemptionGrounds },
	"groundLabel":   func(v string) string { return coordination.Label(coordination.ExemptionGrounds, v) },
	"caseStatus":    caseStatus,
	"licStatus":     license.StatusLabel,
	"licStatuses":   func() []license.Option { return license.Statuses },
	"licEvent":      license.EventLabel,
	"noticeKind":    func(v string) string { return license.NoticeKindLabel(v) },
	"yuan":          yuan,
	"tierLabel":     tierLabel,
	"times":         func(lo, hi int64) int64 { return hi / max(lo, 1) },
	// The board's drawing: one 30-unit row per region, bars up to 400 wide.
	"rowY":      func(i int) int { return i * 30 },
	"svgHeight": func(n int) int { return n*30 + 4 },
	"bar": func(n, max int) int {
		if n <= 0 {
			return 0
		}
		return 4 + n*396/max
	},
}

// New builds the handler.
func New(k *webkit.Kit) (*Handler, error) {
	pg, err := k.NewPages(templateFS, funcs)
	if err != nil {
		return nil, err
	}
	return &Handler{Pages: pg, svc: coordination.NewService(k.DB), lic: license.NewService(k.DB)}, nil
}

// Routes registers the coordination pages.
func (h *Handler) Routes(r *webkit.Router) {
	r.UI("GET /disputes", h.list)
	r.UI("GET /disputes/export.xlsx", h.export)
	r.UI("GET /disputes/new", h.newForm)
	r.UI("POST /disputes", h.create)
	r.UI("GET /disputes/{id}", h.show)
	r.UI("POST /disputes/{id}/act/{type}", h.act)
	r.UI("GET /joint-actions", h.jointList)
	r.UI("GET /joint-actions/new", h.jointNew)
	r.UI("POST /joint-actions", h.jointCreate)
	r.UI("GET /joint-actions/{id}", h.jointShow)
	r.UI("POST /joint-actions/{id}/act/{type}", h.jointAct)
	r.UI("GET /transfers", h.transferList)
	r.UI("GET /transfers/new", h.transferNew)
	r.UI("POST /transfers", h.transferCreate)
	r.UI("GET /transfers/{id}", h.transferShow)
	r.UI("POST /transfers/{id}/act/{type}", h.transferAct)
	r.UI("GET /meetings", h.meetingList)
	r.UI("GET /meetings/new", h.meetingNew)
	r.UI("POST /meetings", h.meetingCreate)
	r.UI("GET /meetings/{id}", h.meetingShow)
	r.UI("GET /meetings/{id}/minutes", h.meetingMinutes)
	r.UI("POST /meetings/{id}/act/{type}", h.meetingAct)
	r.UI("GET /assists", h.assistList)
	r.UI("GET /assists/new", h.assistNew)
	r.UI("POST /assists", h.assistCreate)
	r.UI("GET /assists/{id}", h.assistShow)
	r.UI("POST /assists/{id}/act/{type}", h.assistAct)
	r.UI("GET /guiding-cases", h.guidingList)
	r.UI("POST /guiding-cases", h.guidingCreate)
	r.UI("GET /guiding-cases/{id}", h.guidingShow)
	r.UI("POST /guiding-cases/{id}/status", h.guidingStatus)
	r.Public("GET /public/guiding-cases", h.publicGuiding)
	r.Public("GET /public/guiding-cases/{id}", h.publicGuidingShow)
	r.UI("GET /exemptions", h.exemptionList)
	r.UI("POST /exemptions", h.exemptionCreate)
	r.UI("POST /exemptions/{id}/revoke", h.exemptionRevoke)
	r.API("GET /api/v1/disputes", h.apiDisputes)
	r.API("GET /api/v1/disputes/{id}", h.apiDispute)
	r.API("POST /api/v1/disputes/{id}/actions", h.apiDisputeAct)
	r.API("GET /api/v1/assists", h.apiAssists)
	r.API("POST /api/v1/assists/{id}/actions", h.apiAssistAct)
	r.API("GET /api/v1/licenses", h.apiLicenses)
	r.API("GET /api/v1/licenses/{source_system}/{source_id}", h.apiLicenseGet)
	r.API("PUT /api/v1/licenses/{source_system}/{source_id}", h.apiLicensePut)
	r.UI("GET /licenses", h.licenseList)
	r.UI("GET /licenses/export.xlsx", h.licenseExport)
	r.UI("GET /licenses/{id}", h.licenseShow)
	r.UI("GET /coordination/overlaps", h.overlaps)
	r.UI("POST /coordination/overlaps/settings", h.overlapSettings)
	r.UI("GET /coordination/board", h.board)
}

func pathID(r *http.Request) int64 {
	n, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	return n
}

// form values of name, one a line of a textarea or repeated fields.
func values(r *http.Request, name string) []string {
	var out []string
	for _, v := range r.PostForm[name] {
		for _, l := range strings.Split(v, "\n") {
			if l = strings.TrimSpace(l); l != "" {
				out = append(out, l)
			}
		}
	}
	return out
}

func parseForm(r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return apperr.New(apperr.Invalid, "表单无效")
	}
	return nil
}
