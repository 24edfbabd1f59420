package statsweb

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"zfjd/internal/apperr"
	"zfjd/internal/assess"
	"zfjd/internal/auth"
	"zfjd/internal/web/webkit"
)

// The 评议考核's indicator editor (a region's set for a year, as data) and
// the import of the indicators that come from outside (复议纠错、诉讼败诉,
// 外部评议) by xlsx.

type indicatorsData struct {
	Year     int
	Years    []int
	Region   string
	Rows     []assess.Indicator
	Groups   map[string]float64
	Default  bool
	Sources  map[string]string
	Refused  []string
	Imported int
}

// blankRows is how many empty rows the editor offers for new indicators.
const blankRows = 3

func (h *Handler) indicators(w http.ResponseWriter, r *http.Request) {
	ctx, p := r.Context(), auth.From(r.Context())
	rk, err := assess.Compute(ctx, h.ReadDB(), p, yearOf(r), "")
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	d := &indicatorsData{Year: rk.Year, Region: rk.Region, Rows: rk.Set, Groups: assess.GroupSums(rk.Set), Default: rk.Default}
	h.renderIndicators(w, r, http.StatusOK, d, nil)
}

func (h *Handler) renderIndicators(w http.ResponseWriter, r *http.Request, status int, d *indicatorsData, errs apperr.Fields) {
	d.Sources = assess.Sources
	for y := d.Year + 1; y >= d.Year-4; y-- {
		d.Years = append(d.Years, y)
	}
	for range blankRows {
		d.Rows = append(d.Rows, assess.Indicator{})
	}
	h.Render(w, r, status, "indicators", &webkit.View{Title: "考核指标", Active: "assessment", Data: d, Errors: errs})
}

func (h *Handler) indicatorsPost(w http.ResponseWriter, r *http.Request) {
	ctx, p := r.Context(), auth.From(r.Context())
	if err := r.ParseForm(); err != nil {
		h.UIError(w, r, apperr.Fields{"code_0": "表单无法读取"}.Err())
		return
	}
	year := r.PostForm.Get("year")
	f, fs := assess.ParseSetForm(r.PostForm)
	err := fs.Err()
	if err == nil {
		err = assess.PutSet(ctx, h.DB, p, year, "", f)
	}
	if err != nil {
		h.FormError(w, r, err, func(status int) {
			y, _ := strconv.Atoi(year)
			rows := make([]assess.Indicator, 0, len(f.Rows))
			// Show the rows as typed, at their form positions.
			for i, ind := range f.Rows {
				for len(rows) < f.Index[i] {
					rows = append(rows, assess.Indicator{})
				}
				rows = append(rows, ind)
			}
			errs := apperr.Fields{}
			for k, v := range apperr.As(err).Fields {
				errs.Set(k, v)
			}
			for k, v := range fs {
				errs.Set(k, v)
			}
			h.renderIndicators(w, r, status, &indicatorsData{Year: y, Rows: rows, Groups: f.Groups}, errs)
		})
		return
	}
	h.Flash(r, "考核指标已保存，并记入操作审计。")
	http.Redirect(w, r, "/assessment/indicators?year="+url.QueryEscape(year), http.StatusSeeOther)
}

func (h *Handler) valueTemplate(w http.ResponseWriter, r *http.Request) {
	b, err := assess.ValueTemplate(r.Context(), h.ReadDB(), auth.From(r.Context()), yearOf(r))
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	xlsxHeaders(w, "评议考核外部数据导入模板.xlsx")
	bytes.NewReader(b).WriteTo(w)
}

func (h *Handler) valueImport(w http.ResponseWriter, r *http.Request) {
	ctx, p := r.Context(), auth.From(r.Context())
	r.Body = http.MaxBytesReader(w, r.Body, 11<<20)
	year := r.URL.Query().Get("year")
	fail := func(err error, refused []string) {
		h.FormError(w, r, err, func(status int) {
			rk, cerr := assess.Compute(ctx, h.ReadDB(), p, yearOf(r), "")
			if cerr != nil {
				h.UIError(w, r, cerr)
				return
			}
			h.renderIndicators(w, r, status, &indicatorsData{Year: rk.Year, Region: rk.Region, Rows: rk.Set, Groups: assess.GroupSums(rk.Set),
				Default: rk.Default, Refused: refused}, apperr.Fields(apperr.As(err).Fields))
		})
	}
	if err := r.ParseMultipartForm(11 << 20); err != nil {
		fail(apperr.Fields{"file": "请选择不超过10MB的xlsx文件"}.Err(), nil)
		return
	}
	if v := r.PostFormValue("year"); v != "" {
		year = v
	}
	file, _, err := r.FormFile("file")
	if err != nil {
		fail(apperr.Fields{"file": "请选择要导入的xlsx文件"}.Err(), nil)
		return
	}
	defer file.Close()
	n, refused, err := assess.ImportValues(ctx, h.DB, p, year, file)
	if err != nil {
		fail(err, refused)
		return
	}
	h.Flash(r, fmt.Sprintf("已导入%d项外部数据，并记入操作审计。", n))
	http.Redirect(w, r, "/assessment?year="+url.QueryEscape(year), http.StatusSeeOther)
}
