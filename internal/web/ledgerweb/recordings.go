package ledgerweb

// 全过程记录 of a case's acts: text records and audio or video files
// uploaded for an act (POST /cases/{id}/recordings) and played back with
// byte ranges (GET /cases/{id}/recordings/{rid}). The upload is checked
// against the case before a byte of the body is read, capped by
// http.MaxBytesReader, and streamed to one temporary file (hashed as it is
// written, removed whatever happens) from which package media stores it in
// chunks.

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/cases"
	"zfjd/internal/recording"
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
	v, file, cleanup, perr := recording.ReadUpload(r, limit)
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
	recording.Serve(w, r, recording.Served{ID: rec.ID, FileName: rec.FileName, ContentType: rec.ContentType, SHA256: rec.SHA256,
		CreatedAt: rec.CreatedAt}, m)
}
