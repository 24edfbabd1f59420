package statsweb

import (
	"bytes"
	"net/http"
	"slices"
	"strconv"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/flow"
	"zfjd/internal/report"
	"zfjd/internal/stats"
	"zfjd/internal/web/webkit"
)

// The agencies' 年报 (report.Workflow): the list of a year's reports, one
// report's page with its tables, explanations and the acts the viewer may
// take, its xlsx, and the portal's published reports.

type reportsData struct {
	Year          int
	Years         []int
	List          []*report.Report
	Deadline      string
	Late, Pending int
	Supervision   bool
}

type reportData struct {
	R          *report.Report
	Acts       []*flow.Act[*report.State]
	Next       webkit.Next // 下一步: what may come next, who does it, why not the viewer
	CanExplain bool
	Late       bool
	Print      bool
}

// tablesArg is what the agencyTables partial receives.
type tablesArg struct {
	A     *report.AgencyTables
	Notes map[string]string
}

func recentYears(today int) []int {
	var out []int
	for y := today; y >= today-5; y-- {
		out = append(out, y)
	}
	return out
}

func pathID(r *http.Request) int64 {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	return id
}

func (h *Handler) reports(w http.ResponseWriter, r *http.Request) {
	ctx, p := r.Context(), auth.From(r.Context())
	today := clock.Today(ctx)
	year, err := strconv.Atoi(yearOf(r))
	if err != nil || year < 2000 || year > today.Y {
		h.UIError(w, r, apperr.Fields{"year": "年度应为2000年至今年之间的四位年份"}.Err())
		return
	}
	list, err := report.NewService(h.DB).List(ctx, p, year)
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	d := &reportsData{Year: year, Years: recentYears(today.Y), List: list, Deadline: report.Deadline(year),
		Supervision: auth.CanReviewReport(p, p.Region)}
	for _, x := range list {
		if x.Late(today.String()) {
			d.Late++
		} else if x.Status != report.StPublished {
			d.Pending++
		}
	}
	h.Render(w, r, http.StatusOK, "reports", &webkit.View{Title: "年报报送", Active: "reports", Data: d})
}

func (h *Handler) reportPage(w http.ResponseWriter, r *http.Request) {
	x, err := report.NewService(h.DB).Get(r.Context(), auth.From(r.Context()), pathID(r))
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	h.renderReport(w, r, http.StatusOK, x, nil)
}

func (h *Handler) renderReport(w http.ResponseWriter, r *http.Request, status int, x *report.Report, errs apperr.Fields) {
	p := auth.From(r.Context())
	d := &reportData{R: x, Acts: report.Offered(p, x), Late: x.Late(clock.TodayString(r.Context())), Print: r.URL.Query().Get("print") == "1",
		CanExplain: auth.CanEditAgencyReport(p, x.Agency, x.Region) && (x.Status == report.StDraft || x.Status == report.StReturned)}
	d.Next = webkit.NextOf(report.Workflow, &report.State{Status: x.Status}, p, func(a *flow.Act[*report.State]) string {
		switch {
		case slices.Contains(d.Acts, a):
			return ""
		case report.Side[a.Type] == "agency":
			return "由编制本年报的行政执法机关（" + x.AgencyName + "）办理"
		}
		return "由审核本年报的行政执法监督机构办理"
	})
	d.Next.Done = "年报已在门户网站公开，办理结束。"
	h.Render(w, r, status, "report", &webkit.View{Title: x.AgencyName + "年报", Active: "reports", Data: d, Errors: errs})
}

// formFail re-renders report id with err's fields, or the error page.
func (h *Handler) formFail(w http.ResponseWriter, r *http.Request, id int64, err error) {
	h.FormError(w, r, err, func(status int) {
		x, gerr := report.NewService(h.DB).Get(r.Context(), auth.From(r.Context()), id)
		if gerr != nil {
			h.UIError(w, r, gerr)
			return
		}
		e := apperr.As(err)
		fs := e.Fields
		if len(fs) == 0 {
			fs = apperr.Fields{"event": e.Message}
		}
		h.renderReport(w, r, status, x, fs)
	})
}

func (h *Handler) reportNotes(w http.ResponseWriter, r *http.Request) {
	notes := map[string]string{}
	for _, k := range report.NoteKeys {
		notes[k.Key] = r.PostFormValue("note_" + k.Key)
	}
	id := pathID(r)
	if _, err := report.NewService(h.DB).Explain(r.Context(), auth.From(r.Context()), id, notes); err != nil {
		h.formFail(w, r, id, err)
		return
	}
	h.Flash(r, "说明已保存，并记入操作审计。")
	http.Redirect(w, r, "/statistics/reports/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}

func (h *Handler) reportAct(w http.ResponseWriter, r *http.Request) {
	id := pathID(r)
	x, err := report.NewService(h.DB).Act(r.Context(), auth.From(r.Context()), id, r.PostFormValue("type"), r.PostFormValue("note"))
	if err != nil {
		h.formFail(w, r, id, err)
		return
	}
	h.Flash(r, "已办理，年报现为“"+x.StatusLabel()+"”。")
	http.Redirect(w, r, "/statistics/reports/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}

func (h *Handler) reportExport(w http.ResponseWriter, r *http.Request) {
	x, err := report.NewService(h.DB).Get(r.Context(), auth.From(r.Context()), pathID(r))
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	h.sendReport(w, r, x)
}

func (h *Handler) sendReport(w http.ResponseWriter, r *http.Request, x *report.Report) {
	if x.Data == nil {
		h.UIError(w, r, apperr.NotFoundf("年报数据"))
		return
	}
	title := x.AgencyName + strconv.Itoa(x.Year) + "年度行政执法统计年报"
	sheets := report.Sheets(title, []*report.AgencyTables{x.Data}, nil)
	notes := stats.Sheet{Name: "说明", Title: title + "　说明", Head: []any{"项目", "说明"}}
	for _, k := range report.NoteKeys {
		if v := x.Notes[k.Key]; v != "" {
			notes.Rows = append(notes.Rows, []any{k.Label, v})
		}
	}
	var buf bytes.Buffer
	if err := stats.WriteXLSX(&buf, append(sheets, notes)...); err != nil {
		h.UIError(w, r, err)
		return
	}
	xlsxHeaders(w, title+".xlsx")
	buf.WriteTo(w)
}

func (h *Handler) publicReports(w http.ResponseWriter, r *http.Request) {
	today := clock.Today(r.Context())
	year, err := strconv.Atoi(yearOf(r))
	if err != nil || year < 2000 || year > today.Y {
		h.UIError(w, r, apperr.Fields{"year": "年度应为2000年至今年之间的四位年份"}.Err())
		return
	}
	list, err := report.NewService(h.ReadDB()).Published(r.Context(), webkit.RegionParam(r), year)
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	h.Render(w, r, http.StatusOK, "public_reports", &webkit.View{Title: "行政执法统计年报公开", Public: true,
		Data: &reportsData{Year: year, Years: recentYears(today.Y), List: list}})
}

func (h *Handler) publicReport(w http.ResponseWriter, r *http.Request) {
	x, err := report.NewService(h.ReadDB()).GetPublished(r.Context(), pathID(r))
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	h.Render(w, r, http.StatusOK, "public_report", &webkit.View{Title: x.AgencyName + strconv.Itoa(x.Year) + "年度行政执法统计年报", Public: true, Data: x})
}
