package inspection

// 全过程记录 of inspections (国办发〔2018〕118号; spec/supervision-v1.md §4):
// each act of an inspection may carry text records and audio or video
// files, as the acts of a case do (cases/recordings.go). Files are stored
// once per SHA-256 in chunks (package media); each recording is a record
// of the tamper-evident log whose leaf names the file's SHA-256, so `zfjd
// log verify` catches a changed file as well as a changed row.

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strconv"

	"zfjd/internal/apperr"
	"zfjd/internal/audit"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/flow"
	"zfjd/internal/media"
	"zfjd/internal/recording"
	"zfjd/internal/store"
	"zfjd/internal/textcheck"
)

// RecordingKind is the record kind of inspection act recordings in the log.
const RecordingKind = "inspection_recording"

// Recording is one record of an act of an inspection.
type Recording struct {
	ID           int64  `json:"id"`
	InspectionID int64  `json:"inspection_id"`
	EventIndex   int    `json:"event_index"` // the act: its place in the inspection's events
	EventType    string `json:"event_type"`
	EventAt      string `json:"event_at"`
	Kind         string `json:"kind"` // text | audio | video
	Title        string `json:"title"`
	Text         string `json:"text,omitempty"`
	FileName     string `json:"file_name,omitempty"`
	ContentType  string `json:"content_type,omitempty"`
	Size         int64  `json:"size,omitempty"`
	SHA256       string `json:"sha256,omitempty"` // of the file
	CreatedBy    string `json:"created_by"`
	CreatedAt    int64  `json:"-"`
}

// KindLabel is the recording's kind in Chinese.
func (r *Recording) KindLabel() string { return recording.KindLabel(r.Kind) }

// Media reports whether the recording is an audio or video file.
func (r *Recording) Media() bool { return recording.IsMedia(r.Kind) }

// parentRef names the inspection in the log: its source system and id.
func parentRef(in *Inspection) string { return in.SourceSystem + "/" + in.SourceID }

// ledgerRef names a recording in the log: the inspection's name, '#', its id.
func (r *Recording) ledgerRef(in *Inspection) string {
	return parentRef(in) + "#" + strconv.FormatInt(r.ID, 10)
}

// ledgerContent is the recording's canonical content: what was recorded,
// of which act, and the file's digest (the file itself is not in the log).
func (r *Recording) ledgerContent(in *Inspection) []byte {
	b, _ := json.Marshal(struct {
		Inspection string `json:"inspection"`
		*Recording
	}{parentRef(in), r})
	return b
}

// CanRecord checks, before any upload is read, that p may add a recording
// to inspection id: 404 outside p's reach, 403 unless p is an officer or
// the head of the inspecting agency.
func (s *Service) CanRecord(ctx context.Context, p *auth.Principal, id int64) (*Inspection, error) {
	in, err := loadWhere(ctx, s.db.R, "i.id = $1", id)
	if err != nil {
		return nil, err
	}
	return in, canRecord(p, in)
}

func canRecord(p *auth.Principal, in *Inspection) error {
	switch {
	case !auth.CanSeeInspection(p, in.Target()):
		return apperr.NotFoundf("检查")
	case !auth.MayWriteInspections(p) || !auth.CanWriteInspection(p, in.Target()) || p.Agency != in.AgencyCode:
		return apperr.New(apperr.Forbidden, "执法记录由%s的执法人员或负责人添加", in.AgencyName)
	}
	return nil
}

// checkRecording validates a recording of inspection in (fields act,
// kind, title, text, file); maxBytes is the file size limit.
func checkRecording(in *Inspection, r *Recording, f *recording.File, maxBytes int64) error {
	fs := apperr.Fields{}
	if r.EventIndex < 0 || r.EventIndex >= len(in.Events) || (r.EventType != "" && in.Events[r.EventIndex].Type != r.EventType) {
		fs.Set("act", "请选择本次检查已办理的环节")
	} else {
		r.EventType, r.EventAt = in.Events[r.EventIndex].Type, in.Events[r.EventIndex].At
	}
	recording.Check(fs, r.Kind, &r.Title, &r.Text, f, maxBytes)
	return fs.Err()
}

