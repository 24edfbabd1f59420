package reviewweb

import (
	"net/http"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/review"
	"zfjd/internal/web/webkit"
)

// The outside experts page (外聘评查专家): the body's experts with the files
// they were given, and the form that creates one (an account limited to
// its assigned files; it changes its password at first login).

type expertsData struct {
	Rows   []review.Expert
	In     review.ExpertInput
	Errors apperr.Fields
	Msg    string
}

func (h *Handler) experts(w http.ResponseWriter, r *http.Request) {
	h.renderExperts(w, r, http.StatusOK, &expertsData{})
}

func (h *Handler) renderExperts(w http.ResponseWriter, r *http.Request, status int, d *expertsData) {
	rows, err := h.svc.Experts(r.Context(), auth.From(r.Context()))
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	d.Rows = rows
	h.Render(w, r, status, "experts", &webkit.View{Title: "评查专家", Active: "reviews", Data: d})
}

func (h *Handler) createExpert(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		h.UIError(w, r, apperr.New(apperr.Invalid, "表单无效"))
		return
	}
	p := auth.From(r.Context())
	in := review.ExpertInput{Region: p.Region, Username: r.PostFormValue("username"), DisplayName: r.PostFormValue("display_name"),
		Password: r.PostFormValue("password")}
	if _, err := h.svc.CreateExpert(r.Context(), p, in); err != nil {
		in.Password = ""
		e := apperr.As(err)
		h.FormError(w, r, err, func(status int) {
			h.renderExperts(w, r, status, &expertsData{In: in, Errors: e.Fields, Msg: e.Message})
		})
		return
	}
	h.Flash(r, "已创建评查专家账号“"+in.Username+"”；专家首次登录须修改密码，只能查看和评分分配给其的案卷。")
	http.Redirect(w, r, "/reviews/experts", http.StatusSeeOther)
}
