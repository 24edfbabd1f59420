package adminweb_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"zfjd/internal/auth"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/web/webtest"
)

// stepClock is a server clock the test moves forward.
type stepClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *stepClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func (c *stepClock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

const pw = "Zfjd@Test2026"

func addUser(t *testing.T, db *store.DB, username string) {
	t.Helper()
	if _, err := auth.CreateAccount(webtest.Ctx, db.W, auth.NewAccount{Username: username, DisplayName: "历下区测试员", Password: pw,
		Role: auth.RoleSupervisor, Region: "370102"}); err != nil {
		t.Fatal(err)
	}
}

func errorBox(p *webtest.Page) string { return webtest.Text(p.Doc.Find(".error-box")) }

func TestUILogin(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		e := webtest.Start(t, db)
		addUser(t, db, "lixia_test")

		// Anonymous: pages send to the login form.
		b := e.Browser(t)
		if p := b.Get("/agencies"); p.Status != http.StatusSeeOther || !strings.HasPrefix(p.Location, "/login?next=") {
			t.Errorf("anonymous /agencies: %d %s", p.Status, p.Location)
		}
		if p := b.Get("/login"); p.Status != http.StatusOK || p.Doc.Find(`form[action="/login"] input[name=password]`).Length() != 1 {
			t.Errorf("login form: %d", p.Status)
		}

		// Sign in, see the home page with the name, sign out.
		b.Login("lixia_test", pw)
		if p := b.Get("/"); p.Status != http.StatusOK || !strings.Contains(p.Body, "历下区测试员") {
			t.Errorf("home after login: %d", p.Status)
		}
		if p := b.Post("/logout", url.Values{}); p.Status != http.StatusSeeOther || p.Location != "/login" {
			t.Errorf("logout: %d %s", p.Status, p.Location)
		}
		if p := b.Get("/"); p.Status != http.StatusSeeOther {
			t.Errorf("home after logout: %d", p.Status)
		}
	})
}

// The next parameter brings the user back, but never off the site: the
// probe's /\evil.example and /<TAB>/evil.example, which browsers read as
// another host, and the usual //host and scheme forms.
func TestUILoginNextStaysOnSite(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		e := webtest.Start(t, db)
		addUser(t, db, "lixia_test")
		for _, c := range []struct{ next, want string }{
			{"/officers?state=valid", "/officers?state=valid"},
			{"/cases/1?tab=docs#evidence", "/cases/1?tab=docs#evidence"},
			{"/officers?q=%E5%BC%A0", "/officers?q=%E5%BC%A0"},
			{"", "/"},
			{"//evil.example/x", "/"},
			{"///evil.example", "/"},
			{`/\evil.example`, "/"},
			{`/\\evil.example`, "/"},
			{`\\evil.example`, "/"},
			{"/\t/evil.example", "/"}, // next=/%09/evil.example in the login link
			{"/\n/evil.example", "/"},
			{"/%09/evil.example", "/"}, // the same, still encoded
			{"/%5Cevil.example", "/"},  // a backslash, encoded
			{"/%2F/evil.example", "/"}, // "//", encoded
			{"https://evil.example", "/"},
			{"http:evil.example", "/"},
			{"javascript:alert(1)", "/"},
			{"evil.example", "/"},
			{" /officers", "/"},
			{"/\u2028/evil.example", "/"},
		} {
			b := e.Browser(t)
			p := b.Post("/login", url.Values{"username": {"lixia_test"}, "password": {pw}, "next": {c.next}})
			if p.Status != http.StatusSeeOther || p.Location != c.want {
				t.Errorf("next=%q: %d Location %q, want %q", c.next, p.Status, p.Location, c.want)
			}
		}
		// The form carries only a safe next, from the link and after a failure.
		if v := e.Browser(t).Get("/login?next=%2F%5Cevil.example").Doc.Find(`input[name=next]`).AttrOr("value", "?"); v != "/" {
			t.Errorf("login form from a link with next=/\\evil.example: next %q", v)
		}
		p := e.Browser(t).Post("/login", url.Values{"username": {"lixia_test"}, "password": {"Wrong-2026x"}, "next": {`/\evil.example`}})
		if v := p.Doc.Find(`input[name=next]`).AttrOr("value", "?"); v != "/" {
			t.Errorf("next kept after a failure: %q", v)
		}
	})
}

// Five anonymous requests used to lock any account for 15 minutes, with a
// message that only real accounts got. Now the username waits (429 with
// Retry-After, the same for an unknown username), the right password works
// once the wait is over, and the owner's own browser is not kept out.
func TestUILoginThrottle(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		c := &stepClock{t: webtest.Clock.Now()}
		e := webtest.StartOn(t, db, c)
		addUser(t, db, "lixia_test")

		// The owner signs in once from this browser (it keeps a device cookie).
		owner := e.Browser(t)
		owner.Login("lixia_test", pw)
		owner.Post("/logout", url.Values{})

		type answer struct {
			status     int
			msg, retry string
		}
		attempt := func(b *webtest.Browser, user, password string) answer {
			t.Helper()
			resp := b.Do(http.MethodPost, "/login", url.Values{"username": {user}, "password": {password}}, nil)
			a := answer{resp.Status, errorBox(resp), ""}
			if resp.Status == http.StatusTooManyRequests {
				a.retry = resp.Header.Get("Retry-After")
			}
			if v := resp.Doc.Find(`input[name=username]`).AttrOr("value", ""); resp.Status != http.StatusSeeOther && v != user {
				t.Errorf("username not kept in the form: %q", v)
			}
			return a
		}
		var trace [2][]answer
		for i, user := range []string{"lixia_test", "nobody"} {
			b := e.Browser(t)
			for n := 1; n <= auth.AccountPolicy.Free+1; n++ {
				trace[i] = append(trace[i], attempt(b, user, "wrong-"+strconv.Itoa(n)))
			}
			// Now the username waits 5 s, even for the right password.
			trace[i] = append(trace[i], attempt(b, user, pw))
		}
		for n, a := range trace[0] {
			if a != trace[1][n] {
				t.Errorf("attempt %d: a real account answers %+v, an unknown one %+v", n+1, a, trace[1][n])
			}
			switch {
			case n < auth.AccountPolicy.Free+1 && (a.status != http.StatusUnauthorized || a.msg != "用户名或密码错误"):
				t.Errorf("failure %d: %+v", n+1, a)
			case n == auth.AccountPolicy.Free+1 && (a.status != http.StatusTooManyRequests || a.msg != "登录尝试过于频繁，请5秒后再试" || a.retry != "5"):
				t.Errorf("attempt in the wait: %+v", a)
			}
		}
		if strings.Contains(fmt.Sprint(trace), "锁定") {
			t.Errorf("an account is still locked: %v", trace)
		}

		// The owner's browser signs in at once, though the username waits.
		owner.Login("lixia_test", pw)
		if p := owner.Get("/"); p.Status != http.StatusOK {
			t.Errorf("owner's browser: %d", p.Status)
		}
		// A fresh browser waits, then the right password works.
		fresh := e.Browser(t)
		if a := attempt(fresh, "lixia_test", pw); a.status != http.StatusTooManyRequests {
			t.Errorf("fresh browser in the wait: %+v", a)
		}
		c.Add(5 * time.Second)
		fresh.Login("lixia_test", pw)
	})
}
