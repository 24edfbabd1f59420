// Package evidence keeps the evidence of penalty cases (C5; 行政处罚法
// Art. 46): items of the statutory kinds, each with the files uploaded for
// it. File contents are stored once per SHA-256 hash (table blobs), so the
// same file attached twice is stored once, and the hash shown on the case
// page lets anyone check that a downloaded file is the one collected.
package evidence

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"path"
	"slices"
	"strings"
	"unicode/utf8"

	"zfjd/internal/apperr"
	"zfjd/internal/audit"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/flow"
	"zfjd/internal/law"
	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/textcheck"
)

// Limits of one upload.
const (
	MaxFileBytes = 20 << 20 // one file
	MaxFiles     = 10       // files per item and request
)

// MaxFileLabel is MaxFileBytes in words, for messages and forms.
const MaxFileLabel = "20 MB"

// Kinds are the kinds of evidence of 行政处罚法 Art. 46.
var Kinds = []registry.Option{
	{Value: "documentary", Label: "书证"},
	{Value: "physical", Label: "物证"},
	{Value: "audiovisual", Label: "视听资料"},
	{Value: "electronic", Label: "电子数据"},
	{Value: "witness", Label: "证人证言"},
	{Value: "party_statement", Label: "当事人的陈述"},
	{Value: "expert_opinion", Label: "鉴定意见"},
	{Value: "inspection_record", Label: "勘验笔录"},
	{Value: "scene_record", Label: "现场笔录"},
}

// Item is one piece of evidence of a case.
type Item struct {
	ID          int64    `json:"id"`
	CaseID      int64    `json:"case_id"`
	Kind        string   `json:"kind"`
	Title       string   `json:"title"`
	CollectedOn string   `json:"collected_on"` // YYYY-MM-DD
	Officers    []string `json:"officers"`     // certificate numbers of the collecting officers
	Note        string   `json:"note,omitempty"`
	Files       []File   `json:"files"`
	CreatedBy   string   `json:"created_by"`
	CreatedAt   int64    `json:"-"`
}

// KindLabel is the kind in Chinese.
func (it *Item) KindLabel() string { return registry.LabelOf(Kinds, it.Kind) }

// File is one uploaded file of an item.
type File struct {
	ID          int64  `json:"id"`
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
	Hash        string `json:"sha256"`
}

// SizeLabel is the size for people (字节, KB, MB).
func (f File) SizeLabel() string {
	switch {
	case f.Size < 1024:
		return fmt.Sprintf("%d 字节", f.Size)
	case f.Size < 1<<20:
		return fmt.Sprintf("%.1f KB", float64(f.Size)/1024)
	}
	return fmt.Sprintf("%.1f MB", float64(f.Size)/(1<<20))
}

// Upload is a file as received.
type Upload struct {
	Name        string
	ContentType string // as the browser said; "" to detect
	Data        []byte
}

// caseRef is what access checks need of a case.
type caseRef struct {
	region, agency, source, sourceID, status string
}

func (c caseRef) target() auth.Target {
	return auth.Target{Region: c.region, Agencies: []string{c.agency}}
}

func loadCase(ctx context.Context, q store.Querier, id int64) (caseRef, error) {
	var c caseRef
	err := q.QueryRowContext(ctx, `SELECT region_code, agency_code, source_system, source_id, status FROM cases WHERE id = $1`, id).
		Scan(&c.region, &c.agency, &c.source, &c.sourceID, &c.status)
	if errors.Is(err, sql.ErrNoRows) {
		return c, apperr.NotFoundf("案件")
	}
	return c, err
}

// CanAdd reports whether p may add evidence to a case at t: the case
// agency's officers (who investigate, 处罚法 Art. 55) and its head; not the
// agency's registry administrator, not supervisors.
func CanAdd(p *auth.Principal, t auth.Target) bool {
	return p != nil && (p.Role == auth.RoleOfficer || p.Role == auth.RoleHead) && p.Agency != "" &&
		slices.Contains(t.Agencies, p.Agency) && auth.CanChange(p, auth.KindCase, t)
}

