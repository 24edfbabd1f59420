// Package upward pushes the platform's record changes to the systems above
// it (C16; 行政执法监督条例 Art. 37 "加强数据共享"): the province's platform,
// the national 行政执法综合管理监督信息系统, the credit platform's 双公示.
//
// The outbox is the record log: every accepted write appends its leaf to
// log_leaves in the write's own transaction, and leaf indexes are handed
// out under log_state's row lock, so they commit in order and a cursor over
// them misses nothing. For each target a pass queues the new leaves its
// mapping takes (upward_deliveries) and posts them in log order, one JSON
// record per request with an Idempotency-Key; a receiver's 2xx is its
// receipt, a 4xx a rejection (recorded, not retried), anything else is
// retried with exponential backoff and holds back the target's later
// records so each record's changes arrive in order. A target whose URL is
// nats://host:port/subject is a NATS JetStream subject instead (nats.go):
// the stream's PubAck is the receipt, no ack is retried the same way, and
// an answer no retry can change (a record over the stream's size limit)
// is a rejection. The reconciliation page is package web/upwardweb's.
package upward

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"regexp"

	"zfjd/internal/apperr"
	"zfjd/internal/clock"
	"zfjd/internal/ledger"
	"zfjd/internal/store"
)

// Target is one receiving system.
type Target struct {
	Name    string `json:"name"`
	URL     string `json:"url"`
	Mapping string `json:"mapping"`
	Token   string `json:"-"` // sent as a bearer token; never shown
	Enabled bool   `json:"enabled"`
	Cursor  int64  `json:"cursor"` // the next log leaf to consider
}

var nameRe = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,39}$`)

func (t *Target) check() error {
	f := apperr.Fields{}
	if !nameRe.MatchString(t.Name) {
		f.Set("name", "名称须为1–40位小写字母、数字、- 或 _")
	}
	if t.Kind() == "nats" {
		if _, _, err := natsAddr(t.URL); err != nil {
			f.Set("url", "NATS 地址"+err.Error())
		}
	} else if u, err := url.Parse(t.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		f.Set("url", "地址须为 http:// 或 https:// 开头的完整地址，或 nats://主机:端口/主题")
	}
	if _, ok := Mappings[t.Mapping]; !ok {
		f.Set("mapping", "未知的字段映射：可选 "+mappingNames())
	}
	return f.Err()
}

// AddTarget configures a new target. fromStart sends the whole record log
// (a first load of the receiving system); otherwise only what is written
// from now on.
func AddTarget(ctx context.Context, db *store.DB, t *Target, fromStart bool) error {
	if err := t.check(); err != nil {
		return err
	}
	return db.Tx(ctx, func(tx *sql.Tx) error {
		t.Cursor = 0
		if !fromStart {
			n, err := ledger.Size(ctx, tx)
			if err != nil {
				return err
			}
			t.Cursor = n
		}
		t.Enabled = true
		_, err := tx.ExecContext(ctx, `INSERT INTO upward_targets (name, url, mapping, token, enabled, cursor, created_at)
			VALUES ($1, $2, $3, $4, 1, $5, $6)`, t.Name, t.URL, t.Mapping, t.Token, t.Cursor, clock.Now(ctx).UnixMilli())
		if store.IsUniqueViolation(err) {
			return apperr.Fields{"name": "已有同名推送目标 " + t.Name}.Err()
		}
		return err
	})
}

// SetEnabled pauses or resumes a target; a paused target queues nothing
// and sends nothing, and resumes where it stopped.
func SetEnabled(ctx context.Context, db *store.DB, name string, on bool) error {
	v := 0
	if on {
		v = 1
	}
	res, err := db.W.ExecContext(ctx, `UPDATE upward_targets SET enabled = $2 WHERE name = $1`, name, v)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return apperr.NotFoundf("推送目标")
	}
	return nil
}

// Targets lists the targets by name.
func Targets(ctx context.Context, q store.Querier) ([]Target, error) {
	rows, err := q.QueryContext(ctx, `SELECT name, url, mapping, token, enabled, cursor FROM upward_targets ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Target
	for rows.Next() {
		var t Target
		var on int
		if err := rows.Scan(&t.Name, &t.URL, &t.Mapping, &t.Token, &on, &t.Cursor); err != nil {
			return nil, err
		}
		t.Enabled = on == 1
		out = append(out, t)
	}
	return out, rows.Err()
}

func mappingNames() string {
	s := ""
	for i, n := range mappingOrder {
		if i > 0 {
			s += "、"
		}
		s += fmt.Sprintf("%s（%s）", n, Mappings[n].Label())
	}
	return s
}
