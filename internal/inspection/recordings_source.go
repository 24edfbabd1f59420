package inspection

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/media"
	"zfjd/internal/store"
)

// RecordingRefs names the recordings of inspection in in the log.
func RecordingRefs(ctx context.Context, q store.Querier, in *Inspection) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT id FROM inspection_recordings WHERE inspection_id = $1 ORDER BY id`, in.ID)
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
		out = append(out, (&Recording{ID: id}).ledgerRef(in))
	}
	return out, rows.Err()
}

// RecordingSource reads an inspection recording's canonical content as
// stored now — its row, and the SHA-256 of its file recomputed from the
// stored chunks — for `zfjd log verify` (a ledger.Source of RecordingKind).
func RecordingSource(ctx context.Context, q store.Querier, ref string) ([]byte, bool, error) {
	i := strings.LastIndexByte(ref, '#')
	if i < 0 {
		return nil, false, nil
	}
	id, err := strconv.ParseInt(ref[i+1:], 10, 64)
	if err != nil {
		return nil, false, nil
	}
	r, err := scanRecording(q.QueryRowContext(ctx, `SELECT `+recordingCols+` FROM inspection_recordings WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	in, err := scan(q.QueryRowContext(ctx, `SELECT `+cols+from+` WHERE i.id = $1`, r.InspectionID))
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
	if r.ledgerRef(in) != ref {
		return nil, false, nil
	}
	return r.ledgerContent(in), true, nil
}
