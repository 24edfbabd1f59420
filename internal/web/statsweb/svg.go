package statsweb

import (
	"fmt"
	"html"
	"html/template"
	"strings"
	"unicode/utf8"

	"zfjd/internal/registry"
	"zfjd/internal/stats"
)

// measure is what a chart draws of each group, this period against the
// previous one.
type measure struct {
	Value, Label string
	of           func(stats.Measures) int64
	text         func(int64) string
}

var measures = []measure{
	{"filed", "立案数", func(m stats.Measures) int64 { return m.Filed }, count},
	{"penalties", "给予处罚", func(m stats.Measures) int64 { return m.Penalties }, count},
	{"decided", "作出决定", func(m stats.Measures) int64 { return m.Decided }, count},
	{"amount", "罚没金额（元）", func(m stats.Measures) int64 { return m.AmountFen }, registry.FormatYuan},
}

func count(n int64) string { return fmt.Sprint(n) }

func measureOf(v string) measure {
	for _, m := range measures {
		if m.Value == v {
			return m
		}
	}
	return measures[0]
}

const (
	chartWidth   = 640
	chartLabel   = 150
	chartRow     = 30
	chartMaxBar  = chartWidth - chartLabel - 110
	chartMaxRows = 25 // the table and the download have every row
)

// barChart draws rows as horizontal bars of measure m: this period dark,
// the previous period a thin grey bar below it, the value at the end.
// Every text is escaped; the SVG carries no script and no link.
func barChart(title, m string, rows []stats.Row) template.HTML {
	ms := measureOf(m)
	shown := rows[:min(len(rows), chartMaxRows)]
	most := int64(1)
	for _, r := range shown {
		most = max(most, ms.of(r.Cur), ms.of(r.Prev))
	}
	h := 12 + chartRow*max(len(shown), 1) + 24
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" role="img" aria-label="%s" class="st-chart">`,
		chartWidth, h, html.EscapeString(title))
	fmt.Fprintf(&b, `<title>%s</title>`, html.EscapeString(title))
	if len(shown) == 0 {
		fmt.Fprintf(&b, `<text x="%d" y="28" font-size="13" fill="#57606a">本期间没有数据</text>`, chartLabel)
	}
	for i, r := range shown {
		y := 8 + i*chartRow
		cur, prev := ms.of(r.Cur), ms.of(r.Prev)
		wc, wp := int(cur*chartMaxBar/most), int(prev*chartMaxBar/most)
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="13" text-anchor="end" fill="#1f2328">%s</text>`,
			chartLabel-8, y+14, html.EscapeString(clip(r.Label, 11)))
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="16" fill="#0b5cad"><title>本期 %s</title></rect>`,
			chartLabel, y, wc, ms.text(cur))
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="6" fill="#9aa4ae"><title>上期 %s</title></rect>`,
			chartLabel, y+18, wp, ms.text(prev))
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="12" fill="#1f2328">%s（上期 %s）</text>`,
			chartLabel+max(wc, wp)+6, y+14, ms.text(cur), ms.text(prev))
	}
	ly := h - 8
	fmt.Fprintf(&b, `<rect x="%d" y="%d" width="10" height="10" fill="#0b5cad"/><text x="%d" y="%d" font-size="12" fill="#57606a">本期</text>`,
		chartLabel, ly-9, chartLabel+14, ly)
	fmt.Fprintf(&b, `<rect x="%d" y="%d" width="10" height="4" fill="#9aa4ae"/><text x="%d" y="%d" font-size="12" fill="#57606a">上期</text>`,
		chartLabel+60, ly-6, chartLabel+74, ly)
	if len(rows) > len(shown) {
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="12" fill="#57606a">图中为前%d项，共%d项见表</text>`, chartLabel+120, ly, len(shown), len(rows))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// clip shortens s to n characters with an ellipsis.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

// delta is the change from prev to cur as "+12.5%" ("新增" from zero).
func delta(cur, prev int64) string {
	switch {
	case prev == 0 && cur == 0:
		return "持平"
	case prev == 0:
		return "上期为0"
	}
	d := float64(cur-prev) / float64(prev) * 100
	return fmt.Sprintf("%+.1f%%", d)
}
