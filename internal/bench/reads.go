package bench

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"zfjd/internal/auth"
	"zfjd/internal/ident"
	"zfjd/internal/scale"
	"zfjd/internal/store"
)

// readClients is how many clients read at once.
const readClients = 8

type scope struct {
	label, region, account string
}

var scopes = []scope{{"省", "370000", "sheng"}, {"市（济南）", "370100", "shi"}, {"县（历下）", "370102", "xian"}}

func (s *server) measure(res *Result, o Options, name, goal string, fn func(c *http.Client) error) {
	c := client()
	perSec, l, failed, err := load(readClients, o.Duration, func(int, int) error { return fn(c) })
	row := Row{Name: name, Value: perSec, Unit: "次/秒", P50ms: l.pct(0.5), P99ms: l.pct(0.99), N: len(l), Goal: goal, Failed: failed}
	if err != nil {
		row.Note = "首个错误：" + err.Error()
	}
	res.add(row)
	o.say("  %s：%.1f 次/秒，p99 %.1f ms", name, perSec, row.P99ms)
}

func readBench(ctx context.Context, db *store.DB, srv *server, o Options, res *Result) error {
	o.say("列表与统计（%d 个客户端，各 %s）……", readClients, o.Duration)
	for _, sc := range scopes {
		prefix := ident.RegionPrefix(sc.region)
		var n int
		if err := db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM cases WHERE region_code >= $1 AND region_code < $2`, prefix,
			ident.PrefixEnd(prefix)).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			continue
		}
		tok, err := token(ctx, db, auth.RoleSupervisor, sc.region)
		if err != nil {
			return err
		}
		who := fmt.Sprintf("%s监督机构（%d 件）", sc.label, n)
		srv.measure(res, o, "GET /api/v1/cases 第一页 · "+who, "p99 < 50 ms", func(c *http.Client) error {
			return get(c, srv.base+"/api/v1/cases?page_size=20", tok)
		})
		srv.measure(res, o, "GET /api/v1/warnings 第一页 · "+who, "p99 < 50 ms", func(c *http.Client) error {
			return get(c, srv.base+"/api/v1/warnings?page_size=20", tok)
		})
		if uc, err := login(srv.base, sc.account, scale.Password); err == nil {
			srv.measure(res, o, "GET /cases 按期限排序（页面）· "+who, "p99 < 50 ms", func(*http.Client) error {
				return get(uc, srv.base+"/cases?sort=deadline", "")
			})
		} else {
			o.say("  跳过 /cases 页面：%v", err)
		}
		// No dashboard page exists yet: the counts one would show, as SQL.
		var calls atomic.Int64
		perSec, l, failed, err := load(readClients, o.Duration, func(int, int) error {
			calls.Add(1)
			rows, err := db.R.QueryContext(ctx, `SELECT status, COUNT(*) FROM cases WHERE region_code >= $1 AND region_code < $2 GROUP BY status`,
				prefix, ident.PrefixEnd(prefix))
			if err != nil {
				return err
			}
			for rows.Next() {
			}
			rows.Close()
			rows, err = db.R.QueryContext(ctx, `SELECT severity, COUNT(*) FROM findings WHERE region_code >= $1 AND region_code < $2
				AND status = 'open' GROUP BY severity`, prefix, ident.PrefixEnd(prefix))
			if err != nil {
				return err
			}
			for rows.Next() {
			}
			return rows.Close()
		})
		row := Row{Name: "统计：按状态的案件数与按颜色的预警数（SQL，尚无统计页面）· " + who, Value: perSec, Unit: "次/秒", P50ms: l.pct(0.5),
			P99ms: l.pct(0.99), N: len(l), Goal: "p99 < 50 ms", Failed: failed}
		if err != nil {
			row.Note = err.Error()
		}
		res.add(row)
		o.say("  统计 %s：%.1f 次/秒，p99 %.1f ms", sc.label, perSec, row.P99ms)
	}
	return portalBench(ctx, db, srv, o, res)
}

// portalBench measures the public portal: the decisions list, a
// two-character search and decision pages.
func portalBench(ctx context.Context, db *store.DB, srv *server, o Options, res *Result) error {
	o.say("公示门户（%d 个客户端，各 %s）……", readClients, o.Duration)
	// The portal reads a compact published-decisions table (when the schema
	// has one); say how much of what is public it holds.
	var public, table int
	db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM cases WHERE outcome = 'penalty' AND decided_on <> '' AND published_on <> '' AND withdrawn_on = ''`).Scan(&public)
	if err := db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM published_decisions`).Scan(&table); err == nil {
		o.say("  公示决定表 %d 行，应公示的决定 %d 件", table, public)
	}
	mark := len(res.Rows)
	defer func() {
		for i := mark; i < len(res.Rows); i++ {
			res.Rows[i].Note = strings.TrimPrefix(fmt.Sprintf("%s；公示决定表 %d 行，应公示 %d 件", res.Rows[i].Note, table, public), "；")
		}
	}()
	srv.measure(res, o, "GET /public/decisions 公示列表", "≥ 500 次/秒", func(c *http.Client) error {
		return get(c, srv.base+"/public/decisions", "")
	})
	srv.measure(res, o, "GET /public/decisions?q=餐饮 两字检索", "≥ 500 次/秒", func(c *http.Client) error {
		return get(c, srv.base+"/public/decisions?q="+url.QueryEscape("餐饮"), "")
	})
	return decisionPages(ctx, db, srv, o, res)
}

// decisionPages measures one decision's public page, each request for a
// different one of the newest 5,000 published decisions (so that most
// pages are built, not kept, within a short measurement).
func decisionPages(ctx context.Context, db *store.DB, srv *server, o Options, res *Result) error {
	rows, err := db.R.QueryContext(ctx, `SELECT case_id FROM published_decisions ORDER BY published_on DESC, decided_on DESC, case_id DESC LIMIT 5000`)
	if err != nil {
		return err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(ids) == 0 {
		return err
	}
	c := client()
	name := fmt.Sprintf("GET /public/decisions/{id} 决定页（最新 %d 件轮流）", len(ids))
	perSec, l, failed, err := load(readClients, o.Duration, func(_, i int) error {
		return get(c, srv.base+"/public/decisions/"+strconv.FormatInt(ids[(i*7919)%len(ids)], 10), "")
	})
	row := Row{Name: name, Value: perSec, Unit: "次/秒", P50ms: l.pct(0.5), P99ms: l.pct(0.99), N: len(l), Goal: "≥ 500 次/秒", Failed: failed}
	if err != nil {
		row.Note = "首个错误：" + err.Error()
	}
	res.add(row)
	o.say("  %s：%.1f 次/秒，p99 %.1f ms", name, perSec, row.P99ms)
	return nil
}

// ingestBench PUTs cases through the exchange API with 1, 8 and 32 clients.
func ingestBench(ctx context.Context, db *store.DB, srv *server, o Options, res *Result) error {
	var root string
	if err := db.R.QueryRowContext(ctx, `SELECT region_code FROM agencies WHERE kind = 'supervision' ORDER BY LENGTH(region_code), region_code LIMIT 1`).
		Scan(&root); err != nil {
		return err
	}
	tok, err := token(ctx, db, auth.RoleIntegration, root)
	if err != nil {
		return err
	}
	bodies, err := ingestBodies(ctx, db, 2000)
	if err != nil {
		return err
	}
	run := time.Now().UnixNano()
	o.say("接口写入 PUT /api/v1/cases（各 %s）……", o.Duration)
	for _, n := range []int{1, 8, 32} {
		c := client()
		perSec, l, failed, err := load(n, o.Duration, func(_, i int) error {
			u := fmt.Sprintf("%s/api/v1/cases/bench-ingest/%x-%d-%d", srv.base, run, n, i)
			return put(c, u, tok, bodies[i%len(bodies)])
		})
		row := Row{Name: fmt.Sprintf("接口写入新案件 PUT /api/v1/cases · %d 个客户端", n), Value: perSec, Unit: "件/秒", P50ms: l.pct(0.5),
			P99ms: l.pct(0.99), N: len(l), Failed: failed, Goal: "≥ 2,000 件/秒（SQLite）、≥ 1,500（PostgreSQL）"}
		if err != nil {
			row.Note = "首个错误：" + err.Error()
		}
		res.add(row)
		o.say("  %d 个客户端：%.0f 件/秒，p99 %.1f ms", n, perSec, row.P99ms)
	}
	return nil
}
