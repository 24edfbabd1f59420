package training

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/audit"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/media"
	"zfjd/internal/recording"
	"zfjd/internal/textcheck"
)

// Material is one PDF or video of a course, beside its text. The file is
// package media's, stored once per SHA-256 (the same video given to two
// courses is kept once).
type Material struct {
	ID          int64  `json:"id"`
	CourseID    int64  `json:"course_id"`
	RegionCode  string `json:"region_code"`
	Kind        string `json:"kind"` // pdf | video
	Title       string `json:"title"`
	FileName    string `json:"file_name"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
	SHA256      string `json:"sha256"`
	CreatedAt   int64  `json:"created_at"`
}

// MaterialKinds are the kinds of a course's file.
var MaterialKinds = []struct{ Value, Label string }{{"pdf", "PDF文档"}, {"video", "教学视频"}}

// Size limits of a material by kind: a PDF of a law's reading, a lesson's
// video. UploadLimit is the larger, the body cap of the upload.
const (
	MaxPDFBytes   = 50 << 20
	MaxVideoBytes = recording.DefaultMaxBytes
	UploadLimit   = MaxVideoBytes
)

// SniffMaterial says what a file is from its first bytes, whatever its
// name or the browser claims: a PDF (%PDF-), an MP4 video (an ISO base
// media file whose first box is ftyp with an MP4 brand) or a WebM video
// (an EBML header whose DocType is webm). Anything else is "" (refused):
// a course serves only what every browser shows inline.
func SniffMaterial(head []byte) (kind, contentType string) {
	switch {
	case bytes.HasPrefix(head, []byte("%PDF-")):
		return "pdf", "application/pdf"
	case len(head) >= 12 && string(head[4:8]) == "ftyp":
		size := int(head[0])<<24 | int(head[1])<<16 | int(head[2])<<8 | int(head[3])
		if size < 16 || size > 4096 {
			return "", ""
		}
		switch brand := string(head[8:12]); brand {
		case "isom", "iso2", "iso4", "iso5", "iso6", "mp41", "mp42", "avc1", "dash", "M4V ", "MSNV":
			return "video", "video/mp4"
		}
	case bytes.HasPrefix(head, []byte{0x1A, 0x45, 0xDF, 0xA3}):
		// The DocType element (0x4282) of the EBML header, within its first bytes.
		if i := bytes.Index(head[:min(len(head), 64)], []byte{0x42, 0x82}); i > 0 && i+3 <= len(head) {
			n := int(head[i+2]) &^ 0x80 // one-byte EBML size
			if head[i+2]&0x80 != 0 && i+3+n <= len(head) && string(head[i+3:i+3+n]) == "webm" {
				return "video", "video/webm"
			}
		}
	}
	return "", ""
}

// AddMaterial adds file f as a material of course id: who keeps the
// course's courses may (CanKeepCourses), the file is sniffed (a PDF, an
// MP4 or WebM video) and capped by kind; errors name the fields title and
// file. The file is stored in the row's transaction.
func (s *Service) AddMaterial(ctx context.Context, p *auth.Principal, id int64, title string, f *recording.File) (*Material, error) {
	c, err := s.keptCourse(ctx, p, id)
	if err != nil {
		return nil, err
	}
	m := &Material{CourseID: id, RegionCode: c.RegionCode, Title: strings.TrimSpace(title), CreatedAt: clock.Millis(ctx)}
	fs := apperr.Fields{}
	if f != nil && m.Title == "" {
		m.Title = strings.TrimSuffix(path.Base(f.Name), path.Ext(f.Name))
	}
	if m.Title == "" {
		fs.Set("title", "请填写资料名称")
	}
	textcheck.CheckText(fs, "title", m.Title, 100)
	switch {
	case f == nil:
		fs.Set("file", "请选择PDF文档或视频文件")
	case f.Size == 0:
		fs.Set("file", "文件是空文件")
	default:
		head := make([]byte, 512)
		if _, err := f.Body.Seek(0, io.SeekStart); err != nil {
			return nil, err
		}
		k, err := io.ReadFull(f.Body, head)
		if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
			return nil, err
		}
		m.Kind, m.ContentType = SniffMaterial(head[:k])
		limit := int64(MaxVideoBytes)
		if m.Kind == "pdf" {
			limit = MaxPDFBytes
		}
		switch {
		case m.Kind == "":
			fs.Set("file", "只能上传PDF文档或MP4、WebM视频")
		case f.Size > limit:
			fs.Set("file", fmt.Sprintf("%s超过%d MB的上限", map[string]string{"pdf": "PDF文档", "video": "视频"}[m.Kind], limit>>20))
		}
		m.FileName, m.Size, m.SHA256 = strings.TrimSpace(path.Base(strings.ReplaceAll(f.Name, `\`, "/"))), f.Size, f.SHA256
		textcheck.CheckText(fs, "file", m.FileName, 200)
	}
	if err := fs.Err(); err != nil {
		return nil, err
	}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := recording.Put(ctx, tx, f); err != nil {
			return err
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO training_materials (course_id, region_code, kind, title, media_hash, file_name, content_type,
			size, created_by, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) RETURNING id`, m.CourseID, m.RegionCode, m.Kind, m.Title,
			m.SHA256, m.FileName, m.ContentType, m.Size, p.Who(), m.CreatedAt).Scan(&m.ID)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, p, "create", "training_material", itoa(m.ID), m.RegionCode, nil, m)
	})
	return m, err
}

