package trainingweb

import (
	"net/http"
	"strconv"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/training"
	"zfjd/internal/web/webkit"
)

func itoaF(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) }

type statsData struct {
	Year int
	B    *training.Breakdown
}

func (h *Handler) stats(w http.ResponseWriter, r *http.Request) {
	p := auth.From(r.Context())
	if !auth.CanViewSupervision(p) {
		h.UIError(w, r, apperr.NotFoundf("培训统计"))
		return
	}
	y := year(r)
	b, err := h.svc.StatsIn(r.Context(), p, y, r.URL.Query().Get("region"))
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	h.Render(w, r, http.StatusOK, "stats", &webkit.View{Title: "培训与考试统计", Active: "training", Data: &statsData{Year: y, B: b}})
}

func (h *Handler) statsExport(w http.ResponseWriter, r *http.Request) {
	p := auth.From(r.Context())
	if !auth.CanViewSupervision(p) {
		h.UIError(w, r, apperr.NotFoundf("培训统计"))
		return
	}
	b, err := h.svc.StatsIn(r.Context(), p, year(r), r.URL.Query().Get("region"))
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	rows := append(append(b.Regions, b.Agencies...), b.Total)
	h.SendXLSX(w, r, webkit.Sheet{Name: "培训与考试统计", File: "training-stats.xlsx",
		Head: []string{"地区或执法主体", "在岗持证人员", "年度学时合计", "人均学时", "计划学时", "达标人数", "参考人次", "合格人次", "合格率（%）"},
		Rows: func(add func(row ...any) bool) error {
			for _, a := range rows {
				if !add(a.AgencyName, a.Officers, a.Hours, a.AvgHours(), a.Required, a.Reached, a.Sat, a.Passed, a.PassRate()) {
					break
				}
			}
			return nil
		}})
}

type publicExamsData struct{ Exams []*training.Exam }

func (h *Handler) publicExams(w http.ResponseWriter, r *http.Request) {
	es, err := h.svc.PublishedExams(r.Context())
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	h.Render(w, r, http.StatusOK, "public_exams", &webkit.View{Title: "考试合格人员名单公示", Public: true, Data: &publicExamsData{Exams: es}})
}

type passData struct {
	E    *training.Exam
	List []training.PassEntry
}

func (h *Handler) publicPassList(w http.ResponseWriter, r *http.Request) {
	e, list, err := h.svc.PassList(r.Context(), pathID(r))
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	h.Render(w, r, http.StatusOK, "public_pass", &webkit.View{Title: e.Title + "合格人员名单", Public: true, Data: &passData{E: e, List: list}})
}
