package web_test

import (
	"context"
	"fmt"
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
)

// uiWorld is the fixture world with what the list and scope tests read:
// the administrator's login, the other matters, and enough officers of
// the agency that the lists page.
func uiWorld(t *testing.T, db *store.DB) *fwWorld {
	t.Helper()
	w := fwStart(t, db)
	fwAdmin(t, db)
	w.fwMatters(t)
	for i := range 22 {
		w.fwOfficer(t, registry.Officer{CertNo: fmt.Sprintf("370102001%02d", i), Name: fmt.Sprintf("执法员%02d", i)})
	}
	return w
}

var uiAdmin = &auth.Principal{Name: "测试", Role: auth.RoleAdmin}

// uiFirstOfficer returns an officer of an agency in region.
func uiFirstOfficer(t *testing.T, db *store.DB, region string) *registry.Officer {
	t.Helper()
	list, err := registry.ListOfficers(thCtx, db, uiAdmin, &registry.OfficerFilter{Region: region, Page: registry.Page{Size: 1}})
	if err != nil || len(list) == 0 {
		t.Fatalf("no officer in %s: %v", region, err)
	}
	return list[0]
}

func uiFirstAgency(t *testing.T, db *store.DB, region string) *registry.Agency {
	t.Helper()
	list, err := registry.ListAgencies(thCtx, db, uiAdmin, &registry.AgencyFilter{Region: region, Kind: "enforcement", Page: registry.Page{Size: 1}})
	if err != nil || len(list) == 0 {
		t.Fatalf("no agency in %s: %v", region, err)
	}
	return list[0]
}

func uiFirstMatter(t *testing.T, db *store.DB, region string) *registry.Matter {
	t.Helper()
	f := &registry.MatterFilter{Region: region, Page: registry.Page{Size: 200}}
	list, err := registry.ListMatters(thCtx, db, uiAdmin, f)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range list {
		if m.RegionCode == region {
			return m
		}
	}
	t.Fatalf("no matter in %s", region)
	return nil
}

func TestUILoginAndLockout(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		e := thStart(t, db)
		const pw = "Zfjd@Test2026"
		if _, err := auth.CreateAccount(thCtx, db.W, auth.NewAccount{Username: "lixia_test", DisplayName: "历下区测试员", Password: pw,
			Role: auth.RoleSupervisor, Region: "370102"}); err != nil {
			t.Fatal(err)
		}

		// Anonymous: pages send to the login form.
		b := e.browser(t)
		if p := b.get("/agencies"); p.Status != http.StatusSeeOther || !strings.HasPrefix(p.Location, "/login?next=") {
			t.Errorf("anonymous /agencies: %d %s", p.Status, p.Location)
		}
		if p := b.get("/login"); p.Status != http.StatusOK || p.Doc.Find(`form[action="/login"] input[name=password]`).Length() != 1 {
			t.Errorf("login form: %d", p.Status)
		}

		// Sign in, see the home page with the name, sign out.
		b.login("lixia_test", pw)
		if p := b.get("/"); p.Status != http.StatusOK || !strings.Contains(p.Body, "历下区测试员") {
			t.Errorf("home after login: %d", p.Status)
		}
		if p := b.post("/logout", url.Values{}); p.Status != http.StatusSeeOther || p.Location != "/login" {
			t.Errorf("logout: %d %s", p.Status, p.Location)
		}
		if p := b.get("/"); p.Status != http.StatusSeeOther {
			t.Errorf("home after logout: %d", p.Status)
		}

		// The next parameter brings the user back, but never off the site.
		b2 := e.browser(t)
		if p := b2.post("/login", url.Values{"username": {"lixia_test"}, "password": {pw}, "next": {"/officers?state=valid"}}); p.Location != "/officers?state=valid" {
			t.Errorf("next: %s", p.Location)
		}
		b3 := e.browser(t)
		if p := b3.post("/login", url.Values{"username": {"lixia_test"}, "password": {pw}, "next": {"//evil.example/x"}}); p.Location != "/" {
			t.Errorf("off-site next: %s", p.Location)
		}

		// Unknown user and wrong password read the same.
		b = e.browser(t)
		unknown := b.post("/login", url.Values{"username": {"nobody"}, "password": {pw}})
		if unknown.Status != http.StatusUnauthorized || thText(unknown.Doc.Find(".error-box")) != "用户名或密码错误" {
			t.Errorf("unknown user: %d %q", unknown.Status, thText(unknown.Doc.Find(".error-box")))
		}
		for i := 1; i <= auth.MaxFailedLogins; i++ {
			p := b.post("/login", url.Values{"username": {"lixia_test"}, "password": {"wrong-" + strconv.Itoa(i)}})
			msg := thText(p.Doc.Find(".error-box"))
			if p.Status != http.StatusUnauthorized {
				t.Fatalf("bad password %d: status %d", i, p.Status)
			}
			if i < auth.MaxFailedLogins && msg != "用户名或密码错误" {
				t.Errorf("bad password %d: %q", i, msg)
			}
			if i == auth.MaxFailedLogins && (!strings.Contains(msg, "登录失败次数过多") || !strings.Contains(msg, "账号已锁定")) {
				t.Errorf("bad password %d: %q, want the lock-out message", i, msg)
			}
			if v := p.Doc.Find(`input[name=username]`).AttrOr("value", ""); v != "lixia_test" {
				t.Errorf("username not kept in the form: %q", v)
			}
		}
		// Locked: even the right password is refused, with the lock message.
		p := b.post("/login", url.Values{"username": {"lixia_test"}, "password": {pw}})
		if msg := thText(p.Doc.Find(".error-box")); p.Status != http.StatusUnauthorized || !strings.Contains(msg, "账号已锁定") || !strings.Contains(msg, "分钟") {
			t.Errorf("locked account, right password: %d %q", p.Status, msg)
		}
		if p := b.get("/"); p.Status != http.StatusSeeOther {
			t.Errorf("locked account got a session: %d", p.Status)
		}
	})
}

