package web_test

// An end-to-end test in a real browser (headless Chromium through chromedp):
// the 亮证执法 flow as an administrator and a member of the public do it —
// sign in, find an officer, open the certificate's QR verification page,
// revoke the certificate, see the public page change at once, and reject a
// forged QR code; plus a phone-width check of the verification page. The
// world is the fixture world, the server runs on its pinned day.

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/config"
	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/web"
)

// brChromiumPath is where Debian installs Chromium; ZFJD_CHROMIUM overrides it.
func brChromiumPath() string {
	if p := os.Getenv("ZFJD_CHROMIUM"); p != "" {
		return p
	}
	return "/usr/bin/chromium"
}

func TestBrowserOfficerQRFlow(t *testing.T) {
	chromium := brChromiumPath()
	if _, err := os.Stat(chromium); err != nil {
		// No skip: a missing browser must not pass silently.
		t.Fatalf("Chromium is needed for the browser tests but was not found at %s (%v); "+
			"install it (apt-get install chromium) or set ZFJD_CHROMIUM to its path", chromium, err)
	}
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		start := time.Now()
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
		t.Cleanup(cancel)

		w := &fwWorld{World: testworld.Build(t, db)}
		fwAdmin(t, db)
		// An officer with a 身份证号 on file, which the public page must not show.
		w.fwOfficer(t, registry.Officer{CertNo: "37010200008", Name: "欧阳明远", IDNumber: fwPartyID("057")})
		o := brPickOfficer(thCtx, t, db, "37010200008")
		base := brServe(ctx, t, db)
		b := brLaunch(ctx, t, chromium)
		loaded := time.Now()

		// A desktop window; the screenshot for the README is taken at this size.
		b.do("desktop viewport", chromedp.EmulateViewport(1280, 900))

		// Sign in as a person does: type the name and the password, press 登录.
		b.nav("open /login", base+"/login")
		b.do("type the login",
			chromedp.SendKeys(chromedp.CSS(`input[name="username"]`), "admin"),
			chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), testworld.Password))
		b.clickAndLoad("submit the login", chromedp.CSS(`.login button[type="submit"]`))
		if loc := b.location(); loc != base+"/" {
			t.Fatalf("after login the browser is at %s, want the home page %s/ (page says: %.200s)", loc, base, b.text("body"))
		}

		// Find the officer: name into 姓名或证号, 证件状态 有效, 查询.
		b.nav("open /officers", base+"/officers")
		b.do("type the name", chromedp.SendKeys(chromedp.ID("q"), o.Name))
		b.selectByLabel("state", "有效")
		b.clickAndLoad("submit the officer filter", chromedp.CSS(`#officer-filter button[type="submit"]`))
		if q := b.location(); !strings.Contains(q, "state=valid") || !strings.Contains(q, "q="+url.QueryEscape(o.Name)) {
			t.Errorf("filter URL %s does not carry q=%s and state=valid", q, o.Name)
		}
		table := b.text("#officer-table")
		if !strings.Contains(table, o.Name) || !strings.Contains(table, o.CertNo) {
			t.Fatalf("#officer-table does not list %s (%s):\n%s", o.Name, o.CertNo, table)
		}

		// Click through to the officer page.
		b.clickAndLoad("open the officer", chromedp.CSS(`#officer-table a[href="/officers/`+o.CertNo+`"]`))
		officerURL := b.location()
		if want := base + "/officers/" + o.CertNo; officerURL != want {
			t.Fatalf("officer page is %s, want %s", officerURL, want)
		}
		if h1 := b.text("h1"); h1 != o.Name {
			t.Errorf("officer page heading %q, want %q", h1, o.Name)
		}
		if st := b.text("#cert-state"); !strings.Contains(st, "有效") {
			t.Errorf("#cert-state = %q, want 有效", st)
		}
		// The QR code is an image that actually loaded, not a broken icon.
		if w := brRun(b, "QR image", chromedp.Evaluate[int](
			`(() => { const i = document.querySelector('figure.qr img'); return i && i.complete ? i.naturalWidth : -1 })()`)); w <= 0 {
			t.Errorf("the QR <img> did not load (naturalWidth %d)", w)
		}
		href := brRun(b, "verify link", chromedp.AttributeValue(chromedp.ID("verify-link"), "href"))
		verifyURL := href.Value
		if !strings.HasPrefix(verifyURL, base+"/verify/") {
			t.Fatalf("a#verify-link href = %q, want %s/verify/<token>", verifyURL, base)
		}
		if os.Getenv("ZFJD_SCREENSHOT") == "1" && db.Dialect == store.SQLite {
			brScreenshot(b, "../../docs/screenshot-officer.png")
		}

		// The public verification page, as the QR code opens it.
		b.navStatus("open the verify page", verifyURL, http.StatusOK)
		if v := b.text("#verdict"); v != "有效" {
			t.Errorf("#verdict = %q, want 有效", v)
		}
		body := b.text("body")
		if !strings.Contains(body, o.Name) || !strings.Contains(body, o.CertNo) {
			t.Errorf("verify page does not show %s (%s):\n%s", o.Name, o.CertNo, body)
		}
		if html := b.html(); o.IDNumber != "" && strings.Contains(html, o.IDNumber) {
			t.Errorf("verify page leaks the 身份证号 %s", o.IDNumber)
		} else if o.IDNumber == "" {
			t.Errorf("officer %s has no 身份证号 to check the verify page against", o.CertNo)
		}

		// Back to the officer page: revoke the certificate.
		b.back(officerURL)
		const reason = "测试：以执法证从事与职务无关的活动，依法吊销"
		b.selectByLabel("cert_status", "吊销")
		b.do("type the reason", chromedp.SendKeys(chromedp.ID("reason"), reason))
		dialogs := b.acceptDialogs()
		b.clickAndLoad("submit the status change", chromedp.CSS(`#status-form button[type="submit"]`))
		select {
		case msg := <-dialogs:
			if !strings.Contains(msg, "核验页面") {
				t.Errorf("confirm dialog says %q", msg)
			}
		case <-ctx.Done():
			t.Fatalf("no confirm dialog was shown before the status change")
		}
		if st := b.text("#cert-state"); !strings.Contains(st, "已吊销") || !strings.Contains(st, reason) {
			t.Errorf("#cert-state after revocation = %q, want 已吊销 with the reason", st)
		}
		if f := b.text(".flash"); !strings.Contains(f, "吊销") {
			t.Errorf("flash after revocation = %q", f)
		}

		// The same QR code now says 已吊销, at once.
		b.navStatus("open the verify page again", verifyURL, http.StatusOK)
		if v := b.text("#verdict"); v != "已吊销" {
			t.Errorf("#verdict after revocation = %q, want 已吊销", v)
		}
		if w := b.text(".warn"); !strings.Contains(w, "不能用于执法") {
			t.Errorf("revoked verify page lacks the warning, .warn = %q", w)
		}

		// A forged QR code: one character of the token changed.
		forged := brTamper(verifyURL)
		b.navStatus("open a forged verify URL", forged, http.StatusNotFound)
		if v := b.text("#verdict"); v != "无效" {
			t.Errorf("#verdict for a forged token = %q, want 无效", v)
		}
		if body := b.text("body"); strings.Contains(body, o.Name) {
			t.Errorf("forged-token page shows the officer's name")
		}

		// A member of the public scans the QR code with a phone: 390×844, no
		// session; the verdict must be on the first screen and the page must
		// not scroll sideways.
		p := b.anonymous()
		p.do("phone viewport", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch))
		for _, u := range []string{verifyURL, forged} {
			p.nav("open the verify page on a phone", u)
			p.do("verdict visible on a phone", chromedp.WaitVisible(chromedp.ID("verdict")))
			m := brRun(p, "phone layout", chromedp.Evaluate[brLayout](`(() => {
				const r = document.getElementById('verdict').getBoundingClientRect();
				return {scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth,
					left: r.left, right: r.right, top: r.top, bottom: r.bottom};
			})()`))
			if m.ScrollWidth > 390+1 {
				t.Errorf("%s at 390px: page is %dpx wide, scrolls sideways", u, m.ScrollWidth)
			}
			if m.InnerWidth != 390 {
				t.Errorf("%s at 390px: window.innerWidth = %d (no <meta viewport>?)", u, m.InnerWidth)
			}
			if m.Left < 0 || m.Right > 391 || m.Top < 0 || m.Bottom > 844 {
				t.Errorf("%s at 390px: #verdict is not fully on the first screen: %+v", u, m)
			}
		}
		if v := p.text("#verdict"); v != "无效" {
			t.Errorf("phone, forged token: #verdict = %q", v)
		}

		b.checkNoExceptions()
		p.checkNoExceptions()
		t.Logf("%s: fixture world, server and browser %v; browser flow %v; total %v",
			db.Dialect, loaded.Sub(start).Round(time.Millisecond), time.Since(loaded).Round(time.Millisecond),
			time.Since(start).Round(time.Millisecond))
	})
}

