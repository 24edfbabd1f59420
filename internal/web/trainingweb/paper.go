package trainingweb

import (
	"net/http"
	"strconv"

	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/training"
	"zfjd/internal/web/webkit"
)

func itoa[T int | int64](n T) string { return strconv.FormatInt(int64(n), 10) }

// mock starts a mock paper and opens it.
func (h *Handler) mock(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	p := auth.From(r.Context())
	id, err := h.svc.StartMock(r.Context(), p, r.PostForm.Get("law"), webkit.Atoi(r.PostForm.Get("difficulty")), webkit.Atoi(r.PostForm.Get("count")))
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	http.Redirect(w, r, "/training/papers/"+itoa(id), http.StatusSeeOther)
}

type paperData struct {
	A        *training.Attempt
	Left     int
	Deadline int64
	Mine     bool
}

// paper shows a paper to answer with its countdown, or, once handed in,
// its mark and every wrong answer with the article behind it.
func (h *Handler) paper(w http.ResponseWriter, r *http.Request) {
	p := auth.From(r.Context())
	a, err := h.svc.Attempt(r.Context(), p, pathID(r))
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	d := &paperData{A: a, Left: a.SecondsLeft(clock.Millis(r.Context())), Deadline: a.DeadlineAt, Mine: auth.CanStudy(p) && p.CertNo == a.CertNo}
	title := "模拟考试"
	if a.ExamID > 0 {
		title = "考试试卷"
	}
	h.Render(w, r, http.StatusOK, "paper", &webkit.View{Title: title, Active: "training", Data: d})
}

func (h *Handler) submit(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	given := map[string][]string{}
	for k, v := range r.PostForm {
		if len(k) > 2 && k[:2] == "q-" {
			given[k[2:]] = v
		}
	}
	a, err := h.svc.Submit(r.Context(), auth.From(r.Context()), pathID(r), given)
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	h.Flash(r, "已交卷，得分"+itoa(a.Score))
	http.Redirect(w, r, "/training/papers/"+itoa(a.ID), http.StatusSeeOther)
}
