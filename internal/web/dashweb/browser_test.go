package dashweb_test

// In real Chromium: the city's supervisor signs in, opens the dashboard
// from the navigation, drills down to a county by clicking its row, reads
// the table, and downloads the region chart's xlsx with the browser's own
// session; the workbook has the table's rows.

import (
	"context"
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/web/webtest"
)

func TestBrowserDashboardDrill(t *testing.T) {
	chromium := webtest.NeedChromium(t)
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
		t.Cleanup(cancel)
		world(t, db)
		base := webtest.Serve(ctx, t, db)
		b := webtest.Launch(ctx, t, chromium)

		b.Nav("open /login", base+"/login")
		b.Do("type the login",
			chromedp.SendKeys(chromedp.CSS(`input[name="username"]`), "city"),
			chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), testworld.Password))
		b.ClickAndLoad("submit the login", chromedp.CSS(`.login button[type="submit"]`))

		b.ClickAndLoad("open 统计看板 from the navigation", chromedp.CSS(`.side a[href="/supervision/dashboard"]`))
		if got := b.Text("#t-warnings"); got != "8" {
			t.Fatalf("city dashboard #t-warnings = %q, want 8 (page: %.300s)", got, b.Text("body"))
		}
		b.ClickAndLoad("drill into 历下区", chromedp.CSS(`#table-region a.drill[href*="region_code=370102"]`))
		if loc := b.Location(); !strings.Contains(loc, "region_code=370102") {
			t.Fatalf("after the drill the browser is at %s", loc)
		}
		if got := b.Text("#t-warnings"); got != "6" {
			t.Errorf("county #t-warnings = %q, want 6", got)
		}
		if got := b.Text("#dash-path"); !strings.Contains(got, "济南市") || !strings.Contains(got, "历下区") {
			t.Errorf("breadcrumb %q", got)
		}
		table := b.Text("#table-region")
		if !strings.Contains(table, "历下区（本级）") || strings.Contains(table, "市中区") {
			t.Errorf("county table %q", table)
		}
		if svgs := webtest.Run(b, "count the charts", chromedp.Evaluate[int](`document.querySelectorAll(".dash-chart svg").length`)); svgs != 5 {
			t.Errorf("%d SVG charts, want 5", svgs)
		}

		// Download the region chart's xlsx in the page, with its session.
		b64 := webtest.Run(b, "download the region xlsx", chromedp.Evaluate[string](`fetch(document.querySelector("#export-region").href)
			.then(r => r.ok ? r.arrayBuffer() : Promise.reject("HTTP " + r.status))
			.then(buf => { const u = new Uint8Array(buf); let s = ""; for (const c of u) s += String.fromCharCode(c); return btoa(s); })`,
			chromedp.EvalAwaitPromise))
		body, err := base64.StdEncoding.DecodeString(b64)
		if err != nil {
			t.Fatal(err)
		}
		rows := xlsxRows(t, string(body))
		if len(rows) != 2 || rows[1][0] != testworld.Region || rows[1][2] != "6" {
			t.Errorf("downloaded rows %v, want the county's one row of 6", rows)
		}
		b.CheckNoExceptions()
	})
}
