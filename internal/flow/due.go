package flow

import (
	"context"
	"log/slog"

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
