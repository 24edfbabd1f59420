package supervisionweb_test

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

// TestUISupervisionLimits: the district's supervision sets its time limits
// on the list page (条例 Arts. 27–29 "规定时限"); a bad value comes back with
// the form open and the field's error; an agency sees no form.
func TestUISupervisionLimits(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := webtest.StartWorld(t, db)
		sup := w.Login(t, "supervisor")
		p := sup.Get("/supervision-cases")
		webtest.PageOK(t, "list", p)
		if got := webtest.Text(p.Doc.Find("#supervision-limits")); !strings.Contains(got, "默认：各30日") {
			t.Fatalf("limits form: %q", got)
		}
		form := formOf(p, "limits-form")
		if form.Get("region") != testworld.Region || form.Get("correction_days") != "30" {
			t.Fatalf("limits form values %v", form)
		}
		form.Set("correction_days", "0")
		bad := sup.Post("/supervision-cases/settings", form)
		if bad.Status != http.StatusBadRequest || bad.Doc.Find("#supervision-limits[open]").Length() != 1 ||
			!strings.Contains(webtest.Text(bad.Doc.Find("#supervision-limits .field-error")), "应为1到180日") {
			t.Fatalf("bad limit: %d %q", bad.Status, webtest.Text(bad.Doc.Find("#supervision-limits")))
		}
		form.Set("correction_days", "20")
		if ok := sup.Post("/supervision-cases/settings", form); ok.Status != http.StatusSeeOther {
			t.Fatalf("save: %d %s", ok.Status, webtest.Text(ok.Doc.Find(".error-box")))
		}
		p = sup.Get("/supervision-cases")
		if got := webtest.Text(p.Doc.Find("#supervision-limits")); !strings.Contains(got, "本级设置") || formOf(p, "limits-form").Get("correction_days") != "20" {
			t.Errorf("after saving: %q", got)
		}
		if p := w.Login(t, "agency_admin").Get("/supervision-cases"); p.Doc.Find("#supervision-limits").Length() != 0 {
			t.Error("an agency is offered the limits form")
		}
		if p := w.Login(t, "agency_admin").Post("/supervision-cases/settings", url.Values{"region": {testworld.Region},
			"fulfilment_days": {"1"}, "correction_days": {"1"}, "execution_days": {"1"}}); p.Status != http.StatusForbidden {
			t.Errorf("an agency setting the limits: %d", p.Status)
		}
	})
}
