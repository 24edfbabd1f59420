package dashweb

import (
	"fmt"
	"html"
	"html/template"
	"strings"
	"unicode/utf8"

	"zfjd/internal/warning"
)

// The charts are drawn on the server as SVG: no script, no library, no
// CDN, and they print as they look. A chart is horizontal bars, one per
// group, red and yellow warnings stacked, the total at the bar's end; its
// numbers are also the table below it (and the xlsx download).

const (
	chartWidth  = 760
	chartLabel  = 190 // width of the label column
	chartRow    = 26
	chartBar    = 18
	chartTop    = 8
	chartMaxBar = chartWidth - chartLabel - 60
	// chartMaxRows bounds a chart; the table and the download have every row.
	chartMaxRows = 30
)

// barChart draws groups as an SVG bar chart titled title.
func barChart(title string, groups []warning.StatsGroup) template.HTML {
	rows := groups
	if len(rows) > chartMaxRows {
		rows = rows[:chartMaxRows]
	}
	most := 1
	for _, g := range rows {
		most = max(most, g.Total)
	}
	h := chartTop*2 + chartRow*max(len(rows), 1) + 20
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" role="img" aria-label="%s" class="bar-chart">`,
		chartWidth, h, html.EscapeString(title))
	fmt.Fprintf(&b, `<title>%s</title>`, html.EscapeString(title))
	if len(rows) == 0 {
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="13" fill="#57606a">本期间没有预警</text>`, chartLabel, chartTop+16)
	}
	for i, g := range rows {
		y := chartTop + i*chartRow
		red := g.Red * chartMaxBar / most
		yellow := g.Yellow * chartMaxBar / most
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="13" text-anchor="end" fill="#1f2328">%s</text>`,
			chartLabel-8, y+chartBar-4, html.EscapeString(clip(g.Label, 14)))
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" fill="#b42318"><title>红色 %d</title></rect>`,
			chartLabel, y, red, chartBar, g.Red)
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" fill="#d97706"><title>黄色 %d</title></rect>`,
			chartLabel+red, y, yellow, chartBar, g.Yellow)
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="13" fill="#1f2328">%d</text>`, chartLabel+red+yellow+6, y+chartBar-4, g.Total)
	}
	ly := h - 8
	fmt.Fprintf(&b, `<rect x="%d" y="%d" width="10" height="10" fill="#b42318"/><text x="%d" y="%d" font-size="12" fill="#57606a">红色</text>`,
		chartLabel, ly-9, chartLabel+14, ly)
	fmt.Fprintf(&b, `<rect x="%d" y="%d" width="10" height="10" fill="#d97706"/><text x="%d" y="%d" font-size="12" fill="#57606a">黄色</text>`,
		chartLabel+60, ly-9, chartLabel+74, ly)
	if len(groups) > len(rows) {
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="12" fill="#57606a">图中为前%d项，共%d项见下表</text>`,
			chartLabel+130, ly, len(rows), len(groups))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) // every text above is escaped
}

// clip shortens s to n characters with an ellipsis.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}
