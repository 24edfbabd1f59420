package supervisionweb_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/xuri/excelize/v2"

	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/web/webtest"
)

// formOf is the named form's fields as a browser would send them
// (inputs with their values, the first option of selects unless chosen).
func formOf(p *webtest.Page, id string) url.Values {
	v := url.Values{}
	p.Doc.Find("#" + id + " input, #" + id + " textarea, #" + id + " select").Each(func(_ int, s *goquery.Selection) {
		name, _ := s.Attr("name")
		if name == "" {
			return
		}
		switch goquery.NodeName(s) {
		case "textarea":
			v.Add(name, s.Text())
		case "select":
			val, _ := s.Find("option[selected]").Attr("value")
			v.Add(name, val)
		default:
			if t, _ := s.Attr("type"); t == "checkbox" && !s.Is("[checked]") {
				return
			}
			val, _ := s.Attr("value")
			v.Add(name, val)
		}
	})
	return v
}

// TestUISupervisionCase: a supervisor opens a supervision case from a
// penalty case's page (the link kept both ways), files it, issues a
// 监督意见书 (条例 Art. 28) and prints it; the agency sees the case and
// the form to report its correction; an outsider does not; the list
// filters and exports.
func TestUISupervisionCase(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := webtest.StartWorld(t, db)
		c := w.Case(t, "delivered", nil)
		sup := w.Login(t, "supervisor")
		cp := sup.Get(webtest.CasePath(c.ID))
		webtest.PageOK(t, "case page", cp)
		href, ok := cp.Doc.Find("#open-supervision").Attr("href")
		if !ok {
			t.Fatalf("no link to open a supervision case on the case page: %s", webtest.Text(cp.Doc.Find("#supervision-links")))
		}
		nf := sup.Get(href)
		webtest.PageOK(t, "new form", nf)
		form := formOf(nf, "open-form")
		if form.Get("agency") != testworld.Agency || form.Get("case_id") != fmt.Sprint(c.ID) {
			t.Fatalf("prefilled form %v", form)
		}
		form.Set("source", "")
		if p := sup.Post("/supervision-cases", form); p.Status != http.StatusBadRequest || !strings.Contains(webtest.Text(p.Doc.Find(".field-error")), "来源") {
			t.Fatalf("missing source: %d %s", p.Status, webtest.Text(p.Doc.Find(".field-error")))
		}
		form.Set("source", "referral")
		form.Set("summary", "案件处罚明显不当")
		p := sup.Post("/supervision-cases", form)
		if p.Status != http.StatusSeeOther || !strings.HasPrefix(p.Location, "/supervision-cases/") {
			t.Fatalf("open: %d %s %s", p.Status, p.Location, webtest.Text(p.Doc.Find(".error-box")))
		}
		casePath := p.Location
		if l := sup.Get(webtest.CasePath(c.ID)).Doc.Find(`#supervision-links a[href="` + casePath + `"]`); l.Length() != 1 {
			t.Error("the case page does not link back to the supervision case")
		}
		page := sup.Get(casePath)
		webtest.PageOK(t, "supervision case", page)
		if page.Doc.Find("#from-case").Length() != 1 || page.Doc.Find("#act-form-file").Length() != 1 {
			t.Fatalf("case page: %s", webtest.Text(page.Doc.Find("main")))
		}
		post := func(act string, v url.Values, want int) *webtest.Page {
			t.Helper()
			if v.Get("at") == "" {
				v.Set("at", testworld.Today)
			}
			p := sup.Post(casePath+"/act/"+act, v)
			if p.Status != want {
				t.Fatalf("%s: %d, want %d: %s", act, p.Status, want, webtest.Text(p.Doc.Find(".error-box, .field-error")))
			}
			return p
		}
		post("file", url.Values{}, http.StatusSeeOther)
		bad := post("opinion", url.Values{"note": {""}}, http.StatusBadRequest)
		if bad.Doc.Find("#act-opinion[open] .field-error").Length() == 0 {
			t.Error("the refused opinion form is not shown open with its error")
		}
		post("opinion", url.Values{"note": {"罚款数额明显高于裁量基准"}, "delivered_on": {testworld.Today}}, http.StatusSeeOther)
		page = sup.Get(casePath)
		if got := webtest.Text(page.Doc.Find("#dl-correction")); got != "2026-07-15" {
			t.Errorf("correction deadline %q", got)
		}
		doc, ok := page.Doc.Find(`#case-docs a[href$="/opinion"]`).Attr("href")
		if !ok {
			t.Fatalf("no opinion document: %s", webtest.Text(page.Doc.Find("#case-docs")))
		}
		dp := sup.Get(doc)
		if dp.Status != http.StatusOK || !strings.Contains(dp.Body, "行政执法监督意见书") || !strings.Contains(dp.Body, "第二十八条") ||
			!strings.Contains(dp.Body, "〔2026〕1号") {
			t.Fatalf("opinion page: %d %s", dp.Status, dp.Body[:min(400, len(dp.Body))])
		}
		if dx := sup.Get(doc + "?format=docx"); dx.Status != http.StatusOK || !strings.HasPrefix(dx.Body, "PK") {
			t.Errorf("docx: %d", dx.Status)
		}

		ag := w.Login(t, "agency_admin")
		ap := ag.Get(casePath)
		webtest.PageOK(t, "agency's view", ap)
		if ap.Doc.Find("#act-form-corrected").Length() != 1 || ap.Doc.Find("#act-form-opinion").Length() != 0 {
			t.Errorf("agency's acts: %s", webtest.Text(ap.Doc.Find("#acts summary")))
		}
		if p := ag.Get(doc); p.Status != http.StatusOK {
			t.Errorf("the agency reads its opinion: %d", p.Status)
		}
		if p := w.Login(t, "other_officer").Get(casePath); p.Status != http.StatusNotFound {
			t.Errorf("another county's officer: %d", p.Status)
		}
		if p := w.Login(t, "officer").Get("/supervision-cases"); p.Doc.Find("#supervision-table tbody tr").Length() != 0 {
			t.Error("an officer lists supervision cases")
		}

		list := sup.Get("/supervision-cases?status=opinion")
		if n := list.Doc.Find("#supervision-table tbody tr").Length(); n != 1 {
			t.Errorf("status filter: %d rows", n)
		}
		if n := sup.Get("/supervision-cases?status=closed").Doc.Find("#supervision-empty").Length(); n != 1 {
			t.Error("no empty state")
		}
		x := sup.Get("/supervision-cases/export.xlsx")
		f, err := excelize.OpenReader(bytes.NewReader([]byte(x.Body)))
		if err != nil {
			t.Fatal(err)
		}
		rows, _ := f.GetRows("监督案件")
		if len(rows) != 2 || rows[1][9] != "待纠正" {
			t.Errorf("export rows %v", rows)
		}
	})
}
