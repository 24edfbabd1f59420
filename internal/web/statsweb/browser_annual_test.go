package statsweb_test

// In real Chromium: the county's supervisor opens 统计年报 from the
// navigation, chooses 2024 and reads the penalty table of 历下区 — which
// matches the hand count of its decisions, combined penalties counted
// once under the heaviest (domain-research §1.11; supervision-v1 §7) —
// and downloads it in the official layout; the agency's head explains
// and submits its 2025 report drafted from live data, the supervisor
// approves and publishes it, and the public reads it on the portal.

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"zfjd/internal/cases"
	"zfjd/internal/report"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/web/webtest"
)

// login signs user in on tab b.
func login(b *webtest.Tab, base, user string) {
	b.T.Helper()
	b.Nav("open /login", base+"/login")
	b.Do("type the login of "+user,
		chromedp.SendKeys(chromedp.CSS(`input[name="username"]`), user),
		chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), testworld.Password))
	b.ClickAndLoad("submit the login of "+user, chromedp.CSS(`.login button[type="submit"]`))
}

// cells are the texts of the cells of css, joined by spaces.
func cells(b *webtest.Tab, css string) string {
	b.T.Helper()
	return webtest.Run(b, "read "+css, chromedp.Evaluate[string](fmt.Sprintf(
		`Array.from(document.querySelectorAll(%q)).map(c => c.textContent.trim()).join(" ")`, css)))
}

// download fetches the link css with the tab's session, as base64.
func download(b *webtest.Tab, css string) []byte {
	b.T.Helper()
	b64 := webtest.Run(b, "download "+css, chromedp.Evaluate[string](fmt.Sprintf(`fetch(document.querySelector(%q).href)
		.then(r => r.ok ? r.arrayBuffer() : Promise.reject("HTTP " + r.status))
		.then(buf => { const u = new Uint8Array(buf); let s = ""; for (const c of u) s += String.fromCharCode(c); return btoa(s); })`, css),
		chromedp.EvalAwaitPromise))
	body, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		b.T.Fatal(err)
	}
	return body
}

func TestBrowserAnnualReport(t *testing.T) {
	chromium := webtest.NeedChromium(t)
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		t.Cleanup(cancel)
		w := world(t, db)
		pen := func(kind string, yuan int64) cases.Penalty { return cases.Penalty{Kind: kind, AmountFen: yuan * 100} }
		ag, rg := testworld.Agency, testworld.Region
		// 2024 in 历下区, counted by hand: 警告+罚款 → 罚款; 罚款+没收违法所得 →
		// 没收; 吊销+责令关闭 → 吊销; 行政拘留+罚款 → 行政拘留; 其他 alone →
		// 其他; 警告 alone → 警告: six decisions, 罚没 500+1,000+200+100 元.
		decided(t, w, "H-1", ag, rg, "2024-03-01", "2024-03-20", pen("warning", 0), pen("fine", 500))
		decided(t, w, "H-2", ag, rg, "2024-04-01", "2024-04-20", pen("fine", 1000), pen("confiscate_income", 200))
		decided(t, w, "H-3", ag, rg, "2024-05-01", "2024-05-20", pen("revoke_license", 0), pen("close", 0))
		decided(t, w, "H-4", ag, rg, "2024-06-01", "2024-06-20", pen("detention", 0), pen("fine", 100))
		decided(t, w, "H-5", ag, rg, "2024-07-01", "2024-07-20", pen("other", 0))
		decided(t, w, "H-6", ag, rg, "2024-08-01", "2024-08-20", pen("warning", 0))
		decided(t, w, "H-7", testworld.Other, "370103", "2024-08-01", "2024-08-20", pen("fine", 700)) // another county
		if _, err := report.NewService(db).Draft(w.Ctx); err != nil {                                 // the 1 January job, for 2025
			t.Fatal(err)
		}
		base := webtest.Serve(ctx, t, db)
		b := webtest.Launch(ctx, t, chromium)

		login(b, base, "supervisor")
		b.ClickAndLoad("open 统计年报 from the navigation", chromedp.CSS(`.side a[href="/statistics/annual"]`))
		b.Do("choose 2024", chromedp.SetValue(chromedp.CSS(`#year`), "2024"))
		b.ClickAndLoad("generate", chromedp.CSS(`#annual-filter button[type="submit"]`))
		if got := cells(b, "#penalty-total th"); got != "合计 1 1 1 0 1 0 0 1 1 6 0.18" {
			t.Fatalf("2024 历下区 penalty total %q (page %.300s)", got, b.Text("body"))
		}
		x, err := excelize.OpenReader(bytes.NewReader(download(b, "#export-link")))
		if err != nil {
			t.Fatal(err)
		}
		rows, _ := x.GetRows("行政处罚")
		if last := fmt.Sprint(rows[len(rows)-1]); last != "[合计 1 1 1 0 1 0 0 1 1 6 0.18]" {
			t.Errorf("xlsx total row %s", last)
		}
		lic, _ := x.GetRows("行政许可")
		if len(lic) < 3 || lic[2][1] != report.NoDuty {
			t.Errorf("licence rows %q: an agency without licence matters or decisions has no 行政许可 duty", lic)
		}

		h := b.Anonymous()
		login(h, base, "head")
		h.ClickAndLoad("open 年报报送 from the navigation", chromedp.CSS(`.side a[href="/statistics/reports"]`))
		h.ClickAndLoad("open the 2025 report", chromedp.CSS(`#reports-table a`))
		if got := cells(h, "#penalty-row td"); !strings.HasPrefix(got, "济南市历下区市场监督管理局 0 0 1 0 0 0 0 0 0 1") {
			t.Errorf("the drafted 2025 penalty line %q (W-4: 罚款+没收 → 没收)", got)
		}
		h.Do("explain the penalty table", chromedp.SendKeys(chromedp.CSS(`textarea[name="note_penalty"]`), "一宗同时罚款并没收违法所得，按没收计入"))
		h.ClickAndLoad("save the explanations", chromedp.CSS(`#explain button[type="submit"]`))
		h.ClickAndLoad("submit the report", chromedp.CSS(`#act-submit button[type="submit"]`))
		if got := h.Text("#report-status"); got != "已报送，待审核" {
			t.Fatalf("after submitting: %q", got)
		}
		loc := h.Location()

		b.Nav("open the submitted report", loc)
		b.ClickAndLoad("approve", chromedp.CSS(`#act-approve button[type="submit"]`))
		b.ClickAndLoad("publish", chromedp.CSS(`#act-publish button[type="submit"]`))
		if got := b.Text("#report-status"); got != "已公开" {
			t.Fatalf("after publishing: %q", got)
		}

		pub := b.Anonymous()
		pub.Nav("open the portal's 年报", base+"/public/annual-reports?year=2025")
		pub.ClickAndLoad("open the published report", chromedp.CSS(`#public-reports a`))
		if got := pub.Text("#table-penalty"); !strings.Contains(got, "按没收计入") {
			t.Errorf("the portal's penalty table lacks the agency's explanation: %q", got)
		}
		b.CheckNoExceptions()
		h.CheckNoExceptions()
	})
}
