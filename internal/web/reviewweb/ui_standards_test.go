package reviewweb_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"zfjd/internal/review"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/web/webtest"
)

// importStandard posts the import form: name, case kind and the file.
func importStandard(b *webtest.Browser, name, kind string, data []byte) *webtest.Page {
	b.T.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("name", name)
	mw.WriteField("case_kind", kind)
	fw, _ := mw.CreateFormFile("file", "标准.xlsx")
	fw.Write(data)
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, b.Env.TS.URL+"/reviews/standards/import", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return b.Send(req)
}

// TestUIStandards: the standards page's template imports as the default
// standard; its export imports again as an equal second version; a file
// whose 卷面 does not add up to 20 is refused row by row and writes
// nothing; the page is supervision's (an agency gets 403).
func TestUIStandards(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := webtest.StartWorld(t, db)
		sup, ag := w.Login(t, "supervisor"), w.Login(t, "agency_admin")
		if p := ag.Get("/reviews/standards"); p.Status != http.StatusForbidden {
			t.Errorf("an agency on the standards page: %d", p.Status)
		}
		page := sup.Get("/reviews/standards")
		webtest.PageOK(t, "standards", page)
		tpl := sup.Get("/reviews/standards/template.xlsx")
		if tpl.Status != http.StatusOK || tpl.Header.Get("Content-Type") != review.ContentTypeXLSX {
			t.Fatalf("template: %d %s", tpl.Status, tpl.Header.Get("Content-Type"))
		}
		if p := importStandard(sup, "行政处罚案卷评查标准", "penalty", []byte(tpl.Body)); p.Status != http.StatusSeeOther {
			t.Fatalf("import the template: %d %s", p.Status, webtest.Text(p.Doc.Find(".error-box, #import-errors")))
		}
		page = sup.Get("/reviews/standards")
		href, ok := page.Doc.Find("#standard-table a.export").First().Attr("href")
		if !ok {
			t.Fatalf("no export link: %s", webtest.Text(page.Doc.Find("main")))
		}
		exp := sup.Get(href)
		if exp.Status != http.StatusOK {
			t.Fatalf("export: %d", exp.Status)
		}
		if p := importStandard(sup, "行政处罚案卷评查标准", "penalty", []byte(exp.Body)); p.Status != http.StatusSeeOther {
			t.Fatalf("import the export: %d %s", p.Status, webtest.Text(p.Doc.Find(".error-box, #import-errors")))
		}
		var v1, v2 string
		db.R.QueryRow(`SELECT items FROM review_standards WHERE version = 1`).Scan(&v1)
		db.R.QueryRow(`SELECT items FROM review_standards WHERE version = 2`).Scan(&v2)
		if v1 == "" || v1 != v2 {
			t.Errorf("round trip: %s\n%s", v1, v2)
		}
		if n := sup.Get("/reviews/standards").Doc.Find("#standard-table tbody tr").Length(); n != 2 {
			t.Errorf("versions listed: %d", n)
		}
		if p := ag.Get(href); p.Status != http.StatusNotFound {
			t.Errorf("an agency exporting: %d", p.Status)
		}

		// A bad file: F1 worth 5 instead of 2 (卷面 23), a unknown section.
		x, _ := excelize.OpenReader(strings.NewReader(exp.Body))
		x.SetCellValue("评查标准", "D9", 5)
		x.SetCellValue("评查标准", "A3", "附加标准")
		buf, _ := x.WriteToBuffer()
		p := importStandard(sup, "行政处罚案卷评查标准", "penalty", buf.Bytes())
		errs := webtest.Text(p.Doc.Find("#import-errors"))
		if p.Status != http.StatusBadRequest || !strings.Contains(errs, "3部分应为基本标准、卷面标准或内容标准") {
			t.Errorf("bad section: %d %q", p.Status, errs)
		}
		x.SetCellValue("评查标准", "A3", "基本标准")
		buf, _ = x.WriteToBuffer()
		p = importStandard(sup, "行政处罚案卷评查标准", "penalty", buf.Bytes())
		if errs := webtest.Text(p.Doc.Find("#import-errors")); !strings.Contains(errs, "9分值卷面标准各项分值合计应为20分，现为23分") {
			t.Errorf("卷面 not 20: %q", errs)
		}
		if p := importStandard(sup, "", "penalty", []byte("not a workbook")); p.Status != http.StatusBadRequest ||
			!strings.Contains(webtest.Text(p.Doc.Find("#import-message")), "xlsx") {
			t.Errorf("not a workbook: %d %s", p.Status, webtest.Text(p.Doc.Find("#import-message")))
		}
		var n int
		db.R.QueryRow(`SELECT COUNT(*) FROM review_standards`).Scan(&n)
		if n != 2 {
			t.Errorf("refused files wrote: %d standards", n)
		}
	})
}
