package caseweb

// Evidence of a case: uploads (with the 调查取证 act or on their own) and
// downloads. Files are kept by package evidence once per SHA-256 hash.

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/cases"
	"zfjd/internal/evidence"
	"zfjd/internal/web/webkit"
)

// maxCaseUpload caps one request with files; each file is also limited to
// evidence.MaxFileBytes. Up to uploadMemory of it is held in memory, the
// rest goes to temporary files, which are removed before the handler ends.
const (
	maxCaseUpload = 50 << 20
	uploadMemory  = 8 << 20
)

func isMultipart(r *http.Request) bool {
	return strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data")
}

// mayUpload refuses a multipart request on case id before a byte of its
// body is read: the case must be one p sees (404 otherwise, as its page)
// and may(p, case) must hold (403 with refusal). A request without files
// is not checked here (its form is small; the service decides).
func (h *Handler) mayUpload(r *http.Request, id int64, may func(*auth.Principal, *cases.Case) bool, refusal string) error {
	if !isMultipart(r) {
		return nil
	}
	p := auth.From(r.Context())
	c, err := h.cases.Get(r.Context(), p, id)
	if err != nil {
		return err
	}
	if !may(p, c) {
		return apperr.New(apperr.Forbidden, "%s", refusal)
	}
	return nil
}

// mayAddEvidence: the case agency's officers and head (evidence.CanAdd).
func mayAddEvidence(p *auth.Principal, c *cases.Case) bool { return evidence.CanAdd(p, c.Target()) }

// mayAct: someone of the case agency who acts as an officer (the
// service's own first check, cases.Service.Append).
func mayAct(p *auth.Principal, c *cases.Case) bool {
	return p != nil && p.Agency == c.AgencyCode && p.Role.ActsAsOfficer() && auth.CanChange(p, auth.KindCase, c.Target())
}

// parseCaseForm parses a case form, multipart or not, and returns the files
// of field ev_files. The error, if any, is Chinese and about the upload.
// The body is read through a hard limit (maxCaseUpload), and the
// multipart temporary files are removed before it returns: the files are
// read into memory here (each at most evidence.MaxFileBytes). The caller
// checks permission first (mayUpload).
func parseCaseForm(w http.ResponseWriter, r *http.Request) ([]evidence.Upload, error) {
	if !isMultipart(r) {
		r.ParseForm()
		return nil, nil
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxCaseUpload)
	err := r.ParseMultipartForm(uploadMemory)
	// The server removes the temporary files only of the request it made,
	// and handlers see a copy (r.WithContext): remove them here, always.
	if r.MultipartForm != nil {
		defer r.MultipartForm.RemoveAll()
	}
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, fmt.Errorf("一次上传的内容合计不能超过%d MB，请分批上传", maxCaseUpload>>20)
		}
		return nil, errors.New("上传未完成，请重试")
	}
	var out []evidence.Upload
	for _, fh := range r.MultipartForm.File["ev_files"] {
		if fh.Filename == "" && fh.Size == 0 {
			continue // the empty file input of a form without a file
		}
		f, err := fh.Open()
		if err != nil {
			return nil, errors.New("上传未完成，请重试")
		}
		// Read at most one byte past the limit: enough for Check to refuse.
		data, err := io.ReadAll(io.LimitReader(f, evidence.MaxFileBytes+1))
		f.Close()
		if err != nil {
			return nil, errors.New("上传未完成，请重试")
		}
		out = append(out, evidence.Upload{Name: fh.Filename, ContentType: fh.Header.Get("Content-Type"), Data: data})
	}
	return out, nil
}

// caseEvidenceAdd adds an evidence item on its own: POST /cases/{id}/evidence.
func (h *Handler) caseEvidenceAdd(w http.ResponseWriter, r *http.Request) {
	ctx, p := r.Context(), auth.From(r.Context())
	id, ok := caseID(r)
	if !ok {
		h.UIError(w, r, apperr.NotFoundf("案件"))
		return
	}
	if err := h.mayUpload(r, id, mayAddEvidence, "您的角色无权为该案件上传证据"); err != nil {
		h.UIError(w, r, err)
		return
	}
	files, perr := parseCaseForm(w, r)
	v := r.PostForm
	it := &evidence.Item{Kind: v.Get("ev_kind"), Title: v.Get("ev_title"), CollectedOn: v.Get("ev_collected_on"),
		Officers: v["officers"], Note: v.Get("ev_note")}
	var err error
	if perr != nil {
		err = &apperr.Error{Code: apperr.Invalid, Message: perr.Error(), Fields: apperr.Fields{"files": perr.Error()}}
	} else {
		_, err = evidence.Add(ctx, h.DB, p, id, it, files)
	}
	if err != nil {
		e := apperr.As(err)
		if e.Code != apperr.Invalid && e.Code != apperr.Forbidden && e.Code != apperr.Conflict {
			h.UIError(w, r, err)
			return
		}
		form := &actForm{Type: "evidence", Label: "补充证据", Open: true, V: v, Message: "证据未保存：" + e.Message, Errors: apperr.Fields{}}
		for k, m := range e.Fields {
			form.Errors.Set("ev_"+k, m)
		}
		h.caseShowWith(w, r, id, webkit.HTTPStatus(e.Code), form)
		return
	}
	h.Flash(r, "已保存证据："+it.Title)
	http.Redirect(w, r, "/cases/"+itoa64(id)+"#evidence", http.StatusSeeOther)
}

// caseEvidenceFile downloads one file: GET /cases/{id}/evidence/{file}.
func (h *Handler) caseEvidenceFile(w http.ResponseWriter, r *http.Request) {
	id, ok := caseID(r)
	fileID, err := strconv.ParseInt(r.PathValue("file"), 10, 64)
	if !ok || err != nil {
		h.UIError(w, r, apperr.NotFoundf("证据文件"))
		return
	}
	f, data, err := evidence.Open(r.Context(), h.DB, auth.From(r.Context()), id, fileID)
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	hdr := w.Header()
	hdr.Set("Content-Type", f.ContentType)
	hdr.Set("Content-Length", strconv.Itoa(len(data)))
	// Always a download, never rendered on this origin (an uploaded HTML
	// file must not run as the site); the hash lets the reader verify it.
	hdr.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": f.Name}))
	hdr.Set("X-Content-Type-Options", "nosniff")
	hdr.Set("Content-Security-Policy", "sandbox")
	hdr.Set("X-Content-SHA256", f.Hash)
	hdr.Set("ETag", `"`+f.Hash+`"`)
	w.Write(data)
}
