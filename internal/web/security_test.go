package web_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"zfjd/internal/auth"
	"zfjd/internal/config"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/web"
	"zfjd/internal/web/webtest"
)

func getMetrics(t *testing.T, base, token string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, base+"/metrics", nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func newServer(t *testing.T, db *store.DB, o *config.Options) *web.Server {
	t.Helper()
	s, err := web.New(webtest.Ctx, db, o, slog.New(slog.NewTextHandler(io.Discard, nil)), web.WithClock(webtest.Clock))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// /metrics was open to everyone (request counts by route and status).
// Now: an administrator's API token or the --metrics-token, else 401; with
// --metrics-addr it is served only on that address, and 404 here.
func TestMetricsGuarded(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		e := webtest.StartWith(t, db, webtest.Clock, &config.Options{MetricsToken: "prom-secret-2026"})
		admin, sup := e.Token(auth.RoleAdmin, "", ""), e.Token(auth.RoleSupervisor, "370102", "")
		for _, c := range []struct {
			token string
			want  int
		}{
			{"", http.StatusUnauthorized},
			{"bad-token", http.StatusUnauthorized},
			{sup, http.StatusUnauthorized},
			{"prom-secret-2025", http.StatusUnauthorized},
			{admin, http.StatusOK},
			{"prom-secret-2026", http.StatusOK},
		} {
			status, body := getMetrics(t, e.TS.URL, c.token)
			if status != c.want || (status == http.StatusOK) != strings.Contains(body, "zfjd_http_requests_total") {
				t.Errorf("/metrics with %q: %d, want %d", c.token, status, c.want)
			}
		}

		// A separate metrics address: nothing on the main one.
		s := newServer(t, db, &config.Options{MetricsAddr: "127.0.0.1:0", MetricsToken: "prom-secret-2026"})
		main := httptest.NewServer(s)
		t.Cleanup(main.Close)
		for _, tok := range []string{"", admin, "prom-secret-2026"} {
			if status, _ := getMetrics(t, main.URL, tok); status != http.StatusNotFound {
				t.Errorf("main address with --metrics-addr, token %q: %d, want 404", tok, status)
			}
		}
		side := httptest.NewServer(s.MetricsHandler())
		t.Cleanup(side.Close)
		if status, body := getMetrics(t, side.URL, ""); status != http.StatusOK || !strings.Contains(body, "go_goroutines") {
			t.Errorf("metrics address: %d", status)
		}
	})
}

// Every response carries the security headers; HSTS and the Secure cookie
// come with an https base URL (a TLS proxy in front).
func TestSecurityHeaders(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		testworld.Build(t, db)
		for _, base := range []string{"", "http://zfjd.example", "https://zfjd.example"} {
			e := webtest.StartWith(t, db, webtest.Clock, &config.Options{BaseURL: base})
			b := e.Browser(t)
			tok := e.Token(auth.RoleSupervisor, "370102", "")
			pages := map[string]*webtest.Page{
				"login":          b.Get("/login"),
				"public":         b.Get("/public"),
				"static":         b.Get("/static/app.css"),
				"not found":      b.Get("/no-such-page"),
				"redirect":       b.Get("/agencies"),
				"api":            b.Do(http.MethodGet, "/api/v1/agencies", nil, map[string]string{"Authorization": "Bearer " + tok}),
				"api 401":        b.Get("/api/v1/agencies"),
				"metrics 401":    b.Get("/metrics"),
				"healthz":        b.Get("/healthz"),
				"failed login":   b.Post("/login", url.Values{"username": {"x"}, "password": {"y"}}),
				"cross-site 403": b.Do(http.MethodPost, "/logout", url.Values{}, map[string]string{"Sec-Fetch-Site": "cross-site"}),
			}
			for name, p := range pages {
				h := p.Header
				if h.Get("Content-Security-Policy") != web.CSP || h.Get("X-Content-Type-Options") != "nosniff" ||
					h.Get("Referrer-Policy") != "same-origin" || h.Get("X-Frame-Options") != "DENY" {
					t.Errorf("base %q, %s (%d): headers %v", base, name, p.Status, h)
				}
				if hsts := h.Get("Strict-Transport-Security"); (hsts != "") != (base == "https://zfjd.example") {
					t.Errorf("base %q, %s: HSTS %q", base, name, hsts)
				}
			}
			if !strings.Contains(web.CSP, "default-src 'self'") || !strings.Contains(web.CSP, "frame-ancestors 'none'") {
				t.Errorf("CSP %q", web.CSP)
			}
			// The session and device cookies are Secure exactly when the
			// site is https.
			req, _ := http.NewRequest(http.MethodPost, e.TS.URL+"/login",
				strings.NewReader(url.Values{"username": {"supervisor"}, "password": {testworld.Password}}.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			resp, err := b.Client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusSeeOther || len(resp.Cookies()) < 2 {
				t.Fatalf("login: %d, cookies %v", resp.StatusCode, resp.Cookies())
			}
			for _, c := range resp.Cookies() {
				if c.Secure != (base == "https://zfjd.example") || !c.HttpOnly || c.SameSite == http.SameSiteNoneMode {
					t.Errorf("base %q: cookie %s Secure=%v HttpOnly=%v SameSite=%v", base, c.Name, c.Secure, c.HttpOnly, c.SameSite)
				}
			}
		}
	})
}

