package adminweb_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"zfjd/internal/auth"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/web/webtest"
)

func TestUILoginAndLockout(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		e := webtest.Start(t, db)
		const pw = "Zfjd@Test2026"
		if _, err := auth.CreateAccount(webtest.Ctx, db.W, auth.NewAccount{Username: "lixia_test", DisplayName: "历下区测试员", Password: pw,
			Role: auth.RoleSupervisor, Region: "370102"}); err != nil {
			t.Fatal(err)
		}

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

		// The next parameter brings the user back, but never off the site.
		b2 := e.Browser(t)
		if p := b2.Post("/login", url.Values{"username": {"lixia_test"}, "password": {pw}, "next": {"/officers?state=valid"}}); p.Location != "/officers?state=valid" {
			t.Errorf("next: %s", p.Location)
		}
		b3 := e.Browser(t)
		if p := b3.Post("/login", url.Values{"username": {"lixia_test"}, "password": {pw}, "next": {"//evil.example/x"}}); p.Location != "/" {
			t.Errorf("off-site next: %s", p.Location)
		}

		// Unknown user and wrong password read the same.
		b = e.Browser(t)
		unknown := b.Post("/login", url.Values{"username": {"nobody"}, "password": {pw}})
		if unknown.Status != http.StatusUnauthorized || webtest.Text(unknown.Doc.Find(".error-box")) != "用户名或密码错误" {
			t.Errorf("unknown user: %d %q", unknown.Status, webtest.Text(unknown.Doc.Find(".error-box")))
		}
		for i := 1; i <= auth.MaxFailedLogins; i++ {
			p := b.Post("/login", url.Values{"username": {"lixia_test"}, "password": {"wrong-" + strconv.Itoa(i)}})
			msg := webtest.Text(p.Doc.Find(".error-box"))
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
		p := b.Post("/login", url.Values{"username": {"lixia_test"}, "password": {pw}})
		if msg := webtest.Text(p.Doc.Find(".error-box")); p.Status != http.StatusUnauthorized || !strings.Contains(msg, "账号已锁定") || !strings.Contains(msg, "分钟") {
			t.Errorf("locked account, right password: %d %q", p.Status, msg)
		}
		if p := b.Get("/"); p.Status != http.StatusSeeOther {
			t.Errorf("locked account got a session: %d", p.Status)
		}
	})
}
