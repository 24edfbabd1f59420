package statsweb_test

// In real Chromium: the city's supervisor opens 执法统计 from the
// navigation, drills from the city's counties into 历下区 by clicking its
// row, groups the county by agency with the form, and downloads the table
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
	"zfjd/internal/testworld"
	"zfjd/internal/web/webtest"
)

func TestBrowserDrillAndExport(t *testing.T) {
	chromium := webtest.NeedChromium(t)
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
		t.Cleanup(cancel)
		world(t, db)
		base := webtest.Serve(ctx, t, db)
		b := webtest.Launch(ctx, t, chromium)

		b.Nav("open /login", base+"/login")
		b.Do("type the login",
			chromedp.SendKeys(chromedp.CSS(`input[name="username"]`), "city"),
			chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), testworld.Password))
		b.ClickAndLoad("submit the login", chromedp.CSS(`.login button[type="submit"]`))
		b.ClickAndLoad("open 执法统计 from the navigation", chromedp.CSS(`.side a[href="/statistics"]`))
		if got := b.Text("#t-penalties"); got != "3" {
			t.Fatalf("city #t-penalties = %q (page: %.300s)", got, b.Text("body"))
		}
		b.ClickAndLoad("drill into 历下区", chromedp.CSS(`#st-table a.drill[href*="region_code=370102"]`))
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
