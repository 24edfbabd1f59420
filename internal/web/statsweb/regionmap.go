package statsweb

import (
	"fmt"
	"html"
	"html/template"
	"net/url"
	"strings"

	"zfjd/internal/ident"
	"zfjd/internal/stats"
)

// The schematic map of the region drilled into (stats.RegionMap), drawn
// on the server: a block per region one level below, holding a tile per
// region below that, each shaded by this period's measure and linked to
// its own dashboard (the same period, grouping and measure; a township's
// lists its agencies). Texts are escaped; hrefs are built from url.Values
// of region codes read from the register.

const (
	mapCols    = 4
	mapGap     = 8
	mapBlockW  = (chartWidth - (mapCols-1)*mapGap) / mapCols
	mapHeadH   = 34
	mapTileW   = 46
	mapTileH   = 20
	mapTileGap = 3
	mapTop     = 4
)

// mapLink is the dashboard of region code, keeping d's period, grouping
// and measure.
func mapLink(d *dashData, code string) string {
	s := d.D
	by := s.GroupBy
	if by == "region" && len(ident.RegionPrefix(code)) >= 9 {
		by = "agency" // nothing below a township but its agencies
	}
	v := url.Values{"region_code": {code}, "from": {s.From}, "to": {s.To}, "group_by": {by}, "measure": {d.Measure}}
	return "/statistics?" + v.Encode()
}

// shade is a fill between light and dark blue for v of most, and the
// text colour that reads on it.
func shade(v, most int64) (fill, ink string) {
	if most <= 0 || v <= 0 {
		return "#f3f5f7", "#1f2328"
	}
	t := float64(v) / float64(most)
	mix := func(a, b int) int { return a + int(float64(b-a)*t) }
	fill = fmt.Sprintf("#%02x%02x%02x", mix(0xdd, 0x0b), mix(0xea, 0x5c), mix(0xf7, 0xad))
	if t > 0.55 {
		return fill, "#ffffff"
	}
	return fill, "#1f2328"
}

// regionMap draws d.Map.
func regionMap(d *dashData) template.HTML {
	nodes := d.Map
	if len(nodes) == 0 {
		return ""
	}
	ms := measureOf(d.Measure)
	var mostKid, mostTile int64 = 1, 1
	for _, n := range nodes {
		mostKid = max(mostKid, ms.of(n.Cur))
		for _, c := range n.Children {
			mostTile = max(mostTile, ms.of(c.Cur))
		}
	}
	perRow := max(1, (mapBlockW-2*mapTileGap)/(mapTileW+mapTileGap))
	blockH := func(n *stats.MapNode) int {
		rows := (len(n.Children) + perRow - 1) / perRow
		return mapHeadH + rows*(mapTileH+mapTileGap) + mapTileGap
	}
	var b strings.Builder
	y := mapTop
	for i := 0; i < len(nodes); i += mapCols {
		line := nodes[i:min(len(nodes), i+mapCols)]
		h := 0
		for _, n := range line {
			h = max(h, blockH(n))
		}
		for j, n := range line {
			x := j * (mapBlockW + mapGap)
			fill, ink := shade(ms.of(n.Cur), mostKid)
			fmt.Fprintf(&b, `<g class="st-map-block"><rect x="%d" y="%d" width="%d" height="%d" fill="#ffffff" stroke="#8c959f"/>`,
				x, y, mapBlockW, h)
			fmt.Fprintf(&b, `<a href="%s" data-code="%s" class="st-map-node"><title>%s：本期 %s，上期 %s</title>`,
				html.EscapeString(mapLink(d, n.Code)), html.EscapeString(n.Code), html.EscapeString(n.Name), ms.text(ms.of(n.Cur)), ms.text(ms.of(n.Prev)))
			fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" fill="%s"/>`, x+1, y+1, mapBlockW-2, mapHeadH-4, fill)
			fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="13" fill="%s">%s</text>`, x+6, y+14, ink, html.EscapeString(clip(n.Name, 9)))
			fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="11" fill="%s">%s（上期 %s）</text></a>`, x+6, y+27, ink,
				ms.text(ms.of(n.Cur)), ms.text(ms.of(n.Prev)))
			for k, c := range n.Children {
				tx := x + mapTileGap + (k%perRow)*(mapTileW+mapTileGap)
				ty := y + mapHeadH + (k/perRow)*(mapTileH+mapTileGap)
				fill, ink := shade(ms.of(c.Cur), mostTile)
				fmt.Fprintf(&b, `<a href="%s" data-code="%s" class="st-map-node"><title>%s：本期 %s，上期 %s</title>`,
					html.EscapeString(mapLink(d, c.Code)), html.EscapeString(c.Code), html.EscapeString(c.Name), ms.text(ms.of(c.Cur)), ms.text(ms.of(c.Prev)))
				fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" fill="%s" stroke="#d0d7de"/>`, tx, ty, mapTileW, mapTileH, fill)
				fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="10" fill="%s">%s</text></a>`, tx+3, ty+14, ink, html.EscapeString(clip(c.Name, 4)))
			}
			b.WriteString(`</g>`)
		}
		y += h + mapGap
	}
	title := "区划示意图：" + d.D.RegionName + "（" + ms.Label + "）"
	return template.HTML(fmt.Sprintf(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" role="img" aria-label="%s" class="st-chart" id="st-map-svg"><title>%s</title>%s</svg>`,
		chartWidth, y, html.EscapeString(title), html.EscapeString(title), b.String()))
}
