package upward

import (
	"context"
	"fmt"
	"time"

	"zfjd/internal/clock"
	"zfjd/internal/law"
	"zfjd/internal/store"
)

// Day is one target's reconciliation for one day (Asia/Shanghai) of the
// changes queued that day: how many were queued, acknowledged with a
// receipt, rejected, and are still pending (of which tried at least once).
type Day struct {
	Target   string `json:"target"`
	Day      string `json:"day"`
	Queued   int64  `json:"queued"`
	Acked    int64  `json:"acked"`
	Rejected int64  `json:"rejected"`
	Pending  int64  `json:"pending"`
	Retrying int64  `json:"retrying"`
}

const dayMs = 24 * 60 * 60 * 1000

// Daily is the reconciliation of the days from..to (inclusive), newest
// first, per target: one indexed range per target and day span, counted
// by the database.
func Daily(ctx context.Context, q store.Querier, from, to law.Date) ([]Day, error) {
	start := time.Date(from.Y, time.Month(from.M), from.D, 0, 0, 0, 0, clock.Shanghai).UnixMilli()
	end := time.Date(to.Y, time.Month(to.M), to.D, 0, 0, 0, 0, clock.Shanghai).UnixMilli() + dayMs
	const offset = 8 * 60 * 60 * 1000 // China Standard Time, no daylight saving
	rows, err := q.QueryContext(ctx, `SELECT target, (queued_at + $3) / $4 AS day, COUNT(*),
			SUM(CASE WHEN status = 'acked' THEN 1 ELSE 0 END), SUM(CASE WHEN status = 'rejected' THEN 1 ELSE 0 END),
			SUM(CASE WHEN status = 'pending' THEN 1 ELSE 0 END), SUM(CASE WHEN status = 'pending' AND attempts > 0 THEN 1 ELSE 0 END)
		FROM upward_deliveries WHERE queued_at >= $1 AND queued_at < $2
		GROUP BY target, (queued_at + $3) / $4 ORDER BY day DESC, target`, start, end, offset, dayMs)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Day
	for rows.Next() {
		var d Day
		var day int64
		if err := rows.Scan(&d.Target, &day, &d.Queued, &d.Acked, &d.Rejected, &d.Pending, &d.Retrying); err != nil {
			return nil, err
		}
		d.Day = time.UnixMilli(day * dayMs).UTC().Format("2006-01-02")
		out = append(out, d)
	}
	return out, rows.Err()
}

// Rejection is one change a target refused, with its reason.
type Rejection struct {
	Target, Kind, Ref, Reason string
	Seq                       int64
	At                        time.Time
}

// Rejected lists a target's rejections, newest first, at most limit.
func Rejected(ctx context.Context, q store.Querier, target string, limit int) ([]Rejection, error) {
	out, _, err := RejectedPage(ctx, q, target, 0, limit)
	return out, err
}

// RejectedPage is one page of the rejections of target (every target's
// when ""), newest first, and how many there are in all.
func RejectedPage(ctx context.Context, q store.Querier, target string, offset, limit int) ([]Rejection, int, error) {
	where, args := `status = 'rejected'`, []any{}
	if target != "" {
		where, args = `target = $1 AND status = 'rejected'`, []any{target}
	}
	var total int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM upward_deliveries WHERE `+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	n := len(args)
	rows, err := q.QueryContext(ctx, fmt.Sprintf(`SELECT target, leaf_idx, kind, ref, reason, done_at FROM upward_deliveries
		WHERE %s ORDER BY done_at DESC, target, leaf_idx DESC LIMIT $%d OFFSET $%d`, where, n+1, n+2), append(args, limit, offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []Rejection
	for rows.Next() {
		var r Rejection
		var at int64
		if err := rows.Scan(&r.Target, &r.Seq, &r.Kind, &r.Ref, &r.Reason, &at); err != nil {
			return nil, 0, err
		}
		r.At = time.UnixMilli(at)
		out = append(out, r)
	}
	return out, total, rows.Err()
}
