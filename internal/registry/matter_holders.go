package registry

import (
	"context"
	"database/sql"
	"slices"

	"zfjd/internal/auth"
)

// SetMatterHolders makes agencies the holders (实施主体) of matter code in
// tx, the caller's transaction: a settled enforcement dispute updates the
// 权责清单 (行政执法监督条例 Art. 13) in the same commit as its outcome. It
// is PutMatter's change with every other field kept: p must be able to
// change the matter at its old and new holders, the version rises and the
// audit row is written. It returns the matter as it now stands.
func SetMatterHolders(ctx context.Context, tx *sql.Tx, p *auth.Principal, code string, agencies []string) (*Matter, error) {
	m, err := getMatter(ctx, tx, code)
	if err != nil {
		return nil, err
	}
	next := *m
	next.AgencyCodes = slices.Clone(agencies)
	slices.Sort(next.AgencyCodes)
	next.AgencyCodes = slices.Compact(next.AgencyCodes)
	if _, err := putMatter(ctx, tx, p, &next); err != nil {
		return nil, err
	}
	return &next, nil
}

// CommonRegionOf is the deepest region containing every one of codes ("" when
// they share no province or there are none).
func CommonRegionOf(codes []string) string { return commonRegion(codes, "") }
