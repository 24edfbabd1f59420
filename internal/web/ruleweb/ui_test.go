package ruleweb_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/web/webtest"
)

// The settings form: the city sets a lead time for its subtree; the
// county's form refuses a shorter one naming the city and keeps the
// county's input; the rules page shows where each setting comes from; an
// officer sees the rules but no 设定 links.
func TestUISettingsForm(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := webtest.StartWorld(t, db)
		city := w.Login(t, "city")
		p := city.Get("/rules/settings/DECISION_OVERDUE?region=370100")
		webtest.PageOK(t, "settings form", p)
		if !strings.Contains(webtest.Text(p.Doc.Find("form")), "临期预警提前工作日数") {
			t.Fatalf("form: %s", webtest.Text(p.Doc.Find("main")))
		}
		p = city.Post("/rules/settings/DECISION_OVERDUE", url.Values{"region": {"370100"}, "enabled": {"1"}, "param_lead_workdays": {"3"}})
		if p.Status != http.StatusSeeOther || !strings.Contains(p.Location, "/rules?region=370100") {
			t.Fatalf("save: %d %s", p.Status, p.Location)
		}
		county := w.Login(t, "supervisor")
		p = county.Post("/rules/settings/DECISION_OVERDUE", url.Values{"region": {"370102"}, "enabled": {"1"}, "param_lead_workdays": {"1"}})
		if p.Status != http.StatusBadRequest || !strings.Contains(webtest.Text(p.Doc.Find(".field-error")), "济南市") ||
			p.Doc.Find(`#param_lead_workdays`).AttrOr("value", "") != "1" {
			t.Fatalf("loosening: %d %s", p.Status, webtest.Text(p.Doc.Find("main")))
		}
		p = county.Post("/rules/settings/DECISION_OVERDUE", url.Values{"region": {"370102"}, "enabled": {"1"}, "param_lead_workdays": {"x"}})
		if p.Status != http.StatusBadRequest {
			t.Fatalf("not a number: %d", p.Status)
		}
		p = county.Get("/rules?region=370102")
		webtest.PageOK(t, "rules page", p)
		row := webtest.Text(p.Doc.Find(`tr[data-rule="DECISION_OVERDUE"]`))
		if !strings.Contains(row, "临期预警提前工作日数（0为不预警）：3个工作日") || !strings.Contains(row, "370100（第1版）") {
			t.Errorf("row: %s", row)
		}
		off := w.Login(t, "officer")
		p = off.Get("/rules")
		webtest.PageOK(t, "rules page for an officer", p)
		if p.Doc.Find(`a[href^="/rules/settings/"]`).Length() != 0 || p.Doc.Find(`a[href^="/rules/custom/new"]`).Length() != 0 {
			t.Error("an officer is offered settings")
		}
		if p := off.Post("/rules/settings/DECISION_OVERDUE", url.Values{"region": {"370102"}, "enabled": {"0"}}); p.Status != http.StatusForbidden {
			t.Errorf("officer's post: %d", p.Status)
		}
		// Nor are the forms shown to who may not save them.
		for _, path := range []string{"/rules/settings/DECISION_OVERDUE?region=370102", "/rules/custom/new"} {
			if p := off.Get(path); p.Status != http.StatusForbidden {
				t.Errorf("officer GET %s: %d, want 403", path, p.Status)
			}
		}
	})
}
