package warningweb_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/xuri/excelize/v2"

	"zfjd/internal/auth"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/web/webtest"
)

// TestUIWarnings covers the pages: the inbox on the home page and the
// badge, the list with its filters, batch signing, the export, the warning
// page's acts by viewer, and the officer's cases in the inbox.
func TestUIWarnings(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := webtest.StartWorld(t, db)
		tok := w.Env.Token(auth.RoleIntegration, testworld.Region, "")
		w.Env.Put("/api/v1/cases/sc/C-1", tok, webtest.CaseBody(testworld.Agency, testworld.Region, testworld.Matter, webtest.Team), http.StatusCreated)
		mine := w.Case(t, "delivered", nil) // the officer's own case, decided, to be delivered

		ag := w.Login(t, "agency_admin")
		home := ag.Get("/")
		webtest.PageOK(t, "home", home)
		toSign := webtest.Text(home.Doc.Find("#inbox-sign b"))
		if toSign == "" || toSign == "0" {
			t.Fatalf("inbox to sign %q", toSign)
		}
		nav := home.Doc.Find(`#nav a[href="/warnings"]`)
		if nav.HasClass("soon") || webtest.Text(nav.Find(".badge")) != toSign {
			t.Errorf("nav entry %q (soon %v), want badge %s", webtest.Text(nav), nav.HasClass("soon"), toSign)
		}

		list := ag.Get("/warnings?stage=issued")
		webtest.PageOK(t, "list", list)
		// The rule filter names the rules, from the catalogue.
		if got := webtest.Text(list.Doc.Find(`#rule option[value="DECISION_OVERDUE"]`)); got != "办案超期" {
			t.Errorf("rule filter option = %q, want 办案超期", got)
		}
		rows := list.Doc.Find("#warning-table tbody tr")
		if fmt.Sprint(rows.Length()) != toSign {
			t.Fatalf("%d rows, inbox says %s", rows.Length(), toSign)
		}
		if !strings.Contains(webtest.Text(rows), "罚款") {
			t.Errorf("list without message text: %s", webtest.Text(rows))
		}
		for q, want := range map[string]bool{"severity=red": true, "month=2026-06": true, "month=2025-01": false, "stage=closed": false} {
			p := ag.Get("/warnings?" + q)
			if got := p.Doc.Find("#warning-table tbody tr").Length() > 0; got != want {
				t.Errorf("?%s: rows %v, want %v", q, got, want)
			}
			if q == "severity=red" && strings.Contains(webtest.Text(p.Doc.Find("#warning-table td[data-label=等级]")), "黄色") {
				t.Error("a yellow one among the red")
			}
		}
		if p := ag.Get("/warnings?month=13月"); p.Doc.Find(".error-box").Length() == 0 {
			t.Error("a bad month is not reported")
		}
		// An officer of the agency sees the warnings but takes no act on them.
		off := w.Login(t, "officer")
		if p := off.Get("/warnings"); p.Doc.Find(`#batch-form input[name=id]`).Length() != 0 {
			t.Error("the officer is offered batch acts")
		}
		offHome := off.Get("/")
		if !strings.Contains(webtest.Text(offHome.Doc.Find("#inbox-cases")), "送达") ||
			offHome.Doc.Find(fmt.Sprintf(`#inbox-cases a[href="/cases/%d"]`, mine.ID)).Length() != 1 {
			t.Errorf("officer's cases: %s", webtest.Text(offHome.Doc.Find("#inbox")))
		}

		// Export: every row the filter selects.
		x := ag.Get("/warnings/export.xlsx?stage=issued")
		if x.Status != http.StatusOK || !strings.Contains(x.Header.Get("Content-Type"), "spreadsheetml") {
			t.Fatalf("export %d %s", x.Status, x.Header.Get("Content-Type"))
		}
		f, err := excelize.OpenReader(bytes.NewReader([]byte(x.Body)))
		if err != nil {
			t.Fatal(err)
		}
		xr, _ := f.GetRows("预警")
		if fmt.Sprint(len(xr)-1) != toSign || xr[0][6] != "预警内容" {
			t.Errorf("export rows %d, header %v", len(xr)-1, xr[0])
		}

		// Batch sign everything listed.
		form := url.Values{"action": {"sign"}, "back": {"/warnings?stage=issued"}}
		rows.Find("input[name=id]").Each(func(_ int, s *goquery.Selection) { form.Add("id", s.AttrOr("value", "")) })
		if p := ag.Post("/warnings/batch", form); p.Status != http.StatusSeeOther {
			t.Fatalf("batch: %d", p.Status)
		}
		signed := ag.Get("/warnings?stage=signed")
		if n := signed.Doc.Find("#warning-table tbody tr").Length(); fmt.Sprint(n) != toSign {
			t.Fatalf("signed %d, want %s; flash %s", n, toSign, webtest.Text(signed.Doc.Find(".flash")))
		}
		id := strings.TrimPrefix(signed.Doc.Find("#warning-table tbody tr").First().AttrOr("id", ""), "w-")

		// The warning page offers what the viewer may do now.
		pg := ag.Get("/warnings/" + id)
		if pg.Doc.Find("#act-rectify").Length() != 1 || pg.Doc.Find("#act-explain").Length() != 1 || pg.Doc.Find("#act-sign").Length() != 0 {
			t.Errorf("agency's acts on a signed warning: %s", webtest.Text(pg.Doc.Find("#acts")))
		}
		if p := ag.Post("/warnings/"+id+"/act/rectify", url.Values{"note": {" "}}); p.Status != http.StatusBadRequest ||
			!strings.Contains(webtest.Text(p.Doc.Find("#act-rectify .field-error")), "整改情况") {
			t.Errorf("empty rectification: %d %s", p.Status, webtest.Text(p.Doc.Find("#act-rectify")))
		}
		if p := ag.Post("/warnings/"+id+"/act/rectify", url.Values{"note": {"已整改"}}); p.Status != http.StatusSeeOther {
			t.Fatalf("rectify: %d", p.Status)
		}
		sup := w.Login(t, "supervisor")
		pg = sup.Get("/warnings/" + id)
		if pg.Doc.Find("#act-verify").Length() != 1 || pg.Doc.Find("#act-return").Length() != 1 {
			t.Errorf("supervisor's acts: %s", webtest.Text(pg.Doc.Find("#acts")))
		}
		if p := ag.Post("/warnings/"+id+"/act/verify", url.Values{}); p.Status != http.StatusForbidden {
			t.Errorf("agency verifies: %d", p.Status)
		}
		if sh := sup.Get("/"); webtest.Text(sh.Doc.Find("#inbox-verify b")) != "1" {
			t.Errorf("supervisor's inbox: %s", webtest.Text(sh.Doc.Find("#inbox")))
		}
		// The district's supervision sets its escalation period; an agency may not.
		form = url.Values{"region": {testworld.Region}, "days": {"5"}}
		if p := sup.Post("/warnings/settings", form); p.Status != http.StatusSeeOther {
			t.Fatalf("setting: %d", p.Status)
		}
		if p := sup.Get("/warnings?region=" + testworld.Region); p.Doc.Find(`#escalation-setting input[name=days]`).AttrOr("value", "") != "5" ||
			!strings.Contains(webtest.Text(p.Doc.Find("#escalation-setting")), "本级设置") {
			t.Errorf("setting form: %s", webtest.Text(p.Doc.Find("#escalation-setting")))
		}
		if p := sup.Post("/warnings/settings", url.Values{"region": {testworld.Region}, "days": {"0"}}); p.Status != http.StatusSeeOther ||
			!strings.Contains(webtest.Text(sup.Get("/warnings").Doc.Find(".flash")), "1至30") {
			t.Errorf("zero days accepted? %d", p.Status)
		}
		if p := ag.Post("/warnings/settings", form); p.Status != http.StatusForbidden {
			t.Errorf("agency sets: %d", p.Status)
		}
		if p := ag.Get("/warnings"); p.Doc.Find("#escalation-setting").Length() != 0 {
			t.Error("the agency is offered the setting")
		}
		// Every act is in the audit trail, in Chinese.
		if p := sup.Get("/audit?entity=warning"); !strings.Contains(webtest.Text(p.Doc.Find("table.audit")), "签收预警") ||
			!strings.Contains(webtest.Text(p.Doc.Find("table.audit")), "报送整改情况") {
			t.Errorf("audit: %s", webtest.Text(p.Doc.Find("main")))
		}
		// Region drill-down: the city sees its districts, and a district's warnings.
		city := w.Login(t, "city")
		cp := city.Get("/warnings?status=open")
		if cp.Doc.Find(`a.region-child[href*="region=370102"]`).Length() != 1 {
			t.Errorf("city drill-down: %s", webtest.Text(cp.Doc.Find("main p.hint").First()))
		}
		if strings.Contains(webtest.Text(cp.Doc.Find("main p.hint").First()), "山东省") {
			t.Error("the breadcrumb goes above the viewer's scope")
		}
		n := cp.Doc.Find("#warning-table tbody tr").Length()
		if d := city.Get("/warnings?status=open&region=370102").Doc.Find("#warning-table tbody tr").Length(); d != n || n == 0 {
			t.Errorf("district rows %d, city rows %d", d, n)
		}
		if d := city.Get("/warnings?status=open&region=370103").Doc.Find("#warning-table tbody tr").Length(); d != 0 {
			t.Errorf("市中区 rows %d, want 0", d)
		}
		// Outside the jurisdiction: not found.
		if p := w.Login(t, "other_officer").Get("/warnings/" + id); p.Status != http.StatusNotFound {
			t.Errorf("another county's officer: %d", p.Status)
		}
		if p := w.Login(t, "social").Get("/warnings/" + id); p.Status != http.StatusNotFound {
			t.Errorf("social supervisor: %d", p.Status)
		}
	})
}
