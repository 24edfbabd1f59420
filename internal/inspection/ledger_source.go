package inspection

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strconv"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/ledger"
	"zfjd/internal/store"
)

// Record-log kinds of the enterprise's 事后评价 of an inspection (ref: the
// inspection's source_system/source_id, like Kind's) and of a 双随机 draw
// (ref: the draw's id).
const (
	RatingKind = "inspection_rating"
	DrawKind   = "inspection_draw"
)

// leafContent is an inspection's canonical content in the record log,
// the same bytes when it is written (write) and when `zfjd log verify`
// reads it back (LedgerSource).
func leafContent(in *Inspection) ([]byte, error) { return json.Marshal(in) }

// ratingContent is a rating's canonical content.
func ratingContent(r Rating) ([]byte, error) { return json.Marshal(r) }

// drawContent is a draw's canonical content: the draw with its seed, the
// pools' snapshots and hashes and the result.
func drawContent(d *Drawing) []byte { b, _ := json.Marshal(d); return b }

// LedgerSource reads an inspection as stored now, for `zfjd log verify`
// (ledger.Source): what its source pushed (or its officers recorded) from
// its row. What the platform derived at the write — the status, deadlines
// and warnings, judged again as time passes without a new leaf — and the
// names copied from the registry are the leaf's, and so is the id (a
// first write's leaf is built before the row has one).
func LedgerSource(ctx context.Context, q store.Querier, ref string) ([]byte, bool, error) {
	sys, id, ok := strings.Cut(ref, "/")
	if !ok {
		return nil, false, nil
	}
	in, err := scan(q.QueryRowContext(ctx, `SELECT `+cols+from+` WHERE i.source_system = $1 AND i.source_id = $2`, sys, id))
	if apperr.Is(err, apperr.NotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	leaf, err := ledger.LatestFields(ctx, q, Kind, ref)
	if err != nil {
		return nil, false, err
	}
	in.Warnings = nil
	ledger.Take(leaf, "id", &in.ID)
	ledger.Take(leaf, "status", &in.Status)
	ledger.Take(leaf, "deadlines", &in.Deadlines)
	ledger.Take(leaf, "warnings", &in.Warnings)
	in.AgencyName, in.MatterName = "", ""
	ledger.Take(leaf, "agency_name", &in.AgencyName)
	ledger.Take(leaf, "matter_name", &in.MatterName)
	in.canon()
	b, err := leafContent(in)
	return b, err == nil, err
}

// RatingSource reads an inspection's rating as stored now, for `zfjd log
// verify` (ledger.Source).
func RatingSource(ctx context.Context, q store.Querier, ref string) ([]byte, bool, error) {
	sys, id, ok := strings.Cut(ref, "/")
	if !ok {
		return nil, false, nil
	}
	var r Rating
	err := q.QueryRowContext(ctx, `SELECT r.score, r.comment FROM inspection_ratings r JOIN inspections i ON i.id = r.inspection_id
		WHERE i.source_system = $1 AND i.source_id = $2`, sys, id).Scan(&r.Score, &r.Comment)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	b, err := ratingContent(r)
	return b, err == nil, err
}

// DrawSource reads a draw as stored now, for `zfjd log verify`
// (ledger.Source); the agency's name is the one the draw was published
// under (the leaf's).
func DrawSource(ctx context.Context, q store.Querier, ref string) ([]byte, bool, error) {
	id, err := strconv.ParseInt(ref, 10, 64)
	if err != nil {
		return nil, false, nil
	}
	d, err := GetDraw(ctx, q, id)
	if apperr.Is(err, apperr.NotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	leaf, err := ledger.LatestFields(ctx, q, DrawKind, ref)
	if err != nil {
		return nil, false, err
	}
	ledger.Take(leaf, "agency_name", &d.AgencyName)
	return drawContent(d), true, nil
}
