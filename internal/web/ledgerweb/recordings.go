package ledgerweb

// 全过程记录 of a case's acts: text records and audio or video files
// uploaded for an act (POST /cases/{id}/recordings) and played back with
// byte ranges (GET /cases/{id}/recordings/{rid}). The upload is checked
// against the case before a byte of the body is read, capped by
// http.MaxBytesReader, and streamed to one temporary file (hashed as it is
// written, removed whatever happens) from which package media stores it in
// chunks.

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/cases"
)

// maxRecordingBytes is the configured size limit of one file.
func (h *Handler) maxRecordingBytes() int64 {
	if h.kit.Opts != nil && h.kit.Opts.RecordingMaxMB > 0 {
		return int64(h.kit.Opts.RecordingMaxMB) << 20
	}
	return cases.DefaultMaxRecordingBytes
}

// actOption is an act of the case the upload form offers.
type actOption struct {
	Index    int
	Label    string
	At       string
	Type     string
	Required bool // on the agency's 音像记录清单
	Recorded bool // has an audio or video recording
}

// recordingForm is the upload form's state.
type recordingForm struct {
	V       url.Values
	Errors  apperr.Fields
	Message string
	Open    bool
	MaxMB   int64
}

// recordingsData is the recordings part of the records page.
type recordingsData struct {
	List      []*cases.Recording
	Acts      []actOption
	Form      *recordingForm // nil: the user may not add recordings
	ListIsSet bool           // the agency set its own 音像记录清单
}

// loadRecordings fills the page's recordings part for case c.
func (h *Handler) loadRecordings(r *http.Request, c *cases.Case, form *recordingForm) (*recordingsData, error) {
	ctx, p := r.Context(), auth.From(r.Context())
	list, err := h.cases.Recordings(ctx, p, c.ID)
	if err != nil {
		return nil, err
	}
	req, set, err := cases.AVList(ctx, h.kit.DB.R, c.AgencyCode)
	if err != nil {
		return nil, err
	}
	d := &recordingsData{List: list, ListIsSet: set}
	for i, e := range c.Events {
		a := actOption{Index: i, Label: cases.EventLabel(e.Type), At: e.At, Type: e.Type, Required: slices.Contains(req, e.Type)}
		for _, rec := range list {
			a.Recorded = a.Recorded || (rec.EventIndex == i && rec.EventType == e.Type && rec.Media())
		}
		d.Acts = append(d.Acts, a)
	}
	if _, err := h.cases.CanRecord(ctx, p, c.ID); err == nil {
		if form == nil {
			form = &recordingForm{V: url.Values{}}
		}
		form.MaxMB = h.maxRecordingBytes() >> 20
		d.Form = form
	}
	return d, nil
}

// recordingAdd: POST /cases/{id}/recordings (multipart: act, kind, title,
// text, file).
func (h *Handler) recordingAdd(w http.ResponseWriter, r *http.Request) {
	ctx, p := r.Context(), auth.From(r.Context())
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		h.pages.UIError(w, r, apperr.NotFoundf("案件"))
		return
	}
	// Who may not add a recording is refused before the body is read.
	if _, err := h.cases.CanRecord(ctx, p, id); err != nil {
		h.pages.UIError(w, r, err)
		return
	}
	limit := h.maxRecordingBytes()
	r.Body = http.MaxBytesReader(w, r.Body, limit+1<<20)
	v, file, cleanup, perr := readRecordingUpload(r, limit)
	defer cleanup()
	// act is "index|type": the act's place in the case's events and its type
	// (a form opened before the events changed is refused, not misfiled).
	rec := &cases.Recording{Kind: v.Get("kind"), Title: v.Get("title"), Text: v.Get("text"), EventIndex: -1}
	idx, typ, _ := strings.Cut(v.Get("act"), "|")
	if n, err := strconv.Atoi(idx); err == nil && typ != "" {
		rec.EventIndex, rec.EventType = n, typ
	}
	if perr == nil {
		_, err = h.cases.AddRecording(ctx, p, id, rec, file, limit)
	} else {
		err = &apperr.Error{Code: apperr.Invalid, Message: perr.Error(), Fields: apperr.Fields{"file": perr.Error()}}
	}
	if err != nil {
		e := apperr.As(err)
		if e.Code != apperr.Invalid {
			h.pages.UIError(w, r, err)
			return
		}
		h.renderRecords(w, r, id, http.StatusBadRequest, &recordingForm{V: v, Errors: e.Fields, Message: e.Message, Open: true})
		return
	}
	h.kit.Flash(r, "已添加执法记录“"+rec.Title+"”，并记入存证日志。")
	http.Redirect(w, r, fmt.Sprintf("/cases/%d/records#recordings", id), http.StatusSeeOther)
}

