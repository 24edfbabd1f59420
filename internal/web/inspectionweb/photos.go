package inspectionweb

// Photos of the on-site checklist (一张表单, 事中留痕): taken on the officer's
// phone (POST /inspections/{id}/photos/new, multipart: photo, item,
// caption) and shown on the inspection's page and in its 现场检查笔录
// (GET /inspections/{id}/photos/{hash}). Who may not add a photo is
// refused before the body is read; the body is capped and each part read
// through a limit; package inspection cleans the bytes (complaint.CleanPhoto).

import (
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/complaint"
	"zfjd/internal/inspection"
)

// photoUpload is what the photo form carries.
type photoUpload struct {
	Data    []byte
	Item    int // -1: the visit as a whole
	Caption string
}

// errUpload is a malformed or oversized upload, named by the form's field.
type errUpload struct{ field, msg string }

func (e *errUpload) Error() string { return e.msg }

// readPhotoUpload reads the multipart body of the photo form: at most one
// file of complaint.MaxPhotoBytes, a line number and a caption of at most
// 1 KB each read; other parts are skipped.
func readPhotoUpload(r *http.Request) (*photoUpload, error) {
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, &errUpload{inspection.PhotoField, "请选择照片"}
	}
	u := &photoUpload{Item: -1}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, &errUpload{inspection.PhotoField, "上传中断或格式不正确，请重新上传"}
		}
		switch part.FormName() {
		case inspection.PhotoField:
			if u.Data != nil {
				return nil, &errUpload{inspection.PhotoField, "每次上传一张照片"}
			}
			b, err := io.ReadAll(io.LimitReader(part, complaint.MaxPhotoBytes+1))
			if err != nil {
				return nil, &errUpload{inspection.PhotoField, "上传中断，请重新上传"}
			}
			if len(b) > complaint.MaxPhotoBytes {
				return nil, &errUpload{inspection.PhotoField, "照片不能超过5MB"}
			}
			u.Data = b
		case "item":
			s, err := smallPart(part)
			if err != nil {
				return nil, &errUpload{"item", "请选择检查项"}
			}
			if s = strings.TrimSpace(s); s != "" {
				n, err := strconv.Atoi(s)
				if err != nil || n < -1 || n > 10000 {
					return nil, &errUpload{"item", "请选择检查表单中的检查项"}
				}
				u.Item = n
			}
		case "caption":
			if u.Caption, err = smallPart(part); err != nil {
				return nil, &errUpload{"caption", "照片说明不能超过200字"}
			}
		}
		part.Close()
	}
	if len(u.Data) == 0 {
		return nil, &errUpload{inspection.PhotoField, "请选择照片"}
	}
	return u, nil
}

// smallPart reads a text field of at most 1 KB.
func smallPart(p *multipart.Part) (string, error) {
	b, err := io.ReadAll(io.LimitReader(p, 1025))
	if err == nil && len(b) > 1024 {
		err = errors.New("too long")
	}
	return string(b), err
}

// photoForm is the photo form's state on the page.
type photoForm struct {
	Errors  apperr.Fields
	Message string
}

// photosData is the page's 现场照片 section.
type photosData struct {
	List      []*inspection.Photo
	Checklist []string
	Form      *photoForm // nil: p may not add photos now
}

func (h *Handler) loadPhotos(r *http.Request, in *inspection.Inspection, checklist []string, form *photoForm) (*photosData, error) {
	ctx, p := r.Context(), auth.From(r.Context())
	list, err := h.svc.Photos(ctx, h.DB.R, p, in.ID)
	if err != nil {
		return nil, err
	}
	d := &photosData{List: list, Checklist: checklist}
	if _, err := h.svc.CanAddPhoto(ctx, p, in.ID); err == nil {
		if form == nil {
			form = &photoForm{}
		}
		d.Form = form
	}
	return d, nil
}

// photoAdd: POST /inspections/{id}/photos/new.
func (h *Handler) photoAdd(w http.ResponseWriter, r *http.Request) {
	ctx, p, id := r.Context(), auth.From(r.Context()), pathID(r)
	if _, err := h.svc.CanAddPhoto(ctx, p, id); err != nil {
		h.UIError(w, r, err)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, complaint.MaxPhotoBytes+64<<10)
	u, err := readPhotoUpload(r)
	if err == nil {
		_, err = h.svc.AddPhoto(ctx, p, id, u.Data, u.Item, u.Caption)
	} else {
		var e *errUpload
		errors.As(err, &e)
		err = &apperr.Error{Code: apperr.Invalid, Message: e.msg, Fields: apperr.Fields{e.field: e.msg}}
	}
	if err != nil {
		e := apperr.As(err)
		if e.Code != apperr.Invalid {
			h.UIError(w, r, err)
			return
		}
		h.renderFull(w, r, http.StatusBadRequest, nil, nil, &photoForm{Errors: e.Fields, Message: e.Message})
		return
	}
	h.Flash(r, "已上传现场照片（已去除位置等拍摄信息）。")
	http.Redirect(w, r, "/inspections/"+strconv.FormatInt(id, 10)+"#photos", http.StatusSeeOther)
}

// photoURL is the address of photo hash of inspection id.
func photoURL(id int64) func(string) string {
	return func(hash string) string { return "/inspections/" + strconv.FormatInt(id, 10) + "/photos/" + hash }
}

// photoFile: GET /inspections/{id}/photos/{hash}.
func (h *Handler) photoFile(w http.ResponseWriter, r *http.Request) {
	ph, rd, err := h.svc.OpenPhoto(r.Context(), auth.From(r.Context()), pathID(r), r.PathValue("hash"))
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", ph.Mime)
	w.Header().Set("Content-Security-Policy", "sandbox")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "private, max-age=86400")
	http.ServeContent(w, r, "", msTime(ph.CreatedAt), rd)
}
