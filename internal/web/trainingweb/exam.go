package trainingweb

import (
	"net/http"
	"net/url"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/registry"
	"zfjd/internal/training"
	"zfjd/internal/web/webkit"
)

type examsData struct {
	Exams []*training.Exam
	Keeps bool
	Kinds []registry.Option
	Laws  []string
	Form  url.Values
}

func (h *Handler) exams(w http.ResponseWriter, r *http.Request) {
	h.examsPage(w, r, http.StatusOK, url.Values{"minutes": {"60"}, "questions": {"50"}, "pass_score": {"60"}}, nil)
}

func (h *Handler) examsPage(w http.ResponseWriter, r *http.Request, status int, v url.Values, ferr error) {
	p := auth.From(r.Context())
	es, err := h.svc.Exams(r.Context(), p)
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	view := &webkit.View{Title: "考试场次", Active: "training", Data: &examsData{Exams: es, Keeps: auth.CanKeepExams(p, p.Region),
		Kinds: training.ExamKinds, Laws: training.Laws, Form: v}}
	if ferr != nil {
		e := apperr.As(ferr)
		view.Errors, view.Message = e.Fields, e.Message
	}
	h.Render(w, r, status, "exams", view)
}

func (h *Handler) examCreate(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	p := auth.From(r.Context())
	e := &training.Exam{Kind: r.PostForm.Get("kind"), Title: r.PostForm.Get("title"), RegionCode: region(r, p), SittingOn: r.PostForm.Get("sitting_on"),
		Minutes: webkit.Atoi(r.PostForm.Get("minutes")), Questions: webkit.Atoi(r.PostForm.Get("questions")),
		PassScore: webkit.Atoi(r.PostForm.Get("pass_score")), Law: r.PostForm.Get("law")}
	if err := h.svc.CreateExam(r.Context(), p, e); err != nil {
		h.FormError(w, r, err, func(status int) { h.examsPage(w, r, status, r.PostForm, err) })
		return
	}
	h.Flash(r, "考试已创建，请安排考生")
	http.Redirect(w, r, "/training/exams/"+itoa(e.ID), http.StatusSeeOther)
}

type examData struct {
	E       *training.Exam
	Seats   []*training.Attempt
	Keeps   bool
	Mine    *training.Attempt
	Rule    training.FailRule
	Sat     int
	Passed  int
	Absent  int
	Form    url.Values
	Results bool // the viewer reads scores
	Next    webkit.Next
}

func (h *Handler) exam(w http.ResponseWriter, r *http.Request) {
	h.examPage(w, r, http.StatusOK, url.Values{}, nil)
}

func (h *Handler) examPage(w http.ResponseWriter, r *http.Request, status int, v url.Values, ferr error) {
	p := auth.From(r.Context())
	e, err := h.svc.Exam(r.Context(), p, pathID(r))
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	d := &examData{E: e, Keeps: auth.CanKeepExams(p, e.RegionCode), Form: v}
	if auth.CanViewSupervision(p) {
		if d.Seats, err = h.svc.Seats(r.Context(), p, e); err != nil {
			h.UIError(w, r, err)
			return
		}
		d.Results = true
	}
	if auth.CanStudy(p) {
		if mine, err := h.svc.MyAttempts(r.Context(), p); err == nil {
			for _, a := range mine {
				if a.ExamID == e.ID {
					d.Mine = a
				}
			}
		}
	}
	for _, a := range d.Seats {
		switch {
		case !a.Submitted():
			d.Absent++
		case a.Passed:
			d.Passed++
			d.Sat++
		default:
			d.Sat++
		}
	}
	if d.Rule, err = h.svc.Rule(r.Context(), e.RegionCode); err != nil {
		h.UIError(w, r, err)
		return
	}
	d.Next = examNext(d)
	view := &webkit.View{Title: e.Title, Active: "training", Data: d}
	if ferr != nil {
		ae := apperr.As(ferr)
		view.Errors, view.Message = ae.Fields, ae.Message
	}
	h.Render(w, r, status, "exam", view)
}

func (h *Handler) examSeats(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	certs := strings.FieldsFunc(r.PostForm.Get("cert_nos"), func(c rune) bool { return c == ',' || c == '，' || c == '\n' || c == ' ' || c == '\r' })
	n, err := h.svc.AddSeats(r.Context(), auth.From(r.Context()), pathID(r), certs)
	if err != nil {
		h.FormError(w, r, err, func(status int) { h.examPage(w, r, status, r.PostForm, err) })
		return
	}
	h.Flash(r, "已安排考生"+itoa(n)+"名")
	http.Redirect(w, r, "/training/exams/"+r.PathValue("id"), http.StatusSeeOther)
}

func (h *Handler) examStart(w http.ResponseWriter, r *http.Request) {
	id, err := h.svc.Start(r.Context(), auth.From(r.Context()), pathID(r))
	if err != nil {
		h.FormError(w, r, err, func(status int) { h.examPage(w, r, status, url.Values{}, err) })
		return
	}
	http.Redirect(w, r, "/training/papers/"+itoa(id), http.StatusSeeOther)
}

func (h *Handler) examPublish(w http.ResponseWriter, r *http.Request) {
	res, err := h.svc.Publish(r.Context(), auth.From(r.Context()), pathID(r))
	if err != nil {
		h.FormError(w, r, err, func(status int) { h.examPage(w, r, status, url.Values{}, err) })
		return
	}
	msg := "成绩已公布：参考" + itoa(res.Sat) + "人，合格" + itoa(res.Passed) + "人，合格率" +
		strings.TrimSuffix(strings.TrimSuffix(itoaF(training.PassRate(res.Passed, res.Sat)), "0"), ".") + "%"
	if len(res.Changed) > 0 {
		msg += "；证件变更：" + strings.Join(res.Changed, "；")
	}
	h.Flash(r, msg)
	http.Redirect(w, r, "/training/exams/"+r.PathValue("id"), http.StatusSeeOther)
}

type rulesData struct {
	Rule    training.FailRule
	Actions []registry.Option
	Keeps   bool
	Region  string
}

func (h *Handler) rules(w http.ResponseWriter, r *http.Request) {
	h.rulesPage(w, r, http.StatusOK, nil)
}

func (h *Handler) rulesPage(w http.ResponseWriter, r *http.Request, status int, ferr error) {
	p := auth.From(r.Context())
	reg := region(r, p)
	if !auth.CanKeepExams(p, reg) {
		h.UIError(w, r, apperr.NotFoundf("考试规则"))
		return
	}
	rule, err := h.svc.Rule(r.Context(), reg)
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	view := &webkit.View{Title: "考试不合格的处理规则", Active: "training", Data: &rulesData{Rule: rule, Actions: training.FailActions, Keeps: true, Region: reg}}
	if ferr != nil {
		e := apperr.As(ferr)
		view.Errors, view.Message = e.Fields, e.Message
	}
	h.Render(w, r, status, "rules", view)
}

func (h *Handler) ruleSave(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	p := auth.From(r.Context())
	rule := training.FailRule{RegionCode: region(r, p), FirstFail: r.PostForm.Get("first_fail"), SecondFail: r.PostForm.Get("second_fail"),
		Basis: r.PostForm.Get("basis")}
	if err := h.svc.PutRule(r.Context(), p, rule); err != nil {
		h.FormError(w, r, err, func(status int) { h.rulesPage(w, r, status, err) })
		return
	}
	h.Flash(r, "处理规则已保存")
	http.Redirect(w, r, "/training/rules?region_code="+rule.RegionCode, http.StatusSeeOther)
}
