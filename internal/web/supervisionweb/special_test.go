package supervisionweb_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"zfjd/internal/auth"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/web/webtest"
)

// TestUISpecialSupervision: the province's supervision makes a 专项监督
// plan (条例 Art. 21; a missing 监督重点 comes back naming it), registers
// the government's approval, and a county opens a supervision case under
// it from the plan's page; the plan lists the case; an agency is refused.
func TestUISpecialSupervision(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := webtest.StartWorld(t, db)
		webtest.AddAccount(t, db, auth.NewAccount{Username: "province", DisplayName: "山东省司法厅监督处", Role: auth.RoleSupervisor, Region: "370000"})
		prov := w.Login(t, "province")
		p := prov.Get("/special-supervisions")
		webtest.PageOK(t, "plans", p)
		if p.Doc.Find("#plan-empty").Length() != 1 || p.Doc.Find("#plan-form").Length() != 1 {
			t.Fatalf("empty list with the form: %s", webtest.Text(p.Doc.Find("main")))
		}
		form := formOf(p, "plan-form")
		form.Set("title", "涉企行政执法专项监督")
		form.Set("departments", "省司法厅；各市司法局")
		form.Set("schedule", "7—9月实施")
		form.Set("requirements", "每月报送进展")
		bad := prov.Post("/special-supervisions", form)
		if bad.Status != http.StatusBadRequest || !strings.Contains(webtest.Text(bad.Doc.Find(".field-error")), "监督重点") {
			t.Fatalf("plan without focus: %d %s", bad.Status, webtest.Text(bad.Doc.Find(".field-error")))
		}
		form.Set("focus", "重复检查、以罚代管")
		p = prov.Post("/special-supervisions", form)
		if p.Status != http.StatusSeeOther {
			t.Fatalf("create: %d %s", p.Status, webtest.Text(p.Doc.Find(".error-box, .field-error")))
		}
		planPath := p.Location
		pp := prov.Get(planPath)
		if pp.Doc.Find("#approve-form").Length() != 1 || pp.Doc.Find("#open-supervision").Length() != 0 {
			t.Fatal("a draft plan: the approval form and no way to open cases yet")
		}
		if p := prov.Post(planPath+"/approve", url.Values{"approved_on": {testworld.Today}, "approval_doc": {""}}); p.Status != http.StatusBadRequest ||
			!strings.Contains(webtest.Text(p.Doc.Find("#approve-form .field-error")), "文号") {
			t.Fatalf("approval without 文号: %d", p.Status)
		}
		if p := prov.Post(planPath+"/approve", url.Values{"approved_on": {testworld.Today}, "approval_doc": {"鲁政字〔2026〕88号"}}); p.Status != http.StatusSeeOther {
			t.Fatalf("approve: %d", p.Status)
		}
		code := webtest.Text(prov.Get(planPath).Doc.Find("#plan-code"))

		sup := w.Login(t, "supervisor")
		pp = sup.Get(planPath)
		webtest.PageOK(t, "the county reads the plan", pp)
		if pp.Doc.Find("#approve-form").Length() != 0 {
			t.Error("the county is offered the province's approval")
		}
		href, ok := pp.Doc.Find("#open-supervision").Attr("href")
		if !ok {
			t.Fatal("no link to open a case under the approved plan")
		}
		u, _ := url.Parse(href)
		if u.Query().Get("source") != "campaign" || u.Query().Get("source_ref") != code {
			t.Fatalf("open link %s, want source campaign and ref %s", href, code)
		}
		p = sup.Post("/supervision-cases", url.Values{"region": {testworld.Region}, "agency": {testworld.Agency}, "source": {"campaign"},
			"source_ref": {code}, "summary": {"专项监督发现重复检查"}})
		if p.Status != http.StatusSeeOther {
			t.Fatalf("open: %d %s", p.Status, webtest.Text(p.Doc.Find(".error-box, .field-error")))
		}
		if l := sup.Get(planPath).Doc.Find(`#plan-cases a[href="` + p.Location + `"]`); l.Length() != 1 {
			t.Error("the plan does not list its case")
		}
		if p := w.Login(t, "agency_admin").Get(planPath); p.Status != http.StatusForbidden && p.Status != http.StatusNotFound {
			t.Errorf("an agency reads the plan: %d", p.Status)
		}
	})
}
