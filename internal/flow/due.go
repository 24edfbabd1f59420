package flow

import (
	"context"
	"log/slog"
	"sync"

	"zfjd/internal/store"
)

// Due is one definition's part in the due pass: its table (with the
// columns id and next_check, the first day on which the passage of time
// alone may change its judgement) and how to judge one subject again.
type Due struct {
	Kind    string
	Table   string
	Rejudge func(ctx context.Context, id int64) error
	// Batch, when set, re-judges a page of due subjects at once (read
	// together, judged, the changed ones written in grouped transactions)
	// and reports how many it judged; Rejudge is then its fallback for one.
	Batch func(ctx context.Context, ids []int64) (int, error)
}

// Pass re-judges, for every definition, only the subjects whose next
// check has come by today (YYYY-MM-DD), in batches by id. It returns how
// many it judged; one subject's failure is logged and does not stop the rest.
func Pass(ctx context.Context, db *store.DB, today string, dues ...Due) (int, error) {
	ctx = context.WithValue(ctx, passKey{}, &passScratch{vals: map[any]any{}})
	n := 0
	for _, d := range dues {
		var after int64
		for {
			ids, err := dueIDs(ctx, db.R, d.Table, today, after, 500)
			if err != nil {
				return n, err
			}
			if len(ids) == 0 {
				break
			}
			if d.Batch != nil {
				m, err := d.Batch(ctx, ids)
				n += m
				if err != nil {
					if ctx.Err() != nil {
						return n, ctx.Err()
					}
					slog.Error("due pass", "kind", d.Kind, "from", ids[0], "to", ids[len(ids)-1], "err", err)
				}
				after = ids[len(ids)-1]
				continue
			}
			for _, id := range ids {
				if err := d.Rejudge(ctx, id); err != nil {
					if ctx.Err() != nil {
						return n, ctx.Err()
					}
					slog.Error("due pass", "kind", d.Kind, "id", id, "err", err)
					continue
				}
				n++
			}
			after = ids[len(ids)-1]
		}
	}
	return n, nil
}

type passKey struct{}

type passScratch struct {
	mu   sync.Mutex
	vals map[any]any
}

// PassValue is the value under key shared by the batches of one due
// pass (what they read alike, as registers they all consult), made by
// mk on first use; outside a pass (ctx not from Pass) it is mk() afresh.
func PassValue[T any](ctx context.Context, key any, mk func() T) T {
	p, ok := ctx.Value(passKey{}).(*passScratch)
	if !ok {
		return mk()
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if v, ok := p.vals[key].(T); ok {
		return v
	}
	v := mk()
	p.vals[key] = v
	return v
}

// SetPassValue replaces the value under key for the rest of the pass.
func SetPassValue(ctx context.Context, key, v any) {
	if p, ok := ctx.Value(passKey{}).(*passScratch); ok {
		p.mu.Lock()
		p.vals[key] = v
		p.mu.Unlock()
	}
}

func dueIDs(ctx context.Context, q store.Querier, table, today string, after int64, limit int) ([]int64, error) {
	rows, err := q.QueryContext(ctx, `SELECT id FROM `+table+` WHERE next_check <> '' AND next_check <= $1 AND id > $2
		ORDER BY id LIMIT $3`, today, after, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}
