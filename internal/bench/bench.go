// Package bench is `zfjd bench`: it measures, on a generated province
// dataset (internal/scale) in SQLite or PostgreSQL, the full evaluation of
// every rule by the Go engine against the deadline rules written as one SQL
// query each, incremental judgement of one case, the daily due pass, ingest
// through HTTP with 1, 8 and 32 clients, the lists and counts a province, a
// city and a county supervisor read, the public portal, and peak memory —
// and prints a table and writes JSON with the machine, commit and dataset.
package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"zfjd/internal/clock"
	"zfjd/internal/scale"
	"zfjd/internal/store"
)

// Options say what to measure.
type Options struct {
	Duration time.Duration // per HTTP measurement; 0 = 3 s
	Samples  int           // incremental judgements; 0 = 300
	// PassBudget bounds the daily pass (at a million cases a tenth of them
	// may be due); 0 = 60 s. The rate is what was judged in it.
	PassBudget time.Duration
	Out        io.Writer
	// Only measures one part (zfjd bench --only …): "portal" the public
	// portal's pages, "due" the daily due pass, "judge" the incremental
	// re-judgement of one case, "warnings" the warnings list, "stats" the
	// statistics dashboards and the 年报.
	Only string
}

// Dataset describes what was measured on.
type Dataset struct {
	Engine      string  `json:"engine"`
	Cases       int     `json:"cases"`
	Agencies    int     `json:"agencies"`
	Officers    int     `json:"officers"`
	Findings    int     `json:"open_findings"`
	Inspections int     `json:"inspections,omitempty"`
	Events      int     `json:"events,omitempty"`
	LoadSeconds float64 `json:"load_seconds,omitempty"` // when this run generated it
	Scale       string  `json:"scale,omitempty"`
}

// Result is the bench's JSON.
type Result struct {
	When      string  `json:"when"`
	Machine   Machine `json:"machine"`
	Commit    string  `json:"commit"`
	Dataset   Dataset `json:"dataset"`
	Rows      []Row   `json:"rows"`
	PeakRSSMB float64 `json:"peak_rss_mb"`
}

func (r *Result) add(row Row) { r.Rows = append(r.Rows, row) }

func (o *Options) say(format string, args ...any) {
	if o.Out != nil {
		fmt.Fprintf(o.Out, format+"\n", args...)
	}
}

