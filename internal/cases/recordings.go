package cases

// 全过程记录 (C6; 处罚法 Art. 47; 国办发〔2018〕118号): each act of a case
// may carry text records and audio or video files. Files are stored once
// per SHA-256 in chunks (package media), and each recording is a record of
// the tamper-evident log like the case itself: its leaf names the file's
// SHA-256, so `zfjd log verify` catches a changed file as well as a changed row.

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strconv"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/audit"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/evidence"
	"zfjd/internal/flow"
	"zfjd/internal/media"
	"zfjd/internal/recording"
	"zfjd/internal/store"
	"zfjd/internal/textcheck"
)

// RecordingKind is the record kind of act recordings in the log.
const RecordingKind = "recording"

// DefaultMaxRecordingBytes is the size limit of one recording file unless
// configured otherwise (--recording-max-mb).
const DefaultMaxRecordingBytes = recording.DefaultMaxBytes

// RecordingKindLabel is a recording kind in Chinese.
func RecordingKindLabel(k string) string { return recording.KindLabel(k) }

// Recording is one record of an act of a case.
type Recording struct {
	ID          int64  `json:"id"`
	CaseID      int64  `json:"case_id"`
	EventIndex  int    `json:"event_index"` // the act: its place in the case's events
	EventType   string `json:"event_type"`
	EventAt     string `json:"event_at"`
	Kind        string `json:"kind"` // text | audio | video
	Title       string `json:"title"`
	Text        string `json:"text,omitempty"`
	FileName    string `json:"file_name,omitempty"`
	ContentType string `json:"content_type,omitempty"`
	Size        int64  `json:"size,omitempty"`
	SHA256      string `json:"sha256,omitempty"` // of the file
	CreatedBy   string `json:"created_by"`
	CreatedAt   int64  `json:"-"`
	LeafIndex   int64  `json:"-"` // its leaf in the log (-1: none)
}

// KindLabel is the recording's kind in Chinese.
func (r *Recording) KindLabel() string { return RecordingKindLabel(r.Kind) }

// Media reports whether the recording is an audio or video file.
func (r *Recording) Media() bool { return recording.IsMedia(r.Kind) }

// RecordingFile is an uploaded file as the caller spooled it: its bytes
// (read again from the start on each try), size and SHA-256.
type RecordingFile = recording.File

// ledgerRef names a recording in the log: the case's name, '#', its id.
func (r *Recording) ledgerRef(c *Case) string {
	return c.ledgerRef() + "#" + strconv.FormatInt(r.ID, 10)
}

// ledgerContent is the recording's canonical content: what was recorded,
// of which act, and the file's digest (the file itself is not in the log).
func (r *Recording) ledgerContent(c *Case) []byte {
	b, _ := json.Marshal(struct {
		Case string `json:"case"`
		*Recording
	}{c.ledgerRef(), r})
	return b
}

// CanRecord checks, before any upload is read, that p may add a recording
// to case id: 404 outside p's reach, 403 for a role that does not
// investigate (the case agency's officers and head), 409 once archived.
func (s *Service) CanRecord(ctx context.Context, p *auth.Principal, id int64) (*Case, error) {
	c, err := getCase(ctx, s.db.R, `id = $1`, id)
	if err != nil {
		return nil, err
	}
	return c, canRecord(p, c)
}

func canRecord(p *auth.Principal, c *Case) error {
	switch {
	case !auth.CanSeeCase(p, c.Target()):
		return apperr.NotFoundf("案件")
	case !evidence.CanAdd(p, c.Target()):
		return apperr.New(apperr.Forbidden, "您的角色无权为该案件添加执法记录")
	case c.Status == "archived":
		return apperr.New(apperr.Conflict, "案件已归档，不能再添加执法记录")
	}
	return nil
}

// checkRecording validates a recording of case c (fields act,
// kind, title, text, file); maxBytes is the file size limit.
func checkRecording(c *Case, r *Recording, f *RecordingFile, maxBytes int64) error {
	fs := apperr.Fields{}
	if r.EventIndex < 0 || r.EventIndex >= len(c.Events) || (r.EventType != "" && c.Events[r.EventIndex].Type != r.EventType) {
		fs.Set("act", "请选择本案已办理的环节")
	} else {
		r.EventType, r.EventAt = c.Events[r.EventIndex].Type, c.Events[r.EventIndex].At
	}
	recording.Check(fs, r.Kind, &r.Title, &r.Text, f, maxBytes)
	return fs.Err()
}