// CheckContext validates an item and its files without writing anything, so a
// caller can refuse bad input before recording anything else. Problems are
// reported by field: kind, title, collected_on, files. "Today" is ctx's
// clock.
func CheckContext(ctx context.Context, it *Item, files []Upload) error {
	f := apperr.Fields{}
	it.Title = strings.TrimSpace(it.Title)
	it.Note = strings.TrimSpace(it.Note)
	it.CollectedOn = strings.TrimSpace(it.CollectedOn)
	if registry.LabelOf(Kinds, it.Kind) == it.Kind {
		f.Set("kind", "请选择证据种类")
	}
	switch n := utf8.RuneCountInString(it.Title); {
	case n == 0:
		f.Set("title", "请填写证据名称")
	case n > 200:
		f.Set("title", "证据名称不能超过200字")
	}
	if utf8.RuneCountInString(it.Note) > 2000 {
		f.Set("note", "说明不能超过2000字")
	}
	if d, err := law.ParseDate(it.CollectedOn); err != nil {
		f.Set("collected_on", "请填写有效的收集日期（YYYY-MM-DD）")
	} else if d.After(clock.Today(ctx).AddDays(1)) {
		f.Set("collected_on", "收集日期晚于今天")
	}
	if len(files) > MaxFiles {
		f.Set("files", fmt.Sprintf("一次最多上传%d个文件", MaxFiles))
	}
	for _, u := range files {
		if len(u.Data) > MaxFileBytes {
			f.Set("files", fmt.Sprintf("文件“%s”超过%s的上限，请压缩或分割后上传", textcheck.FileName(u.Name), MaxFileLabel))
		}
		if len(u.Data) == 0 {
			f.Set("files", fmt.Sprintf("文件“%s”是空文件", textcheck.FileName(u.Name)))
		}
	}
	return f.Err()
}

// Add records an item with its files on case caseID. Only someone who may
// act on the case adds evidence, and not once the case is archived.
func Add(ctx context.Context, db *store.DB, p *auth.Principal, caseID int64, it *Item, files []Upload) (*Item, error) {
	if err := CheckContext(ctx, it, files); err != nil {
		return nil, err
	}
	officers := distinct(it.Officers)
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		c, err := loadCase(ctx, tx, caseID)
		if err != nil {
			return err
		}
		if !auth.CanSeeCase(p, c.target()) {
			return apperr.NotFoundf("案件")
		}
		if !CanAdd(p, c.target()) {
			return apperr.New(apperr.Forbidden, "您的角色无权为该案件上传证据")
		}
		if c.status == "archived" {
			return apperr.New(apperr.Conflict, "案件已归档，不能再添加证据")
		}
		offJSON, _ := json.Marshal(officers)
		now := clock.Millis(ctx)
		it.CaseID, it.Officers, it.CreatedBy, it.CreatedAt = caseID, officers, p.Name, now
		if err := tx.QueryRowContext(ctx, `INSERT INTO evidence (case_id, kind, title, collected_on, officers, note, region_code,
			agency_code, created_by, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) RETURNING id`,
			caseID, it.Kind, it.Title, it.CollectedOn, string(offJSON), it.Note, c.region, c.agency, p.Name, now).Scan(&it.ID); err != nil {
			return err
		}
		it.Files = nil
		for _, u := range files {
			sum := sha256.Sum256(u.Data)
			f := File{Name: textcheck.FileName(u.Name), ContentType: contentType(u), Size: int64(len(u.Data)), Hash: hex.EncodeToString(sum[:])}
			// Stored once per content: a second upload of the same bytes
			// only adds a reference.
			if _, err := tx.ExecContext(ctx, `INSERT INTO blobs (hash, size, data, created_at) VALUES ($1,$2,$3,$4)
				ON CONFLICT (hash) DO NOTHING`, f.Hash, f.Size, u.Data, now); err != nil {
				return err
			}
			if err := tx.QueryRowContext(ctx, `INSERT INTO evidence_files (evidence_id, blob_hash, file_name, content_type, size)
				VALUES ($1,$2,$3,$4,$5) RETURNING id`, it.ID, f.Hash, f.Name, f.ContentType, f.Size).Scan(&f.ID); err != nil {
				return err
			}
			it.Files = append(it.Files, f)
		}
		if err := flow.Record(ctx, tx, LedgerKind, ledgerRef(c.source, c.sourceID, it.ID), ledgerContent(c.source, c.sourceID, it)); err != nil {
			return err // the item and its leaf in the record log commit together (ledger.go)
		}
		return audit.Record(ctx, tx, p, "create", "evidence", fmt.Sprintf("%s/%s#%d", c.source, c.sourceID, it.ID), c.region, nil, it)
	})
	if err != nil {
		return nil, err
	}
	return it, nil
}

