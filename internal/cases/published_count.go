package cases

import (
	"context"
	"database/sql"

	"zfjd/internal/ident"
	"zfjd/internal/store"
)

// published_counts (migration 00065): how many decisions are on display
// per publication day, in the whole platform and per province, city and
// county, kept beside published_decisions in the same transaction so the
// portal's "共 N 条" is exact without counting rows on every view.

// unpublish removes case id's published_decisions row, if any, and takes
// it off the counts.
func unpublish(ctx context.Context, tx store.Querier, id int64) error {
	var day, region string
	err := tx.QueryRowContext(ctx, `DELETE FROM published_decisions WHERE case_id = $1 RETURNING published_on, region_code`, id).
		Scan(&day, &region)
	if err == sql.ErrNoRows {
		return nil
	}
	if err != nil {
		return err
	}
	return addPublishedCount(ctx, tx, day, region, -1)
}

// addPublishedCount adds delta to the counts of a decision published on
// day in region, in one statement, the rows always in the same order (no
// deadlock between two savers on PostgreSQL).
func addPublishedCount(ctx context.Context, tx store.Querier, day, region string, delta int) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO published_counts (scope, code, published_on, n)
		VALUES ('', '', $1, $2), ('c', $3, $1, $2), ('k', $4, $1, $2), ('p', $5, $1, $2)
		ON CONFLICT (scope, code, published_on) DO UPDATE SET n = published_counts.n + excluded.n`,
		day, delta, cut(region, 4), cut(region, 6), cut(region, 2))
	return err
}

// countScope is the counted scope and code that answer f exactly, or ok
// false when f needs the rows counted (an agency, a township).
func (f PublishedFilter) countScope() (scope, code string, ok bool) {
	if f.Agency != "" {
		return "", "", false
	}
	if f.Region == "" {
		return "", "", true
	}
	prefix := ident.RegionPrefix(f.Region)
	if ident.ValidateRegionCode(f.Region) != nil || prefix == "" {
		return "", "", false
	}
	switch {
	case len(prefix) == 2:
		return "p", prefix, true
	case len(prefix) == 4:
		return "c", prefix, true
	case len(prefix) == 6 && len(f.Region) == 6:
		return "k", prefix, true
	}
	return "", "", false
}

// countPublishedExact sums the counts f selects; ok is false when f is
// not a counted scope.
func countPublishedExact(ctx context.Context, q store.Querier, f PublishedFilter) (n int, ok bool, err error) {
	scope, code, ok := f.countScope()
	if !ok {
		return 0, false, nil
	}
	err = q.QueryRowContext(ctx, `SELECT COALESCE(SUM(n), 0) FROM published_counts
		WHERE scope = $1 AND code = $2 AND published_on >= $3`, scope, code, f.Since).Scan(&n)
	return n, err == nil, err
}
