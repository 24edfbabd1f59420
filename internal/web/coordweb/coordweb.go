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
	"zfjd/internal/coordination"
	"zfjd/internal/web/webkit"
)

//go:embed templates/*.html
var templateFS embed.FS

// Handler serves the coordination pages.
type Handler struct {
	*webkit.Pages
	svc *coordination.Service
}

var funcs = template.FuncMap{
	"kindLabel":      func(v string) string { return coordination.Label(coordination.Kinds, v) },
	"statusLabel":    func(v string) string { return coordination.Label(coordination.Statuses, v) },
	"positionLabel":  func(v string) string { return coordination.Label(coordination.Positions, v) },
	"actLabel":       coordination.ActLabel,
	"jointActLabel":  coordination.JointActLabel,
	"transferKinds":  func() []coordination.Option { return coordination.TransferKinds },
	"recipients":     func() []coordination.Option { return coordination.Recipients },
	"answers":        func() []coordination.Option { return coordination.Answers },
	"transferKind":   func(v string) string { return coordination.Label(coordination.TransferKinds, v) },
	"transferStatus": func(v string) string { return coordination.Label(coordination.TransferStatuses, v) },
	"recipientKind":  func(v string) string { return coordination.Label(coordination.Recipients, v) },
	"answerLabel":    func(v string) string { return coordination.Label(coordination.Answers, v) },
	"jointStatus":    func(v string) string { return coordination.Label(coordination.JointStatuses, v) },
	"jointStatuses":  func() []coordination.Option { return coordination.JointStatuses },
	"kinds":          func() []coordination.Option { return coordination.Kinds },
	"statuses":       func() []coordination.Option { return coordination.Statuses },
	"positions":      func() []coordination.Option { return coordination.Positions },
	"i64":            func(n int64) string { return strconv.FormatInt(n, 10) },
	"caseStatus":     caseStatus,
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
	return &Handler{Pages: pg, svc: coordination.NewService(k.DB)}, nil
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
	r.UI("GET /coordination/overlaps", h.overlaps)
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
