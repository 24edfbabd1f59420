package statsweb

import (
	"bytes"
	"html/template"
	"net/http"
	"net/url"
	"strings"

	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/ident"
	"zfjd/internal/registry"
	"zfjd/internal/stats"
	"zfjd/internal/web/webkit"
)

type dashData struct {
	D       *stats.Dashboard
	Measure string
	Print   bool
	Path    []registry.Region // from the viewer's region down to the one drilled into
	Query   template.URL      // the filter's query, for links (built by url.Values)
	Wide    bool
	Map     []*stats.MapNode // the schematic map of the region's tree
	Shown   []stats.Row      // the table's rows: the first tableRows unless all=1
	Hidden  int              // rows not shown (the download has them)
}

// tableRows bounds the page's table (a province by agency has thousands
// of rows; the xlsx has every one).
const tableRows = 100

// filterOf reads region_code (or region), agency_code, matter_code,
// procedure, outcome, penalty, group_by, from and to.
func filterOf(r *http.Request) *stats.Filter {
	q := r.URL.Query()
	return &stats.Filter{Region: webkit.RegionParam(r), Agency: q.Get("agency_code"), Matter: q.Get("matter_code"),
		Procedure: q.Get("procedure"), Outcome: q.Get("outcome"), Penalty: q.Get("penalty"), GroupBy: q.Get("group_by"),
		From: q.Get("from"), To: q.Get("to")}
}

// query is f as a query string (without group_by), for links.
func query(f *stats.Filter) string {
	v := url.Values{}
	for k, s := range map[string]string{"region_code": f.Region, "agency_code": f.Agency, "matter_code": f.Matter,
		"procedure": f.Procedure, "outcome": f.Outcome, "penalty": f.Penalty, "from": f.From, "to": f.To} {
		if s != "" {
			v.Set(k, s)
		}
	}
	return v.Encode()
}

func (h *Handler) dashboard(w http.ResponseWriter, r *http.Request) {
	ctx, p := r.Context(), auth.From(r.Context())
	f := filterOf(r)
	d, err := stats.Get(ctx, h.ReadDB(), p, f)
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	data := &dashData{D: d, Measure: measureOf(r.URL.Query().Get("measure")).Value, Print: r.URL.Query().Get("print") == "1",
		Query: template.URL(query(f)), Wide: stats.Wide(f)}
	data.Shown = d.Rows
	if r.URL.Query().Get("all") != "1" && len(d.Rows) > tableRows {
		data.Shown, data.Hidden = d.Rows[:tableRows], len(d.Rows)-tableRows
	}
	if data.Map, err = stats.RegionMap(ctx, h.ReadDB(), p, f, d.PrevFrom); err != nil {
		h.UIError(w, r, err)
		return
	}
	for _, reg := range registry.RegionPath(ctx, h.ReadDB(), f.Region) {
		if p.Region == "" || ident.Contains(p.Region, reg.Code) {
			data.Path = append(data.Path, reg)
		}
	}
	h.Render(w, r, http.StatusOK, "dashboard", &webkit.View{Title: "执法统计", Active: "statistics", Data: data})
}

func (h *Handler) export(w http.ResponseWriter, r *http.Request) {
	ctx, p := r.Context(), auth.From(r.Context())
	f := filterOf(r)
	var buf bytes.Buffer
	if err := stats.Export(ctx, h.ReadDB(), p, f, &buf); err != nil {
		h.UIError(w, r, err)
		return
	}
	xlsxHeaders(w, "执法统计-"+strings.TrimPrefix(stats.GroupLabel(f.GroupBy), "按")+"-"+clock.TodayString(ctx)+".xlsx")
	buf.WriteTo(w)
}

func (h *Handler) apiDashboard(w http.ResponseWriter, r *http.Request) {
	d, err := stats.Get(r.Context(), h.ReadDB(), auth.From(r.Context()), filterOf(r))
	if err != nil {
		h.APIError(w, r, err)
		return
	}
	webkit.WriteJSON(w, http.StatusOK, d)
}
