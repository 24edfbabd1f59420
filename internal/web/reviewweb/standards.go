package reviewweb

import (
	"fmt"
	"io"
	"net/http"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/registry"
	"zfjd/internal/review"
	"zfjd/internal/web/webkit"
)

// The standards page: the body's standards and their versions, each
// exported as xlsx; the template; the import of a file as a new version.

type standardsData struct {
	Rows      []review.StandardRow
	Kinds     []struct{ Value, Label string }
	Name      string
	Kind      string
	Errors    []registry.RowError
	Msg       string
	FieldErrs apperr.Fields
}

func (h *Handler) standards(w http.ResponseWriter, r *http.Request) {
	h.renderStandards(w, r, http.StatusOK, &standardsData{Kind: "penalty"})
}

func (h *Handler) renderStandards(w http.ResponseWriter, r *http.Request, status int, d *standardsData) {
	rows, err := h.svc.Standards(r.Context(), auth.From(r.Context()))
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	d.Rows, d.Kinds = rows, review.CaseKinds
	h.Render(w, r, status, "standards", &webkit.View{Title: "评查标准", Active: "reviews", Data: d})
}

func (h *Handler) standardTemplate(w http.ResponseWriter, r *http.Request) {
	if p := auth.From(r.Context()); !auth.IsSupervisionOf(p, auth.Target{Region: p.Region}) || p.Region == "" {
		h.UIError(w, r, apperr.New(apperr.Forbidden, "只有行政执法监督机构可以制定评查标准"))
		return
	}
	b, err := review.Template()
	h.sendXLSX(w, r, "review-standard-template.xlsx", "评查标准导入模板.xlsx", b, err)
}

func (h *Handler) standardExport(w http.ResponseWriter, r *http.Request) {
	st, err := h.svc.StandardOf(r.Context(), auth.From(r.Context()), pathID(r))
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	b, err := review.StandardXLSX(st, false)
	h.sendXLSX(w, r, fmt.Sprintf("review-standard-%d.xlsx", st.ID), fmt.Sprintf("%s（第%d版）.xlsx", st.Name, st.Version), b, err)
}

func (h *Handler) sendXLSX(w http.ResponseWriter, r *http.Request, ascii, name string, b []byte, err error) {
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", review.ContentTypeXLSX)
	webkit.Attachment(w, ascii, name)
	w.Write(b)
}

func (h *Handler) standardImport(w http.ResponseWriter, r *http.Request) {
	p := auth.From(r.Context())
	r.Body = http.MaxBytesReader(w, r.Body, 6<<20)
	d := &standardsData{}
	if err := r.ParseMultipartForm(6 << 20); err != nil {
		d.Msg = "请选择不超过5MB的xlsx文件"
		h.renderStandards(w, r, http.StatusBadRequest, d)
		return
	}
	d.Name, d.Kind = r.PostFormValue("name"), r.PostFormValue("case_kind")
	f, _, err := r.FormFile("file")
	if err != nil {
		d.Msg = "请选择要导入的xlsx文件"
		h.renderStandards(w, r, http.StatusBadRequest, d)
		return
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	st, rowErrs, err := h.svc.ImportStandard(r.Context(), p, p.Region, d.Name, d.Kind, data)
	if err != nil {
		e := apperr.As(err)
		d.Msg, d.Errors, d.FieldErrs = e.Message, rowErrs, e.Fields
		h.FormError(w, r, err, func(status int) { h.renderStandards(w, r, status, d) })
		return
	}
	h.Flash(r, fmt.Sprintf("已导入“%s”第%d版（%d项）。此后新建的评查活动使用最新版本。", st.Name, st.Version, len(st.Items)))
	http.Redirect(w, r, "/reviews/standards", http.StatusSeeOther)
}
