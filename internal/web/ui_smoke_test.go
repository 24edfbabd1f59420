package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/demo"
	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/web/webtest"
)

func TestUIListPages(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := webtest.ListWorld(t, db)
		e := w.Env
		for _, who := range []struct {
			user   string
			p      *auth.Principal
			region string
		}{
			{"admin", &auth.Principal{Role: auth.RoleAdmin, Region: "370000"}, "370000"},
			{"supervisor", &auth.Principal{Role: auth.RoleSupervisor, Region: "370102"}, "370102"},
		} {
			t.Run(who.user, func(t *testing.T) {
				b := w.Login(t, who.user)

				af := &registry.AgencyFilter{}
				if _, err := registry.ListAgencies(webtest.Ctx, db, who.p, af); err != nil {
					t.Fatal(err)
				}
				of := &registry.OfficerFilter{}
				if _, err := registry.ListOfficers(webtest.Ctx, db, who.p, of); err != nil {
					t.Fatal(err)
				}
				mf := &registry.MatterFilter{}
				if _, err := registry.ListMatters(webtest.Ctx, db, who.p, mf); err != nil {
					t.Fatal(err)
				}
				for _, c := range []struct {
					path  string
					total int
				}{
					{"/agencies", af.Total},
					{"/officers", of.Total},
					{"/matters", mf.Total},
				} {
					p := b.Get(c.path)
					if p.Status != http.StatusOK {
						t.Fatalf("%s: %d", c.path, p.Status)
					}
					rows := p.Doc.Find("table tbody tr").Length()
					if c.total == 0 || rows != min(c.total, 20) {
						t.Errorf("%s: %d rows, want %d of %d", c.path, rows, min(c.total, 20), c.total)
					}
					if pager := webtest.Text(p.Doc.Find("nav.pager span")); !strings.Contains(pager, "共 "+strconv.Itoa(c.total)+" 条") {
						t.Errorf("%s: pager %q, want total %d", c.path, pager, c.total)
					}
					// Every linked object opens.
					href, ok := p.Doc.Find("table tbody tr a").First().Attr("href")
					if !ok {
						t.Errorf("%s: no links in rows", c.path)
						continue
					}
					if d := b.Get(href); d.Status != http.StatusOK {
						t.Errorf("%s → %s: %d", c.path, href, d.Status)
					}
				}
				// The officers of a county supervisor are all in the county.
				if who.region == "370102" {
					p := b.Get("/officers?size=200")
					links := p.Doc.Find("table tbody tr td:first-child a")
					if links.Length() != min(of.Total, 200) {
						t.Errorf("county officers: %d links, want %d", links.Length(), min(of.Total, 200))
					}
					links.Each(func(_ int, s *goquery.Selection) {
						o, err := registry.GetOfficer(webtest.Ctx, db, webtest.AdminPrincipal, strings.TrimSpace(s.Text()))
						if err != nil || o.RegionCode != "370102" {
							t.Errorf("county list shows %s (%v)", s.Text(), err)
						}
					})
				}
				for _, path := range []string{"/", "/regions", "/officers?state=expired", "/matters?kind=penalty", "/agencies?kind=supervision",
					"/agencies/new", "/officers/new", "/matters/new", "/audit", "/integration"} {
					if p := b.Get(path); p.Status != http.StatusOK {
						t.Errorf("%s: %d\n%s", path, p.Status, webtest.Text(p.Doc.Find(".error-box")))
					}
				}
				if p := b.Get("/regions"); p.Doc.Find("table tbody tr").Length() == 0 {
					t.Error("/regions: no rows")
				}
				if p := b.Get("/audit"); p.Doc.Find("table tbody tr").Length() == 0 && who.user == "admin" {
					t.Error("/audit: no rows")
				}
				wantAccounts := http.StatusOK
				if who.user != "admin" {
					wantAccounts = http.StatusForbidden
				}
				if p := b.Get("/accounts"); p.Status != wantAccounts {
					t.Errorf("/accounts: %d, want %d", p.Status, wantAccounts)
				}
			})
		}

		// The public pages need no login.
		anon := e.Browser(t)
		for _, path := range []string{"/public/agencies", "/public/officers", "/public/matters"} {
			p := anon.Get(path)
			if p.Status != http.StatusOK || p.Doc.Find("table tbody tr").Length() == 0 {
				t.Errorf("%s: %d, %d rows", path, p.Status, p.Doc.Find("table tbody tr").Length())
			}
		}
		if p := anon.Get("/public"); p.Status != http.StatusOK {
			t.Errorf("/public: %d", p.Status)
		}
	})
}

