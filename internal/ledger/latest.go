package ledger

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"zfjd/internal/store"
)

// LatestFields are the top-level fields of the canonical content of the
// latest leaf of (kind, ref), nil when it has none. A Source takes from
// it only what its record keeps nowhere else — an input of the write the
// rows do not hold (a dispute's answer_days) or what the platform derived
// at the write and re-derives as time passes (an inspection's status and
// warnings, a name copied from the registry) — and rebuilds the rest from
// the rows, so a changed row still no longer matches. The leaf's content
// itself is checked against its digest by Verify.
func LatestFields(ctx context.Context, q store.Querier, kind, ref string) (map[string]json.RawMessage, error) {
	var content string
	err := q.QueryRowContext(ctx, `SELECT content FROM log_leaves WHERE kind = $1 AND ref = $2 ORDER BY idx DESC LIMIT 1`,
		kind, ref).Scan(&content)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var m map[string]json.RawMessage
	if json.Unmarshal([]byte(content), &m) != nil {
		return nil, nil
	}
	return m, nil
}

// Take decodes field k of fields into v, leaving v as it is when the
// field is absent or does not decode.
func Take(fields map[string]json.RawMessage, k string, v any) {
	if raw, ok := fields[k]; ok {
		_ = json.Unmarshal(raw, v)
	}
}
