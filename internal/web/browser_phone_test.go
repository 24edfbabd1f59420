package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"zfjd/internal/clock"
	"zfjd/internal/demo"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/web/webtest"
)

// TestBrowserPhoneNoSideways opens, in Chromium at 390 px, the pages whose
// tables used to scroll sideways on a phone (issue 16; review P-1, P-2):
// the four lists, the work calendar and a year of it, and the public
// pages (portal, 主体/人员/事项公示, 处罚决定公示 and one decision, open data,
// the complaint form and tracking, inspection items). On each, neither the
// document nor main is wider than the window, and a list's cells carry
// their column's name. Screenshots of the changed pages at 390 px (and
// the decisions at 1366 px) go to docs/screenshots/ with
// ZFJD_SCREENSHOTS=1 (SQLite run only); ZFJD_SCREENSHOTS_SUFFIX=-before
// names those of a run on the old code.
func TestBrowserPhoneNoSideways(t *testing.T) {
	chromium := webtest.NeedChromium(t)
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
		t.Cleanup(cancel)
		w := webtest.StartWorld(t, db)
		w.AddMatters(t)
		w.AddBenchmarks(t)
		c := w.Case(t, "paid", nil) // published on the way
		if p := w.Login(t, "officer").Post(fmt.Sprintf("/cases/%d/docs/decision/issue", c.ID), url.Values{}); p.Status != http.StatusSeeOther {
			t.Fatalf("number the decision: %d", p.Status)
		}
		base := webtest.Serve(ctx, t, db)
		root := webtest.Launch(ctx, t, chromium)
		shots := os.Getenv("ZFJD_SCREENSHOTS") == "1" && strings.HasSuffix(t.Name(), "sqlite")
		suffix := os.Getenv("ZFJD_SCREENSHOTS_SUFFIX") // "-before" for a run on the old code
		shot := func(b *webtest.Tab, name string) {
			if shots {
				webtest.Screenshot(b, "../../docs/screenshots/"+name+suffix+".png")
			}
		}
		check := func(b *webtest.Tab, path string) {
			t.Helper()
			b.Nav("open "+path+" at 390", base+path)
			if body := webtest.Run(b, "text of "+path, chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`)); strings.Contains(body, "系统内部错误") || strings.Contains(body, "页面不存在") {
				t.Errorf("%s: %.200s", path, body)
				return
			}
			got := webtest.Run(b, "widths "+path, chromedp.Evaluate[[]int](`[document.documentElement.scrollWidth, window.innerWidth,
				(document.querySelector("main") || document.body).scrollWidth, (document.querySelector("main") || document.body).clientWidth]`))
			if got[0] > got[1] || got[2] > got[3]+1 {
				over := webtest.Run(b, "wide elements", chromedp.Evaluate[string](`Array.from(document.querySelectorAll("main *, body > *")).filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).slice(0, 6).map(e => e.tagName + "." + e.className + "#" + e.id + " " + Math.round(e.getBoundingClientRect().right)).join("; ")`))
				t.Errorf("%s at 390 px scrolls sideways: document %d of %d px, main %d of %d px (%s)", path, got[0], got[1], got[2], got[3], over)
			}
		}

		staff := root.Anonymous()
		staff.Do("390 px", chromedp.EmulateViewport(390, 844))
		staff.Nav("open /login", base+"/login")
		staff.Do("type the login",
			chromedp.SendKeys(chromedp.CSS(`input[name="username"]`), "city"),
			chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), testworld.Password))
		staff.ClickAndLoad("log in", chromedp.CSS(`.login button[type="submit"]`))
		for _, p := range []struct{ path, name string }{
			{"/lists", "lists"}, {"/calendar", "calendar"}, {"/calendar/2026", ""},
		} {
			check(staff, p.path)
			if p.name != "" {
				shot(staff, p.name+"-390")
			}
		}
		staff.Nav("open /lists at 390", base+"/lists")
		if lbl := webtest.Run(staff, "list card label", chromedp.Evaluate[string](`(document.querySelector("#list-items tbody td") || {getAttribute: () => ""}).getAttribute("data-label") || ""`)); lbl != "清单" {
			t.Errorf("/lists: the first cell is labelled %q on a phone, want 清单", lbl)
		}

		pub := root.Anonymous()
		pub.Do("390 px", chromedp.EmulateViewport(390, 844))
		for _, p := range []struct{ path, name string }{
			{"/public", ""}, {"/public/agencies", "public-agencies"}, {"/public/officers", "public-officers"},
			{"/public/matters", "public-matters"}, {"/public/decisions", "public-decisions"},
			{fmt.Sprintf("/public/decisions/%d", c.ID), ""}, {"/open", ""},
			{"/complaint/new", ""}, {"/complaint/track", ""}, {"/public/inspection-items", ""},
		} {
			check(pub, p.path)
			if p.name != "" { // the pages whose layout changed (docs/screenshots, README)
				shot(pub, p.name+"-390")
			}
		}
		pub.Nav("open /public/decisions at 390", base+"/public/decisions")
		if lbl := webtest.Run(pub, "decision card label", chromedp.Evaluate[string](`(document.querySelector("table tbody td:nth-child(5)") || {getAttribute: () => ""}).getAttribute("data-label") || ""`)); lbl != "执法机关" {
			t.Errorf("/public/decisions: the 执法机关 cell is labelled %q on a phone", lbl)
		}
		if shots { // the decisions' dates no longer wrap on a desktop
			pub.Do("1366 px", chromedp.EmulateViewport(1366, 800))
			pub.Nav("open /public/decisions at 1366", base+"/public/decisions")
			shot(pub, "public-decisions-1366")
		}
		for _, b := range []*webtest.Tab{staff, pub} {
			b.CheckNoExceptions()
		}
	})
}

// staffPhonePages are the staff lists built after the first phone test, with
// a role of the demo that uses each (issue 16): every one must be visited.
var staffPhonePages = map[string]string{
	"/warnings": "lixia", "/": "officer", "/officer-cards": "lixia", "/complaints": "lixia",
	"/complaints/stats": "lixia", "/inspections": "lixia_sj", "/reviews": "lixia", "/supervision-cases": "lixia",
	"/disputes": "jinan", "/meetings": "jinan", "/joint-actions": "jinan", "/transfers": "lixia_sj",
	"/assists": "lixia_sj", "/guiding-cases": "jinan", "/exemptions": "lixia_sj", "/coordination/board": "jinan",
	"/training": "lixia", "/statistics": "jinan", "/statistics/annual": "lixia", "/assessment": "jinan",
	"/cases": "officer", "/officers": "lixia", "/audit": "admin", "/accounts": "admin",
}

// staffShots are the pages of the demo whose screenshots at 390 and 1366 px
// go to docs/screenshots/ with ZFJD_SCREENSHOTS=1 (SQLite run only; the
// suffix ZFJD_SCREENSHOTS_SUFFIX=-before names those of the old code).
var staffShots = map[string]string{
	"lixia /warnings": "demo-warnings", "officer /": "demo-officer-home", "lixia /officer-cards": "demo-officer-cards",
	"lixia /supervision-cases": "demo-supervision-cases", "lixia /statistics/annual": "demo-annual",
	"officer /cases": "demo-cases", "admin /audit": "demo-audit", "admin /accounts": "demo-accounts",
}

// TestBrowserPhoneStaffPages loads the demo and, in Chromium at 390 px,
// signs in as each of its accounts and opens every page of its navigation
// (and staffPhonePages): no element of a page reaches beyond the window,
// so nothing scrolls sideways on a phone, inside a box or not.
func TestBrowserPhoneStaffPages(t *testing.T) {
	chromium := webtest.NeedChromium(t)
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute) // a hang guard; nothing is timed
		t.Cleanup(cancel)
		sum, err := demo.Load(clock.With(context.Background(), webtest.Clock), db)
		if err != nil {
			t.Fatalf("demo.Load: %v", err)
		}
		base := webtest.Serve(ctx, t, db)
		root := webtest.Launch(ctx, t, chromium)
		shots := os.Getenv("ZFJD_SCREENSHOTS") == "1" && strings.HasSuffix(t.Name(), "sqlite")
		suffix := os.Getenv("ZFJD_SCREENSHOTS_SUFFIX") // "-before" for a run on the old code
		visited := map[string]bool{}                   // role + path
		for _, l := range sum.Logins {
			b := root.Anonymous()
			b.Do("390 px", chromedp.EmulateViewport(390, 844))
			b.Nav("open /login", base+"/login")
			b.Do("type the login "+l.Username,
				chromedp.SendKeys(chromedp.CSS(`input[name="username"]`), l.Username),
				chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), l.Password))
			b.ClickAndLoad("log in as "+l.Username, chromedp.CSS(`.login button[type="submit"]`))
			paths := webtest.Run(b, "navigation of "+l.Username, chromedp.Evaluate[[]string](
				`Array.from(document.querySelectorAll("#nav a[href^='/']")).map(a => a.getAttribute("href")).filter(h => !/xlsx|export/.test(h))`))
			paths = append([]string{"/"}, paths...)
			for p, user := range staffPhonePages {
				if user == l.Username {
					paths = append(paths, p)
				}
			}
			for _, p := range paths {
				// A page of the navigation once per role; those of staffPhonePages as their account.
				if visited[l.Username+" "+p] || (visited[l.Role+" "+p] && staffPhonePages[p] != l.Username) {
					continue
				}
				visited[l.Role+" "+p], visited[l.Username+" "+p] = true, true
				phoneFits(t, b, base, l.Username, p)
				if p == "/" { // the inbox names each case's nearest deadline in Chinese
					due := webtest.Run(b, "inbox deadlines", chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("#inbox-cases tbody td:nth-child(4)")).map(td => td.textContent)`))
					for _, d := range due {
						if strings.Trim(d, "0123456789- —") != "" && strings.ContainsAny(d, "abcdefghijklmnopqrstuvwxyz") {
							t.Errorf("%s's inbox shows the deadline %q", l.Username, d)
						}
					}
				}
				if name := staffShots[l.Username+" "+p]; name != "" && shots {
					webtest.Screenshot(b, "../../docs/screenshots/"+name+"-390"+suffix+".png")
					b.Do("1366 px", chromedp.EmulateViewport(1366, 800))
					b.Nav("open "+p+" at 1366", base+p)
					webtest.Screenshot(b, "../../docs/screenshots/"+name+"-1366"+suffix+".png")
					b.Do("390 px", chromedp.EmulateViewport(390, 844))
				}
			}
			b.CheckNoExceptions()
		}
		for p, user := range staffPhonePages {
			if !visited[user+" "+p] {
				t.Errorf("%s was not opened as %s", p, user)
			}
		}
	})
}

