package registry

import (
	"context"

	"zfjd/internal/store"
)

// BumpGeneration marks, inside the writer's transaction, that agencies or
// regions changed (migration 00072). Whatever is built from them and kept
// across requests (the portal's filter options, docs/public_cache.go) is
// rebuilt when Generation moves. Every write of the agencies or regions
// tables calls it: PutAgency, SeedRegions and the scale loader.
func BumpGeneration(ctx context.Context, q store.Querier) error {
	_, err := q.ExecContext(ctx, `UPDATE registry_generation SET n = n + 1 WHERE id = 1`)
	return err
}

// Generation is the registry's current generation (one primary-key read).
func Generation(ctx context.Context, q store.Querier) (int64, error) {
	var n int64
	err := q.QueryRowContext(ctx, `SELECT n FROM registry_generation WHERE id = 1`).Scan(&n)
	return n, err
}