func TestUIListPages(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := uiWorld(t, db)
		e := w.e
		for _, who := range []struct {
			user   string
			p      *auth.Principal
			region string
		}{
			{"admin", &auth.Principal{Role: auth.RoleAdmin, Region: "370000"}, "370000"},
			{"supervisor", &auth.Principal{Role: auth.RoleSupervisor, Region: "370102"}, "370102"},
		} {
			t.Run(who.user, func(t *testing.T) {
				b := w.login(t, who.user)

				af := &registry.AgencyFilter{}
				if _, err := registry.ListAgencies(thCtx, db, who.p, af); err != nil {
					t.Fatal(err)
				}
				of := &registry.OfficerFilter{}
				if _, err := registry.ListOfficers(thCtx, db, who.p, of); err != nil {
					t.Fatal(err)
				}
				mf := &registry.MatterFilter{}
				if _, err := registry.ListMatters(thCtx, db, who.p, mf); err != nil {
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
					p := b.get(c.path)
					if p.Status != http.StatusOK {
						t.Fatalf("%s: %d", c.path, p.Status)
					}
					rows := p.Doc.Find("table tbody tr").Length()
					if c.total == 0 || rows != min(c.total, 20) {
						t.Errorf("%s: %d rows, want %d of %d", c.path, rows, min(c.total, 20), c.total)
					}
					if pager := thText(p.Doc.Find("nav.pager span")); !strings.Contains(pager, "共 "+strconv.Itoa(c.total)+" 条") {
						t.Errorf("%s: pager %q, want total %d", c.path, pager, c.total)
					}
					// Every linked object opens.
					href, ok := p.Doc.Find("table tbody tr a").First().Attr("href")
					if !ok {
						t.Errorf("%s: no links in rows", c.path)
						continue
					}
					if d := b.get(href); d.Status != http.StatusOK {
						t.Errorf("%s → %s: %d", c.path, href, d.Status)
					}
				}
				// The officers of a county supervisor are all in the county.
				if who.region == "370102" {
					p := b.get("/officers?size=200")
					links := p.Doc.Find("table tbody tr td:first-child a")
					if links.Length() != min(of.Total, 200) {
						t.Errorf("county officers: %d links, want %d", links.Length(), min(of.Total, 200))
					}
					links.Each(func(_ int, s *goquery.Selection) {
						o, err := registry.GetOfficer(thCtx, db, uiAdmin, strings.TrimSpace(s.Text()))
						if err != nil || o.RegionCode != "370102" {
							t.Errorf("county list shows %s (%v)", s.Text(), err)
						}
					})
				}
				for _, path := range []string{"/", "/regions", "/officers?state=expired", "/matters?kind=penalty", "/agencies?kind=supervision",
					"/agencies/new", "/officers/new", "/matters/new", "/audit", "/integration"} {
					if p := b.get(path); p.Status != http.StatusOK {
						t.Errorf("%s: %d\n%s", path, p.Status, thText(p.Doc.Find(".error-box")))
					}
				}
				if p := b.get("/regions"); p.Doc.Find("table tbody tr").Length() == 0 {
					t.Error("/regions: no rows")
				}
				if p := b.get("/audit"); p.Doc.Find("table tbody tr").Length() == 0 && who.user == "admin" {
					t.Error("/audit: no rows")
				}
				wantAccounts := http.StatusOK
				if who.user != "admin" {
					wantAccounts = http.StatusForbidden
				}
				if p := b.get("/accounts"); p.Status != wantAccounts {
					t.Errorf("/accounts: %d, want %d", p.Status, wantAccounts)
				}
			})
		}

		// The public pages need no login.
		anon := e.browser(t)
		for _, path := range []string{"/public/agencies", "/public/officers", "/public/matters"} {
			p := anon.get(path)
			if p.Status != http.StatusOK || p.Doc.Find("table tbody tr").Length() == 0 {
				t.Errorf("%s: %d, %d rows", path, p.Status, p.Doc.Find("table tbody tr").Length())
			}
		}
		if p := anon.get("/public"); p.Status != http.StatusOK {
			t.Errorf("/public: %d", p.Status)
		}
	})
}

