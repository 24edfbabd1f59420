package inspection

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strconv"
	"strings"

	"zfjd/internal/media"
	"zfjd/internal/store"
)

// PhotoKind is the record kind of the checklist's photos in the log (事中留痕:
// each photo taken on site is a record of its own, its leaf naming the
// SHA-256 of the photo's bytes, so `zfjd log verify` catches a changed
// photo as well as a changed caption).
const PhotoKind = "inspection_photo"

// photoRefMark separates the inspection's name from the photo's number in
// a photo's ref: "source_system/source_id#photo-3".
const photoRefMark = "#photo-"

// photoRef names photo ph of inspection in in the log.
func photoRef(in *Inspection, ph *Photo) string {
	return parentRef(in) + photoRefMark + strconv.Itoa(ph.Seq)
}

// photoContent is a photo's canonical content: the inspection, the line of
// its checklist, the caption, who took it and when, the hash it is stored
// under and sum, the SHA-256 of its bytes (at the write the same as hash;
// at verification recomputed from the stored chunks).
func photoContent(in *Inspection, ph *Photo, sum string) []byte {
	b, _ := json.Marshal(struct {
		Inspection string `json:"inspection"`
		Seq        int    `json:"seq"`
		Hash       string `json:"hash"`
		SHA256     string `json:"sha256"`
		Mime       string `json:"mime"`
		Size       int64  `json:"size"`
		Item       int    `json:"item"`
		Caption    string `json:"caption"`
		CreatedBy  string `json:"created_by"`
		CreatedAt  int64  `json:"created_at"`
	}{parentRef(in), ph.Seq, ph.Hash, sum, ph.Mime, ph.Size, ph.Item, ph.Caption, ph.CreatedBy, ph.CreatedAt})
	return b
}

// PhotoRefs names the photos of inspection in in the log, in upload order.
func PhotoRefs(ctx context.Context, q store.Querier, in *Inspection) ([]string, error) {
	list, err := photosOf(ctx, q, in.ID)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(list))
	for i, ph := range list {
		out[i] = photoRef(in, ph)
	}
	return out, nil
}

// PhotoSource reads a checklist photo's canonical content as stored now —
// its row, and the SHA-256 of its bytes recomputed from the stored chunks
// — for `zfjd log verify` (a ledger.Source of PhotoKind).
func PhotoSource(ctx context.Context, q store.Querier, ref string) ([]byte, bool, error) {
	i := strings.LastIndex(ref, photoRefMark)
	if i < 0 {
		return nil, false, nil
	}
	seq, err := strconv.Atoi(ref[i+len(photoRefMark):])
	if err != nil {
		return nil, false, nil
	}
	sys, id, ok := strings.Cut(ref[:i], "/")
	if !ok {
		return nil, false, nil
	}
	in := &Inspection{SourceSystem: sys, SourceID: id}
	ph := &Photo{Seq: seq}
	err = q.QueryRowContext(ctx, `SELECT p.hash, p.mime, p.size, p.item_index, p.caption, p.created_by, p.created_at
		FROM inspection_photos p JOIN inspections i ON i.id = p.inspection_id
		WHERE i.source_system = $1 AND i.source_id = $2 AND p.seq = $3`, sys, id, seq).
		Scan(&ph.Hash, &ph.Mime, &ph.Size, &ph.Item, &ph.Caption, &ph.CreatedBy, &ph.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	sum, err := media.Sum(ctx, q, ph.Hash)
	if err != nil {
		sum = "unreadable: " + err.Error() // a changed or missing chunk changes the content
	}
	return photoContent(in, ph, sum), true, nil
}
