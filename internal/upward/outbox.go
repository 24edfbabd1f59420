package upward

import (
	"context"
	"database/sql"

	"zfjd/internal/clock"
	"zfjd/internal/store"
)

const queueBatch = 1000

// Queue moves t's cursor over the record log, queuing the leaves its
// mapping takes as pending deliveries, up to max leaves a pass; it returns
// how many it queued. Each batch is one transaction that also moves the
// cursor, checked against the cursor it started from, so two passes never
// queue a leaf twice or skip one.
func Queue(ctx context.Context, db *store.DB, t *Target, max int) (int, error) {
	m := Mappings[t.Mapping]
	queued := 0
	for seen := 0; seen < max; {
		var n, took int
		err := db.Tx(ctx, func(tx *sql.Tx) error {
			n, took = 0, 0
			rows, err := tx.QueryContext(ctx, `SELECT idx, kind, ref, content FROM log_leaves WHERE idx >= $1 ORDER BY idx LIMIT $2`,
				t.Cursor, queueBatch)
			if err != nil {
				return err
			}
			type leaf struct {
				idx       int64
				kind, ref string
			}
			var want []leaf
			next := t.Cursor
			for rows.Next() {
				var l leaf
				var content []byte
				if err := rows.Scan(&l.idx, &l.kind, &l.ref, &content); err != nil {
					rows.Close()
					return err
				}
				n++
				next = l.idx + 1
				if m.Wants(l.kind, content) {
					want = append(want, l)
				}
			}
			rows.Close()
			if err := rows.Err(); err != nil || n == 0 {
				return err
			}
			now := clock.Now(ctx).UnixMilli()
			for _, l := range want {
				if _, err := tx.ExecContext(ctx, `INSERT INTO upward_deliveries (target, leaf_idx, kind, ref, status, next_at, queued_at)
					VALUES ($1, $2, $3, $4, 'pending', $5, $5) ON CONFLICT DO NOTHING`, t.Name, l.idx, l.kind, l.ref, now); err != nil {
					return err
				}
			}
			res, err := tx.ExecContext(ctx, `UPDATE upward_targets SET cursor = $3 WHERE name = $1 AND cursor = $2`, t.Name, t.Cursor, next)
			if err != nil {
				return err
			}
			if k, _ := res.RowsAffected(); k != 1 {
				return errMoved
			}
			t.Cursor, took = next, len(want)
			return nil
		})
		if err != nil {
			return queued, err
		}
		queued += took
		seen += n
		if n < queueBatch {
			break
		}
	}
	return queued, nil
}

type errString string

func (e errString) Error() string { return string(e) }

// errMoved: another pass moved the cursor first (it queued these leaves).
const errMoved = errString("upward: the target's cursor moved")
