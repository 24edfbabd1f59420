// Package dashweb serves the supervision view of 电子监察 (issue 8): the
// dashboard (统计看板) with its server-drawn SVG charts, tables and xlsx
// downloads; the 红黄牌 page with the 红牌 proposals the certificate
// authority decides; the 未履职 list with the agencies' explanations; and
// their API. What is counted and who may see or decide what is package
// warning's and auth's.
package dashweb

import (
	"embed"
	"html/template"
	"net/http"
	"net/url"
	"strconv"

	"zfjd/internal/warning"
	"zfjd/internal/web/webkit"
)

//go:embed templates/*.html dash.css
var templateFS embed.FS

// Handler serves the supervision pages and API.
type Handler struct {
	*webkit.Pages
}

var funcs = template.FuncMap{
	"chart":         barChart,
	"cardLabel":     warning.CardLabel,
	"proposalLabel": warning.ProposalStatusLabel,
	"groupings":     func() any { return warning.DashGroupings },
	"pct":           func(f float64) string { return strconv.FormatFloat(f*100, 'f', 1, 64) + "%" },
	"inactionQuery": inactionQuery,
}

// New builds the handler.
func New(k *webkit.Kit) (*Handler, error) {
	pg, err := k.NewPages(templateFS, funcs)
	if err != nil {
		return nil, err
	}
	return &Handler{Pages: pg}, nil
}

// Routes registers the pages and API operations.
func (h *Handler) Routes(r *webkit.Router) {
	r.Public("GET /supervision/dash.css", h.css)
	r.UI("GET /supervision/dashboard", h.dashboard)
	r.UI("GET /supervision/dashboard.xlsx", h.dashboardExport)
	r.UI("GET /supervision/cards", h.cards)
	r.UI("POST /supervision/cards/settings", h.cardSettings)
	r.UI("POST /supervision/cards/proposals/{id}", h.decide)
	r.UI("GET /supervision/inaction", h.inaction)
	r.UI("GET /supervision/inaction.xlsx", h.inactionExport)
	r.UI("POST /supervision/inaction/explain", h.explain)

	r.API("GET /api/v1/warnings/stats", h.apiStats)
	r.API("GET /api/v1/inaction", h.apiInaction)
	r.API("GET /api/v1/card-proposals", h.apiProposals)
	r.API("POST /api/v1/card-proposals/{id}/decision", h.apiDecide)
}

func (h *Handler) css(w http.ResponseWriter, r *http.Request) {
	b, _ := templateFS.ReadFile("dash.css")
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	w.Write(b)
}

func pathID(r *http.Request) int64 {
	n, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	return n
}

// xlsxHeaders names a download.
func xlsxHeaders(w http.ResponseWriter, name string) {
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="export.xlsx"; filename*=UTF-8''`+url.PathEscape(name))
}
