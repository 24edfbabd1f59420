package inspectionweb

// 全过程记录 of an inspection's acts: text records and audio or video
// files uploaded for an act (POST /inspections/{id}/recordings/new) and played
// back with byte ranges (GET /inspections/{id}/recordings/{rid}), as for
// cases. The upload is checked against the inspection before a byte of
// the body is read and capped by http.MaxBytesReader; package recording
// spools it to one temporary file.

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/inspection"
	"zfjd/internal/recording"
)

// maxRecordingBytes is the configured size limit of one file (the cases' option).
func (h *Handler) maxRecordingBytes() int64 {
	if h.Opts == nil {
		return recording.DefaultMaxBytes
	}
	return recording.MaxBytes(h.Opts.RecordingMaxMB)
}

// recAct is an act of the inspection with its recordings.
type recAct struct {
	Index    int
	Type     string
	At       string
	Required bool // on the inspection 音像记录清单 (an inspection handled in zfjd)
	Recorded bool // has an audio or video recording
	List     []*inspection.Recording
}

// recordingForm is the upload form's state.
type recordingForm struct {
	V       url.Values
	Errors  apperr.Fields
	Message string
	Open    bool
	MaxMB   int64
}

// recordingsData is the page's 全过程记录 section.
type recordingsData struct {
	Acts []recAct
	Form *recordingForm // nil: the user may not add recordings
}

// loadRecordings fills the section for inspection in.
func (h *Handler) loadRecordings(r *http.Request, in *inspection.Inspection, form *recordingForm) (*recordingsData, error) {
	ctx, p := r.Context(), auth.From(r.Context())
	list, err := h.svc.Recordings(ctx, p, in.ID)
	if err != nil {
		return nil, err
	}
	d := &recordingsData{}
	for i, e := range in.Events {
		a := recAct{Index: i, Type: e.Type, At: e.At,
			Required: in.SourceSystem == inspection.SourceZFJD && slices.Contains(inspection.AVActs, e.Type)}
		for _, rec := range list {
			if rec.EventIndex == i && rec.EventType == e.Type {
				a.List = append(a.List, rec)
				a.Recorded = a.Recorded || rec.Media()
			}
		}
		d.Acts = append(d.Acts, a)
	}
	if _, err := h.svc.CanRecord(ctx, p, in.ID); err == nil && len(in.Events) > 0 {
		if form == nil {
			form = &recordingForm{V: url.Values{}}
		}
		form.MaxMB = h.maxRecordingBytes() >> 20
		d.Form = form
	}
	return d, nil
}

// recordingAdd: POST /inspections/{id}/recordings/new (multipart: act, kind,
// title, text, file).
func (h *Handler) recordingAdd(w http.ResponseWriter, r *http.Request) {
	ctx, p, id := r.Context(), auth.From(r.Context()), pathID(r)
	// Who may not add a recording is refused before the body is read.
	if _, err := h.svc.CanRecord(ctx, p, id); err != nil {
		h.UIError(w, r, err)
		return
	}
	limit := h.maxRecordingBytes()
	r.Body = http.MaxBytesReader(w, r.Body, limit+1<<20)
	v, file, cleanup, perr := recording.ReadUpload(r, limit)
	defer cleanup()
	// act is "index|type": the act's place in the events and its type.
	rec := &inspection.Recording{Kind: v.Get("kind"), Title: v.Get("title"), Text: v.Get("text"), EventIndex: -1}
	idx, typ, _ := strings.Cut(v.Get("act"), "|")
	if n, err := strconv.Atoi(idx); err == nil && typ != "" {
		rec.EventIndex, rec.EventType = n, typ
	}
	var err error
	if perr == nil {
		_, err = h.svc.AddRecording(ctx, p, id, rec, file, limit)
	} else {
		err = &apperr.Error{Code: apperr.Invalid, Message: perr.Error(), Fields: apperr.Fields{"file": perr.Error()}}
	}
	if err != nil {
		e := apperr.As(err)
		if e.Code != apperr.Invalid {
			h.UIError(w, r, err)
			return
		}
		h.renderPage(w, r, http.StatusBadRequest, nil, &recordingForm{V: v, Errors: e.Fields, Message: e.Message, Open: true})
		return
	}
	h.Flash(r, "已添加执法记录“"+rec.Title+"”，并记入存证日志。")
	http.Redirect(w, r, "/inspections/"+strconv.FormatInt(id, 10)+"#recordings", http.StatusSeeOther)
}

// recordingFile: GET /inspections/{id}/recordings/{rid} — the file, with
// byte ranges for playback.
func (h *Handler) recordingFile(w http.ResponseWriter, r *http.Request) {
	rid, err := strconv.ParseInt(r.PathValue("rid"), 10, 64)
	if err != nil {
		h.UIError(w, r, apperr.NotFoundf("执法记录"))
		return
	}
	rec, m, err := h.svc.OpenRecording(r.Context(), auth.From(r.Context()), pathID(r), rid)
	if err == nil && m == nil {
		err = apperr.NotFoundf("执法记录文件")
	}
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	recording.Serve(w, r, recording.Served{ID: rec.ID, FileName: rec.FileName, ContentType: rec.ContentType, SHA256: rec.SHA256,
		CreatedAt: rec.CreatedAt}, m)
}