func TestUICountyOutOfScopeIs404(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := uiWorld(t, db)
		b := w.login(t, "supervisor") // 历下区司法局监督科, 370102

		other, own := uiFirstOfficer(t, db, "370103"), uiFirstOfficer(t, db, "370102")
		otherAg, ownAg := uiFirstAgency(t, db, "370103"), uiFirstAgency(t, db, "370102")
		otherM := uiFirstMatter(t, db, "370103")
		for _, path := range []string{"/officers/" + own.CertNo, "/agencies/" + ownAg.Code, "/officers/" + own.CertNo + "/qr.png"} {
			if p := b.get(path); p.Status != http.StatusOK {
				t.Errorf("own county %s: %d", path, p.Status)
			}
		}
		for _, path := range []string{
			"/officers/" + other.CertNo, "/agencies/" + otherAg.Code, "/matters/" + otherM.Code,
			"/officers/" + other.CertNo + "/edit", "/agencies/" + otherAg.Code + "/edit", "/matters/" + otherM.Code + "/edit",
			"/officers/" + other.CertNo + "/qr.png",
		} {
			p := b.get(path)
			if p.Status != http.StatusNotFound {
				t.Errorf("other county %s: %d, want 404", path, p.Status)
			}
			if strings.Contains(p.Body, other.Name) || strings.Contains(p.Body, otherAg.Name) {
				t.Errorf("other county %s: the 404 page shows the object", path)
			}
		}
		// Writes to another county's objects: 404 as well, and nothing written.
		before := thCounts(t, db)
		for _, c := range []struct {
			path string
			form url.Values
		}{
			{"/officers/" + other.CertNo + "/status", url.Values{"cert_status": {"revoked"}, "reason": {"测试"}}},
			{"/officers/" + other.CertNo + "/years", url.Values{"year": {"2024"}, "training_hours": {"40"}, "review_result": {"pass"}}},
			{"/officers/" + other.CertNo + "/edit", url.Values{"name": {"改名"}, "agency_code": {other.AgencyCode},
				"cert_valid_from": {other.CertValidFrom}, "cert_valid_to": {other.CertValidTo}}},
			{"/agencies/" + otherAg.Code + "/edit", url.Values{"name": {"改名"}, "kind": {"enforcement"}, "region_code": {"370103"}}},
		} {
			if p := b.post(c.path, c.form); p.Status != http.StatusNotFound {
				t.Errorf("POST %s: %d, want 404", c.path, p.Status)
			}
		}
		thSameCounts(t, db, before, "out-of-scope form posts")
		if o, _ := registry.GetOfficer(thCtx, db, uiAdmin, other.CertNo); o.CertStatus != other.CertStatus || o.Name != other.Name {
			t.Errorf("officer of 370103 changed: %+v", o)
		}
	})
}

// uiAgencyForm is a valid 新增机关 form in 370102.
func uiAgencyForm(code string) url.Values {
	return url.Values{"code": {code}, "name": {"济南市历下区测试执法局"}, "kind": {"enforcement"}, "subject_type": {"statutory"},
		"region_code": {"370102"}, "domain": {"市场监管"}, "status": {"active"}, "publicity_days": {"7"}}
}

