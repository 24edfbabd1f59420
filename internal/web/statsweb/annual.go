package statsweb

import (
	"bytes"
	"net/http"
	"strconv"

	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/report"
	"zfjd/internal/web/webkit"
)

type annualData struct {
	T        *report.Tables
	Deadline string
	Late     bool // the deadline has passed (publication is the supervision body's)
	Print    bool
	Years    []int
}

// yearOf is ?year=, default last year.
func yearOf(r *http.Request) string {
	if y := r.URL.Query().Get("year"); y != "" {
		return y
	}
	return strconv.Itoa(clock.Today(r.Context()).Y - 1)
}

func (h *Handler) annual(w http.ResponseWriter, r *http.Request) {
	ctx, p := r.Context(), auth.From(r.Context())
	t, err := report.GetTables(ctx, h.ReadDB(), p, yearOf(r), webkit.RegionParam(r))
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	today := clock.Today(ctx)
	d := &annualData{T: t, Deadline: report.Deadline(t.Year), Late: today.String() > report.Deadline(t.Year),
		Print: r.URL.Query().Get("print") == "1"}
	for y := today.Y; y >= today.Y-5; y-- {
		d.Years = append(d.Years, y)
	}
	h.Render(w, r, http.StatusOK, "annual", &webkit.View{Title: "行政执法统计年报", Active: "annual", Data: d})
}

func (h *Handler) annualExport(w http.ResponseWriter, r *http.Request) {
	ctx, p := r.Context(), auth.From(r.Context())
	t, err := report.GetTables(ctx, h.ReadDB(), p, yearOf(r), webkit.RegionParam(r))
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := t.WriteXLSX(&buf); err != nil {
		h.UIError(w, r, err)
		return
	}
	xlsxHeaders(w, t.RegionName+strconv.Itoa(t.Year)+"年度行政执法统计年报.xlsx")
	buf.WriteTo(w)
}

// apiAnnual is GET /api/v1/reports/annual/{year} (supervision-v1 §7).
func (h *Handler) apiAnnual(w http.ResponseWriter, r *http.Request) {
	a, err := report.GetAnnual(r.Context(), h.ReadDB(), auth.From(r.Context()), r.PathValue("year"), r.URL.Query().Get("region_code"))
	if err != nil {
		h.APIError(w, r, err)
		return
	}
	webkit.WriteJSON(w, http.StatusOK, a)
}
