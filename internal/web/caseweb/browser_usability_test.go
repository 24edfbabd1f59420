package caseweb_test

// Everyday usability in a real browser (issue 16), on both engines: a city
// supervisor filters the case list with the keyboard (a matter name typed,
// a severity chosen, Enter) and exports it; on a 390 px phone the case,
// officer and audit lists are cards that do not scroll sideways and the
// header keeps who is signed in; the officer's case page says what
// happens next and who does it. Screenshots at 1366 and 390 px go to
// docs/screenshots/ when ZFJD_SCREENSHOTS=1 (SQLite run only), so a
// test run leaves the checkout as it was.

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/web/webtest"
)

func TestBrowserUsabilityLists(t *testing.T) {
	chromium := webtest.NeedChromium(t)
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
		t.Cleanup(cancel)
		w := testworld.Build(t, db)
		ww := &webtest.World{World: w}
		c := ww.Case(t, "filed", nil) // registered, waiting for the head to file it
		webtest.AddAdmin(t, db)
		base := webtest.Serve(ctx, t, db)
		root := webtest.Launch(ctx, t, chromium)
		shots := os.Getenv("ZFJD_SCREENSHOTS") == "1" && strings.HasSuffix(t.Name(), "sqlite")
		shot := func(b *webtest.Tab, name string) {
			if shots {
				webtest.Screenshot(b, "../../../docs/screenshots/"+name+".png")
			}
		}
		desk := func(b *webtest.Tab) { b.Do("1366 px", chromedp.EmulateViewport(1366, 800)) }
		phone := func(b *webtest.Tab) { b.Do("390 px", chromedp.EmulateViewport(390, 844)) }
		noSideways := func(b *webtest.Tab, page string) {
			t.Helper()
			if wide := webtest.Run(b, "page width "+page, chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); wide > 392 {
				over := webtest.Run(b, "wide elements", chromedp.Evaluate[string](`Array.from(document.querySelectorAll("body *")).filter(e => e.getBoundingClientRect().right > 392).slice(0, 5).map(e => e.tagName + "." + e.className + " " + Math.round(e.getBoundingClientRect().right)).join("; ")`))
				t.Errorf("%s at 390 px scrolls sideways: %d px wide (%s)", page, wide, over)
			}
		}

		// The city supervisor: type a matter name, choose a severity, press Enter.
		city := root.Anonymous()
		desk(city)
		bcLogin(city, base, "city")
		city.Nav("open /cases", base+"/cases")
		city.Do("type a matter name", chromedp.SendKeys(chromedp.CSS("#q"), "经营超过保质期"))
		city.SelectByLabel("status", "全部")
		city.Do("press Enter", chromedp.SendKeys(chromedp.CSS("#q"), kb.Enter))
		for i := 0; i < 100 && !strings.Contains(city.Location(), "q="); i++ {
			city.Do("wait for the results", chromedp.Sleep(50*time.Millisecond))
		}
		city.Do("results", chromedp.WaitVisible(chromedp.CSS("#case-table")))
		if n := webtest.Run(city, "rows", chromedp.Evaluate[int](`document.querySelectorAll("#case-table tbody tr").length`)); n != 1 {
			t.Errorf("search by matter name: %d rows", n)
		}
		if href := webtest.Run(city, "export link", chromedp.Evaluate[string](`document.getElementById("case-export").getAttribute("href")`)); !strings.Contains(href, "q=") {
			t.Errorf("the export link does not carry the search: %q", href)
		}
		city.Nav("open /cases", base+"/cases")
		if !strings.Contains(city.Text("#case-drill"), "历下区") {
			t.Errorf("no drill-down into 历下区: %q", city.Text("#case-drill"))
		}
		shot(city, "cases-filters-1366")
		phone(city)
		city.Nav("open /cases at 390", base+"/cases")
		noSideways(city, "/cases")
		if who := webtest.Run(city, "header name", chromedp.Evaluate[int](`document.querySelector(".who-name").offsetWidth`)); who == 0 {
			t.Error("the header hides who is signed in on a phone")
		}
		shot(city, "cases-cards-390")
		city.Nav("open /officers at 390", base+"/officers")
		noSideways(city, "/officers")
		if lbl := webtest.Run(city, "card label", chromedp.Evaluate[string](`document.querySelector("#officer-table tbody td").getAttribute("data-label")`)); lbl != "执法证号" {
			t.Errorf("officer card label %q", lbl)
		}
		shot(city, "officers-cards-390")

		// The officer's case page: what happens next and who does it.
		off := root.Anonymous()
		desk(off)
		bcLogin(off, base, "officer")
		off.Nav("open the case", base+fmt.Sprintf("/cases/%d", c.ID))
		if got := off.Text("#waiting"); !strings.HasPrefix(got, "等待执法部门负责人") {
			t.Errorf("the case page says %q", got)
		}
		if !strings.Contains(off.Text("#next"), "您的角色（执法人员）不能办理") {
			t.Errorf("no reason the officer cannot: %q", off.Text("#next"))
		}
		shot(off, "case-next-1366")
		phone(off)
		off.Nav("open the case at 390", base+fmt.Sprintf("/cases/%d", c.ID))
		shot(off, "case-next-390")

		// The administrator's audit log and accounts.
		admin := root.Anonymous()
		desk(admin)
		bcLogin(admin, base, "admin")
		admin.Nav("open /audit", base+"/audit?entity=case")
		if txt := admin.Text("#audit-table"); !strings.Contains(txt, "新增") || !strings.Contains(txt, "普通程序") || strings.Contains(txt, `{"`) {
			t.Errorf("audit page: %.300s", txt)
		}
		shot(admin, "audit-1366")
		admin.Nav("open /accounts", base+"/accounts")
		shot(admin, "accounts-1366")
		phone(admin)
		admin.Nav("open /audit at 390", base+"/audit?entity=case")
		noSideways(admin, "/audit")
		shot(admin, "audit-390")
		for _, b := range []*webtest.Tab{city, off, admin} {
			b.CheckNoExceptions()
		}
	})
}