// Run measures db, which holds a generated dataset (scale.Load).
func Run(ctx context.Context, db *store.DB, o Options, load *scale.Summary) (*Result, error) {
	if o.Duration == 0 {
		o.Duration = 3 * time.Second
	}
	if o.Samples == 0 {
		o.Samples = 300
	}
	if o.PassBudget == 0 {
		o.PassBudget = 60 * time.Second
	}
	// When is the wall-clock instant of the run, and every time.Now below
	// times a measurement; the dates the bench judges by come from the
	// context's clock (clock.Today).
	res := &Result{When: time.Now().UTC().Format(time.RFC3339), Machine: machine(), Commit: commit()}
	ds := &res.Dataset
	ds.Engine = string(db.Dialect)
	for _, q := range []struct {
		sql string
		v   *int
	}{{`SELECT COUNT(*) FROM cases`, &ds.Cases}, {`SELECT COUNT(*) FROM agencies WHERE kind = 'enforcement'`, &ds.Agencies},
		{`SELECT COUNT(*) FROM officers`, &ds.Officers}, {`SELECT COUNT(*) FROM findings WHERE status = 'open'`, &ds.Findings}} {
		if err := db.R.QueryRowContext(ctx, q.sql).Scan(q.v); err != nil {
			return nil, err
		}
	}
	if ds.Cases == 0 {
		return nil, fmt.Errorf("bench: 数据库中没有案件；先用 zfjd demo --scale province --load-only 生成，或用 zfjd bench --cases N")
	}
	if load != nil {
		ds.LoadSeconds, ds.Scale, ds.Events = load.Elapsed.Seconds(), load.Scale, load.Events
		res.add(Row{Name: "数据生成与装入（判断、COPY/批量写入、ANALYZE）", Value: load.Elapsed.Seconds(), Unit: "s",
			N: load.Cases, Note: fmt.Sprintf("%.0f 件/秒；登记数据 %.1f s；涉企检查 %d 次 %.1f s", float64(load.Cases)/load.CaseTime.Seconds(),
				load.RegistryTime.Seconds(), load.Inspections, load.InspectionTime.Seconds())})
	}
	o.say("数据：%s，案件 %d 件，执法主体 %d 个，执法人员 %d 名，未处理预警 %d 条", ds.Engine, ds.Cases, ds.Agencies, ds.Officers, ds.Findings)

	if o.Only != "" {
		if err := runOnly(ctx, db, o, res); err != nil {
			return nil, err
		}
		res.PeakRSSMB = peakRSS()
		return res, nil
	}
	t := time.Now()
	es, err := loadEnvSource(ctx, db)
	if err != nil {
		return nil, err
	}
	envLoad := time.Since(t)
	o.say("全量判断（Go 规则引擎）……")
	cpu0 := cpuTime()
	fp, err := enginePass(ctx, db, es)
	if err != nil {
		return nil, err
	}
	cpu := cpuTime() - cpu0
	res.add(Row{Name: "全量判断：全部规则 × 全部案件（Go 引擎，读取+解码+判断）", Value: fp.total.Seconds(), Unit: "s", N: fp.cases,
		Goal: "< 10 s", Note: fmt.Sprintf("%.0f 件/秒；本进程 CPU %.1f s（%.0f µs/件，含读取与解码）；载入环境 %.2f s；与存储状态一致 %.1f%%",
			float64(fp.cases)/fp.total.Seconds(), cpu.Seconds(), float64(cpu.Microseconds())/float64(max(1, fp.cases)), envLoad.Seconds(), 100*float64(fp.sameStatus)/float64(max(1, fp.cases)))})
	o.say("同样的期限规则写成 SQL（每条规则一个查询）……")
	sp, err := runSQL(ctx, db, es.cal, es.today)
	if err != nil {
		return nil, err
	}
	var parts []string
	for _, r := range deadlineRules {
		parts = append(parts, fmt.Sprintf("%s %.2fs（SQL %d / 引擎 %d）", r, sp.each[r].Seconds(), sp.count[r], fp.fired[r]))
	}
	res.add(Row{Name: "同样 4 条期限规则写成 SQL（索引、工作日序号表）", Value: sp.total.Seconds(), Unit: "s", N: len(deadlineRules),
		Note: strings.Join(parts, "；") + fmt.Sprintf("；建表与事件表 %.1f s 不计", sp.setup.Seconds())})
	res.add(Row{Name: "引擎全量（全部规则）与 SQL（4 条规则）的用时比", Value: sp.total.Seconds() / fp.total.Seconds(), Unit: "×",
		Goal: "≥ 3×", Note: "SQL 用时 ÷ 引擎用时；大于 1 表示引擎更快"})

	// Incremental: one changed case.
	res.add(Row{Name: "增量判断一件案件（内存中，仅规则）", Value: fp.judgeOne.pct(0.5), Unit: "ms", P50ms: fp.judgeOne.pct(0.5),
		P99ms: fp.judgeOne.pct(0.99), N: len(fp.judgeOne), Goal: "p99 < 2 ms"})
	ids, err := sampleIDs(ctx, db, o.Samples)
	if err != nil {
		return nil, err
	}
	srv, err := startServer(ctx, db)
	if err != nil {
		return nil, err
	}
	defer srv.close()
	if err := rejudgeOne(ctx, srv, ids, res); err != nil {
		return nil, err
	}

	if err := readBench(ctx, db, srv, o, res); err != nil {
		return nil, err
	}
	if err := ingestBench(ctx, db, srv, o, res); err != nil {
		return nil, err
	}
	if err := duePass(ctx, db, srv, o, res); err != nil {
		return nil, err
	}
	if err := inspectionBench(ctx, db, o, res); err != nil {
		return nil, err
	}
	res.PeakRSSMB = peakRSS()
	res.add(Row{Name: "进程内存峰值（VmHWM，含服务与测量）", Value: res.PeakRSSMB, Unit: "MB", Goal: "< 500 MB"})
	return res, nil
}

func sampleIDs(ctx context.Context, db *store.DB, n int) ([]int64, error) {
	var lo, hi int64
	if err := db.R.QueryRowContext(ctx, `SELECT MIN(id), MAX(id) FROM cases`).Scan(&lo, &hi); err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(1, 2))
	var out []int64
	for range n {
		var id int64
		if err := db.R.QueryRowContext(ctx, `SELECT id FROM cases WHERE id >= $1 ORDER BY id LIMIT 1`, lo+rng.Int64N(hi-lo+1)).Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, nil
}

