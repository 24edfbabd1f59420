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

// TestUIComplaintStats: the statistics page counts the viewer's own scope
// (the district's supervision sees the clue, the agency — to which it was
// not forwarded — none), refuses a bad period with the field named, and
// exports the workbook.
func TestUIComplaintStats(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := webtest.StartWorld(t, db)
		city := w.Login(t, "city")
		if p := city.Post("/social-supervisors", url.Values{"name": {"刘监督"}, "username": {"social"}, "region": {"370100"},
			"term_from": {"2026-01-01"}, "term_to": {"2026-12-31"}}); p.Status != http.StatusSeeOther {
			t.Fatalf("appoint: %d", p.Status)
		}
		if p := w.Login(t, "social").Post("/complaints/clue", url.Values{"category": {"no_certificate"}, "agency_code": {testworld.Agency},
			"description": {"旁站时发现执法人员未出示证件。"}}); p.Status != http.StatusSeeOther {
			t.Fatalf("clue: %d", p.Status)
		}
		sup := w.Login(t, "supervisor")
		p := sup.Get("/complaints/stats")
		webtest.PageOK(t, "stats", p)
		if got := webtest.Text(p.Doc.Find("#stats-total")); !strings.HasPrefix(got, "1") {
			t.Errorf("supervision's total: %q", got)
		}
		if href, _ := p.Doc.Find(`#stats-category a`).Attr("href"); href != "/complaints?category=no_certificate" {
			t.Errorf("the category row links %q", href)
		}
		if got := webtest.Text(p.Doc.Find("#stats-officer")); !strings.Contains(got, "未指明执法人员") {
			t.Errorf("the officer table: %q", got)
		}
		if p := sup.Get("/complaints/stats?from=2026-02-30"); p.Status != http.StatusBadRequest ||
			!strings.Contains(webtest.Text(p.Doc.Find(".error-box")), "开始日期") {
			t.Errorf("a bad period: %d %q", p.Status, webtest.Text(p.Doc.Find(".error-box")))
		}
		if p := sup.Get("/complaints/stats.xlsx?from=2026-01-01&to=2026-06-15"); p.Status != http.StatusOK || !strings.HasPrefix(p.Body, "PK") {
			t.Errorf("export: %d", p.Status)
		}
		ag := w.Login(t, "agency_admin").Get("/complaints/stats")
		webtest.PageOK(t, "agency stats", ag)
		if ag.Doc.Find("#stats-category").Length() != 0 || !strings.HasPrefix(webtest.Text(ag.Doc.Find("#stats-total")), "0") {
			t.Errorf("the agency counts a complaint not forwarded to it: %q", webtest.Text(ag.Doc.Find("main")))
		}
	})
}
