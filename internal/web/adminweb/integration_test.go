package adminweb_test

// The integration page (issue 16): the real base URL, every API area, only
// for the roles that connect systems; the stale 建设中 pages of built
// capabilities are gone. Both engines.

import (
	"net/http"
	"strings"
	"testing"

	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/web/webtest"
)

func TestUIIntegrationPage(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := webtest.StartWorld(t, db)
		p := w.Login(t, "agency_admin").Get("/integration")
		ex := webtest.Text(p.Doc.Find("#api-example"))
		if p.Status != http.StatusOK || strings.Contains(p.Body, "{{") || !strings.Contains(ex, w.Env.TS.URL+"/api/v1/officers") {
			t.Errorf("/integration: %d example %q (base %q)", p.Status, ex, w.Env.TS.URL)
		}
		areas := webtest.Text(p.Doc.Find("#api-areas"))
		for _, want := range []string{"/api/v1/cases", "/api/v1/warnings", "/api/v1/benchmarks", "/api/v1/calendar", "行政处罚案件"} {
			if !strings.Contains(areas, want) {
				t.Errorf("API areas lack %q: %s", want, areas)
			}
		}
		for _, user := range []string{"officer", "social", "head"} {
			b := w.Login(t, user)
			if p := b.Get("/integration"); p.Status != http.StatusForbidden {
				t.Errorf("%s /integration: %d", user, p.Status)
			}
			if b.Get("/").Doc.Find(`#nav a[href="/integration"]`).Length() != 0 {
				t.Errorf("%s sees the 数据对接接口 nav entry", user)
			}
		}
		for _, key := range []string{"cases", "discretion", "warnings"} {
			if p := w.Login(t, "city").Get("/soon/" + key); p.Status != http.StatusNotFound {
				t.Errorf("/soon/%s: %d", key, p.Status)
			}
		}
	})
}
