package adminweb_test

// Accounts (issue 16): the role is chosen, never defaulted; a region that
// does not exist says so; an account is edited and disabled (its session
// ends at once) and enabled again; the officer record is linked; the list
// exports. Both engines.

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/web/webtest"
)

func TestUIAccountsEditDisable(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := webtest.StartWorld(t, db)
		webtest.AddAdmin(t, db)
		admin := w.Login(t, "admin")
		p := admin.Get("/accounts")
		if v := p.Doc.Find(`#role option[selected]`).AttrOr("value", ""); v != "" || p.Doc.Find(`#role option`).First().AttrOr("value", "x") != "" {
			t.Errorf("the role select defaults to %q", v)
		}
		if p.Doc.Find(`a.officer-link[href="/officers/`+testworld.CertA+`"]`).Length() != 1 {
			t.Error("the officer's account does not link the officer record")
		}
		// No role chosen; a region that does not exist.
		p = admin.Post("/accounts", url.Values{"username": {"newone"}, "display_name": {"新账号"}, "password": {"Acct#Test2026x"},
			"role": {""}, "region_code": {"379999"}})
		if msg := webtest.Text(p.Doc.Find(`[name=role]`).Parent().Find(".field-error")); msg != "请选择角色" {
			t.Errorf("no role: %d %q", p.Status, msg)
		}
		if msg := webtest.Text(p.Doc.Find(`[name=region_code]`).Parent().Find(".field-error")); msg != "区划不存在" {
			t.Errorf("region 379999: %q", msg)
		}
		// Edit: the display name and region; the form keeps what was entered on an error.
		id := accountID(t, db, "supervisor")
		edit := "/accounts/" + strconv.FormatInt(id, 10) + "/edit"
		if p = admin.Get(edit); p.Doc.Find(`#account-edit [name=display_name]`).AttrOr("value", "") != "历下区司法局监督科" {
			t.Fatalf("edit form: %d", p.Status)
		}
		user := w.Login(t, "supervisor")
		p = admin.Post(edit, url.Values{"display_name": {"历下区司法局执法监督科"}, "role": {"supervisor"}, "region_code": {"370100"}})
		if p.Status != http.StatusSeeOther {
			t.Fatalf("edit: %d %s", p.Status, webtest.Text(p.Doc.Find(".error-box")))
		}
		var name, region string
		db.R.QueryRow(`SELECT display_name, region_code FROM accounts WHERE id = $1`, id).Scan(&name, &region)
		if name != "历下区司法局执法监督科" || region != "370100" {
			t.Errorf("after edit: %q %q", name, region)
		}
		// The region changed: the user's session ends.
		if p := user.Get("/cases"); p.Status != http.StatusSeeOther || !strings.HasPrefix(p.Location, "/login") {
			t.Errorf("session after a change of region: %d %s", p.Status, p.Location)
		}
		// Disable: the new session ends at once and the login is refused; enable again.
		user = w.Login(t, "supervisor")
		disable := "/accounts/" + strconv.FormatInt(id, 10) + "/disable"
		if p := admin.Post(disable, url.Values{"disabled": {"1"}}); p.Status != http.StatusSeeOther {
			t.Fatalf("disable: %d", p.Status)
		}
		if p := user.Get("/cases"); p.Status != http.StatusSeeOther {
			t.Errorf("disabled account's session: %d", p.Status)
		}
		if p := admin.Get("/accounts"); !strings.Contains(webtest.Text(p.Doc.Find("#account-table")), "已停用") {
			t.Error("the list does not show 已停用")
		}
		admin.Post(disable, url.Values{"disabled": {"0"}})
		if p := w.Login(t, "supervisor").Get("/cases"); p.Status != http.StatusOK {
			t.Errorf("enabled again: %d", p.Status)
		}
		// Not one's own account; not a supervisor.
		if p := admin.Post("/accounts/"+strconv.FormatInt(accountID(t, db, "admin"), 10)+"/disable", url.Values{"disabled": {"1"}}); p.Status != http.StatusConflict {
			t.Errorf("disabling oneself: %d", p.Status)
		}
		if p := w.Login(t, "city").Post(disable, url.Values{"disabled": {"1"}}); p.Status != http.StatusForbidden {
			t.Errorf("a supervisor disables: %d", p.Status)
		}
		// The export.
		if p := admin.Get("/accounts/export.xlsx"); p.Status != http.StatusOK || !strings.Contains(p.Header.Get("Content-Disposition"), url.PathEscape("账号.xlsx")) {
			t.Errorf("export: %d %q", p.Status, p.Header.Get("Content-Disposition"))
		}
	})
}