// brLayout is what the phone check measures.
type brLayout struct {
	ScrollWidth int     `json:"scrollWidth"`
	InnerWidth  int     `json:"innerWidth"`
	Left        float64 `json:"left"`
	Right       float64 `json:"right"`
	Top         float64 `json:"top"`
	Bottom      float64 `json:"bottom"`
}

// brPickOfficer reads the officer cert as the registry has it, with a
// valid certificate.
func brPickOfficer(ctx context.Context, t *testing.T, db *store.DB, cert string) *registry.Officer {
	t.Helper()
	admin := &auth.Principal{Role: auth.RoleAdmin}
	o, err := registry.GetOfficer(ctx, db, admin, cert)
	if err != nil {
		t.Fatalf("GetOfficer %s: %v", cert, err)
	}
	if o.State != "valid" {
		t.Fatalf("officer %s: certificate %s, want valid", cert, o.State)
	}
	return o
}

// brServe starts the web server on a local port, on the pinned clock, and
// returns its address.
func brServe(ctx context.Context, t *testing.T, db *store.DB) string {
	t.Helper()
	log := slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
	s, err := web.New(clock.With(ctx, thClock), db, &config.Options{}, log, web.WithClock(thClock))
	if err != nil {
		t.Fatalf("web.New: %v", err)
	}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return srv.URL
}