// The cross-origin refusal (CSRF) is in Chinese: a page's text, or the
// API's JSON error.
func TestCrossOriginRefusedInChinese(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := webtest.StartWorld(t, db)
		b := w.Login(t, "supervisor")
		b.Site = "cross-site"
		p := b.Post("/agencies/new", webtest.AgencyForm(webtest.USCC(t, "370102", 77)))
		if p.Status != http.StatusForbidden || !strings.Contains(p.Body, "跨站请求已被拒绝") || strings.Contains(p.Body, "cross-origin") {
			t.Errorf("cross-site form: %d %q", p.Status, p.Body)
		}
		p = b.Do(http.MethodPut, "/api/v1/agencies/"+webtest.USCC(t, "370102", 77), nil, map[string]string{"Content-Type": "application/json"})
		if p.Status != http.StatusForbidden || !strings.HasPrefix(p.Header.Get("Content-Type"), "application/json") ||
			!strings.Contains(p.Body, `"code":"forbidden"`) || !strings.Contains(p.Body, "跨站请求已被拒绝") {
			t.Errorf("cross-site API call without a token: %d %s %q", p.Status, p.Header.Get("Content-Type"), p.Body)
		}
	})
}

// /static/ served every file and listed the directory; now files only.
func TestStaticNoListing(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		b := webtest.Start(t, db).Browser(t)
		for path, want := range map[string]int{"/static/": 404, "/static/app.css": 200, "/static/app.js": 200, "/static/nope.css": 404} {
			if p := b.Get(path); p.Status != want || strings.Contains(p.Body, `<a href="app.css">`) {
				t.Errorf("%s: %d, want %d", path, p.Status, want)
			}
		}
	})
}

// An API token is no UI session: with one, pages answer as to an
// anonymous visitor, and it no longer skips the cross-origin check (the
// probe changed an agency's name with Sec-Fetch-Site: cross-site).
func TestBearerTokenIsNotAUISession(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := webtest.StartWorld(t, db)
		e := w.Env
		tok := e.Token(auth.RoleSupervisor, "370102", "")
		ag := webtest.FirstAgency(t, db, "370102")
		bearer := map[string]string{"Authorization": "Bearer " + tok}
		b := e.Browser(t)
		if p := b.Do(http.MethodGet, "/agencies", nil, bearer); p.Status != http.StatusSeeOther || !strings.HasPrefix(p.Location, "/login") {
			t.Errorf("page with a token: %d %s, want the login", p.Status, p.Location)
		}
		before := webtest.Counts(t, db)
		form := webtest.AgencyForm(ag.Code)
		form.Set("name", "viaUI")
		for _, site := range []string{"cross-site", "same-origin"} {
			b.Site = site
			p := b.Do(http.MethodPost, "/agencies/"+ag.Code+"/edit", form, bearer)
			if p.Status == http.StatusOK || p.Status == http.StatusSeeOther && !strings.HasPrefix(p.Location, "/login") {
				t.Errorf("%s form post with a token: %d %s", site, p.Status, p.Location)
			}
		}
		webtest.SameCounts(t, db, before, "form posts with a token")
		if a := webtest.FirstAgency(t, db, "370102"); a.Name == "viaUI" {
			t.Error("the agency was renamed through a page with a token")
		}
		// The token still works where it belongs.
		e.Get("/api/v1/agencies/"+ag.Code, tok, http.StatusOK)
	})
}

