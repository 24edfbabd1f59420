package caseweb_test

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"zfjd/internal/auth"
	"zfjd/internal/cases"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/web/webtest"
)

// fwDocCounts are the rows numbering a document writes: its number, the
// counter it came from, and the audit trail.
func fwDocCounts(t *testing.T, db *store.DB) map[string]int {
	t.Helper()
	c := webtest.Counts(t, db)
	return map[string]int{"case_documents": c["case_documents"], "counters": c["counters"], "audit_log": c["audit_log"]}
}

// Case documents: login, visibility of the case, numbering only by POST,
// HTML laid out for A4 printing, a .docx that is a well-formed package,
// Chinese 404s.
func TestDocCasePages(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := webtest.StartWorld(t, db)
		w.AddMatters(t)
		decided := w.Case(t, "closed", nil).ID // decided, delivered, published and paid
		open := w.Case(t, "legal_review", nil).ID
		other := w.OtherCase(t)
		base := "/cases/" + itoa64(decided) + "/docs/"

		anon := w.Env.Browser(t)
		if p := anon.Get(base + "decision"); p.Status != http.StatusSeeOther || !strings.HasPrefix(p.Location, "/login") {
			t.Errorf("anonymous document: %d %s", p.Status, p.Location)
		}
		if p := anon.Post(base+"decision/issue", url.Values{}); p.Status != http.StatusSeeOther || !strings.HasPrefix(p.Location, "/login") {
			t.Errorf("anonymous issue: %d %s", p.Status, p.Location)
		}

		b := w.Login(t, "officer")
		// Numbered by the officer's explicit act; the 信用修复告知书 with it.
		p := b.Post(base+"decision/issue", url.Values{})
		if p.Status != http.StatusSeeOther || p.Location != "/cases/"+itoa64(decided)+"/docs" {
			t.Fatalf("issue: %d %s\n%s", p.Status, p.Location, webtest.Text(p.Doc.Find(".error-box")))
		}
		list := b.Get(p.Location)
		if f := webtest.Text(list.Doc.Find(".flash")); !strings.Contains(f, "已编号") || !strings.Contains(f, "济历下市监罚〔2026〕1号") {
			t.Errorf("flash after numbering: %q", f)
		}
		p = b.Get(base + "decision")
		if p.Status != http.StatusOK {
			t.Fatalf("decision: %d\n%s", p.Status, p.Body)
		}
		// The A4 styles (GB/T 9704 layout, 仿宋) are served from /static.
		if css := b.Get("/static/document.css"); css.Status != http.StatusOK || !strings.Contains(css.Body, "@page { size: A4") ||
			!strings.Contains(css.Body, "仿宋") {
			t.Errorf("/static/document.css: %d", css.Status)
		}
		for _, want := range []string{"行政处罚决定书", "信用修复告知书", "data-print", "/static/document.css", "济历下市监罚〔2026〕1号",
			"济历下市监信修〔2026〕1号", "六十日内向济南市历下区人民政府申请行政复议", "（印章）", "济南某某便利店有限公司"} {
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
		if docNo != "济历下市监罚〔2026〕1号" {
			t.Errorf("number on the sheet %q", docNo)
		}

		// .docx
		req, _ := http.NewRequest(http.MethodGet, w.Env.TS.URL+base+"decision.docx", nil)
		resp, err := b.Client.Do(req)
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

		// The same number every time, and a second POST gives no new one.
		if p2 := b.Get(base + "decision"); !strings.Contains(p2.Body, docNo) {
			t.Errorf("number changed from %q", docNo)
		}
		before := fwDocCounts(t, db)
		if p := b.Post(base+"decision/issue", url.Values{}); p.Status != http.StatusSeeOther {
			t.Errorf("second issue: %d", p.Status)
		}
		if after := fwDocCounts(t, db); after["case_documents"] != before["case_documents"] || after["counters"] != before["counters"] {
			t.Errorf("a second issue wrote a number: %v → %v", before, after)
		}
		// Other kinds the case has reached, and the list.
		for _, k := range []string{"filing", "notice", "receipt", "credit"} {
			if p := b.Get(base + k); p.Status != http.StatusOK {
				t.Errorf("%s: %d", k, p.Status)
			}
		}
		if p := b.Get("/cases/" + itoa64(decided) + "/docs"); p.Status != http.StatusOK || !strings.Contains(p.Body, docNo) {
			t.Errorf("document list: %d", p.Status)
		}
		// Chinese 404s: unknown kind, a document the case has not reached,
		// a case of another agency, a bad id.
		for path, msg := range map[string]string{
			base + "nonsense": "没有“nonsense”这种文书",
			"/cases/" + itoa64(open) + "/docs/decision":     "案件尚未办理到“作出决定”，还没有行政处罚决定书",
			"/cases/" + itoa64(open) + "/docs/receipt":      "案件尚未办理到“送达”",
			"/cases/" + itoa64(open) + "/docs/hearing.docx": "案件尚未办理到“听证通知”",
			"/cases/" + itoa64(other) + "/docs/decision":    "不存在或无权访问",
			"/cases/x/docs/decision":                        "不存在或无权访问",
		} {
			p := b.Get(path)
			if p.Status != http.StatusNotFound || !strings.Contains(p.Body, msg) {
				t.Errorf("%s: %d, want 404 with %q", path, p.Status, msg)
			}
		}
		// Reading is open to who sees the case; numbering is not.
		for who, status := range map[string]int{"supervisor": http.StatusForbidden, "agency_admin": http.StatusForbidden,
			"reviewer": http.StatusForbidden, "other_officer": http.StatusNotFound} {
			r := w.Login(t, who)
			if who != "other_officer" {
				if p := r.Get(base + "notice"); p.Status != http.StatusOK {
					t.Errorf("%s reads the notice: %d", who, p.Status)
				}
			}
			before := fwDocCounts(t, db)
			if p := r.Post(base+"notice/issue", url.Values{}); p.Status != status {
				t.Errorf("%s numbers the notice: %d, want %d", who, p.Status, status)
			}
			if after := fwDocCounts(t, db); after["case_documents"] != before["case_documents"] || after["audit_log"] != before["audit_log"] {
				t.Errorf("%s's refused numbering wrote: %v → %v", who, before, after)
			}
		}
	})
}

