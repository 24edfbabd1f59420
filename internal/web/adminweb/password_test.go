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
	"zfjd/internal/testworld"
	"zfjd/internal/web/webtest"
)

func accountID(t *testing.T, db *store.DB, username string) int64 {
	t.Helper()
	var id int64
	if err := db.R.QueryRow(`SELECT id FROM accounts WHERE username = $1`, username).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

// The signed-in user changes the password with the current one; the
// policy is checked; every other session of the account ends.
func TestUIPasswordChange(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		e := webtest.Start(t, db)
		addUser(t, db, "lixia_test")
		b, other := e.Browser(t), e.Browser(t)
		b.Login("lixia_test", pw)
		other.Login("lixia_test", pw)
		if p := b.Get("/"); p.Doc.Find(`a[href="/account/password"]`).Length() != 1 {
			t.Error("no link to the password page in the layout")
		}
		if p := b.Get("/account/password"); p.Status != http.StatusOK || p.Doc.Find(`form[action="/account/password"] input[name=new_password]`).Length() != 1 {
			t.Fatalf("password form: %d", p.Status)
		}
		const next = "Lixia#2027new"
		for _, c := range []struct {
			current, pw, confirm, field, msg string
		}{
			{"Wrong-2026x", next, next, "current_password", "当前密码不正确"},
			{pw, next, next + "x", "confirm_password", "两次输入的新密码不一致"},
			{pw, "short1A!", "short1A!", "new_password", "密码至少10位"},
			{pw, "Lixia_test2027", "Lixia_test2027", "new_password", "密码不能包含用户名"},
			{pw, "P@ssw0rd2027", "P@ssw0rd2027", "new_password", "密码过于简单或常见，容易被猜中，请换一个"},
			{pw, pw, pw, "new_password", "新密码不能与原密码相同"},
		} {
			p := b.Post("/account/password", url.Values{"current_password": {c.current}, "new_password": {c.pw}, "confirm_password": {c.confirm}})
			got := webtest.Text(p.Doc.Find(`input[name=` + c.field + `] + .field-error`))
			if p.Status != http.StatusBadRequest || got != c.msg {
				t.Errorf("%s: %d %q, want 400 %q", c.field, p.Status, got, c.msg)
			}
		}
		p := b.Post("/account/password", url.Values{"current_password": {pw}, "new_password": {next}, "confirm_password": {next},
			"next": {"/officers"}})
		if p.Status != http.StatusSeeOther || p.Location != "/officers" {
			t.Fatalf("change: %d %s %s", p.Status, p.Location, errorBox(p))
		}
		if p := b.Get("/"); p.Status != http.StatusOK || !strings.Contains(p.Body, "密码已修改") {
			t.Errorf("this session after the change: %d", p.Status)
		}
		if p := other.Get("/"); p.Status != http.StatusSeeOther {
			t.Errorf("the other session after the change: %d, want signed out", p.Status)
		}
		if p := e.Browser(t).Post("/login", url.Values{"username": {"lixia_test"}, "password": {pw}}); p.Status != http.StatusUnauthorized {
			t.Errorf("old password: %d", p.Status)
		}
		e.Browser(t).Login("lixia_test", next)
		var n int
		db.R.QueryRow(`SELECT COUNT(*) FROM audit_log WHERE action = 'password' AND entity_key = 'lixia_test'`).Scan(&n)
		if n != 1 {
			t.Errorf("%d audit rows for the change", n)
		}
	})
}

