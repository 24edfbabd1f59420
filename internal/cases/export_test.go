package cases

import "context"

// RefreshTx is the per-case path the due pass and Refresh had before they
// judged on the read pool: read, judge and write inside one transaction.
func (s *Service) RefreshTx(ctx context.Context, id int64) (bool, error) { return s.refreshTx(ctx, id) }
