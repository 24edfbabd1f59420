package bench

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"zfjd/internal/assess"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/report"
	"zfjd/internal/scale"
	"zfjd/internal/stats"
	"zfjd/internal/store"
)

// statsBench measures every dashboard of issue 15 (goal: under 200 ms on
// the province dataset, both engines) for the province's, a city's and a
// county's supervision body: each grouping of the 执法统计 page over the
// last twelve months (and the twelve before, which every dashboard sets
// beside them), and the 年报 of last year. One client asks one after the
// other — a latency, not a throughput — for o.Duration each (at least
// five answers); the row is the page as the browser gets it (the
// session's GET /statistics, HTML with the SVG chart and the region
// map), the note the service call alone (stats.Get) and the process's
// CPU per answer. The 评议考核 score sheets of last year follow (GET
// /assessment, assess.Compute), since they read the same rollups.
func statsBench(ctx context.Context, db *store.DB, srv *server, o Options, res *Result) error {
	today := clock.Today(ctx)
	to := fmt.Sprintf("%04d-%02d", today.Y, int(today.M))
	t0, _ := time.Parse("2006-01", to)
	from := t0.AddDate(0, -11, 0).Format("2006-01")
	o.say("统计看板（%s 至 %s 与上期，单客户端逐次，各 %s）……", from, to, o.Duration)
	for _, sc := range scopes {
		c, err := login(srv.base, sc.account, scale.Password)
		if err != nil {
			o.say("  跳过 %s：%v", sc.label, err)
			continue
		}
		p := &auth.Principal{Name: "zfjd bench", Username: sc.account, Role: auth.RoleSupervisor, Region: sc.region}
		for _, g := range stats.Groupings {
			f := stats.Filter{GroupBy: g.Value, From: from, To: to}
			svc := serial(o.Duration, func() error {
				x := f
				_, err := stats.Get(ctx, db, p, &x)
				return err
			})
			u := srv.base + "/statistics?group_by=" + g.Value + "&from=" + from + "&to=" + to
			page := serial(o.Duration, func() error { return get(c, u, "") })
			res.add(Row{Name: "统计看板 GET /statistics " + g.Label + " · " + sc.label + "监督机构", Value: page.l.pct(0.5), Unit: "ms",
				P50ms: page.l.pct(0.5), P99ms: page.l.pct(0.99), N: len(page.l), Goal: "< 200 ms", Failed: page.failed,
				Note: fmt.Sprintf("stats.Get p50 %.1f ms、p99 %.1f ms，CPU %.1f ms/次%s", svc.l.pct(0.5), svc.l.pct(0.99), svc.cpuMS(), page.note())})
			o.say("  %s %s：页面 p50 %.1f ms，stats.Get p50 %.1f ms", sc.label, g.Label, page.l.pct(0.5), svc.l.pct(0.5))
		}
		year := strconv.Itoa(today.Y - 1)
		rep := serial(o.Duration, func() error {
			_, err := report.GetTables(ctx, db, p, year, "")
			return err
		})
		page := serial(o.Duration, func() error { return get(c, srv.base+"/statistics/annual?year="+year, "") })
		res.add(Row{Name: "统计年报 GET /statistics/annual " + year + " · " + sc.label + "监督机构", Value: page.l.pct(0.5), Unit: "ms",
			P50ms: page.l.pct(0.5), P99ms: page.l.pct(0.99), N: len(page.l), Goal: "< 200 ms", Failed: page.failed,
			Note: fmt.Sprintf("report.GetTables p50 %.1f ms，CPU %.1f ms/次%s", rep.l.pct(0.5), rep.cpuMS(), page.note())})
		o.say("  %s 年报：页面 p50 %.1f ms", sc.label, page.l.pct(0.5))
		// 评议考核 (C13): every agency's score sheet of the region for last
		// year, computed from the live sources at each request.
		sheet := serial(o.Duration, func() error {
			_, err := assess.Compute(ctx, db, p, year, "")
			return err
		})
		page = serial(o.Duration, func() error { return get(c, srv.base+"/assessment?year="+year, "") })
		res.add(Row{Name: "评议考核 GET /assessment " + year + " · " + sc.label + "监督机构", Value: page.l.pct(0.5), Unit: "ms",
			P50ms: page.l.pct(0.5), P99ms: page.l.pct(0.99), N: len(page.l), Goal: "< 200 ms", Failed: page.failed,
			Note: fmt.Sprintf("assess.Compute p50 %.1f ms、p99 %.1f ms，CPU %.1f ms/次%s", sheet.l.pct(0.5), sheet.l.pct(0.99), sheet.cpuMS(),
				cmpNote(page.note(), sheet.note()))})
		o.say("  %s 评议考核：页面 p50 %.1f ms，assess.Compute p50 %.1f ms", sc.label, page.l.pct(0.5), sheet.l.pct(0.5))
	}
	return nil
}

// cmpNote is the first non-empty note.
func cmpNote(notes ...string) string {
	for _, n := range notes {
		if n != "" {
			return n
		}
	}
	return ""
}

// timed is what serial measured.
type timed struct {
	l      lat
	cpu    time.Duration
	failed int
	err    error
}

func (t timed) cpuMS() float64 { return ms(t.cpu) / float64(max(1, len(t.l))) }

func (t timed) note() string {
	if t.err != nil {
		return "；首个错误：" + t.err.Error()
	}
	return ""
}

// serial calls fn one after the other for d (at least five times).
func serial(d time.Duration, fn func() error) timed {
	var t timed
	cpu0 := cpuTime()
	start := time.Now()
	for len(t.l) < 5 || time.Since(start) < d {
		s := time.Now()
		err := fn()
		t.l = append(t.l, time.Since(s))
		if err != nil {
			t.failed++
			if t.err == nil {
				t.err = err
			}
		}
	}
	t.cpu = cpuTime() - cpu0
	return t
}
