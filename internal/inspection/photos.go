package inspection

import (
	"bytes"
	"context"
	"database/sql"
	"strconv"
	"strings"
	"unicode/utf8"

	"zfjd/internal/apperr"
	"zfjd/internal/audit"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/complaint"
	"zfjd/internal/flow"
	"zfjd/internal/media"
	"zfjd/internal/store"
)

// MaxPhotos is how many photos one inspection's checklist takes; each is
// at most complaint.MaxPhotoBytes.
const MaxPhotos = 30

// PhotoField is the upload form's file field (errors name it).
const PhotoField = "photo"

// Photo is one photo of the on-site checklist (一张表单, 事中留痕): stored
// once per SHA-256 of its cleaned bytes, for line Item of the checklist
// (-1: the visit as a whole).
type Photo struct {
	Hash      string
	Mime      string
	Size      int64
	Item      int
	Caption   string
	Seq       int
	CreatedBy string
	CreatedAt int64
}

// ItemLabel is the line of checklist the photo is of ("" for the visit).
func (ph *Photo) ItemLabel(checklist []string) string {
	if ph.Item >= 0 && ph.Item < len(checklist) {
		return checklist[ph.Item]
	}
	return ""
}

// CanAddPhoto reports whether p may add a photo to inspection id now: who
// fills the checklist (the inspecting agency's officers, checked in, not
// yet checked out), 404 outside p's reach, 403 or 409 otherwise. It is
// asked before the upload's body is read.
func (s *Service) CanAddPhoto(ctx context.Context, p *auth.Principal, id int64) (*Inspection, error) {
	in, err := loadWhere(ctx, s.db.R, "i.id = $1", id)
	if err != nil {
		return nil, err
	}
	return in, canAddPhoto(p, in)
}

func canAddPhoto(p *auth.Principal, in *Inspection) error {
	if !auth.CanSeeInspection(p, in.Target()) {
		return apperr.NotFoundf("检查")
	}
	if !auth.CanWriteInspection(p, in.Target()) {
		return apperr.New(apperr.Forbidden, "检查由%s办理", in.AgencyName)
	}
	return Workflow.Check(StateOf(in), p.Role, ActChecklist)
}

// AddPhoto adds one photo taken on site to zfjd's inspection id: the
// bytes are checked and cleaned by complaint.CleanPhoto (type sniffed from
// the bytes, JPEG or PNG only, at most 5 MB, EXIF/XMP stripped), stored in
// media under their SHA-256, and named with the checklist line item (-1:
// none) and a caption. The row and the audit entry are written in one
// transaction with the photo's leaf in the record log (PhotoKind); the
// same photo twice is refused. Errors name PhotoField,
// "item" and "caption".
func (s *Service) AddPhoto(ctx context.Context, p *auth.Principal, id int64, data []byte, item int, caption string) (*Photo, error) {
	caption = strings.TrimSpace(caption)
	clean, mime, hash, err := complaint.CleanPhoto(data)
	if err != nil {
		return nil, invalid(PhotoField, err.Error())
	}
	if utf8.RuneCountInString(caption) > 200 {
		return nil, invalid("caption", "照片说明不能超过200字")
	}
	ph := &Photo{Hash: hash, Mime: mime, Size: int64(len(clean)), Item: item, Caption: caption, CreatedBy: p.Name,
		CreatedAt: clock.Millis(ctx)}
	err = flow.Retry(ctx, s.db, func(tx *sql.Tx) error {
		in, err := loadWhere(ctx, tx, "i.id = $1", id)
		if err != nil {
			return err
		}
		if err := canAddPhoto(p, in); err != nil {
			return err
		}
		if n := len(checklistOf(ctx, tx, in)); item < -1 || item >= n {
			return invalid("item", "请选择检查表单中的检查项")
		}
		var count, dup int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN hash = $2 THEN 1 ELSE 0 END), 0)
			FROM inspection_photos WHERE inspection_id = $1`, id, hash).Scan(&count, &dup); err != nil {
			return err
		}
		switch {
		case dup > 0:
			return invalid(PhotoField, "这张照片已经上传过")
		case count >= MaxPhotos:
			return invalid(PhotoField, "每次检查最多上传"+strconv.Itoa(MaxPhotos)+"张照片")
		}
		ph.Seq = count + 1
		if err := media.Put(ctx, tx, hash, ph.Size, bytes.NewReader(clean)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO inspection_photos (inspection_id, hash, mime, size, item_index, caption, seq,
			created_by, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`, id, hash, mime, ph.Size, item, caption, ph.Seq,
			ph.CreatedBy, ph.CreatedAt); err != nil {
			return err
		}
		if err := flow.Record(ctx, tx, PhotoKind, photoRef(in, ph), photoContent(in, ph, hash)); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p, "photo", Kind, in.SourceSystem+"/"+in.SourceID, in.RegionCode, nil,
			map[string]any{"sha256": hash, "size": ph.Size, "item": item, "caption": caption})
	})
	if err != nil {
		return nil, err
	}
	return ph, nil
}

// checklistOf is the 一张表单 of in's matter (its lines).
func checklistOf(ctx context.Context, q store.Querier, in *Inspection) []string {
	if it, err := GetItem(ctx, q, in.MatterCode); err == nil {
		return it.Checklist
	}
	return nil
}

// Photos are the photos of inspection id as p may see it, in upload order.
func (s *Service) Photos(ctx context.Context, q store.Querier, p *auth.Principal, id int64) ([]*Photo, error) {
	if _, err := s.Get(ctx, p, id); err != nil {
		return nil, err
	}
	return photosOf(ctx, q, id)
}

func photosOf(ctx context.Context, q store.Querier, id int64) ([]*Photo, error) {
	rows, err := q.QueryContext(ctx, `SELECT hash, mime, size, item_index, caption, seq, created_by, created_at FROM inspection_photos
		WHERE inspection_id = $1 ORDER BY seq`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Photo
	for rows.Next() {
		ph := &Photo{}
		if err := rows.Scan(&ph.Hash, &ph.Mime, &ph.Size, &ph.Item, &ph.Caption, &ph.Seq, &ph.CreatedBy, &ph.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, ph)
	}
	return out, rows.Err()
}

// OpenPhoto is the photo hash of inspection id for p to read: 404 when p
// may not see the inspection or it has no such photo.
func (s *Service) OpenPhoto(ctx context.Context, p *auth.Principal, id int64, hash string) (*Photo, *media.Reader, error) {
	list, err := s.Photos(ctx, s.db.R, p, id)
	if err != nil {
		return nil, nil, err
	}
	for _, ph := range list {
		if ph.Hash == hash {
			rd, err := media.Open(ctx, s.db.R, hash)
			return ph, rd, err
		}
	}
	return nil, nil, apperr.NotFoundf("照片")
}