// AddRecording records r (and its file f, for audio and video) on an act
// of inspection id, with its leaf in the log and the inspection judged
// again (a recording settles INSPECTION_AV_RECORD_MISSING), in one
// transaction; maxBytes is the file size limit.
func (s *Service) AddRecording(ctx context.Context, p *auth.Principal, id int64, r *Recording, f *recording.File, maxBytes int64) (*Recording, error) {
	err := flow.Retry(ctx, s.db, func(tx *sql.Tx) error {
		in, err := loadWhere(ctx, tx, "i.id = $1", id)
		if err != nil {
			return err
		}
		if err := canRecord(p, in); err != nil {
			return err
		}
		if err := checkRecording(in, r, f, maxBytes); err != nil {
			return err
		}
		r.InspectionID, r.CreatedBy, r.CreatedAt = id, p.Name, clock.Millis(ctx)
		r.FileName, r.ContentType, r.Size, r.SHA256 = "", "", 0, ""
		var hash any
		if f != nil {
			if err := recording.Put(ctx, tx, f); err != nil {
				return err
			}
			r.FileName, r.ContentType, r.Size, r.SHA256, hash = textcheck.FileName(f.Name), recording.MediaType(f), f.Size, f.SHA256, f.SHA256
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO inspection_recordings (inspection_id, event_index, event_type, event_at, kind,
			title, text_body, media_hash, file_name, content_type, size, region_code, agency_code, created_by, created_at)
			VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15) RETURNING id`,
			id, r.EventIndex, r.EventType, r.EventAt, r.Kind, r.Title, r.Text, hash, r.FileName, r.ContentType, r.Size,
			in.RegionCode, in.AgencyCode, r.CreatedBy, r.CreatedAt).Scan(&r.ID); err != nil {
			return err
		}
		if err := flow.Record(ctx, tx, RecordingKind, r.ledgerRef(in), r.ledgerContent(in)); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, p, "create", RecordingKind, r.ledgerRef(in), in.RegionCode, nil, r); err != nil {
			return err
		}
		return s.rejudgeTx(ctx, tx, id)
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

const recordingCols = `id, inspection_id, event_index, event_type, event_at, kind, title, text_body, COALESCE(media_hash, ''),
	file_name, content_type, size, created_by, created_at`

func scanRecording(row interface{ Scan(...any) error }) (*Recording, error) {
	r := &Recording{}
	err := row.Scan(&r.ID, &r.InspectionID, &r.EventIndex, &r.EventType, &r.EventAt, &r.Kind, &r.Title, &r.Text, &r.SHA256,
		&r.FileName, &r.ContentType, &r.Size, &r.CreatedBy, &r.CreatedAt)
	return r, err
}

func recordingsOf(ctx context.Context, q store.Querier, id int64) ([]*Recording, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+recordingCols+` FROM inspection_recordings WHERE inspection_id = $1 ORDER BY id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*Recording{}
	for rows.Next() {
		r, err := scanRecording(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Recordings lists the recordings of inspection id, oldest first, for
// whoever may see the inspection.
func (s *Service) Recordings(ctx context.Context, p *auth.Principal, id int64) ([]*Recording, error) {
	if _, err := s.Get(ctx, p, id); err != nil {
		return nil, err
	}
	return recordingsOf(ctx, s.db.R, id)
}

// OpenRecording returns recording rid of inspection id with a reader of
// its file (nil for a text record), for whoever may see the inspection.
func (s *Service) OpenRecording(ctx context.Context, p *auth.Principal, id, rid int64) (*Recording, *media.Reader, error) {
	if _, err := s.Get(ctx, p, id); err != nil {
		return nil, nil, err
	}
	r, err := scanRecording(s.db.R.QueryRowContext(ctx, `SELECT `+recordingCols+` FROM inspection_recordings
		WHERE id = $1 AND inspection_id = $2`, rid, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, apperr.NotFoundf("执法记录")
	}
	if err != nil || r.SHA256 == "" {
		return r, nil, err
	}
	m, err := media.Open(ctx, s.db.R, r.SHA256)
	return r, m, err
}