// A GET of a document only reads: no 文号, no counter, no audit row, however
// often it is printed; the POST issue numbers it once and says so in the
// audit trail.
func TestDocGetWritesNoNumber(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := webtest.StartWorld(t, db)
		id := w.Case(t, "delivered", nil).ID // decided, not delivered
		b := w.Login(t, "officer")
		base := "/cases/" + itoa64(id) + "/docs/"
		before := fwDocCounts(t, db)
		for _, path := range []string{base + "decision", base + "decision.docx", base + "credit", base + "filing", base + "notice",
			"/cases/" + itoa64(id) + "/docs"} {
			for range 2 {
				if p := b.Get(path); p.Status != http.StatusOK {
					t.Fatalf("GET %s: %d", path, p.Status)
				}
			}
		}
		if after := fwDocCounts(t, db); after["case_documents"] != before["case_documents"] || after["counters"] != before["counters"] ||
			after["audit_log"] != before["audit_log"] {
			t.Fatalf("GETs of documents wrote: %v → %v", before, after)
		}
		p := b.Get(base + "decision")
		if strings.Contains(p.Body, "罚〔") {
			t.Errorf("an unnumbered decision shows a number: %q", webtest.Text(p.Doc.Find("section.sheet .docno")))
		}
		list := b.Get("/cases/" + itoa64(id) + "/docs")
		if list.Doc.Find(`form[action="/cases/`+itoa64(id)+`/docs/decision/issue"][method=post]`).Length() != 1 {
			t.Errorf("the document list offers no 编号并制作 for the decision: %q", webtest.Text(list.Doc.Find("table")))
		}
		if list.Doc.Find(`form[action="/cases/`+itoa64(id)+`/docs/receipt/issue"]`).Length() != 0 {
			t.Error("the list offers to number the 送达回证 of an undelivered decision")
		}

		// The POST numbers the decision and the 信用修复告知书 (两书同达).
		if p := b.Post(base+"decision/issue", url.Values{}); p.Status != http.StatusSeeOther {
			t.Fatalf("issue: %d %s", p.Status, webtest.Text(p.Doc.Find(".error-box")))
		}
		after := fwDocCounts(t, db)
		if after["case_documents"] != before["case_documents"]+2 || after["audit_log"] <= before["audit_log"] {
			t.Errorf("issue wrote %v → %v, want 2 numbers and their audit rows", before, after)
		}
		var nos []string
		rows, err := db.R.QueryContext(webtest.Ctx, `SELECT kind || ' ' || doc_no FROM case_documents WHERE case_id = $1 ORDER BY kind`, id)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var s string
			rows.Scan(&s)
			nos = append(nos, s)
		}
		rows.Close()
		if strings.Join(nos, ";") != "credit 济历下市监信修〔2026〕1号;decision 济历下市监罚〔2026〕1号" {
			t.Errorf("numbers given: %v", nos)
		}
		if p := b.Get(base + "decision"); !strings.Contains(p.Body, "济历下市监罚〔2026〕1号") {
			t.Error("the decision does not show its number after issuing")
		}
		// Printing it again writes nothing.
		before = fwDocCounts(t, db)
		b.Get(base + "decision")
		b.Get(base + "decision.docx")
		if again := fwDocCounts(t, db); again["case_documents"] != before["case_documents"] || again["audit_log"] != before["audit_log"] {
			t.Errorf("GET after issuing wrote: %v → %v", before, again)
		}
		// The next case's decision takes the next number.
		id2 := w.Case(t, "delivered", func(c *cases.Case) { c.Title = "第二案" }).ID
		b.Post("/cases/"+itoa64(id2)+"/docs/decision/issue", url.Values{})
		if p := b.Get("/cases/" + itoa64(id2) + "/docs/decision"); !strings.Contains(p.Body, "济历下市监罚〔2026〕2号") {
			t.Error("the second decision is not 济历下市监罚〔2026〕2号")
		}
	})
}