func TestUICrossOriginPostRefused(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := fwStart(t, db)
		b := w.login(t, "supervisor")
		code := thUSCC(t, "370102", 4242)
		before := thCounts(t, db)

		b.site = "cross-site"
		if p := b.post("/agencies/new", uiAgencyForm(code)); p.Status != http.StatusForbidden {
			t.Errorf("cross-site POST: %d, want 403", p.Status)
		}
		b.site = "same-site" // a sibling subdomain is not this origin either
		if p := b.post("/agencies/new", uiAgencyForm(code)); p.Status != http.StatusForbidden {
			t.Errorf("same-site POST: %d, want 403", p.Status)
		}
		b.site = ""
		if p := b.do(http.MethodPost, "/agencies/new", uiAgencyForm(code), map[string]string{"Origin": "https://evil.example"}); p.Status != http.StatusForbidden {
			t.Errorf("POST with a foreign Origin: %d, want 403", p.Status)
		}
		b.site = "cross-site"
		if p := b.post("/logout", url.Values{}); p.Status != http.StatusForbidden {
			t.Errorf("cross-site logout: %d, want 403", p.Status)
		}
		thSameCounts(t, db, before, "cross-origin POSTs")

		// The same form from the page itself works.
		b.site = "same-origin"
		p := b.post("/agencies/new", uiAgencyForm(code))
		if p.Status != http.StatusSeeOther || p.Location != "/agencies/"+code {
			t.Fatalf("same-origin POST: %d %s\n%s", p.Status, p.Location, thText(p.Doc.Find(".error-box")))
		}
		if after := thCounts(t, db); after["agencies"] != before["agencies"]+1 || after["audit_log"] != before["audit_log"]+1 {
			t.Errorf("same-origin POST: counts %v → %v", before, after)
		}
		if show := b.get(p.Location); show.Status != http.StatusOK || !strings.Contains(show.Body, "济南市历下区测试执法局") ||
			!strings.Contains(thText(show.Doc.Find(".flash")), "已新增") {
			t.Errorf("new agency page: %d, flash %q", show.Status, thText(show.Doc.Find(".flash")))
		}
		// Reads are never blocked, whatever the site.
		b.site = "cross-site"
		if p := b.get("/agencies/" + code); p.Status != http.StatusOK {
			t.Errorf("cross-site GET: %d", p.Status)
		}
	})
}

func TestUIFormInvalidInputRerenders(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := fwStart(t, db)
		b := w.login(t, "supervisor")
		before := thCounts(t, db)

		bad := thBadCheck(thUSCC(t, "370102", 4343))
		p := b.post("/agencies/new", uiAgencyForm(bad))
		if p.Status != http.StatusBadRequest {
			t.Fatalf("invalid USCC: %d, want 400", p.Status)
		}
		codeErr := thText(p.Doc.Find(`input[name=code]`).Parent().Find(".field-error"))
		if codeErr != "统一社会信用代码校验位错误" {
			t.Errorf("code field message %q", codeErr)
		}
		if v := p.Doc.Find(`input[name=name]`).AttrOr("value", ""); v != "济南市历下区测试执法局" {
			t.Errorf("entered name not kept: %q", v)
		}
		if v := p.Doc.Find(`input[name=code]`).AttrOr("value", ""); v != bad {
			t.Errorf("entered code not kept: %q", v)
		}
		if msg := thText(p.Doc.Find(".error-box")); !strings.Contains(msg, "提交的数据有误") {
			t.Errorf("form message %q", msg)
		}

		// Several problems at once, each at its field.
		f := uiAgencyForm(thUSCC(t, "370102", 4344))
		f.Set("region_code", "379999")
		f.Set("announced_on", "2024-02-30")
		f.Set("name", "")
		p = b.post("/agencies/new", f)
		for field, want := range map[string]string{"region_code": "不在GB/T 2260区划表中", "announced_on": "YYYY-MM-DD", "name": "请填写"} {
			if msg := thText(p.Doc.Find(`input[name=` + field + `]`).Parent().Find(".field-error")); p.Status != http.StatusBadRequest || !strings.Contains(msg, want) {
				t.Errorf("%s: %d %q, want %q", field, p.Status, msg, want)
			}
		}

		// Officer form: an invalid 身份证号 is named at its field.
		ag := uiFirstAgency(t, db, "370102")
		p = b.post("/officers/new", url.Values{"cert_no": {"LX-TEST-01"}, "name": {"测试员"}, "agency_code": {ag.Code},
			"id_number": {"110105195001010014"}, "cert_valid_from": {"2024-01-01"}, "cert_valid_to": {"2028-12-31"}})
		if msg := thText(p.Doc.Find(`input[name=id_number]`).Parent().Find(".field-error")); p.Status != http.StatusBadRequest || !strings.Contains(msg, "身份证") {
			t.Errorf("officer id_number: %d %q", p.Status, msg)
		}
		thSameCounts(t, db, before, "invalid forms")
	})
}

