package statsweb

import (
	"bytes"
	"net/http"
	"net/url"
	"strconv"

	"zfjd/internal/assess"
	"zfjd/internal/auth"
	"zfjd/internal/stats"
	"zfjd/internal/web/webkit"
)

type assessData struct {
	R     *assess.Ranking
	Years []int
	Print bool
}

func (h *Handler) assessment(w http.ResponseWriter, r *http.Request) {
	ctx, p := r.Context(), auth.From(r.Context())
	rk, err := assess.Compute(ctx, h.ReadDB(), p, yearOf(r), webkit.RegionParam(r))
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	d := &assessData{R: rk, Print: r.URL.Query().Get("print") == "1"}
	for y := rk.Year + 1; y >= rk.Year-4; y-- {
		d.Years = append(d.Years, y)
	}
	h.Render(w, r, http.StatusOK, "assessment", &webkit.View{Title: "评议考核", Active: "assessment", Data: d})
}

func (h *Handler) assessmentExport(w http.ResponseWriter, r *http.Request) {
	ctx, p := r.Context(), auth.From(r.Context())
	rk, err := assess.Compute(ctx, h.ReadDB(), p, yearOf(r), webkit.RegionParam(r))
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	head := []any{"名次", "执法主体"}
	for _, ind := range rk.Set {
		head = append(head, ind.Name+"（"+strconv.FormatFloat(ind.Weight, 'f', -1, 64)+"分）", ind.Name+"依据")
	}
	sheet := stats.Sheet{Name: "评议考核", Title: rk.RegionName + strconv.Itoa(rk.Year) + "年度行政执法评议考核", Head: append(head, "调整", "总分")}
	for _, s := range rk.Agencies {
		row := []any{s.Rank, s.Name}
		for _, ind := range rk.Set {
			row = append(row, s.Values[ind.Code].Points, s.Values[ind.Code].Text)
		}
		sheet.Rows = append(sheet.Rows, append(row, s.Adjust, s.Total))
	}
	var buf bytes.Buffer
	if err := stats.WriteXLSX(&buf, sheet); err != nil {
		h.UIError(w, r, err)
		return
	}
	xlsxHeaders(w, rk.RegionName+strconv.Itoa(rk.Year)+"年度评议考核.xlsx")
	buf.WriteTo(w)
}

// assessmentPost takes an adjustment (points, reason) or an entered value
// (indicator, value) for an agency, then shows the sheet again.
func (h *Handler) assessmentPost(w http.ResponseWriter, r *http.Request) {
	ctx, p := r.Context(), auth.From(r.Context())
	year, agency := r.PostFormValue("year"), r.PostFormValue("agency_code")
	var err error
	if ind := r.PostFormValue("indicator"); ind != "" {
		err = assess.Enter(ctx, h.DB, p, year, agency, ind, r.PostFormValue("value"))
	} else {
		err = assess.Adjust(ctx, h.DB, p, year, agency, r.PostFormValue("points"), r.PostFormValue("reason"))
	}
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	h.Flash(r, "已保存，并记入操作审计。")
	http.Redirect(w, r, "/assessment?year="+url.QueryEscape(year), http.StatusSeeOther)
}
