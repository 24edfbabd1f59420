package upward

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"zfjd/internal/clock"
	"zfjd/internal/store"
)

// Pusher sends the queued changes.
type Pusher struct {
	DB     *store.DB
	Client *http.Client
	// Origin names this platform in every record id (the record log's
	// origin, e.g. zfjd.shandong.gov.cn/log), so ids are unique across the
	// platforms that push to one national system.
	Origin string
}

// Envelope is one POSTed record. id is stable across retries (and sent as
// the Idempotency-Key header): a receiver that got it already answers 2xx
// again without storing it twice.
type Envelope struct {
	ID      string          `json:"id"`
	Seq     int64           `json:"seq"`
	Kind    string          `json:"kind"`
	Ref     string          `json:"ref"`
	Mapping string          `json:"mapping"`
	Leaf    json.RawMessage `json:"leaf"` // the record log's leaf: checkable against its signed checkpoints
	Record  any             `json:"record"`
}

// Result counts one pass over a target.
type Result struct{ Acked, Rejected, Retrying int }

const (
	pushBatch   = 100
	firstRetry  = 30 * time.Second
	maxRetry    = time.Hour
	maxBodyKept = 2000
)

// Backoff is the wait before attempt n+1 after n failed ones: 30 s,
// doubling, at most an hour.
func Backoff(n int) time.Duration {
	d := firstRetry
	for i := 1; i < n && d < maxRetry; i++ {
		d *= 2
	}
	return min(d, maxRetry)
}

// Push sends t's pending deliveries in log order, up to max of them. A
// delivery waiting for its retry stops the pass: later changes of the
// target wait behind it, so a receiver gets every record's changes in the
// order they were made.
func (p *Pusher) Push(ctx context.Context, t *Target, max int) (Result, error) {
	var r Result
	m := Mappings[t.Mapping]
	send := func(ctx context.Context, env *Envelope) (string, string, string) { return p.post(ctx, t, env) }
	var ns *natsSender
	var dialErr string
	if t.Kind() == "nats" {
		send = func(ctx context.Context, env *Envelope) (string, string, string) {
			if ns == nil && dialErr == "" {
				ns, dialErr = dialNATS(t)
			}
			if ns == nil {
				return "", "", dialErr
			}
			return ns.publish(ctx, env)
		}
		defer func() {
			if ns != nil {
				ns.close()
			}
		}()
	}
	for sent := 0; sent < max; {
		rows, err := p.DB.R.QueryContext(ctx, `SELECT d.leaf_idx, d.kind, d.ref, d.attempts, d.next_at, l.data, l.content
			FROM upward_deliveries d JOIN log_leaves l ON l.idx = d.leaf_idx
			WHERE d.target = $1 AND d.status = 'pending' ORDER BY d.leaf_idx LIMIT $2`, t.Name, pushBatch)
		if err != nil {
			return r, err
		}
		type item struct {
			idx           int64
			kind, ref     string
			attempts      int
			nextAt        int64
			data, content []byte
		}
		var items []item
		for rows.Next() {
			var it item
			if err := rows.Scan(&it.idx, &it.kind, &it.ref, &it.attempts, &it.nextAt, &it.data, &it.content); err != nil {
				rows.Close()
				return r, err
			}
			items = append(items, it)
		}
		rows.Close()
		if err := rows.Err(); err != nil || len(items) == 0 {
			return r, err
		}
		for _, it := range items {
			now := clock.Now(ctx)
			if it.nextAt > now.UnixMilli() {
				return r, nil
			}
			env := Envelope{ID: p.Origin + "#" + strconv.FormatInt(it.idx, 10), Seq: it.idx, Kind: it.kind, Ref: it.ref,
				Mapping: t.Mapping, Leaf: it.data}
			var status, receipt, reason string
			if env.Record, err = m.Map(ctx, p.DB.R, it.kind, it.ref, it.content); err != nil {
				status, reason = "rejected", "字段映射失败："+err.Error()
			} else {
				status, receipt, reason = send(ctx, &env)
			}
			sent++
			switch status {
			case "acked":
				r.Acked++
				err = p.finish(ctx, t.Name, it.idx, status, receipt, "", it.attempts+1, now)
			case "rejected":
				r.Rejected++
				err = p.finish(ctx, t.Name, it.idx, status, "", reason, it.attempts+1, now)
			default:
				r.Retrying++
				_, err = p.DB.W.ExecContext(ctx, `UPDATE upward_deliveries SET attempts = $3, next_at = $4, reason = $5
					WHERE target = $1 AND leaf_idx = $2`, t.Name, it.idx, it.attempts+1,
					now.Add(Backoff(it.attempts+1)).UnixMilli(), reason)
				if err == nil {
					return r, nil
				}
			}
			if err != nil {
				return r, err
			}
		}
	}
	return r, nil
}

func (p *Pusher) finish(ctx context.Context, target string, idx int64, status, receipt, reason string, attempts int, now time.Time) error {
	_, err := p.DB.W.ExecContext(ctx, `UPDATE upward_deliveries SET status = $3, receipt = $4, reason = $5, attempts = $6, done_at = $7
		WHERE target = $1 AND leaf_idx = $2`, target, idx, status, receipt, reason, attempts, now.UnixMilli())
	return err
}

// post sends one envelope: acked with the receiver's receipt on 2xx,
// rejected with its reason on a 4xx other than 408 and 429, and "" (try
// again later) on anything else, including no answer.
func (p *Pusher) post(ctx context.Context, t *Target, env *Envelope) (status, receipt, reason string) {
	body, err := json.Marshal(env)
	if err != nil {
		return "rejected", "", "无法编码：" + err.Error()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, t.URL, bytes.NewReader(body))
	if err != nil {
		return "rejected", "", "推送地址无效：" + err.Error()
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Idempotency-Key", env.ID)
	if t.Token != "" {
		req.Header.Set("Authorization", "Bearer "+t.Token)
	}
	resp, err := p.Client.Do(req)
	if err != nil {
		return "", "", "无法送达：" + err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, maxBodyKept))
	switch {
	case resp.StatusCode >= 200 && resp.StatusCode < 300:
		var rc struct {
			Receipt string `json:"receipt"`
		}
		if json.Unmarshal(b, &rc) == nil && rc.Receipt != "" {
			return "acked", rc.Receipt, ""
		}
		return "acked", string(b), ""
	case resp.StatusCode >= 400 && resp.StatusCode < 500 && resp.StatusCode != 408 && resp.StatusCode != 429:
		return "rejected", "", fmt.Sprintf("HTTP %d：%s", resp.StatusCode, b)
	default:
		return "", "", fmt.Sprintf("HTTP %d：%s", resp.StatusCode, b)
	}
}

// Run is one pass over every enabled target: queue what is new, then send.
func (p *Pusher) Run(ctx context.Context) (map[string]Result, error) {
	ts, err := Targets(ctx, p.DB.R)
	if err != nil {
		return nil, err
	}
	out := map[string]Result{}
	for i := range ts {
		t := &ts[i]
		if !t.Enabled {
			continue
		}
		if _, err := Queue(ctx, p.DB, t, 20*queueBatch); err != nil {
			return out, fmt.Errorf("推送目标 %s 排队失败：%w", t.Name, err)
		}
		r, err := p.Push(ctx, t, 5*pushBatch)
		out[t.Name] = r
		if err != nil {
			return out, fmt.Errorf("推送目标 %s 发送失败：%w", t.Name, err)
		}
	}
	return out, nil
}
