package dashweb

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"

	"zfjd/internal/auth"
	"zfjd/internal/ident"
	"zfjd/internal/registry"
	"zfjd/internal/warning"
	"zfjd/internal/web/webkit"
)

type chartData struct {
	By, Title string
	Groups    []warning.StatsGroup
	Export    string // the chart's xlsx download
}

type dashData struct {
	Filter  *warning.StatsFilter
	Stats   *warning.Stats
	Charts  []chartData
	Overdue []warning.OverdueItem
	Path    []registry.Region // from the viewer's region down to the one drilled into
}

// statsFilterOf reads ?region_code= (or ?region=), group_by, from and to.
func statsFilterOf(r *http.Request) *warning.StatsFilter {
	q := r.URL.Query()
	return &warning.StatsFilter{Region: strings.TrimSpace(webkit.RegionParam(r)), GroupBy: q.Get("group_by"),
		From: strings.TrimSpace(q.Get("from")), To: strings.TrimSpace(q.Get("to"))}
}

// periodQuery is the query of f's region and period, for links.
func periodQuery(f *warning.StatsFilter, groupBy string) string {
	v := url.Values{}
	if f.Region != "" {
		v.Set("region_code", f.Region)
	}
	v.Set("from", f.From)
	v.Set("to", f.To)
	if groupBy != "" {
		v.Set("group_by", groupBy)
	}
	return "?" + v.Encode()
}

func (h *Handler) dashboard(w http.ResponseWriter, r *http.Request) {
	ctx, p := r.Context(), auth.From(r.Context())
	f := statsFilterOf(r)
	f.GroupBy = "region"
	s, err := warning.GetStats(ctx, h.DB, p, f)
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	d := &dashData{Filter: f, Stats: s}
	for _, g := range warning.DashGroupings {
		c := chartData{By: g.Value, Title: "预警" + g.Label, Export: "/supervision/dashboard.xlsx" + periodQuery(f, g.Value)}
		if g.Value == "region" {
			c.Groups = s.Groups
		} else {
			ff := *f
			ff.GroupBy = g.Value
			if c.Groups, err = warning.GetStatsGroups(ctx, h.DB, p, &ff); err != nil {
				h.UIError(w, r, err)
				return
			}
		}
		d.Charts = append(d.Charts, c)
	}
	if d.Overdue, err = warning.DashOverdue(ctx, h.DB, p, f, 50); err != nil {
		h.UIError(w, r, err)
		return
	}
	for _, reg := range registry.RegionPath(ctx, h.DB, f.Region) {
		if p.Region == "" || ident.Contains(p.Region, reg.Code) {
			d.Path = append(d.Path, reg)
		}
	}
	h.Render(w, r, http.StatusOK, "dashboard", &webkit.View{Title: "监督统计看板", Active: "dashboard", Data: d})
}

func (h *Handler) dashboardExport(w http.ResponseWriter, r *http.Request) {
	ctx, p := r.Context(), auth.From(r.Context())
	f := statsFilterOf(r)
	if err := warning.StatsCheck(ctx, p, f); err != nil {
		h.UIError(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := warning.ExportStats(ctx, h.DB, p, f, &buf); err != nil {
		h.UIError(w, r, err)
		return
	}
	xlsxHeaders(w, warning.DashExportName(ctx, "预警统计-"+f.GroupBy))
	buf.WriteTo(w)
}

func (h *Handler) apiStats(w http.ResponseWriter, r *http.Request) {
	s, err := warning.GetStats(r.Context(), h.DB, auth.From(r.Context()), statsFilterOf(r))
	if err != nil {
		h.APIError(w, r, err)
		return
	}
	webkit.WriteJSON(w, http.StatusOK, s)
}
