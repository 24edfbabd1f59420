package registryweb_test

import (
	"net/http"
	"strings"
	"testing"

	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/web/webtest"
)

// The officer and matter templates, downloaded by an agency administrator
// and uploaded unchanged, import: the example row names the user's own
// agency, not a placeholder (issue 16). The xlsx creates the row, the csv
// then finds it unchanged; nothing is refused.
func TestImportTemplateUnchanged(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := webtest.StartWorld(t, db)
		b := w.Login(t, "agency_admin")
		for _, kind := range []string{"officers", "matters"} {
			for i, format := range []string{"xlsx", "csv"} {
				tp := b.Get("/" + kind + "/import/template?format=" + format)
				if tp.Status != http.StatusOK || format == "csv" && !strings.Contains(tp.Body, testworld.Agency) {
					t.Fatalf("%s %s template: %d, names %s: %v", kind, format, tp.Status, testworld.Agency, strings.Contains(tp.Body, testworld.Agency))
				}
				p := b.Upload("/"+kind+"/import", "模板."+format, []byte(tp.Body))
				want := []string{"新增 1，更新 0，未变 0", "新增 0，更新 0，未变 1"}[i]
				if p.Status != http.StatusOK || !strings.Contains(p.Body, "导入成功") || !strings.Contains(p.Body, want) {
					t.Errorf("%s %s template imported unchanged: %d, want 导入成功 with %q; body %.600s", kind, format, p.Status, want, p.Doc.Find("main").Text())
				}
			}
		}
	})
}