// TestUISessionIsNotAnAPIToken: the API takes bearer tokens only; a signed-in
// browser session neither reads nor writes through it.
func TestUISessionIsNotAnAPIToken(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := fwStart(t, db)
		e := w.e
		fwAdmin(t, db)
		b := w.login(t, "admin")
		ag := uiFirstAgency(t, db, "370102")
		before := thCounts(t, db)
		for _, c := range []struct {
			method, path string
			body         string
		}{
			{http.MethodGet, "/api/v1/agencies", ""},
			{http.MethodGet, "/api/v1/agencies/" + ag.Code, ""},
			{http.MethodPut, "/api/v1/agencies/" + ag.Code, `{"name":"改名","kind":"enforcement","region_code":"370102"}`},
		} {
			req, _ := http.NewRequest(c.method, e.ts.URL+c.path, strings.NewReader(c.body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Sec-Fetch-Site", "same-origin")
			resp, err := b.c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusUnauthorized || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
				t.Errorf("%s %s with a session cookie: %d %s, want 401 JSON", c.method, c.path, resp.StatusCode, resp.Header.Get("Content-Type"))
			}
		}
		thSameCounts(t, db, before, "API calls with a session cookie")
		// The session itself still works for the pages.
		if p := b.get("/agencies/" + ag.Code); p.Status != http.StatusOK {
			t.Errorf("page after API calls: %d", p.Status)
		}
	})
}

// TestUIDemoSmoke is the one test on the demo (zfjd demo): it loads it on
// a pinned day and signs in as each demo account, walks the navigation,
// opens the first case of the list with its documents where the role reads
// cases, and checks that the public pages show the demo's decisions. It
// checks the demo still loads and serves; what the pages do is tested on
// the fixture world.
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
		e := thStartOn(t, db, day)
		for _, l := range sum.Logins {
			t.Run(l.Username, func(t *testing.T) {
				b := e.browser(t)
				b.login(l.Username, l.Password)
				home := b.get("/")
				fwPageOK(t, "/", home)
				var links []string
				home.Doc.Find("#nav a[href]").Each(func(_ int, s *goquery.Selection) { links = append(links, s.AttrOr("href", "")) })
				if len(links) < 10 {
					t.Fatalf("navigation has %d links", len(links))
				}
				for _, href := range links {
					p := b.get(href)
					fwPageOK(t, href, p)
					// The first row of a list opens too.
					if first, ok := p.Doc.Find("main table tbody tr a[href^='/']").First().Attr("href"); ok && !strings.Contains(first, ".xlsx") {
						fwPageOK(t, href+" → "+first, b.get(first))
					}
				}
				cs := b.get("/cases")
				fwPageOK(t, "/cases", cs)
				first, ok := cs.Doc.Find("#case-table tbody tr a[href^='/cases/']").First().Attr("href")
				if l.Role == auth.RoleSocial.Label() {
					if ok {
						t.Errorf("a social supervisor lists case %s", first)
					}
					return
				}
				if !ok {
					t.Fatalf("%s (%s) lists no case", l.Username, l.Role)
				}
				p := b.get(first)
				fwPageOK(t, first, p)
				p.Doc.Find("#docs a[href]").Each(func(_ int, s *goquery.Selection) {
					fwPageOK(t, s.AttrOr("href", ""), b.get(s.AttrOr("href", "")))
				})
				fwPageOK(t, first+"/docs", b.get(first+"/docs"))
			})
		}
		anon := e.browser(t)
		for _, path := range []string{"/public", "/public/agencies", "/public/officers", "/public/matters", "/public/decisions"} {
			p := anon.get(path)
			fwPageOK(t, path, p)
			if path != "/public" && p.Doc.Find("table tbody tr").Length() == 0 {
				t.Errorf("%s: no rows", path)
			}
		}
		p := anon.get("/public/decisions")
		if href, ok := p.Doc.Find("table.public-decisions tbody tr a[href]").First().Attr("href"); !ok {
			t.Error("no decision links on /public/decisions")
		} else {
			fwPageOK(t, href, anon.get(href))
		}
	})
}
