package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/web/webtest"
)

// TestBrowserCSP opens the pages in Chromium, which enforces the
// Content-Security-Policy, and fails on any violation it reports: the
// layout and its script and styles, the discretion and calendar pages
// (the calendar's own styles), a case, its documents' print page with its
// A4 styles and its print button, the public
// pages. (checkCSP in the demo smoke test reads every page's HTML; this
// is the browser's own verdict.)
func TestBrowserCSP(t *testing.T) {
	chromium := webtest.NeedChromium(t)
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
		t.Cleanup(cancel)
		w := &webtest.World{World: testworld.Build(t, db)}
		w.AddMatters(t)
		c := w.Case(t, "published", nil)
		base := webtest.Serve(ctx, t, db)
		b := webtest.Launch(ctx, t, chromium)
		// Record violations from the first byte of every page on.
		if _, err := chromedp.Call(b.Ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
			Source: `window.__csp = [];
				document.addEventListener("securitypolicyviolation", e =>
					window.__csp.push(e.violatedDirective + " " + e.blockedURI + " " + (e.sample || "")));`}); err != nil {
			t.Fatal(err)
		}
		violations := func(step string) {
			t.Helper()
			b.Do(step+": settle", chromedp.Sleep(100*time.Millisecond))
			for _, v := range webtest.Run(b, step+": violations", chromedp.Evaluate[[]string](`window.__csp || ["no listener"]`)) {
				t.Errorf("%s: CSP violation %s", step, v)
			}
		}

		b.Nav("open /login", base+"/login")
		violations("/login")
		b.Do("type the login",
			chromedp.SendKeys(chromedp.CSS(`input[name="username"]`), "officer"),
			chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), testworld.Password))
		b.ClickAndLoad("submit the login", chromedp.CSS(`.login button[type="submit"]`))
		if loc := b.Location(); loc != base+"/" {
			t.Fatalf("after login at %s (%.200s)", loc, b.Text("body"))
		}
		violations("/")
		// The layout's script runs: the menu button toggles the navigation.
		b.Do("narrow window", chromedp.EmulateViewport(500, 800))
		b.Do("toggle the menu", chromedp.Click(chromedp.CSS(".nav-toggle")))
		if !webtest.Run(b, "menu open", chromedp.Evaluate[bool](`document.getElementById("nav").classList.contains("open")`)) {
			t.Error("app.js did not run: the menu button does nothing")
		}
		b.Do("wide window", chromedp.EmulateViewport(1280, 900))
		// The stylesheet applies (the top bar has the brand colour).
		bg := webtest.Run(b, "top bar style", chromedp.Evaluate[string](`getComputedStyle(document.querySelector("header.top")).backgroundColor`))
		if bg == "" || bg == "rgba(0, 0, 0, 0)" {
			t.Errorf("app.css not applied: header background %q", bg)
		}

		for _, path := range []string{
			"/agencies", "/officers", "/officers/" + testworld.CertA, "/matters", "/discretion", "/discretion/" + webtest.PlainMatter,
			"/lists", "/calendar", "/calendar/2026", "/cases", fmt.Sprintf("/cases/%d", c.ID), fmt.Sprintf("/cases/%d/docs", c.ID),
			"/account/password", "/public", "/public/decisions", "/public/officers",
		} {
			b.Nav("open "+path, base+path)
			if strings.Contains(b.Text("body"), "系统内部错误") {
				t.Errorf("%s: %.200s", path, b.Text("body"))
			}
			violations(path)
		}
		// The calendar year's styles (static/calendar.css) apply.
		b.Nav("open /calendar/2026 again", base+"/calendar/2026")
		if layout := webtest.Run(b, "calendar style", chromedp.Evaluate[string](`getComputedStyle(document.querySelector(".cal-month")).tableLayout`)); layout != "fixed" {
			t.Errorf("/calendar/2026: calendar.css does not apply (table-layout %q)", layout)
		}
		// The print page of a document: its A4 styles (static/document.css)
		// apply and its print button (static/document.js) works.
		doc := fmt.Sprintf("/cases/%d/docs/decision", c.ID)
		b.Nav("open "+doc, base+doc)
		width := webtest.Run(b, "sheet style", chromedp.Evaluate[string](`getComputedStyle(document.querySelector(".sheet")).boxShadow`))
		if width == "" || width == "none" {
			t.Errorf("%s: the A4 styles do not apply (sheet box-shadow %q)", doc, width)
		}
		webtest.Run(b, "override print", chromedp.Evaluate[bool](`window.print = () => { window.__printed = true }; true`))
		b.Do("press 打印", chromedp.Click(chromedp.CSS(`.toolbar button`)))
		if !webtest.Run(b, "printed", chromedp.Evaluate[bool](`window.__printed === true`)) {
			t.Errorf("%s: the print button's handler did not run", doc)
		}
		violations(doc)
		b.CheckNoExceptions()
	})
}
