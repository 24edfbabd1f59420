package web_test

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"zfjd/internal/demo"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
)

// Case documents: login, visibility of the case, HTML laid out for A4
// printing, a .docx that is a well-formed package, Chinese 404s.
func TestDocCasePages(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		e := uiDemo(t, db)
		// A case of 历下区市场监督管理局 handled in zfjd, decided and published.
		decided := pdCaseID(t, db, `source_system = 'zfjd' AND decided_on <> ''`)
		open := pdCaseID(t, db, `source_system = 'zfjd' AND decided_on = ''`)
		var cityAgency string
		db.R.QueryRow(`SELECT code FROM agencies WHERE name = '济南市市场监督管理局'`).Scan(&cityAgency)
		other := pdCaseID(t, db, `agency_code = $1 AND decided_on <> ''`, cityAgency)
		base := "/cases/" + itoa64(decided) + "/docs/"

		anon := e.browser(t)
		if p := anon.get(base + "decision"); p.Status != http.StatusSeeOther || !strings.HasPrefix(p.Location, "/login") {
			t.Errorf("anonymous document: %d %s", p.Status, p.Location)
		}

		b := e.browser(t)
		b.login("lixia_sj", demo.DemoPassword) // 历下区市场监督管理局 administrator
		p := b.get(base + "decision")
		if p.Status != http.StatusOK {
			t.Fatalf("decision: %d\n%s", p.Status, p.Body)
		}
		for _, want := range []string{"行政处罚决定书", "信用修复告知书", "window.print()", "@page { size: A4", "济历下市监罚〔",
			"六十日内向济南市历下区人民政府申请行政复议", "（印章）"} {
			if !strings.Contains(p.Body, want) {
				t.Errorf("decision page lacks %q", want)
			}
		}
		if n := p.Doc.Find("section.sheet").Length(); n != 2 {
			t.Errorf("decision has %d sheets, want 2 (两书同达)", n)
		}
		if cc := p.Doc.Find(`a[href$="decision.docx"]`).Length(); cc != 1 {
			t.Error("no Word download link")
		}
		docNo := strings.TrimSpace(p.Doc.Find("section.sheet .docno").First().Text())

		// .docx
		req, _ := http.NewRequest(http.MethodGet, e.ts.URL+base+"decision.docx", nil)
		resp, err := b.c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.wordprocessingml.document" ||
			!strings.Contains(resp.Header.Get("Content-Disposition"), "filename*=UTF-8''") {
			t.Fatalf("docx: %d %q %q", resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Content-Disposition"))
		}
		zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
		if err != nil {
			t.Fatalf("docx is not a zip: %v", err)
		}
		found := false
		for _, f := range zr.File {
			if f.Name != "word/document.xml" {
				continue
			}
			found = true
			rc, _ := f.Open()
			x, _ := io.ReadAll(rc)
			rc.Close()
			d := xml.NewDecoder(bytes.NewReader(x))
			for {
				_, err := d.Token()
				if errors.Is(err, io.EOF) {
					break
				}
				if err != nil {
					t.Fatalf("document.xml not well-formed: %v", err)
				}
			}
			if !strings.Contains(string(x), docNo) || !strings.Contains(string(x), "行政处罚决定书") {
				t.Errorf("document.xml lacks the number %q or the title", docNo)
			}
		}
		if !found {
			t.Error("no word/document.xml")
		}

		// The same number every time.
		if p2 := b.get(base + "decision"); !strings.Contains(p2.Body, docNo) {
			t.Errorf("number changed from %q", docNo)
		}
		// Other kinds and the list.
		for _, k := range []string{"filing", "notice", "receipt", "credit"} {
			if p := b.get(base + k); p.Status != http.StatusOK {
				t.Errorf("%s: %d", k, p.Status)
			}
		}
		if p := b.get("/cases/" + itoa64(decided) + "/docs"); p.Status != http.StatusOK || !strings.Contains(p.Body, docNo) {
			t.Errorf("document list: %d", p.Status)
		}
		// Chinese 404s: unknown kind, a document the case has not reached,
		// a case of another agency, a bad id.
		for path, msg := range map[string]string{
			base + "nonsense": "没有“nonsense”这种文书",
			"/cases/" + itoa64(open) + "/docs/decision":     "尚未作出处罚决定",
			"/cases/" + itoa64(open) + "/docs/hearing.docx": "尚未通知听证",
			"/cases/" + itoa64(other) + "/docs/decision":    "不存在或无权访问",
			"/cases/x/docs/decision":                        "不存在或无权访问",
		} {
			p := b.get(path)
			if p.Status != http.StatusNotFound || !strings.Contains(p.Body, msg) {
				t.Errorf("%s: %d, want 404 with %q", path, p.Status, msg)
			}
		}
	})
}

// Agency administrators set the 机关代字 of their numbers.
func TestDocPrefixForm(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		e := uiDemo(t, db)
		var code string
		db.R.QueryRow(`SELECT code FROM agencies WHERE name = '济南市历下区市场监督管理局'`).Scan(&code)
		path := "/agencies/" + code + "/doc-prefix"
		b := e.browser(t)
		b.login("lixia_sj", demo.DemoPassword)
		p := b.get(path)
		if p.Status != http.StatusOK || p.Doc.Find(`input[name=prefix]`).AttrOr("value", "") != "济历下市监" {
			t.Fatalf("form: %d %q", p.Status, p.Doc.Find(`input[name=prefix]`).AttrOr("value", ""))
		}
		if p := b.post(path, url.Values{"prefix": {"济历下〔市监〕"}}); p.Status != http.StatusBadRequest || !strings.Contains(p.Body, "机关代字有误") {
			t.Errorf("bad prefix: %d", p.Status)
		}
		if p := b.post(path, url.Values{"prefix": {"历下市监"}}); p.Status != http.StatusSeeOther {
			t.Fatalf("save: %d\n%s", p.Status, p.Body)
		}
		p = b.get(path)
		if p.Doc.Find(`input[name=prefix]`).AttrOr("value", "") != "历下市监" || !strings.Contains(p.Body, "历下市监罚〔") ||
			!strings.Contains(p.Body, "已保存") {
			t.Errorf("after save: %q", p.Doc.Find(`input[name=prefix]`).AttrOr("value", ""))
		}
		// An officer, or another agency's administrator, may not.
		o := e.browser(t)
		o.login("officer", demo.DemoPassword)
		if p := o.get(path); p.Status != http.StatusNotFound {
			t.Errorf("officer: %d", p.Status)
		}
		s := e.browser(t)
		s.login("shijianju", demo.DemoPassword)
		if p := s.post(path, url.Values{"prefix": {"X"}}); p.Status != http.StatusNotFound {
			t.Errorf("other agency's admin: %d", p.Status)
		}
	})
}
