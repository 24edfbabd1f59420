package complaintweb_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/web/webtest"
)

// TestUIComplaintOpensSupervisionCase: the supervision body opens a
// supervision case from a complaint's page (来源 complaint, 行政执法监督条例
// Art. 20), the form names the complaint, and the complaint's page then
// lists the case (the link kept both ways); the agency complained about
// sees neither the panel nor the link.
func TestUIComplaintOpensSupervisionCase(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := webtest.StartWorld(t, db)
		city := w.Login(t, "city")
		if p := city.Post("/social-supervisors", url.Values{"name": {"刘监督"}, "username": {"social"}, "region": {"370100"},
			"field": {"市场监管"}, "term_from": {"2026-01-01"}, "term_to": {"2026-12-31"}}); p.Status != http.StatusSeeOther {
			t.Fatalf("appoint: %d %s", p.Status, webtest.Text(p.Doc.Find(".error-box")))
		}
		soc := w.Login(t, "social")
		p := soc.Post("/complaints/clue", url.Values{"category": {"no_certificate"}, "agency_code": {testworld.Agency},
			"description": {"旁站时发现执法人员未出示证件。"}})
		if p.Status != http.StatusSeeOther {
			t.Fatalf("clue: %d %s", p.Status, webtest.Text(p.Doc.Find(".error-box")))
		}
		complaintPath := p.Location

		sup := w.Login(t, "supervisor")
		cp := sup.Get(complaintPath)
		webtest.PageOK(t, "complaint page", cp)
		if got := webtest.Text(cp.Doc.Find("#supervision-links")); !strings.Contains(got, "尚无由此立的监督案件") {
			t.Errorf("empty state of the complaint's supervision cases: %q", got)
		}
		href, ok := cp.Doc.Find("#open-supervision").Attr("href")
		if !ok {
			t.Fatal("no link to open a supervision case on the complaint's page")
		}
		u, _ := url.Parse(href)
		tracking := u.Query().Get("source_ref")
		if u.Query().Get("source") != "complaint" || tracking == "" || !strings.Contains(webtest.Text(cp.Doc.Find("main")), tracking) {
			t.Fatalf("the open link does not name the complaint: %s", href)
		}
		nf := sup.Get(href)
		webtest.PageOK(t, "new form", nf)
		form := url.Values{"region": {u.Query().Get("region")}, "agency": {u.Query().Get("agency")}, "source": {"complaint"},
			"source_ref": {tracking}, "summary": {"投诉反映执法人员未出示证件"}}
		p = sup.Post("/supervision-cases", form)
		if p.Status != http.StatusSeeOther || !strings.HasPrefix(p.Location, "/supervision-cases/") {
			t.Fatalf("open: %d %s %s", p.Status, p.Location, webtest.Text(p.Doc.Find(".error-box, .field-error")))
		}
		casePath := p.Location
		if l := sup.Get(complaintPath).Doc.Find(`#supervision-links a[href="` + casePath + `"]`); l.Length() != 1 {
			t.Error("the complaint's page does not list the supervision case opened from it")
		}
		// And back: the supervision case names the complaint, whose link
		// finds it in the complaints list by its tracking code.
		back, ok := sup.Get(casePath).Doc.Find("#from-complaint").Attr("href")
		if !ok {
			t.Fatal("the supervision case does not link to its complaint")
		}
		list := sup.Get(back)
		if rows := list.Doc.Find(`#complaint-table a[href="` + complaintPath + `"]`); rows.Length() != 1 {
			t.Errorf("the complaints list by tracking code does not find the complaint: %s", webtest.Text(list.Doc.Find("main")))
		}
		if n := list.Doc.Find("#complaint-table tbody tr").Length(); n != 1 {
			t.Errorf("the complaints list by tracking code has %d rows, want 1", n)
		}

		agency := w.Login(t, "agency_admin")
		if ap := agency.Get(complaintPath); ap.Status == http.StatusOK && ap.Doc.Find("#open-supervision").Length() != 0 {
			t.Error("the agency complained about is offered to open a supervision case")
		}
	})
}