func TestUICrossOriginPostRefused(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := webtest.StartWorld(t, db)
		b := w.Login(t, "supervisor")
		code := webtest.USCC(t, "370102", 4242)
		before := webtest.Counts(t, db)

		b.Site = "cross-site"
		if p := b.Post("/agencies/new", webtest.AgencyForm(code)); p.Status != http.StatusForbidden {
			t.Errorf("cross-site POST: %d, want 403", p.Status)
		}
		b.Site = "same-site" // a sibling subdomain is not this origin either
		if p := b.Post("/agencies/new", webtest.AgencyForm(code)); p.Status != http.StatusForbidden {
			t.Errorf("same-site POST: %d, want 403", p.Status)
		}
		b.Site = ""
		if p := b.Do(http.MethodPost, "/agencies/new", webtest.AgencyForm(code), map[string]string{"Origin": "https://evil.example"}); p.Status != http.StatusForbidden {
			t.Errorf("POST with a foreign Origin: %d, want 403", p.Status)
		}
		b.Site = "cross-site"
		if p := b.Post("/logout", url.Values{}); p.Status != http.StatusForbidden {
			t.Errorf("cross-site logout: %d, want 403", p.Status)
		}
		webtest.SameCounts(t, db, before, "cross-origin POSTs")

		// The same form from the page itself works.
		b.Site = "same-origin"
		p := b.Post("/agencies/new", webtest.AgencyForm(code))
		if p.Status != http.StatusSeeOther || p.Location != "/agencies/"+code {
			t.Fatalf("same-origin POST: %d %s\n%s", p.Status, p.Location, webtest.Text(p.Doc.Find(".error-box")))
		}
		if after := webtest.Counts(t, db); after["agencies"] != before["agencies"]+1 || after["audit_log"] != before["audit_log"]+1 {
			t.Errorf("same-origin POST: counts %v → %v", before, after)
		}
		if show := b.Get(p.Location); show.Status != http.StatusOK || !strings.Contains(show.Body, "济南市历下区测试执法局") ||
			!strings.Contains(webtest.Text(show.Doc.Find(".flash")), "已新增") {
			t.Errorf("new agency page: %d, flash %q", show.Status, webtest.Text(show.Doc.Find(".flash")))
		}
		// Reads are never blocked, whatever the site.
		b.Site = "cross-site"
		if p := b.Get("/agencies/" + code); p.Status != http.StatusOK {
			t.Errorf("cross-site GET: %d", p.Status)
		}
	})
}

// TestUISessionIsNotAnAPIToken: the API takes bearer tokens only; a signed-in
// browser session neither reads nor writes through it.
func TestUISessionIsNotAnAPIToken(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := webtest.StartWorld(t, db)
		e := w.Env
		webtest.AddAdmin(t, db)
		b := w.Login(t, "admin")
		ag := webtest.FirstAgency(t, db, "370102")
		before := webtest.Counts(t, db)
		for _, c := range []struct {
			method, path string
			body         string
		}{
			{http.MethodGet, "/api/v1/agencies", ""},
			{http.MethodGet, "/api/v1/agencies/" + ag.Code, ""},
			{http.MethodPut, "/api/v1/agencies/" + ag.Code, `{"name":"改名","kind":"enforcement","region_code":"370102"}`},
		} {
			req, _ := http.NewRequest(c.method, e.TS.URL+c.path, strings.NewReader(c.body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Sec-Fetch-Site", "same-origin")
			resp, err := b.Client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusUnauthorized || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
				t.Errorf("%s %s with a session cookie: %d %s, want 401 JSON", c.method, c.path, resp.StatusCode, resp.Header.Get("Content-Type"))
			}
		}
		webtest.SameCounts(t, db, before, "API calls with a session cookie")
		// The session itself still works for the pages.
		if p := b.Get("/agencies/" + ag.Code); p.Status != http.StatusOK {
			t.Errorf("page after API calls: %d", p.Status)
		}
	})
}

