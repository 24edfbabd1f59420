package registryweb_test

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"zfjd/internal/auth"
	"zfjd/internal/config"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/web"
	"zfjd/internal/web/webtest"
)

// A certificate's verify link and QR code come from the configured base
// URL (--base-url), never from the request's Host header (security review
// L9): a forged Host changes nothing, on the API, the officer page and
// the QR image.
func TestVerifyURLIgnoresHost(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := testworld.Build(t, db)
		const base = "http://zfjd.example.gov.cn" // http: the test browser keeps a Secure cookie off plain HTTP
		e := webtest.StartWith(t, db, webtest.Clock, &config.Options{BaseURL: base})
		tok := e.Token(auth.RoleSupervisor, testworld.Region, "")
		send := func(path string, hdr map[string]string) (int, []byte) {
			req, _ := http.NewRequest(http.MethodGet, e.TS.URL+path, nil)
			req.Host = "evil.example"
			req.Header.Set("X-Forwarded-Host", "evil2.example")
			req.Header.Set("X-Forwarded-Proto", "http")
			for k, v := range hdr {
				req.Header.Set(k, v)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			return resp.StatusCode, b
		}
		status, body := send("/api/v1/officers/"+testworld.CertA, map[string]string{"Authorization": "Bearer " + tok})
		var o struct {
			VerifyURL string `json:"verify_url"`
		}
		if err := json.Unmarshal(body, &o); status != http.StatusOK || err != nil {
			t.Fatalf("GET officer with a forged Host: %d %s", status, body)
		}
		if !strings.HasPrefix(o.VerifyURL, base+"/verify/") {
			t.Errorf("verify_url = %q with Host evil.example, want %s/verify/…", o.VerifyURL, base)
		}
		status, body = send("/api/v1/officers?page_size=100", map[string]string{"Authorization": "Bearer " + tok})
		if status != http.StatusOK || strings.Contains(string(body), "evil") || !strings.Contains(string(body), base+"/verify/") {
			t.Errorf("officer list with a forged Host: %d, links %s", status, body)
		}

		// The officer page, signed in: the link shown is the base URL's.
		b := e.Browser(t)
		b.Login("supervisor", testworld.Password)
		// (The client files cookies under req.Host: the session's are added by hand.)
		site, _ := url.Parse(e.TS.URL)
		forged := func(req *http.Request, host string) *http.Request {
			if host != "" {
				req.Host = host
			}
			for _, c := range b.Client.Jar.Cookies(site) {
				req.AddCookie(c)
			}
			return req
		}
		req, _ := http.NewRequest(http.MethodGet, e.TS.URL+"/officers/"+testworld.CertA, nil)
		p := b.Send(forged(req, "evil.example"))
		if p.Status != http.StatusOK {
			t.Fatalf("officer page with a forged Host: %d %s", p.Status, p.Location)
		}
		if strings.Contains(p.Body, "evil.example") || !strings.Contains(p.Body, base+"/verify/") {
			t.Errorf("officer page with a forged Host does not link to %s/verify/…", base)
		}
		// The QR image encodes the same address whatever the Host.
		qr := func(host string) string {
			req, _ := http.NewRequest(http.MethodGet, e.TS.URL+"/officers/"+testworld.CertA+"/qr.png", nil)
			p := b.Send(forged(req, host))
			if p.Status != http.StatusOK {
				t.Fatalf("QR with Host %q: %d", host, p.Status)
			}
			return p.Body
		}
		if qr("evil.example") != qr("") {
			t.Error("the QR image changes with the Host header")
		}
		_ = w

		// A server built without a base URL (zfjd serve refuses to start
		// so; a library caller might) still ignores the Host: the link is
		// relative to the site.
		bare, err := web.New(webtest.Ctx, db, &config.Options{}, slog.New(slog.NewTextHandler(io.Discard, nil)), web.WithClock(webtest.Clock))
		if err != nil {
			t.Fatal(err)
		}
		ts := httptest.NewServer(bare)
		defer ts.Close()
		req, _ = http.NewRequest(http.MethodGet, ts.URL+"/api/v1/officers/"+testworld.CertA, nil)
		req.Host = "evil.example"
		req.Header.Set("Authorization", "Bearer "+tok)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		o.VerifyURL = ""
		if err := json.NewDecoder(resp.Body).Decode(&o); err != nil || !strings.HasPrefix(o.VerifyURL, "/verify/") {
			t.Errorf("without a base URL, Host evil.example: verify_url %q (%v), want /verify/…", o.VerifyURL, err)
		}
	})
}
