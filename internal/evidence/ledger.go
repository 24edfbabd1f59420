package evidence

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strconv"
	"strings"

	"zfjd/internal/store"
)

// Evidence in the tamper-evident record log (C6, spec/supervision-v1.md
// §6): each item is a record of kind LedgerKind, named by its case and id;
// its canonical content lists its files with their SHA-256, so `zfjd log
// verify` catches a changed file (a blob) as well as a changed row.

// LedgerKind is the record kind of evidence items in the log.
const LedgerKind = "evidence"

// ledgerRef names item id of the case source/sourceID in the log.
func ledgerRef(source, sourceID string, id int64) string {
	return source + "/" + sourceID + "#" + strconv.FormatInt(id, 10)
}

// ledgerContent is the item's canonical content.
func ledgerContent(source, sourceID string, it *Item) []byte {
	b, _ := json.Marshal(struct {
		Case        string   `json:"case"`
		ID          int64    `json:"id"`
		Kind        string   `json:"kind"`
		Title       string   `json:"title"`
		CollectedOn string   `json:"collected_on"`
		Officers    []string `json:"officers"`
		Note        string   `json:"note,omitempty"`
		Files       []File   `json:"files"`
		CreatedBy   string   `json:"created_by"`
	}{source + "/" + sourceID, it.ID, it.Kind, it.Title, it.CollectedOn, it.Officers, it.Note, it.Files, it.CreatedBy})
	return b
}

// LedgerRefs names the evidence items of case caseID in the log.
func LedgerRefs(ctx context.Context, q store.Querier, caseID int64) ([]string, error) {
	c, err := loadCase(ctx, q, caseID)
	if err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, `SELECT id FROM evidence WHERE case_id = $1 ORDER BY id`, caseID)
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
		out = append(out, ledgerRef(c.source, c.sourceID, id))
	}
	return out, rows.Err()
}

// LedgerSource reads an item's canonical content as stored now — its row,
// its files, and each file's SHA-256 recomputed from the stored bytes — for
// `zfjd log verify` (ledger.Source).
func LedgerSource(ctx context.Context, q store.Querier, ref string) ([]byte, bool, error) {
	i := strings.LastIndexByte(ref, '#')
	if i < 0 {
		return nil, false, nil
	}
	id, err := strconv.ParseInt(ref[i+1:], 10, 64)
	if err != nil {
		return nil, false, nil
	}
	it := &Item{ID: id}
	var off string
	err = q.QueryRowContext(ctx, `SELECT case_id, kind, title, collected_on, officers, note, created_by FROM evidence WHERE id = $1`, id).
		Scan(&it.CaseID, &it.Kind, &it.Title, &it.CollectedOn, &off, &it.Note, &it.CreatedBy)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	_ = json.Unmarshal([]byte(off), &it.Officers)
	c, err := loadCase(ctx, q, it.CaseID)
	if err != nil {
		return nil, false, nil
	}
	if ledgerRef(c.source, c.sourceID, id) != ref {
		return nil, false, nil
	}
	rows, err := q.QueryContext(ctx, `SELECT f.id, f.file_name, f.content_type, f.size, b.data FROM evidence_files f
		LEFT JOIN blobs b ON b.hash = f.blob_hash WHERE f.evidence_id = $1 ORDER BY f.id`, id)
	if err != nil {
		return nil, false, err
	}
	defer rows.Close()
	for rows.Next() {
		var f File
		var data []byte
		if err := rows.Scan(&f.ID, &f.Name, &f.ContentType, &f.Size, &data); err != nil {
			return nil, false, err
		}
		sum := sha256.Sum256(data) // the file as stored now
		f.Hash = hex.EncodeToString(sum[:])
		it.Files = append(it.Files, f)
	}
	if err := rows.Err(); err != nil {
		return nil, false, err
	}
	return ledgerContent(c.source, c.sourceID, it), true, nil
}
