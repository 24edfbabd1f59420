// Package statsweb serves the statistics of issue 15: the dashboards
// (统计看板, C15) with server-drawn SVG charts beside their tables, a
// print view and xlsx downloads; the 行政执法统计年报 (C7) in the official
// layout with its API (spec/supervision-v1.md §7); and the 评议考核 (C13)
// score sheets and ranking. What is counted and who may see what is
// package stats', report's, assess' and auth's.
package statsweb

import (
	"embed"
	"html/template"
	"net/http"

	"zfjd/internal/assess"
	"zfjd/internal/registry"
	"zfjd/internal/report"
	"zfjd/internal/stats"
	"zfjd/internal/web/webkit"
)

//go:embed templates/*.html stats.css
var templateFS embed.FS

// Handler serves the statistics pages and API.
type Handler struct {
	*webkit.Pages
}

var funcs = template.FuncMap{
	"chart":         barChart,
	"regionMap":     regionMap,
	"mapLink":       mapLink,
	"mval":          func(m string, x stats.Measures) string { ms := measureOf(m); return ms.text(ms.of(x)) },
	"mlabel":        func(m string) string { return measureOf(m).Label },
	"pct":           stats.Pct,
	"yuan":          registry.FormatYuan,
	"wan":           report.Wan,
	"groupings":     func() any { return stats.Groupings },
	"measures":      func() any { return measures },
	"tableRow":      stats.TableRow,
	"penHead":       report.PenaltyHead,
	"penCells":      report.PenaltyCells,
	"delta":         delta,
	"noDuty":        func() string { return report.NoDuty },
	"noSource":      func() string { return report.NoSource },
	"noteKeys":      func() any { return report.NoteKeys },
	"tablesOf":      func(a *report.AgencyTables, n map[string]string) tablesArg { return tablesArg{a, n} },
	"groupKeys":     func() []string { return assess.Groups },
	"groupLabel":    func(g string) string { return assess.GroupLabels[g] },
	"assessColumns": func() any { return assess.Columns },
	"ruleLabels":    func() map[string]string { return assess.RuleLabels },
	"inc":           func(i int) int { return i + 1 },
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
	r.Public("GET /statistics/stats.css", h.css)
	r.UI("GET /statistics", h.dashboard)
	r.UI("GET /statistics/export.xlsx", h.export)
	r.UI("GET /statistics/annual", h.annual)
	r.UI("GET /statistics/annual/export.xlsx", h.annualExport)
	r.UI("GET /assessment", h.assessment)
	r.UI("GET /assessment/export.xlsx", h.assessmentExport)
	r.UI("POST /assessment", h.assessmentPost)
	r.UI("GET /assessment/indicators", h.indicators)
	r.UI("POST /assessment/indicators", h.indicatorsPost)
	r.UI("GET /assessment/values/template.xlsx", h.valueTemplate)
	r.UI("POST /assessment/values/import", h.valueImport)
	r.UI("GET /statistics/reports", h.reports)
	r.UI("GET /statistics/reports/{id}", h.reportPage)
	r.UI("GET /statistics/reports/{id}/export.xlsx", h.reportExport)
	r.UI("POST /statistics/reports/{id}/notes", h.reportNotes)
	r.UI("POST /statistics/reports/{id}/act", h.reportAct)
	r.Public("GET /public/annual-reports", h.publicReports)
	r.Public("GET /public/annual-reports/{id}", h.publicReport)
	r.API("GET /api/v1/statistics", h.apiDashboard)
	r.API("GET /api/v1/reports/annual/{year}", h.apiAnnual)
}

func (h *Handler) css(w http.ResponseWriter, r *http.Request) {
	b, _ := templateFS.ReadFile("stats.css")
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	w.Write(b)
}

// xlsxHeaders names a download.
func xlsxHeaders(w http.ResponseWriter, name string) {
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	webkit.Attachment(w, "export.xlsx", name)
}