// The pages work under the CSP: no inline script anywhere, no inline
// style or event handler unless the page's own policy allows exactly that
// (the exceptions in headers.go), and resources only from the site.
// TestUIDemoSmoke runs this on every page it opens.
func checkCSP(t *testing.T, what string, p *webtest.Page) {
	t.Helper()
	if !strings.HasPrefix(p.Header.Get("Content-Type"), "text/html") {
		return
	}
	policy := p.Header.Get("Content-Security-Policy")
	if !strings.HasPrefix(policy, web.CSP) {
		t.Errorf("%s: CSP %q", what, policy)
		return
	}
	inlineStyle := strings.Contains(policy, "style-src 'self' 'unsafe-inline'")
	p.Doc.Find("script").Each(func(_ int, s *goquery.Selection) {
		if src, ok := s.Attr("src"); !ok || !strings.HasPrefix(src, "/static/") {
			t.Errorf("%s: script %q %q", what, src, s.Text())
		}
	})
	if !inlineStyle && (p.Doc.Find("style").Length() > 0 || p.Doc.Find("[style]").Length() > 0) {
		t.Errorf("%s: inline style under %q", what, policy)
	}
	p.Doc.Find("*").Each(func(_ int, s *goquery.Selection) {
		for _, a := range s.Nodes[0].Attr {
			v := strings.TrimSpace(strings.ToLower(a.Val))
			if strings.HasPrefix(a.Key, "on") {
				sum := sha256.Sum256([]byte(a.Val))
				if !strings.Contains(policy, "'unsafe-hashes'") || !strings.Contains(policy, "sha256-"+base64.StdEncoding.EncodeToString(sum[:])) {
					t.Errorf("%s: handler %s=%q not allowed by %q", what, a.Key, a.Val, policy)
				}
			}
			if (a.Key == "href" || a.Key == "src" || a.Key == "action") && (strings.HasPrefix(v, "javascript:") ||
				strings.HasPrefix(v, "http:") || strings.HasPrefix(v, "https:") || strings.HasPrefix(v, "//")) {
				if !(a.Key == "href" && s.Is("a")) { // links may leave; loads may not
					t.Errorf("%s: %s=%q loads from elsewhere", what, a.Key, a.Val)
				}
			}
			if (a.Key == "src" || a.Key == "href" && s.Is("link")) && strings.HasPrefix(v, "data:") && !s.Is("link[rel=icon]") {
				t.Errorf("%s: %s=%q", what, a.Key, a.Val)
			}
		}
	})
}

// Uploads get longer than the read timeout; other requests do not: a
// declared body that never comes is cut off.
func TestReadTimeoutAndUploads(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		testworld.Build(t, db)
		s := newServer(t, db, &config.Options{})
		ts := httptest.NewUnstartedServer(s)
		ts.Config.ReadTimeout = 300 * time.Millisecond
		ts.Config.ReadHeaderTimeout = 300 * time.Millisecond
		ts.Start()
		t.Cleanup(ts.Close)

		// A POST whose declared body never comes: closed, not held.
		conn, err := net.Dial("tcp", ts.Listener.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		fmt.Fprintf(conn, "POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\nusername=")
		conn.SetReadDeadline(time.Now().Add(10 * time.Second))
		start := time.Now()
		io.ReadAll(conn) // returns when the server closes
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("a request without its body held the connection for %s", d)
		}

		// A signed-in user's slow upload gets the same answer as a fast one.
		cookie := loginCookie(t, ts.URL, "agency_admin")
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		fw, _ := mw.CreateFormFile("file", "officers.csv")
		fw.Write([]byte("cert_no,name\n"))
		mw.Close()
		upload := func(pause time.Duration) (int, string) {
			pr, pw := io.Pipe()
			go func() {
				half := body.Len() / 2
				pw.Write(body.Bytes()[:half])
				time.Sleep(pause)
				pw.Write(body.Bytes()[half:])
				pw.Close()
			}()
			req, _ := http.NewRequest(http.MethodPost, ts.URL+"/officers/import", pr)
			req.ContentLength = int64(body.Len())
			req.Header.Set("Content-Type", mw.FormDataContentType())
			req.Header.Set("Sec-Fetch-Site", "same-origin")
			req.AddCookie(cookie)
			resp, err := (&http.Client{Timeout: 10 * time.Second}).Do(req)
			if err != nil {
				return 0, err.Error()
			}
			defer resp.Body.Close()
			doc, _ := goquery.NewDocumentFromReader(resp.Body)
			return resp.StatusCode, webtest.Text(doc.Find("main"))
		}
		fastStatus, fastPage := upload(0)
		if fastStatus == 0 || fastStatus >= 500 {
			t.Fatalf("fast upload: %d %s", fastStatus, fastPage)
		}
		if status, page := upload(800 * time.Millisecond); status != fastStatus || page != fastPage { // beyond the read timeout
			t.Errorf("slow upload: %d %.200s\nfast upload: %d %.200s", status, page, fastStatus, fastPage)
		}
	})
}

func loginCookie(t *testing.T, base, user string) *http.Cookie {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, base+"/login",
		strings.NewReader(url.Values{"username": {user}, "password": {testworld.Password}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	for _, c := range resp.Cookies() {
		if c.Name == "zfjd_session" {
			return c
		}
	}
	t.Fatalf("login %s: %d, no session cookie", user, resp.StatusCode)
	return nil
}

// pageOK is webtest.PageOK plus checkCSP.
func pageOK(t *testing.T, what string, p *webtest.Page) {
	t.Helper()
	webtest.PageOK(t, what, p)
	checkCSP(t, what, p)
}
