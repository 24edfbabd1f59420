package registryweb_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

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

// A system administrator is bound to no agency: his templates' example row
// names the first enforcement subject in his scope (by region and name),
// says so in the column's help, and imports unchanged (issue 16).
func TestImportTemplateAdminSample(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := webtest.StartWorld(t, db)
		webtest.AddAdmin(t, db)
		b := w.Login(t, "admin")
		for _, kind := range []string{"officers", "matters"} {
			for i, format := range []string{"xlsx", "csv"} {
				tp := b.Get("/" + kind + "/import/template?format=" + format)
				if tp.Status != http.StatusOK {
					t.Fatalf("%s %s template: %d", kind, format, tp.Status)
				}
				if format == "csv" && !strings.Contains(tp.Body, testworld.Agency) {
					t.Fatalf("%s csv template does not name %s: %.800s", kind, testworld.Agency, tp.Body)
				}
				if format == "xlsx" {
					help := xlsxText(t, []byte(tp.Body))
					if !strings.Contains(help, "您管辖范围内的执法主体“济南市历下区市场监督管理局”的代码") || strings.Contains(help, "占位符") {
						t.Errorf("%s xlsx template's help does not say whose code the example is: %.1200s", kind, help)
					}
				}
				p := b.Upload("/"+kind+"/import", "模板."+format, []byte(tp.Body))
				want := []string{"新增 1，更新 0，未变 0", "新增 0，更新 0，未变 1"}[i]
				if p.Status != http.StatusOK || !strings.Contains(p.Body, "导入成功") || !strings.Contains(p.Body, want) {
					t.Errorf("%s %s template imported unchanged by admin: %d, want 导入成功 with %q; body %.600s", kind, format, p.Status, want, p.Doc.Find("main").Text())
				}
			}
		}
	})
}

// xlsxText is every cell of every sheet of an xlsx file, a line a row.
func xlsxText(t *testing.T, b []byte) string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out strings.Builder
	for _, sh := range f.GetSheetList() {
		rows, err := f.GetRows(sh)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			out.WriteString(strings.Join(r, "\t") + "\n")
		}
	}
	return out.String()
}