// TestUIDemoSmoke is the one test on the demo (zfjd demo): it loads it on
// a pinned day and signs in as each demo account, walks the navigation,
// opens the first case of the list with its documents where the role reads
// cases, and checks that the public pages show the demo's decisions. It
// checks the demo still loads and serves, and that every page it opens
// works under its Content-Security-Policy (checkCSP); what the pages do is
// tested on the fixture world.
func TestUIDemoSmoke(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		day := clock.Pinned(testworld.Today)
		sum, err := demo.Load(clock.With(context.Background(), day), db)
		if err != nil {
			t.Fatalf("demo.Load: %v", err)
		}
		if len(sum.Logins) < 9 || sum.Cases == 0 || sum.Published == 0 {
			t.Fatalf("demo summary: %d logins, %d cases, %d published", len(sum.Logins), sum.Cases, sum.Published)
		}
		e := webtest.StartOn(t, db, day)
		for _, l := range sum.Logins {
			t.Run(l.Username, func(t *testing.T) {
				b := e.Browser(t)
				b.Login(l.Username, l.Password)
				home := b.Get("/")
				pageOK(t, "/", home)
				var links []string
				home.Doc.Find("#nav a[href]").Each(func(_ int, s *goquery.Selection) { links = append(links, s.AttrOr("href", "")) })
				if min := 10; len(links) < min && !(l.Username == "zhuanjia" && len(links) == 2) { // the outside expert: 工作台 and 案卷评查 only
					t.Fatalf("navigation has %d links", len(links))
				}
				for _, href := range links {
					p := b.Get(href)
					pageOK(t, href, p)
					// The first row of a list opens too.
					if first, ok := p.Doc.Find("main table tbody tr a[href^='/']").First().Attr("href"); ok && !strings.Contains(first, ".xlsx") {
						pageOK(t, href+" → "+first, b.Get(first))
					}
				}
				cs := b.Get("/cases")
				pageOK(t, "/cases", cs)
				first, ok := cs.Doc.Find("#case-table tbody tr a[href^='/cases/']").First().Attr("href")
				if l.Role == auth.RoleSocial.Label() || l.Role == auth.RoleExpert.Label() {
					if ok { // an outside expert reads its assigned files through 案卷评查, never the case list
						t.Errorf("%s lists case %s", l.Role, first)
					}
					return
				}
				if !ok {
					t.Fatalf("%s (%s) lists no case", l.Username, l.Role)
				}
				p := b.Get(first)
				pageOK(t, first, p)
				p.Doc.Find("#docs a[href]").Each(func(_ int, s *goquery.Selection) {
					pageOK(t, s.AttrOr("href", ""), b.Get(s.AttrOr("href", "")))
				})
				pageOK(t, first+"/docs", b.Get(first+"/docs"))
			})
		}
		anon := e.Browser(t)
		for _, path := range []string{"/public", "/public/agencies", "/public/officers", "/public/matters", "/public/decisions"} {
			p := anon.Get(path)
			pageOK(t, path, p)
			if path != "/public" && p.Doc.Find("table tbody tr").Length() == 0 {
				t.Errorf("%s: no rows", path)
			}
		}
		p := anon.Get("/public/decisions")
		if href, ok := p.Doc.Find("table.public-decisions tbody tr a[href]").First().Attr("href"); !ok {
			t.Error("no decision links on /public/decisions")
		} else {
			pageOK(t, href, anon.Get(href))
		}
	})
}