// AddRecording records r (and its file, for audio and video) on an act of
// case id, with its leaf in the log, in one transaction; the case is then
// judged again (a recording may settle AV_RECORD_MISSING).
func (s *Service) AddRecording(ctx context.Context, p *auth.Principal, id int64, r *Recording, f *RecordingFile, maxBytes int64) (*Recording, error) {
	err := flow.Retry(ctx, s.db, func(tx *sql.Tx) error {
		c, err := getCase(ctx, tx, `id = $1`, id)
		if err != nil {
			return err
		}
		if err := canRecord(p, c); err != nil {
			return err
		}
		if err := checkRecording(c, r, f, maxBytes); err != nil {
			return err
		}
		r.CaseID, r.CreatedBy, r.CreatedAt = id, p.Name, clock.Millis(ctx)
		var hash any
		if f != nil {
			if err := recording.Put(ctx, tx, f); err != nil {
				return err
			}
			r.FileName, r.ContentType, r.Size, r.SHA256, hash = textcheck.FileName(f.Name), recording.MediaType(f), f.Size, f.SHA256, f.SHA256
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO act_recordings (case_id, event_index, event_type, event_at, kind, title,
			text_body, media_hash, file_name, content_type, size, region_code, agency_code, created_by, created_at)
			VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15) RETURNING id`,
			id, r.EventIndex, r.EventType, r.EventAt, r.Kind, r.Title, r.Text, hash, r.FileName, r.ContentType, r.Size,
			c.RegionCode, c.AgencyCode, r.CreatedBy, r.CreatedAt).Scan(&r.ID); err != nil {
			return err
		}
		if err := flow.Record(ctx, tx, RecordingKind, r.ledgerRef(c), r.ledgerContent(c)); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p, "create", "recording", r.ledgerRef(c), c.RegionCode, nil, r)
	})
	if err != nil {
		return nil, err
	}
	if _, err := s.Refresh(ctx, id); err != nil {
		return nil, err
	}
	return r, nil
}

const recordingCols = `id, case_id, event_index, event_type, event_at, kind, title, text_body, COALESCE(media_hash, ''), file_name,
	content_type, size, created_by, created_at`

func scanRecording(row interface{ Scan(...any) error }) (*Recording, error) {
	r := &Recording{LeafIndex: -1}
	err := row.Scan(&r.ID, &r.CaseID, &r.EventIndex, &r.EventType, &r.EventAt, &r.Kind, &r.Title, &r.Text, &r.SHA256,
		&r.FileName, &r.ContentType, &r.Size, &r.CreatedBy, &r.CreatedAt)
	return r, err
}

func recordingsOf(ctx context.Context, q store.Querier, caseID int64) ([]*Recording, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+recordingCols+` FROM act_recordings WHERE case_id = $1 ORDER BY id`, caseID)
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

// Recordings lists the recordings of case id, oldest first, for whoever
// may see the case.
func (s *Service) Recordings(ctx context.Context, p *auth.Principal, id int64) ([]*Recording, error) {
	c, err := getCase(ctx, s.db.R, `id = $1`, id)
	if err != nil {
		return nil, err
	}
	if !auth.CanSeeCase(p, c.Target()) {
		return nil, apperr.NotFoundf("案件")
	}
	return recordingsOf(ctx, s.db.R, id)
}

// OpenRecording returns recording rid of case id with a reader of its
// file (nil for a text record), for whoever may see the case.
func (s *Service) OpenRecording(ctx context.Context, p *auth.Principal, id, rid int64) (*Recording, *media.Reader, error) {
	c, err := getCase(ctx, s.db.R, `id = $1`, id)
	if err != nil {
		return nil, nil, err
	}
	if !auth.CanSeeCase(p, c.Target()) {
		return nil, nil, apperr.NotFoundf("案件")
	}
	r, err := scanRecording(s.db.R.QueryRowContext(ctx, `SELECT `+recordingCols+` FROM act_recordings WHERE id = $1 AND case_id = $2`, rid, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, apperr.NotFoundf("执法记录")
	}
	if err != nil || r.SHA256 == "" {
		return r, nil, err
	}
	m, err := media.Open(ctx, s.db.R, r.SHA256)
	return r, m, err
}

// RecordingRefs names the recordings of case c in the log.
func RecordingRefs(ctx context.Context, q store.Querier, c *Case) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT id FROM act_recordings WHERE case_id = $1 ORDER BY id`, c.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, (&Recording{ID: id}).ledgerRef(c))
	}
	return out, rows.Err()
}

// RecordingSource reads a recording's canonical content as stored now —
// its row, and the SHA-256 of its file recomputed from the stored chunks —
// for `zfjd log verify` (ledger.Source).
func RecordingSource(ctx context.Context, q store.Querier, ref string) ([]byte, bool, error) {
	i := strings.LastIndexByte(ref, '#')
	if i < 0 {
		return nil, false, nil
	}
	id, err := strconv.ParseInt(ref[i+1:], 10, 64)
	if err != nil {
		return nil, false, nil
	}
	r, err := scanRecording(q.QueryRowContext(ctx, `SELECT `+recordingCols+` FROM act_recordings WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	c, err := getCase(ctx, q, `id = $1`, r.CaseID)
	if apperr.Is(err, apperr.NotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	if r.SHA256 != "" {
		sum, err := media.Sum(ctx, q, r.SHA256)
		if err != nil {
			sum = "unreadable: " + err.Error()
		}
		r.SHA256 = sum // a changed chunk changes the content, and so its digest
	}
	if r.ledgerRef(c) != ref {
		return nil, false, nil
	}
	return r.ledgerContent(c), true, nil
}
