package registryweb_test

// An end-to-end test in a real browser (headless Chromium through chromedp):
// the 亮证执法 flow as an administrator and a member of the public do it —
// sign in, find an officer, open the certificate's QR verification page,
// revoke the certificate, see the public page change at once, and reject a
// forged QR code; plus a phone-width check of the verification page. The
// world is the fixture world, the server runs on its pinned day.

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"zfjd/internal/auth"
	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/web/webtest"
)

func TestBrowserOfficerQRFlow(t *testing.T) {
	chromium := webtest.NeedChromium(t)
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		start := time.Now()
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
		t.Cleanup(cancel)

		w := &webtest.World{World: testworld.Build(t, db)}
		webtest.AddAdmin(t, db)
		// An officer with a 身份证号 on file, which the public page must not show.
		w.AddOfficer(t, registry.Officer{CertNo: "37010200008", Name: "欧阳明远", IDNumber: webtest.PartyID("057")})
		o := brPickOfficer(webtest.Ctx, t, db, "37010200008")
		base := webtest.Serve(ctx, t, db)
		b := webtest.Launch(ctx, t, chromium)
		loaded := time.Now()

		// A desktop window; the screenshot for the README is taken at this size.
		b.Do("desktop viewport", chromedp.EmulateViewport(1280, 900))

		// Sign in as a person does: type the name and the password, press 登录.
		b.Nav("open /login", base+"/login")
		b.Do("type the login",
			chromedp.SendKeys(chromedp.CSS(`input[name="username"]`), "admin"),
			chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), testworld.Password))
		b.ClickAndLoad("submit the login", chromedp.CSS(`.login button[type="submit"]`))
		if loc := b.Location(); loc != base+"/" {
			t.Fatalf("after login the browser is at %s, want the home page %s/ (page says: %.200s)", loc, base, b.Text("body"))
		}

		// Find the officer: name into 姓名或证号, 证件状态 有效, 查询.
		b.Nav("open /officers", base+"/officers")
		b.Do("type the name", chromedp.SendKeys(chromedp.ID("q"), o.Name))
		b.SelectByLabel("state", "有效")
		b.ClickAndLoad("submit the officer filter", chromedp.CSS(`#officer-filter button[type="submit"]`))
		if q := b.Location(); !strings.Contains(q, "state=valid") || !strings.Contains(q, "q="+url.QueryEscape(o.Name)) {
			t.Errorf("filter URL %s does not carry q=%s and state=valid", q, o.Name)
		}
		table := b.Text("#officer-table")
		if !strings.Contains(table, o.Name) || !strings.Contains(table, o.CertNo) {
			t.Fatalf("#officer-table does not list %s (%s):\n%s", o.Name, o.CertNo, table)
		}

		// Click through to the officer page.
		b.ClickAndLoad("open the officer", chromedp.CSS(`#officer-table a[href="/officers/`+o.CertNo+`"]`))
		officerURL := b.Location()
		if want := base + "/officers/" + o.CertNo; officerURL != want {
			t.Fatalf("officer page is %s, want %s", officerURL, want)
		}
		if h1 := b.Text("h1"); h1 != o.Name {
			t.Errorf("officer page heading %q, want %q", h1, o.Name)
		}
		if st := b.Text("#cert-state"); !strings.Contains(st, "有效") {
			t.Errorf("#cert-state = %q, want 有效", st)
		}
		// The QR code is an image that actually loaded, not a broken icon.
		if w := webtest.Run(b, "QR image", chromedp.Evaluate[int](
			`(() => { const i = document.querySelector('figure.qr img'); return i && i.complete ? i.naturalWidth : -1 })()`)); w <= 0 {
			t.Errorf("the QR <img> did not load (naturalWidth %d)", w)
		}
		href := webtest.Run(b, "verify link", chromedp.AttributeValue(chromedp.ID("verify-link"), "href"))
		verifyURL := href.Value
		if !strings.HasPrefix(verifyURL, base+"/verify/") {
			t.Fatalf("a#verify-link href = %q, want %s/verify/<token>", verifyURL, base)
		}
		if os.Getenv("ZFJD_SCREENSHOT") == "1" && db.Dialect == store.SQLite {
			webtest.Screenshot(b, "../../docs/screenshot-officer.png")
		}

		// The public verification page, as the QR code opens it.
		b.NavStatus("open the verify page", verifyURL, http.StatusOK)
		if v := b.Text("#verdict"); v != "有效" {
			t.Errorf("#verdict = %q, want 有效", v)
		}
		body := b.Text("body")
		if !strings.Contains(body, o.Name) || !strings.Contains(body, o.CertNo) {
			t.Errorf("verify page does not show %s (%s):\n%s", o.Name, o.CertNo, body)
		}
		if html := b.HTML(); o.IDNumber != "" && strings.Contains(html, o.IDNumber) {
			t.Errorf("verify page leaks the 身份证号 %s", o.IDNumber)
		} else if o.IDNumber == "" {
			t.Errorf("officer %s has no 身份证号 to check the verify page against", o.CertNo)
		}

		// Back to the officer page: revoke the certificate.
		b.Back(officerURL)
		const reason = "测试：以执法证从事与职务无关的活动，依法吊销"
		b.SelectByLabel("cert_status", "吊销")
		b.Do("type the reason", chromedp.SendKeys(chromedp.ID("reason"), reason))
		dialogs := b.AcceptDialogs()
		b.ClickAndLoad("submit the status change", chromedp.CSS(`#status-form button[type="submit"]`))
		select {
		case msg := <-dialogs:
			if !strings.Contains(msg, "核验页面") {
				t.Errorf("confirm dialog says %q", msg)
			}
		case <-ctx.Done():
			t.Fatalf("no confirm dialog was shown before the status change")
		}
		if st := b.Text("#cert-state"); !strings.Contains(st, "已吊销") || !strings.Contains(st, reason) {
			t.Errorf("#cert-state after revocation = %q, want 已吊销 with the reason", st)
		}
		if f := b.Text(".flash"); !strings.Contains(f, "吊销") {
			t.Errorf("flash after revocation = %q", f)
		}

		// The same QR code now says 已吊销, at once.
		b.NavStatus("open the verify page again", verifyURL, http.StatusOK)
		if v := b.Text("#verdict"); v != "已吊销" {
			t.Errorf("#verdict after revocation = %q, want 已吊销", v)
		}
		if w := b.Text(".warn"); !strings.Contains(w, "不能用于执法") {
			t.Errorf("revoked verify page lacks the warning, .warn = %q", w)
		}

		// A forged QR code: one character of the token changed.
		forged := brTamper(verifyURL)
		b.NavStatus("open a forged verify URL", forged, http.StatusNotFound)
		if v := b.Text("#verdict"); v != "无效" {
			t.Errorf("#verdict for a forged token = %q, want 无效", v)
		}
		if body := b.Text("body"); strings.Contains(body, o.Name) {
			t.Errorf("forged-token page shows the officer's name")
		}

		// A member of the public scans the QR code with a phone: 390×844, no
		// session; the verdict must be on the first screen and the page must
		// not scroll sideways.
		p := b.Anonymous()
		p.Do("phone viewport", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch))
		for _, u := range []string{verifyURL, forged} {
			p.Nav("open the verify page on a phone", u)
			p.Do("verdict visible on a phone", chromedp.WaitVisible(chromedp.ID("verdict")))
			m := webtest.Run(p, "phone layout", chromedp.Evaluate[brLayout](`(() => {
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
		if v := p.Text("#verdict"); v != "无效" {
			t.Errorf("phone, forged token: #verdict = %q", v)
		}

		b.CheckNoExceptions()
		p.CheckNoExceptions()
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
