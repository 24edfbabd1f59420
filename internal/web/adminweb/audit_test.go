package adminweb_test

// The audit log as an official reads it (issue 16). Both engines.

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/web/webtest"
)

func TestUIAuditReadable(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := webtest.StartWorld(t, db)
		webtest.AddAdmin(t, db)
		c := w.Case(t, "investigation", nil) // registered and filed through the service, audited
		admin := w.Login(t, "admin")
		p := admin.Get("/audit?entity=case")
		if p.Status != http.StatusOK || p.Doc.Find("#audit-table tbody tr").Length() == 0 {
			t.Fatalf("/audit?entity=case: %d, %d rows", p.Status, p.Doc.Find("#audit-table tbody tr").Length())
		}
		text := webtest.Text(p.Doc.Find("#audit-table"))
		// 操作 in Chinese, the case acts by the workflow's labels; no raw JSON.
		for _, want := range []string{"办理：", "新增", c.Title, "当事人"} {
			if !strings.Contains(text, want) {
				t.Errorf("audit page lacks %q: %s", want, text)
			}
		}
		if strings.Contains(text, `{"`) || strings.Contains(text, "act:") {
			t.Errorf("raw JSON or action codes on the page: %s", text)
		}
		// The object is a link with its name; the party's number is masked.
		if p.Doc.Find(`td.object a[href^="/cases?q="]`).Length() == 0 {
			t.Error("the case is not linked")
		}
		if strings.Contains(p.Body, c.Party.IDNumber) {
			t.Errorf("the party's number %s is shown unmasked", c.Party.IDNumber)
		}
		if a := admin.Get("/audit?entity=agency").Doc.Find(`td.object a[href="/agencies/` + testworld.Agency + `"]`); a.Length() == 0 || webtest.Text(a.First()) == testworld.Agency {
			t.Errorf("the agency is not linked by name: %q", webtest.Text(a))
		}
		// Filters: an action, a date range, a bad date at its field.
		if n := admin.Get("/audit?action=act").Doc.Find("#audit-table td.action").Length(); n == 0 {
			t.Error("action=act: no case acts")
		}
		if n := admin.Get("/audit?from=" + webtest.DaysAgo(-1)).Doc.Find("#audit-table tbody tr").Length(); n != 0 {
			t.Errorf("from tomorrow: %d rows", n)
		}
		if msg := webtest.Text(admin.Get("/audit?from=2026-02-30").Doc.Find("#from").Parent().Find(".field-error")); !strings.Contains(msg, "起始日期") {
			t.Errorf("bad from: %q", msg)
		}
		// The export: the filtered rows, the same words, masked.
		p = admin.Get("/audit/export.xlsx?entity=case")
		if p.Status != http.StatusOK || !strings.Contains(p.Header.Get("Content-Disposition"), url.PathEscape("操作审计.xlsx")) {
			t.Fatalf("export: %d %q", p.Status, p.Header.Get("Content-Disposition"))
		}
		x, err := excelize.OpenReader(bytes.NewReader([]byte(p.Body)))
		if err != nil {
			t.Fatal(err)
		}
		defer x.Close()
		rows, _ := x.GetRows("操作审计")
		var all []string
		for _, r := range rows[1:] {
			all = append(all, strings.Join(r, "|"))
			if r[5] != "案件" {
				t.Errorf("export row of another object: %q", r)
			}
		}
		if joined := strings.Join(all, "\n"); len(rows) < 2 || strings.Contains(joined, c.Party.IDNumber) || !strings.Contains(joined, "办理：") {
			t.Errorf("export rows: %s", joined)
		}
		// Only administrators and supervision read it.
		if p := w.Login(t, "officer").Get("/audit/export.xlsx"); p.Status != http.StatusForbidden {
			t.Errorf("officer's export: %d", p.Status)
		}
	})
}
