package web

import (
	"context"
	"fmt"

	"zfjd/internal/store"
)

// openReads opens the read replica of --read-db (nil when not set). Its
// pool closes when ctx ends (zfjd serve's context lives as long as the
// server).
func openReads(ctx context.Context, db *store.DB, dsn string) (*store.DB, error) {
	if dsn == "" {
		return nil, nil
	}
	r, closeFn, err := store.OpenReadReplica(ctx, db, dsn)
	if err != nil {
		return nil, fmt.Errorf("只读副本（--read-db）：%w", err)
	}
	context.AfterFunc(ctx, func() { closeFn() })
	return r, nil
}