// brBrowser is one headless Chromium tab bound to a test.
type brBrowser struct {
	t   *testing.T
	ctx context.Context

	mu         sync.Mutex // guards the fields below, written by event goroutines
	exceptions []string   // uncaught script errors
	console    []string   // console errors and warnings
}

// brLaunch starts headless Chromium with a fresh profile. The browser is
// closed before the server (cleanups run last-in first-out).
func brLaunch(ctx context.Context, t *testing.T, chromium string) *brBrowser {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-quic", true),
		// A page restored from the back/forward cache fires no load event
		// and chromedp keeps its old DOM tree, so Back would hang.
		chromedp.Flag("disable-features", "Translate,BlinkGenPropertyTrees,BackForwardCache"),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	bctx, bcancel := chromedp.NewContext(actx)
	t.Cleanup(func() { bcancel(); acancel() })
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("start Chromium (%s): %v", chromium, err)
	}
	return brWatch(t, bctx)
}

// anonymous opens a tab in a fresh browser context of the same browser: no
// cookies, as a member of the public who scans a QR code.
func (b *brBrowser) anonymous() *brBrowser {
	b.t.Helper()
	ctx, cancel := chromedp.NewContext(b.ctx, chromedp.WithNewBrowserContext())
	b.t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		b.t.Fatalf("open an anonymous tab: %v", err)
	}
	return brWatch(b.t, ctx)
}

// brWatch wraps a started tab and records its console. Uncaught script
// errors are bugs; console noise such as the 404 of a forged token is only
// logged. The goroutine never calls t itself, as it can outlive the test.
func brWatch(t *testing.T, ctx context.Context) *brBrowser {
	b := &brBrowser{t: t, ctx: ctx}
	msgs := chromedp.Console(ctx)
	go func() {
		for m, err := range msgs {
			if err != nil {
				return
			}
			b.mu.Lock()
			if m.IsException() {
				b.exceptions = append(b.exceptions, m.URL+": "+m.String())
			} else if m.Type == chromedp.ConsoleError || m.Type == chromedp.ConsoleWarning {
				b.console = append(b.console, string(m.Type)+" "+m.URL+": "+m.String())
			}
			b.mu.Unlock()
		}
	}()
	return b
}

// brRun runs one action that returns a value, failing the test on error.
func brRun[T any](b *brBrowser, step string, a chromedp.Action[T]) T {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, a)
	if err != nil {
		b.t.Fatalf("%s: %v", step, err)
	}
	return v
}

func (b *brBrowser) do(step string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		b.t.Fatalf("%s: %v", step, err)
	}
}

func (b *brBrowser) nav(step, u string) {
	b.t.Helper()
	b.do(step, chromedp.Navigate(u))
}