// readRecordingUpload reads the multipart form: the fields (each at most
// 64 KB of text) and the one file, streamed to a temporary file while its
// SHA-256 and size are taken. cleanup closes and removes the file; it is
// always safe to call.
func readRecordingUpload(r *http.Request, limit int64) (url.Values, *cases.RecordingFile, func(), error) {
	v := url.Values{}
	var tmp *os.File
	cleanup := func() {
		if tmp != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return v, nil, cleanup, errors.New("请以表单上传（multipart/form-data）")
	}
	var file *cases.RecordingFile
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return v, nil, cleanup, uploadError(err, limit)
		}
		name := part.FormName()
		if name != "file" {
			b, err := io.ReadAll(io.LimitReader(part, 64<<10))
			if err != nil {
				return v, nil, cleanup, uploadError(err, limit)
			}
			v.Add(name, string(b))
			continue
		}
		if part.FileName() == "" || tmp != nil {
			io.Copy(io.Discard, part) // the empty file input, or a second file
			continue
		}
		if tmp, err = os.CreateTemp("", "zfjd-recording-*"); err != nil {
			return v, nil, cleanup, err
		}
		h := sha256.New()
		n, err := io.Copy(io.MultiWriter(tmp, h), io.LimitReader(part, limit+1))
		if err != nil {
			return v, nil, cleanup, uploadError(err, limit)
		}
		if n > limit {
			return v, nil, cleanup, fmt.Errorf("文件超过%d MB的上限", limit>>20)
		}
		ct := part.Header.Get("Content-Type")
		file = &cases.RecordingFile{Name: part.FileName(), ContentType: ct, Size: n, SHA256: hex.EncodeToString(h.Sum(nil)), Body: tmp}
	}
	return v, file, cleanup, nil
}

func uploadError(err error, limit int64) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return fmt.Errorf("文件超过%d MB的上限", limit>>20)
	}
	return errors.New("上传未完成，请重试")
}

// recordingFile: GET /cases/{id}/recordings/{rid} — the file, with byte
// ranges for playback; audio and video play inline, anything else downloads.
func (h *Handler) recordingFile(w http.ResponseWriter, r *http.Request) {
	ctx, p := r.Context(), auth.From(r.Context())
	id, err1 := strconv.ParseInt(r.PathValue("id"), 10, 64)
	rid, err2 := strconv.ParseInt(r.PathValue("rid"), 10, 64)
	if err1 != nil || err2 != nil {
		h.pages.UIError(w, r, apperr.NotFoundf("执法记录"))
		return
	}
	rec, m, err := h.cases.OpenRecording(ctx, p, id, rid)
	if err == nil && m == nil {
		err = apperr.NotFoundf("执法记录文件")
	}
	if err != nil {
		h.pages.UIError(w, r, err)
		return
	}
	disp := "attachment"
	if mt, _, err := mime.ParseMediaType(rec.ContentType); err == nil && (strings.HasPrefix(mt, "audio/") || strings.HasPrefix(mt, "video/")) {
		disp = "inline"
		w.Header().Set("Content-Type", mt)
	} else {
		w.Header().Set("Content-Type", "application/octet-stream")
	}
	w.Header().Set("Content-Disposition", fmt.Sprintf(`%s; filename="recording-%d%s"; filename*=UTF-8''%s`, disp, rec.ID,
		extOf(rec.FileName), url.PathEscape(rec.FileName)))
	w.Header().Set("ETag", `"`+rec.SHA256+`"`)
	w.Header().Set("Cache-Control", "private, max-age=3600")
	http.ServeContent(w, r, "", time.UnixMilli(rec.CreatedAt), m)
}

// extOf is the file name's extension when it is plain ASCII (for the
// ASCII fallback name).
func extOf(name string) string {
	i := strings.LastIndexByte(name, '.')
	if i < 0 || len(name)-i > 6 {
		return ""
	}
	for _, r := range name[i+1:] {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return ""
		}
	}
	return name[i:]
}
