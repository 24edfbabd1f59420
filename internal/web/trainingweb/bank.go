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

type bankData struct {
	Questions []*training.Question
	Page      registry.Page
	Laws      []string
	Kinds     []registry.Option
	Form      url.Values
	Region    string
}

func bankFilter(q url.Values) training.QuestionFilter {
	return training.QuestionFilter{Law: q.Get("law"), Kind: q.Get("kind"), Difficulty: webkit.Atoi(q.Get("difficulty")), Page: webkit.PageOf(q)}
}

// questions is the bank of the viewer's region: only its certificate
// authority keeps (and reads) it.
func (h *Handler) questions(w http.ResponseWriter, r *http.Request) {
	h.bankPage(w, r, http.StatusOK, url.Values{"difficulty": {"2"}}, nil)
}

func (h *Handler) bankPage(w http.ResponseWriter, r *http.Request, status int, v url.Values, ferr error) {
	p := auth.From(r.Context())
	if !auth.CanKeepExams(p, p.Region) {
		h.UIError(w, r, apperr.NotFoundf("题库"))
		return
	}
	qs, pg, err := h.svc.Questions(r.Context(), p, bankFilter(r.URL.Query()))
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	view := &webkit.View{Title: "题库", Active: "training", Data: &bankData{Questions: qs, Page: pg, Laws: training.Laws,
		Kinds: training.QuestionKinds, Form: v, Region: p.Region}}
	if ferr != nil {
		e := apperr.As(ferr)
		view.Errors, view.Message = e.Fields, e.Message
	}
	h.Render(w, r, status, "questions", view)
}

func (h *Handler) questionAdd(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	p := auth.From(r.Context())
	q := &training.Question{RegionCode: region(r, p), Kind: r.PostForm.Get("kind"), Stem: r.PostForm.Get("stem"),
		Options: strings.Split(strings.ReplaceAll(r.PostForm.Get("options"), "\r\n", "\n"), "\n"), Answer: r.PostForm.Get("answer"),
		Law: r.PostForm.Get("law"), Article: r.PostForm.Get("article"), Difficulty: webkit.Atoi(r.PostForm.Get("difficulty")),
		Explanation: r.PostForm.Get("explanation")}
	if _, err := h.svc.PutQuestion(r.Context(), p, q); err != nil {
		h.FormError(w, r, err, func(status int) { h.bankPage(w, r, status, r.PostForm, err) })
		return
	}
	h.Flash(r, "试题已保存")
	http.Redirect(w, r, "/training/questions", http.StatusSeeOther)
}

func (h *Handler) questionExport(w http.ResponseWriter, r *http.Request) {
	p := auth.From(r.Context())
	if !auth.CanKeepExams(p, p.Region) {
		h.UIError(w, r, apperr.NotFoundf("题库"))
		return
	}
	h.SendXLSX(w, r, webkit.Sheet{Name: "题库", File: "questions.xlsx", Head: training.QuestionHead,
		Rows: func(add func(row ...any) bool) error {
			return h.svc.EachQuestion(r.Context(), p, bankFilter(r.URL.Query()), func(q *training.Question) bool { return add(q.Row()...) })
		}})
}

func (h *Handler) questionImport(w http.ResponseWriter, r *http.Request) {
	p := auth.From(r.Context())
	r.Body = http.MaxBytesReader(w, r.Body, 20<<20)
	if err := r.ParseMultipartForm(8 << 20); err != nil {
		h.bankPage(w, r, http.StatusBadRequest, url.Values{}, &apperr.Error{Code: apperr.Invalid, Message: "请选择不超过20MB的xlsx文件",
			Fields: apperr.Fields{"file": "请选择xlsx文件"}})
		return
	}
	f, _, err := r.FormFile("file")
	if err != nil {
		h.bankPage(w, r, http.StatusBadRequest, url.Values{}, &apperr.Error{Code: apperr.Invalid, Message: "请选择要导入的xlsx文件",
			Fields: apperr.Fields{"file": "请选择xlsx文件"}})
		return
	}
	defer f.Close()
	added, replaced, err := h.svc.ImportQuestions(r.Context(), p, region(r, p), f)
	if err != nil {
		h.FormError(w, r, err, func(status int) { h.bankPage(w, r, status, url.Values{}, err) })
		return
	}
	h.Flash(r, "导入完成：新增"+itoa(added)+"道，更新"+itoa(replaced)+"道")
	http.Redirect(w, r, "/training/questions", http.StatusSeeOther)
}
