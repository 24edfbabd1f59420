package webtest

// End-to-end tests in a real browser: headless Chromium through chromedp,
// one Tab per person, against a server on a local port.

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"zfjd/internal/clock"
	"zfjd/internal/config"
	"zfjd/internal/store"
	"zfjd/internal/web"
)

// NeedChromium returns the Chromium the browser tests drive: where Debian
// installs it, or ZFJD_CHROMIUM. It fails t when there is none, since a
// missing browser must not pass silently (no skip).
func NeedChromium(t *testing.T) string {
	t.Helper()
	p := "/usr/bin/chromium"
	if v := os.Getenv("ZFJD_CHROMIUM"); v != "" {
		p = v
	}
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("Chromium is needed for the browser tests but was not found at %s (%v); "+
			"install it (apt-get install chromium) or set ZFJD_CHROMIUM to its path", p, err)
	}
	return p
}

// Serve starts the web server on a local port, on the pinned clock, and
// returns its address.
func Serve(ctx context.Context, t *testing.T, db *store.DB) string {
	t.Helper()
	return ServeOn(ctx, t, db, Clock)
}

// ServeOn is Serve on clock c: a second server on the same database at a
// later day lets a browser test see deadlines pass.
func ServeOn(ctx context.Context, t *testing.T, db *store.DB, c clock.Clock) string {
	t.Helper()
	log := slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
	// Its base URL is its own address, as zfjd demo's (links and QR codes
	// come from the base URL, never from the Host header).
	srv := httptest.NewUnstartedServer(nil)
	s, err := web.New(clock.With(ctx, c), db, &config.Options{BaseURL: "http://" + srv.Listener.Addr().String()}, log, web.WithClock(c))
	if err != nil {
		srv.Close()
		t.Fatalf("web.New: %v", err)
	}
	srv.Config.Handler = s
	srv.Start()
	t.Cleanup(srv.Close)
	return srv.URL
}

// Tab is one headless Chromium tab bound to a test.
type Tab struct {
	T   *testing.T
	Ctx context.Context

	mu         sync.Mutex // guards the fields below, written by event goroutines
	exceptions []string   // uncaught script errors
	console    []string   // console errors and warnings
}

// Launch starts headless Chromium with a fresh profile. The browser is
// closed before the server (cleanups run last-in first-out).
func Launch(ctx context.Context, t *testing.T, chromium string) *Tab {
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
	return watch(t, bctx)
}

// Anonymous opens a tab in a fresh browser context of the same browser: no
// cookies, as a member of the public who scans a QR code.
func (b *Tab) Anonymous() *Tab {
	b.T.Helper()
	ctx, cancel := chromedp.NewContext(b.Ctx, chromedp.WithNewBrowserContext())
	b.T.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		b.T.Fatalf("open an anonymous tab: %v", err)
	}
	return watch(b.T, ctx)
}

// watch wraps a started tab and records its console. Uncaught script
// errors are bugs; console noise such as the 404 of a forged token is only
// logged. The goroutine never calls t itself, as it can outlive the test.
func watch(t *testing.T, ctx context.Context) *Tab {
	b := &Tab{T: t, Ctx: ctx}
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

// Run runs one action that returns a value, failing the test on error.
func Run[T any](b *Tab, step string, a chromedp.Action[T]) T {
	b.T.Helper()
	v, err := chromedp.Run(b.Ctx, a)
	if err != nil {
		b.T.Fatalf("%s: %v", step, err)
	}
	return v
}

// Do runs actions, failing the test on error.
func (b *Tab) Do(step string, actions ...chromedp.Action[chromedp.Void]) {
	b.T.Helper()
	if err := chromedp.Do(b.Ctx, actions...); err != nil {
		b.T.Fatalf("%s: %v", step, err)
	}
}

// Nav opens u.
func (b *Tab) Nav(step, u string) {
	b.T.Helper()
	b.Do(step, chromedp.Navigate(u))
}

// NavStatus opens u and checks the HTTP status of the document.
func (b *Tab) NavStatus(step, u string, want int) {
	b.T.Helper()
	resp := Run(b, step, chromedp.NavigateResponse(u))
	if resp == nil || int(resp.Status) != want {
		got := -1
		if resp != nil {
			got = int(resp.Status)
		}
		b.T.Errorf("%s: %s answered %d, want %d", step, u, got, want)
	}
}

// ClickAndLoad clicks like a person and waits for the page it leads to.
func (b *Tab) ClickAndLoad(step string, sel chromedp.CSS) {
	b.T.Helper()
	resp, err := chromedp.RunResponse(b.Ctx, chromedp.Click(sel))
	if err != nil {
		b.T.Fatalf("%s (click %s): %v", step, sel, err)
	}
	if resp != nil && resp.Status >= 400 {
		b.T.Fatalf("%s: %s answered %d: %.300s", step, resp.URL, resp.Status, b.Text("body"))
	}
}

// Text is the trimmed text of the element css.
func (b *Tab) Text(css string) string {
	b.T.Helper()
	return strings.TrimSpace(Run(b, "read "+css, chromedp.Text(chromedp.CSS(css))))
}

// HTML is the page source as the browser has it now.
func (b *Tab) HTML() string {
	b.T.Helper()
	return Run(b, "read the page source", chromedp.OuterHTML(chromedp.CSS("html")))
}

// Location is the address the tab shows.
func (b *Tab) Location() string {
	b.T.Helper()
	return Run(b, "read the location", chromedp.Location())
}

// Back presses the browser's Back button and checks where it lands.
func (b *Tab) Back(want string) {
	b.T.Helper()
	b.Do("go back", chromedp.NavigateBack())
	if loc := b.Location(); loc != want {
		b.T.Fatalf("after going back the browser is at %s, want %s", loc, want)
	}
}

// SelectByLabel picks the <option> a person sees as label in select#id, and
// fires the change event as a real choice does.
func (b *Tab) SelectByLabel(id, label string) {
	b.T.Helper()
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
	if msg := Run(b, "choose "+label, chromedp.Evaluate[string](js)); msg != "" {
		b.T.Fatalf("select#%s: cannot choose %q: %s", id, label, msg)
	}
}

// AcceptDialogs accepts the next JavaScript dialog (the data-confirm
// confirm()) and reports its message, or the error of accepting it.
func (b *Tab) AcceptDialogs() <-chan string {
	ctx, cancel := context.WithCancel(b.Ctx)
	b.T.Cleanup(cancel)
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

// CheckNoExceptions fails on uncaught script errors seen so far and logs
// the console's errors and warnings.
func (b *Tab) CheckNoExceptions() {
	b.T.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, e := range b.exceptions {
		b.T.Errorf("uncaught script error: %s", e)
	}
	for _, c := range b.console {
		b.T.Logf("browser console: %s", c)
	}
}

// Screenshot saves what the window shows as a PNG.
func Screenshot(b *Tab, path string) {
	b.T.Helper()
	png := Run(b, "screenshot", chromedp.CaptureScreenshot())
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		b.T.Fatal(err)
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		b.T.Fatal(err)
	}
	abs, _ := filepath.Abs(path)
	b.T.Logf("screenshot saved to %s (%d bytes)", abs, len(png))
}
