package upward

import (
	"context"
	"net/url"
	"strings"
	"time"

	"zfjd/internal/ledger"
	"zfjd/internal/store"
)

// Backlog is one target as the reconciliation page shows it: how far its
// cursor is behind the record log, how deep its queue is, and why its
// first waiting change has not arrived yet.
type Backlog struct {
	Target
	Unqueued int64 // log leaves after the cursor, not yet looked at
	Pending  int64 // queued changes not yet acknowledged or rejected
	Retrying int64 // of which tried at least once
	// Head is the first waiting change, which holds back the later ones:
	// its next attempt and the last attempt's failure ("" before one).
	NextAt     time.Time
	HeadReason string
	LastAck    time.Time // zero before the first receipt
}

// Backlogs is every target's backlog, by name.
func Backlogs(ctx context.Context, q store.Querier) ([]Backlog, error) {
	ts, err := Targets(ctx, q)
	if err != nil || len(ts) == 0 {
		return nil, err
	}
	size, err := ledger.Size(ctx, q)
	if err != nil {
		return nil, err
	}
	out := make([]Backlog, len(ts))
	for i, t := range ts {
		b := Backlog{Target: t, Unqueued: max(size-t.Cursor, 0)}
		if err := q.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN attempts > 0 THEN 1 ELSE 0 END), 0)
			FROM upward_deliveries WHERE target = $1 AND status = 'pending'`, t.Name).Scan(&b.Pending, &b.Retrying); err != nil {
			return nil, err
		}
		if b.Pending > 0 {
			var next int64
			if err := q.QueryRowContext(ctx, `SELECT next_at, reason FROM upward_deliveries WHERE target = $1 AND status = 'pending'
				ORDER BY leaf_idx LIMIT 1`, t.Name).Scan(&next, &b.HeadReason); err != nil {
				return nil, err
			}
			b.NextAt = time.UnixMilli(next)
		}
		var last int64
		if err := q.QueryRowContext(ctx, `SELECT COALESCE(MAX(done_at), 0) FROM upward_deliveries WHERE target = $1 AND status = 'acked'`,
			t.Name).Scan(&last); err != nil {
			return nil, err
		}
		if last > 0 {
			b.LastAck = time.UnixMilli(last)
		}
		out[i] = b
	}
	return out, nil
}

// secretParams are query parameters of a target URL that carry a
// credential (some receivers take their key in the address).
var secretParams = []string{"token", "key", "secret", "password", "sig", "signature", "access", "auth"}

// ShownURL is t's address with any credential in it hidden: the password
// of user:password@ (NATS takes one there) and the value of a query
// parameter named like a token. The bearer token is never part of it.
func (t *Target) ShownURL() string {
	u, err := url.Parse(t.URL)
	if err != nil {
		return "（地址无法解析）"
	}
	hidden := false
	if u.User != nil {
		hidden = true
		if _, has := u.User.Password(); has {
			u.User = url.UserPassword(u.User.Username(), "***")
		} else if t.Kind() == "nats" {
			u.User = url.User("***") // nats://token@host: the user part is the token
		}
	}
	if u.RawQuery != "" {
		qv := u.Query()
		for k := range qv {
			lk := strings.ToLower(k)
			for _, s := range secretParams {
				if strings.Contains(lk, s) {
					qv.Set(k, "***")
					hidden = true
					break
				}
			}
		}
		u.RawQuery = qv.Encode()
	}
	if !hidden {
		return t.URL
	}
	return strings.ReplaceAll(u.String(), "%2A%2A%2A", "***")
}
