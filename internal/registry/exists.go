package registry

import (
	"context"

	"zfjd/internal/store"
)

var existsQuery = map[string]string{
	"agency":  `SELECT COUNT(*) FROM agencies WHERE code = $1`,
	"officer": `SELECT COUNT(*) FROM officers WHERE cert_no = $1`,
	"matter":  `SELECT COUNT(*) FROM matters WHERE code = $1`,
}

// Exists reports whether an agency, officer or matter with key exists at all,
// in anyone's scope; "new" forms use it so they never overwrite.
func Exists(ctx context.Context, db *store.DB, entity, key string) (bool, error) {
	var n int
	err := db.R.QueryRowContext(ctx, existsQuery[entity], key).Scan(&n)
	return n > 0, err
}