// Agency administrators set the 机关代字 of their numbers.
func TestDocPrefixForm(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := webtest.StartWorld(t, db)
		webtest.AddAccount(t, db, auth.NewAccount{Username: "other_admin", DisplayName: "市中区市场监管局管理员", Role: auth.RoleAgencyAdmin,
			Region: "370103", Agency: testworld.Other})
		path := "/agencies/" + testworld.Agency + "/doc-prefix"
		b := w.Login(t, "agency_admin")
		p := b.Get(path)
		if p.Status != http.StatusOK || p.Doc.Find(`input[name=prefix]`).AttrOr("value", "") != "济历下市监" {
			t.Fatalf("form: %d %q", p.Status, p.Doc.Find(`input[name=prefix]`).AttrOr("value", ""))
		}
		if p := b.Post(path, url.Values{"prefix": {"济历下〔市监〕"}}); p.Status != http.StatusBadRequest || !strings.Contains(p.Body, "机关代字有误") {
			t.Errorf("bad prefix: %d", p.Status)
		}
		if p := b.Post(path, url.Values{"prefix": {"历下市监"}}); p.Status != http.StatusSeeOther {
			t.Fatalf("save: %d\n%s", p.Status, p.Body)
		}
		p = b.Get(path)
		if p.Doc.Find(`input[name=prefix]`).AttrOr("value", "") != "历下市监" || !strings.Contains(p.Body, "历下市监罚〔") ||
			!strings.Contains(p.Body, "已保存") {
			t.Errorf("after save: %q", p.Doc.Find(`input[name=prefix]`).AttrOr("value", ""))
		}
		// Numbers issued from now on carry it.
		id := w.Case(t, "investigation", nil).ID
		o := w.Login(t, "officer")
		if p := o.Post("/cases/"+itoa64(id)+"/docs/filing/issue", url.Values{}); p.Status != http.StatusSeeOther {
			t.Fatalf("issue the filing form: %d", p.Status)
		}
		if p := o.Get("/cases/" + itoa64(id) + "/docs/filing"); !strings.Contains(p.Body, "历下市监立〔2026〕1号") {
			t.Errorf("the filing form does not carry the new prefix: %q", webtest.Text(p.Doc.Find("section.sheet .docno")))
		}
		// An officer may not set it (403: the agency is his own, his role
		// may not); another agency's administrator does not see it (404).
		if p := o.Get(path); p.Status != http.StatusForbidden {
			t.Errorf("officer: %d", p.Status)
		}
		s := w.Login(t, "other_admin")
		if p := s.Post(path, url.Values{"prefix": {"X"}}); p.Status != http.StatusNotFound {
			t.Errorf("other agency's admin: %d", p.Status)
		}
	})
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }
