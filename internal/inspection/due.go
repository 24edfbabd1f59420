package inspection

import (
	"context"
	"database/sql"

	"zfjd/internal/flow"
)

// Due is the inspections' part in the kernel's daily pass: an emergency
// visit whose 3 working days for the approval ran out is judged again.
func (s *Service) Due() flow.Due {
	return flow.Due{Kind: Kind, Table: "inspections", Rejudge: func(ctx context.Context, id int64) error {
		return flow.Retry(ctx, s.db, func(tx *sql.Tx) error { return s.rejudgeTx(ctx, tx, id) })
	}}
}
