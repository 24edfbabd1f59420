package flow

import (
	"context"
	"database/sql"

	"zfjd/internal/ledger"
)

// Record appends the subject's canonical content to the tamper-evident
// record log in the save's own transaction (a write and its leaf commit or
// fail together). Content equal to the subject's last leaf appends nothing.
func Record(ctx context.Context, tx *sql.Tx, kind, ref string, content []byte) error {
	_, err := ledger.Append(ctx, tx, kind, ref, content)
	return err
}