// An administrator resets a password: the account's sessions end, the
// temporary password signs in to the password page only, and after the
// change the account works as before.
func TestUIPasswordReset(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := webtest.StartWorld(t, db)
		webtest.AddAdmin(t, db)
		webtest.AddAccount(t, db, auth.NewAccount{Username: "admin_qd", Role: auth.RoleAdmin, Region: "370200"})
		e := w.Env
		user := w.Login(t, "supervisor")
		admin := w.Login(t, "admin")
		id := accountID(t, db, "supervisor")
		reset := "/accounts/" + strconv.FormatInt(id, 10) + "/password"
		if p := admin.Get("/accounts"); p.Doc.Find(`form[action="`+reset+`"]`).Length() != 1 {
			t.Error("no reset form on the accounts page")
		}

		// Only an administrator with the account in scope.
		if p := w.Login(t, "city").Post(reset, url.Values{"new_password": {"Reset#2026tmp"}}); p.Status != http.StatusForbidden {
			t.Errorf("supervisor resets: %d", p.Status)
		}
		if p := w.Login(t, "admin_qd").Post(reset, url.Values{"new_password": {"Reset#2026tmp"}}); p.Status != http.StatusNotFound {
			t.Errorf("another city's admin resets: %d", p.Status)
		}
		if p := admin.Post("/accounts/99999/password", url.Values{"new_password": {"Reset#2026tmp"}}); p.Status != http.StatusNotFound {
			t.Errorf("unknown account: %d", p.Status)
		}
		if p := admin.Post(reset, url.Values{"new_password": {"weak"}}); p.Status != http.StatusBadRequest || !strings.Contains(errorBox(p), "密码至少10位") {
			t.Errorf("weak temporary password: %d %q", p.Status, errorBox(p))
		}
		user.Get("/") // still signed in
		if p := user.Get("/"); p.Status != http.StatusOK {
			t.Fatalf("before the reset: %d", p.Status)
		}

		if p := admin.Post(reset, url.Values{"new_password": {"Reset#2026tmp"}}); p.Status != http.StatusSeeOther {
			t.Fatalf("reset: %d %s", p.Status, errorBox(p))
		}
		if p := user.Get("/"); p.Status != http.StatusSeeOther || !strings.HasPrefix(p.Location, "/login") {
			t.Errorf("the user's session after the reset: %d %s", p.Status, p.Location)
		}
		if p := e.Browser(t).Post("/login", url.Values{"username": {"supervisor"}, "password": {testworld.Password}}); p.Status != http.StatusUnauthorized {
			t.Errorf("old password after the reset: %d", p.Status)
		}

		// The temporary password leads to the password page, and nothing
		// else opens until the new one is set.
		b := e.Browser(t)
		p := b.Post("/login", url.Values{"username": {"supervisor"}, "password": {"Reset#2026tmp"}, "next": {"/officers"}})
		if p.Status != http.StatusSeeOther || p.Location != "/account/password?next=%2Fofficers" {
			t.Fatalf("login with the temporary password: %d %s", p.Status, p.Location)
		}
		for _, path := range []string{"/", "/officers", "/cases"} {
			if p := b.Get(path); p.Status != http.StatusSeeOther || !strings.HasPrefix(p.Location, "/account/password") {
				t.Errorf("%s before the change: %d %s", path, p.Status, p.Location)
			}
		}
		if p := b.Post("/agencies/new", url.Values{"name": {"x"}}); p.Status != http.StatusSeeOther || !strings.HasPrefix(p.Location, "/account/password") {
			t.Errorf("a form before the change: %d %s", p.Status, p.Location)
		}
		if p := b.Get("/account/password?next=%2Fofficers"); p.Status != http.StatusOK || !strings.Contains(p.Body, "管理员已重置您的密码") {
			t.Errorf("password page: %d", p.Status)
		}
		p = b.Post("/account/password", url.Values{"current_password": {"Reset#2026tmp"}, "new_password": {"Mine#2026well"},
			"confirm_password": {"Mine#2026well"}, "next": {"/officers"}})
		if p.Status != http.StatusSeeOther || p.Location != "/officers" {
			t.Fatalf("change after reset: %d %s %s", p.Status, p.Location, errorBox(p))
		}
		if p := b.Get("/officers"); p.Status != http.StatusOK {
			t.Errorf("after the change: %d", p.Status)
		}
		var n int
		db.R.QueryRow(`SELECT COUNT(*) FROM audit_log WHERE action = 'reset_password' AND entity_key = 'supervisor' AND actor_account = 'admin'`).Scan(&n)
		if n != 1 {
			t.Errorf("%d audit rows for the reset", n)
		}
	})
}
