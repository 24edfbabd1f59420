package statsweb_test

// In real Chromium (issue 15's Done-when): the province's supervisor opens
// 执法统计 and drills from the province's schematic map straight into
// 历下区 by clicking its tile inside 济南市's block; the city's supervisor
// opens 执法统计 from the navigation, clicks 历下区's block in the city's
// map, groups the county by agency with the form, and downloads the table
// as xlsx with the browser's own session.

import (
	"bytes"
	"context"
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/web/webtest"
)

func TestBrowserDrillAndExport(t *testing.T) {
	chromium := webtest.NeedChromium(t)
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
		t.Cleanup(cancel)
		w := world(t, db)
		w.AddScopes(t)
		base := webtest.Serve(ctx, t, db)

		pv := webtest.Launch(ctx, t, chromium)
		login(pv, base, "province")
		pv.ClickAndLoad("open 执法统计 from the navigation", chromedp.CSS(`.side a[href="/statistics"]`))
		if got := cells(pv, `#st-map-table tr[data-code="370100"] td`); got != "济南市 3 0 12" {
			t.Errorf("the province map's table row of 济南市 %q", got)
		}
		pv.ClickAndLoad("click 历下区's tile in 济南市's block of the province map", chromedp.CSS(`#st-map-svg a[data-code="370102"]`))
		if loc := pv.Location(); !strings.Contains(loc, "region_code=370102") {
			t.Fatalf("after the province map's click the browser is at %s", loc)
		}
		if got := pv.Text("#st-path"); !strings.Contains(got, "山东省") || !strings.Contains(got, "济南市") || !strings.Contains(got, "历下区") {
			t.Errorf("breadcrumb after the province map %q", got)
		}
		if got := pv.Text("#t-filed"); got != "2" {
			t.Errorf("历下区 #t-filed = %q from the province map", got)
		}
		pv.CheckNoExceptions()

		b := webtest.Launch(ctx, t, chromium)
		login(b, base, "city")
		b.ClickAndLoad("open 执法统计 from the navigation", chromedp.CSS(`.side a[href="/statistics"]`))
		if got := b.Text("#t-penalties"); got != "3" {
			t.Fatalf("city #t-penalties = %q (page: %.300s)", got, b.Text("body"))
		}
		if n := webtest.Run(b, "count the city map's blocks", chromedp.Evaluate[int](
			`document.querySelectorAll("#st-map-svg .st-map-block").length`)); n != 12 {
			t.Errorf("the city map draws %d county blocks, want 济南市's 12", n)
		}
		b.ClickAndLoad("click 历下区's block in the city's map", chromedp.CSS(`#st-map-svg a[data-code="370102"]`))
		if got := b.Text("#st-path"); !strings.Contains(got, "历下区") {
			t.Errorf("breadcrumb %q", got)
		}
		b.Do("group by agency", chromedp.SetValue(chromedp.CSS(`#group_by`), "agency"))
		b.ClickAndLoad("submit the filter", chromedp.CSS(`#st-filter button[type="submit"]`))
		if loc := b.Location(); !strings.Contains(loc, "region_code=370102") || !strings.Contains(loc, "group_by=agency") {
			t.Fatalf("after grouping the browser is at %s", loc)
		}
		if got := b.Text("#st-table tbody"); !strings.Contains(got, "历下区市场监督管理局") || strings.Contains(got, "市中区") {
			t.Errorf("county agencies %q", got)
		}
		b64 := webtest.Run(b, "download the xlsx", chromedp.Evaluate[string](`fetch(document.querySelector("#export-link").href)
			.then(r => r.ok ? r.arrayBuffer() : Promise.reject("HTTP " + r.status))
			.then(buf => { const u = new Uint8Array(buf); let s = ""; for (const c of u) s += String.fromCharCode(c); return btoa(s); })`,
			chromedp.EvalAwaitPromise))
		body, err := base64.StdEncoding.DecodeString(b64)
		if err != nil {
			t.Fatal(err)
		}
		x, err := excelize.OpenReader(bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		rows, _ := x.GetRows("执法统计")
		if len(rows) != 4 || rows[2][0] != "济南市历下区市场监督管理局" {
			t.Errorf("downloaded rows %q", rows)
		}
		b.CheckNoExceptions()
	})
}