// rejudgeOne re-judges each of ids alone (Refresh: read, environment,
// judgement, write, findings) and adds its latency.
func rejudgeOne(ctx context.Context, srv *server, ids []int64, res *Result) error {
	var rl lat
	for _, id := range ids {
		t := time.Now()
		if _, err := srv.svc.Refresh(ctx, id); err != nil {
			return err
		}
		rl = append(rl, time.Since(t))
	}
	res.add(Row{Name: "增量重判一件案件（读取、环境、判断、写入、预警同步）", Value: rl.pct(0.5), Unit: "ms", P50ms: rl.pct(0.5), P99ms: rl.pct(0.99),
		N: len(rl), Goal: "p99 < 2 ms"})
	return nil
}

// duePass runs the daily clock pass the day after the dataset's day: only
// the cases whose next check has come are judged again.
func duePass(ctx context.Context, db *store.DB, srv *server, o Options, res *Result) error {
	next := clock.Today(ctx).AddDays(1)
	ctx2 := clock.With(ctx, clock.Pinned(next.String()))
	var due int
	if err := db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM cases WHERE next_check <> '' AND next_check <= $1`, next.String()).Scan(&due); err != nil {
		return err
	}
	o.say("每日到期检查（%s，到期 %d 件）……", next, due)
	ctx2, cancel := context.WithTimeout(ctx2, o.PassBudget)
	defer cancel()
	t, cpu0 := time.Now(), cpuTime()
	n, err := srv.svc.DailyPass(ctx2)
	el, cpu := time.Since(t), cpuTime()-cpu0
	note := fmt.Sprintf("%s 到期 %d 件，用时 %.2f s，本进程 CPU %.2f s（%.0f µs/件）", next, due, el.Seconds(), cpu.Seconds(),
		float64(cpu.Microseconds())/float64(max(1, n)))
	if err != nil {
		if ctx2.Err() == nil || ctx.Err() != nil {
			return err
		}
		note = fmt.Sprintf("%s 到期 %d 件，在 %s 的时限内判断了 %d 件，本进程 CPU %.2f s（%.0f µs/件）", next, due, o.PassBudget, n,
			cpu.Seconds(), float64(cpu.Microseconds())/float64(max(1, n)))
	}
	res.add(Row{Name: "每日到期检查（flow.Pass，只取到期案件）", Value: float64(n) / el.Seconds(), Unit: "件/秒", N: n,
		Goal: "≥ 10,000 件/秒", Note: note})
	return nil
}

// Print writes the table.
func (r *Result) Print(w io.Writer) {
	fmt.Fprintf(w, "\nzfjd bench · %s · %d 核 %s/%s · %s · 提交 %s\n", r.Dataset.Engine, r.Machine.Cores, r.Machine.GOOS, r.Machine.GOARCH,
		r.Machine.CPU, r.Commit)
	fmt.Fprintf(w, "数据：案件 %d 件，执法主体 %d 个，执法人员 %d 名，未处理预警 %d 条\n\n", r.Dataset.Cases, r.Dataset.Agencies, r.Dataset.Officers, r.Dataset.Findings)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "测量\t数值\tp50 ms\tp99 ms\t次数\t目标\t说明")
	for _, row := range r.Rows {
		p50, p99 := "", ""
		if row.P50ms > 0 || row.P99ms > 0 {
			p50, p99 = fmt.Sprintf("%.2f", row.P50ms), fmt.Sprintf("%.2f", row.P99ms)
		}
		note := row.Note
		if row.Failed > 0 {
			note = fmt.Sprintf("失败 %d 次；%s", row.Failed, note)
		}
		fmt.Fprintf(tw, "%s\t%s %s\t%s\t%s\t%d\t%s\t%s\n", row.Name, num(row.Value), row.Unit, p50, p99, row.N, row.Goal, note)
	}
	tw.Flush()
}

func num(v float64) string {
	switch {
	case v >= 100:
		return fmt.Sprintf("%.0f", v)
	case v >= 10:
		return fmt.Sprintf("%.1f", v)
	}
	return fmt.Sprintf("%.2f", v)
}

// WriteJSON writes the result to path.
func (r *Result) WriteJSON(path string) error {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}