// CanAddMaterial reports, before an upload is read, whether p may add a
// material to course id (the error AddMaterial would answer, else nil).
func (s *Service) CanAddMaterial(ctx context.Context, p *auth.Principal, id int64) error {
	_, err := s.keptCourse(ctx, p, id)
	return err
}

func (s *Service) keptCourse(ctx context.Context, p *auth.Principal, id int64) (*Course, error) {
	c, err := getCourse(ctx, s.db.R, id)
	if err != nil {
		return nil, err
	}
	switch {
	case auth.CanKeepCourses(p, c.Target()):
		return c, nil
	case auth.CanSee(p, c.Target()):
		return nil, apperr.New(apperr.Forbidden, "只有执法监督机构或该执法部门管理员可以为课程上传资料")
	}
	return nil, apperr.NotFoundf("课程")
}

// KeepsCourse reports whether p keeps course c (adds its materials).
func KeepsCourse(p *auth.Principal, c *Course) bool { return auth.CanKeepCourses(p, c.Target()) }

const materialCols = `m.id, m.course_id, m.region_code, m.kind, m.title, m.file_name, m.content_type, m.size, m.media_hash, m.created_at`

func scanMaterial(row interface{ Scan(...any) error }) (*Material, error) {
	var m Material
	err := row.Scan(&m.ID, &m.CourseID, &m.RegionCode, &m.Kind, &m.Title, &m.FileName, &m.ContentType, &m.Size, &m.SHA256, &m.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFoundf("课程资料")
	}
	return &m, err
}

// materialsOf fills the materials of courses, in the order they were added.
func (s *Service) materialsOf(ctx context.Context, courses ...*Course) error {
	if len(courses) == 0 {
		return nil
	}
	by := map[int64]*Course{}
	ids := make([]string, 0, len(courses))
	for _, c := range courses {
		by[c.ID] = c
		ids = append(ids, itoa(c.ID))
	}
	// The ids are the store's own integers, not outside input.
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+materialCols+` FROM training_materials m WHERE m.course_id IN (`+
		strings.Join(ids, ", ")+`) ORDER BY m.course_id, m.id`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		m, err := scanMaterial(rows)
		if err != nil {
			return err
		}
		by[m.CourseID].Materials = append(by[m.CourseID].Materials, m)
	}
	return rows.Err()
}

// OpenMaterial is material id with a reader of its file (byte ranges are
// served from it) for who studies its course (the course is offered to
// the officer) or keeps it; for anyone else it does not exist.
func (s *Service) OpenMaterial(ctx context.Context, p *auth.Principal, id int64) (*Material, *media.Reader, error) {
	m, err := scanMaterial(s.db.R.QueryRowContext(ctx, `SELECT `+materialCols+` FROM training_materials m WHERE m.id = $1`, id))
	if err != nil {
		return nil, nil, err
	}
	c, err := getCourse(ctx, s.db.R, m.CourseID)
	if err != nil {
		return nil, nil, err
	}
	if !auth.CanKeepCourses(p, c.Target()) {
		if !auth.CanStudy(p) {
			return nil, nil, apperr.NotFoundf("课程资料")
		}
		if _, err := s.CourseFor(ctx, p, c.ID); err != nil {
			return nil, nil, apperr.NotFoundf("课程资料")
		}
	}
	r, err := media.Open(ctx, s.db.R, m.SHA256)
	return m, r, err
}