// List lists the evidence of case caseID, oldest first, with its files.
func List(ctx context.Context, db *store.DB, p *auth.Principal, caseID int64) ([]*Item, error) {
	c, err := loadCase(ctx, db.R, caseID)
	if err != nil {
		return nil, err
	}
	if !auth.CanSeeCase(p, c.target()) {
		return nil, apperr.NotFoundf("案件")
	}
	rows, err := db.R.QueryContext(ctx, `SELECT id, kind, title, collected_on, officers, note, created_by, created_at
		FROM evidence WHERE case_id = $1 ORDER BY id`, caseID)
	if err != nil {
		return nil, err
	}
	var out []*Item
	byID := map[int64]*Item{}
	for rows.Next() {
		it := &Item{CaseID: caseID}
		var off string
		if err := rows.Scan(&it.ID, &it.Kind, &it.Title, &it.CollectedOn, &off, &it.Note, &it.CreatedBy, &it.CreatedAt); err != nil {
			rows.Close()
			return nil, err
		}
		_ = json.Unmarshal([]byte(off), &it.Officers)
		out = append(out, it)
		byID[it.ID] = it
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return out, nil
	}
	rows, err = db.R.QueryContext(ctx, `SELECT f.id, f.evidence_id, f.file_name, f.content_type, f.size, f.blob_hash
		FROM evidence_files f JOIN evidence e ON e.id = f.evidence_id WHERE e.case_id = $1 ORDER BY f.id`, caseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var f File
		var item int64
		if err := rows.Scan(&f.ID, &item, &f.Name, &f.ContentType, &f.Size, &f.Hash); err != nil {
			return nil, err
		}
		if it := byID[item]; it != nil {
			it.Files = append(it.Files, f)
		}
	}
	return out, rows.Err()
}

// Open returns file fileID of case caseID with its contents, for whoever
// may see the case (auth.CanSeeCase: never a social supervisor, who does
// not read case files — security review H1).
func Open(ctx context.Context, db *store.DB, p *auth.Principal, caseID, fileID int64) (*File, []byte, error) {
	c, err := loadCase(ctx, db.R, caseID)
	if err != nil {
		return nil, nil, err
	}
	if !auth.CanSeeCase(p, c.target()) {
		return nil, nil, apperr.NotFoundf("案件")
	}
	var f File
	var data []byte
	err = db.R.QueryRowContext(ctx, `SELECT f.id, f.file_name, f.content_type, f.size, f.blob_hash, b.data
		FROM evidence_files f JOIN evidence e ON e.id = f.evidence_id JOIN blobs b ON b.hash = f.blob_hash
		WHERE f.id = $1 AND e.case_id = $2`, fileID, caseID).Scan(&f.ID, &f.Name, &f.ContentType, &f.Size, &f.Hash, &data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, apperr.NotFoundf("证据文件")
	}
	if err != nil {
		return nil, nil, err
	}
	return &f, data, nil
}

// contentType is the media type to serve a file with: the one the browser
// sent when it parses, else the sniffed one.
func contentType(u Upload) string {
	if u.ContentType != "" && u.ContentType != "application/octet-stream" {
		if mt, params, err := mime.ParseMediaType(u.ContentType); err == nil {
			return mime.FormatMediaType(mt, params)
		}
	}
	if byExt := mime.TypeByExtension(path.Ext(u.Name)); byExt != "" {
		return byExt
	}
	return http.DetectContentType(u.Data)
}

func distinct(xs []string) []string {
	out := []string{}
	seen := map[string]bool{}
	for _, x := range xs {
		x = strings.TrimSpace(x)
		if x != "" && !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}