// phoneFits opens path and fails on every element wider than the 390 px
// window (the visible ones, reported with their id or class and width).
func phoneFits(t *testing.T, b *webtest.Tab, base, user, path string) {
	t.Helper()
	b.Nav("open "+path+" as "+user, base+path)
	if body := webtest.Run(b, "text of "+path, chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`)); strings.Contains(body, "系统内部错误") || strings.Contains(body, "页面不存在") {
		t.Errorf("%s as %s: %.200s", path, user, body)
		return
	}
	over := webtest.Run(b, "wide elements of "+path, chromedp.Evaluate[[]string](`(() => {
		const w = window.innerWidth, out = [];
		if (document.documentElement.scrollWidth > w) out.push("document " + document.documentElement.scrollWidth);
		for (const e of document.querySelectorAll("body *")) {
			const r = e.getBoundingClientRect();
			if (r.width === 0 || r.height === 0 || (r.right <= w + 1 && r.left >= -1)) continue;
			if (e.closest("svg") && e.closest("svg") !== e) continue; // an SVG clips its drawing: the svg itself is measured
			if (e.parentElement && out.some(o => o.startsWith(">"))) {} 
			const up = e.parentElement && e.parentElement.getBoundingClientRect();
			if (up && (up.right > w + 1 || up.left < -1)) continue; // its parent is reported
			out.push(e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.className && typeof e.className === "string" ? "." + e.className.trim().split(/\s+/).join(".") : "") + " " + Math.round(r.left) + "–" + Math.round(r.right));
		}
		return out.slice(0, 8);
	})()`))
	if len(over) > 0 {
		t.Errorf("%s as %s at 390 px reaches beyond the window: %s", path, user, strings.Join(over, "; "))
	}
}
