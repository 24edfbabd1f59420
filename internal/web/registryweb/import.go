package registryweb

import (
	"context"
	"io"
	"mime/multipart"
	"net/http"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/web/webkit"
)

// Bulk import of officers and matters: the whole file is checked first and
// nothing is written unless every row is good (registry.Import*).

var importKinds = map[string]struct {
	title string
	kind  auth.Kind
	tmpl  func(format string, sample registry.TemplateSample) ([]byte, string, error)
	run   func(context.Context, *store.DB, *auth.Principal, io.Reader, string) (*registry.ImportResult, error)
}{
	"officers": {"批量导入执法人员", auth.KindOfficer, registry.OfficerTemplateFor, registry.ImportOfficers},
	"matters":  {"批量导入权责事项", auth.KindMatter, registry.MatterTemplateFor, registry.ImportMatters},
}

// maxImport caps an import request (a file of at most 10 MB and the
// form around it); importMemory keeps it all in memory.
const (
	maxImport    = 11 << 20
	importMemory = 12 << 20
)

type importData struct {
	Kind, Title string
	Result      *registry.ImportResult
}

func (h *Handler) importForm(kind string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		k := importKinds[kind]
		if !auth.MayChange(auth.From(r.Context()), k.kind) {
			h.UIError(w, r, apperr.New(apperr.Forbidden, "您的角色不能导入数据"))
			return
		}
		h.Render(w, r, http.StatusOK, "import", &webkit.View{Title: k.title, Active: kind, Data: importData{Kind: kind, Title: k.title}})
	}
}

func (h *Handler) importRun(kind string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		k := importKinds[kind]
		p := auth.From(r.Context())
		v := &webkit.View{Title: k.title, Active: kind}
		// Permission before a byte of the body is read; then the body
		// through a hard limit, held in memory (importMemory is above the
		// limit, so no temporary file is made), and whatever the multipart
		// reader left removed when the handler ends.
		if !auth.MayChange(p, k.kind) {
			h.UIError(w, r, apperr.New(apperr.Forbidden, "您的角色不能导入数据"))
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxImport)
		err := r.ParseMultipartForm(importMemory)
		if r.MultipartForm != nil {
			defer r.MultipartForm.RemoveAll()
		}
		var file multipart.File
		var hdr *multipart.FileHeader
		if err == nil {
			file, hdr, err = r.FormFile("file")
		}
		if err != nil {
			v.Message = "请选择要导入的xlsx或csv文件（不超过10MB）"
			v.Data = importData{Kind: kind, Title: k.title}
			h.Render(w, r, http.StatusBadRequest, "import", v)
			return
		}
		defer file.Close()
		res, err := k.run(r.Context(), h.DB, p, file, hdr.Filename)
		status := http.StatusOK
		if err != nil {
			e := apperr.As(err)
			if e.Code == apperr.Internal {
				h.UIError(w, r, err)
				return
			}
			v.Message, status = e.Message, webkit.HTTPStatus(e.Code)
		} else if len(res.Errors) > 0 {
			status = http.StatusUnprocessableEntity
		}
		v.Data = importData{Kind: kind, Title: k.title, Result: res}
		h.Render(w, r, status, "import", v)
	}
}

func (h *Handler) importTemplate(kind string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		format := r.URL.Query().Get("format")
		if format != "csv" {
			format = "xlsx"
		}
		// The example row names the user's own agency, or for a user of
		// no agency the first in scope, so that the untouched template
		// imports as it is (issue 16).
		sample, err := registry.TemplateSampleFor(r.Context(), h.DB, auth.From(r.Context()))
		if err != nil {
			h.UIError(w, r, err)
			return
		}
		b, ctype, err := importKinds[kind].tmpl(format, sample)
		if err != nil {
			h.UIError(w, r, err)
			return
		}
		name := map[string]string{"officers": "officers-template", "matters": "matters-template"}[kind]
		zh := map[string]string{"officers": "执法人员导入模板", "matters": "权责清单导入模板"}[kind]
		w.Header().Set("Content-Type", ctype)
		webkit.Attachment(w, name+"."+format, zh+"."+format)
		w.Write(b)
	}
}
