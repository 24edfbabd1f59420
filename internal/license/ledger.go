package license

import (
	"context"
	"database/sql"
	"errors"
	"strconv"

	"zfjd/internal/store"
)

// LedgerSource reads a licence's last logged step as stored now, for
// `zfjd log verify` (ledger.Source): the leaf is rebuilt from the row's
// key, body and status, so a changed row no longer matches its leaf.
func LedgerSource(ctx context.Context, q store.Querier, ref string) ([]byte, bool, error) {
	id, err := strconv.ParseInt(ref, 10, 64)
	if err != nil {
		return nil, false, nil
	}
	var sys, src, body, status string
	err = q.QueryRowContext(ctx, `SELECT source_system, source_id, body_json, status FROM licenses WHERE id = $1`, id).
		Scan(&sys, &src, &body, &status)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	return leafContent(sys, src, []byte(body), status), true, nil
}