// navStatus opens u and checks the HTTP status of the document.
func (b *brBrowser) navStatus(step, u string, want int) {
	b.t.Helper()
	resp := brRun(b, step, chromedp.NavigateResponse(u))
	if resp == nil || int(resp.Status) != want {
		got := -1
		if resp != nil {
			got = int(resp.Status)
		}
		b.t.Errorf("%s: %s answered %d, want %d", step, u, got, want)
	}
}

// clickAndLoad clicks like a person and waits for the page it leads to.
func (b *brBrowser) clickAndLoad(step string, sel chromedp.CSS) {
	b.t.Helper()
	resp, err := chromedp.RunResponse(b.ctx, chromedp.Click(sel))
	if err != nil {
		b.t.Fatalf("%s (click %s): %v", step, sel, err)
	}
	if resp != nil && resp.Status >= 400 {
		b.t.Fatalf("%s: %s answered %d: %.300s", step, resp.URL, resp.Status, b.text("body"))
	}
}

func (b *brBrowser) text(css string) string {
	b.t.Helper()
	return strings.TrimSpace(brRun(b, "read "+css, chromedp.Text(chromedp.CSS(css))))
}

func (b *brBrowser) html() string {
	b.t.Helper()
	return brRun(b, "read the page source", chromedp.OuterHTML(chromedp.CSS("html")))
}

func (b *brBrowser) location() string {
	b.t.Helper()
	return brRun(b, "read the location", chromedp.Location())
}

// back presses the browser's Back button and checks where it lands.
func (b *brBrowser) back(want string) {
	b.t.Helper()
	b.do("go back", chromedp.NavigateBack())
	if loc := b.location(); loc != want {
		b.t.Fatalf("after going back the browser is at %s, want %s", loc, want)
	}
}

// selectByLabel picks the <option> a person sees as label in select#id, and
// fires the change event as a real choice does.
func (b *brBrowser) selectByLabel(id, label string) {
	b.t.Helper()
	jid, _ := json.Marshal(id)
	jlabel, _ := json.Marshal(label)
	js := fmt.Sprintf(`(() => {
		const s = document.getElementById(%s);
		if (!s) return "no select";
		const o = Array.from(s.options).find(o => o.textContent.trim() === %s);
		if (!o) return "no option; options are: " + Array.from(s.options).map(o => o.textContent.trim()).join(" / ");
		s.value = o.value;
		s.dispatchEvent(new Event("change", {bubbles: true}));
		return "";
	})()`, jid, jlabel)
	if msg := brRun(b, "choose "+label, chromedp.Evaluate[string](js)); msg != "" {
		b.t.Fatalf("select#%s: cannot choose %q: %s", id, label, msg)
	}
}

// acceptDialogs accepts the next JavaScript dialog (the data-confirm
// confirm()) and reports its message, or the error of accepting it.
func (b *brBrowser) acceptDialogs() <-chan string {
	ctx, cancel := context.WithCancel(b.ctx)
	b.t.Cleanup(cancel)
	events := chromedp.Events(ctx, page.JavascriptDialogOpening)
	got := make(chan string, 1)
	go func() {
		for ev, err := range events {
			if err != nil {
				return
			}
			msg := ev.Message
			if _, err := chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true}); err != nil {
				msg = fmt.Sprintf("accepting the dialog %q failed: %v", ev.Message, err)
			}
			got <- msg
			cancel()
			return
		}
	}()
	return got
}

// checkNoExceptions fails on uncaught script errors seen so far and logs
// the console's errors and warnings.
func (b *brBrowser) checkNoExceptions() {
	b.t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, e := range b.exceptions {
		b.t.Errorf("uncaught script error: %s", e)
	}
	for _, c := range b.console {
		b.t.Logf("browser console: %s", c)
	}
}

// brScreenshot saves what the window shows as a PNG.
func brScreenshot(b *brBrowser, path string) {
	b.t.Helper()
	png := brRun(b, "screenshot", chromedp.CaptureScreenshot())
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		b.t.Fatal(err)
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		b.t.Fatal(err)
	}
	abs, _ := filepath.Abs(path)
	b.t.Logf("screenshot saved to %s (%d bytes)", abs, len(png))
}

// brTamper changes one character in the middle of the token of a verify URL.
func brTamper(verifyURL string) string {
	i := strings.LastIndex(verifyURL, "/") + 1
	tok := []byte(verifyURL[i:])
	j := len(tok) / 2
	if tok[j] == 'A' {
		tok[j] = 'B'
	} else {
		tok[j] = 'A'
	}
	return verifyURL[:i] + string(tok)
}
