package trainingweb

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/recording"
	"zfjd/internal/training"
)

// materialAdd: POST /training/courses/{id}/materials — a PDF or video of
// the course, uploaded by who keeps it; the file is streamed to a
// temporary file (recording.ReadUpload) and its kind sniffed by the
// service.
func (h *Handler) materialAdd(w http.ResponseWriter, r *http.Request) {
	ctx, p, id := r.Context(), auth.From(r.Context()), pathID(r)
	// Who may not add a material is refused before the body is read.
	if err := h.svc.CanAddMaterial(ctx, p, id); err != nil {
		h.UIError(w, r, err)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, training.UploadLimit+1<<20)
	v, file, cleanup, perr := recording.ReadUpload(r, training.UploadLimit)
	defer cleanup()
	var m *training.Material
	var err error
	if perr == nil {
		m, err = h.svc.AddMaterial(ctx, p, id, v.Get("title"), file)
	} else {
		err = &apperr.Error{Code: apperr.Invalid, Message: perr.Error(), Fields: apperr.Fields{"file": perr.Error()}}
	}
	year := formYear(v)
	if err != nil {
		e := apperr.As(err)
		if e.Code != apperr.Invalid {
			h.UIError(w, r, err)
			return
		}
		form := url.Values{"material_course": {strconv.FormatInt(id, 10)}, "material_title": {v.Get("title")}, "year": {year}}
		// The upload form's fields title and file, apart from the plan form's title.
		shown := &apperr.Error{Code: e.Code, Message: e.Message, Fields: apperr.Fields{}}
		for k, msg := range e.Fields {
			shown.Fields["material_"+k] = msg
		}
		h.plansPage(w, r, http.StatusBadRequest, form, shown)
		return
	}
	h.Flash(r, "已上传课程资料："+m.Title)
	http.Redirect(w, r, "/training/plans?year="+year+"#course-"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}

func formYear(v url.Values) string {
	if y, err := strconv.Atoi(v.Get("year")); err == nil && y >= 2000 && y <= 2100 {
		return strconv.Itoa(y)
	}
	return ""
}

// material: GET /training/materials/{id} — the file, inline, with byte
// ranges (a video seeks; a PDF viewer reads pages) through
// http.ServeContent. Only the three sniffed types are ever stored, so the
// type is the stored one.
func (h *Handler) material(w http.ResponseWriter, r *http.Request) {
	m, body, err := h.svc.OpenMaterial(r.Context(), auth.From(r.Context()), pathID(r))
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", m.ContentType)
	w.Header().Set("Content-Disposition", fmt.Sprintf(`inline; filename="material-%d%s"; filename*=UTF-8''%s`, m.ID,
		map[string]string{"application/pdf": ".pdf", "video/mp4": ".mp4", "video/webm": ".webm"}[m.ContentType], url.PathEscape(m.FileName)))
	w.Header().Set("ETag", `"`+m.SHA256+`"`)
	w.Header().Set("Cache-Control", "private, max-age=3600")
	http.ServeContent(w, r, "", time.UnixMilli(m.CreatedAt), body)
}
