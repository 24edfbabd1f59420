package caseweb_test

// The case list as an official uses it (issue 16): filters by agency,
// region drill-down, domain, 登记 date and warning severity; the search
// finds matter names; a filter that is not one is named at its field; the
// export holds the rows of the same filters. Both engines.

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

func TestUICaseListFiltersAndExport(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := webtest.StartWorld(t, db)
		off := w.Login(t, "officer")
		form := ucCaseForm(testworld.Today)
		form.Set("title", "列表筛选测试")
		id := ucCreated(t, off, form)
		if _, err := db.W.ExecContext(webtest.Ctx, `UPDATE matters SET domain = '市场监管' WHERE code = $1`, testworld.Matter); err != nil {
			t.Fatal(err)
		}
		city := w.Login(t, "city")
		rows := func(q string) int {
			t.Helper()
			p := city.Get("/cases?" + q)
			if p.Status != http.StatusOK {
				t.Fatalf("/cases?%s: %d", q, p.Status)
			}
			return p.Doc.Find(`#case-table tbody tr`).Length()
		}
		for _, c := range []struct {
			q    string
			want int
		}{
			{"q=" + url.QueryEscape("经营超过保质期"), 1}, // the matter's name, not in the title
			{"q=" + url.QueryEscape("无此事项"), 0},
			{"domain=" + url.QueryEscape("市场监管"), 1},
			{"domain=" + url.QueryEscape("生态环境"), 0},
			{"from=" + testworld.Today + "&to=" + testworld.Today, 1},
			{"from=" + webtest.DaysAgo(-1), 0},
			{"to=" + webtest.DaysAgo(1), 0},
			{"agency=" + testworld.Agency, 1},
			{"agency=" + testworld.Other, 0},
			{"region=370102", 1},
			{"region=370103", 0},
		} {
			if got := rows(c.q); got != c.want {
				t.Errorf("/cases?%s: %d rows, want %d", c.q, got, c.want)
			}
		}
		// Severity: the filter agrees with the tags the row shows.
		var red int
		if err := db.R.QueryRowContext(webtest.Ctx, `SELECT COUNT(*) FROM findings WHERE subject_kind = 'case' AND subject_id = $1
			AND status = 'open' AND severity = 'red'`, id).Scan(&red); err != nil {
			t.Fatal(err)
		}
		if got := rows("severity=red"); (got == 1) != (red > 0) {
			t.Errorf("severity=red: %d rows, the case has %d red warnings", got, red)
		}
		// The city drills into its districts; a bad date is named at its field.
		p := city.Get("/cases")
		if p.Doc.Find(`#case-drill a.region-child[href*="region=370102"]`).Length() != 1 || p.Doc.Find(`#agency option`).Length() < 2 {
			t.Errorf("city list: drill-down %q, agency choices %d", webtest.Text(p.Doc.Find("#case-drill")), p.Doc.Find(`#agency option`).Length())
		}
		p = city.Get("/cases?from=2026-13-01")
		if msg := webtest.Text(p.Doc.Find(`#from`).Parent().Find(".field-error")); !strings.Contains(msg, "登记日期（起）") {
			t.Errorf("bad from date: %q", msg)
		}
		// The export: the rows of the filters, with a Chinese file name.
		p = city.Get("/cases/export.xlsx?q=" + url.QueryEscape("列表筛选"))
		if p.Status != http.StatusOK || !strings.Contains(p.Header.Get("Content-Disposition"), "filename*=UTF-8''"+url.PathEscape("案件.xlsx")) {
			t.Fatalf("export: %d %q", p.Status, p.Header.Get("Content-Disposition"))
		}
		got := sheetRows(t, p.Body)
		if len(got) != 2 || got[0][0] != "案号" || !strings.Contains(strings.Join(got[1], "|"), "列表筛选测试") {
			t.Errorf("export rows: %q", got)
		}
		if got := sheetRows(t, city.Get("/cases/export.xlsx?agency="+testworld.Other).Body); len(got) != 1 {
			t.Errorf("export of another agency's filter: %q", got)
		}
		// The social supervisor's export is as empty as its list.
		if got := sheetRows(t, w.Login(t, "social").Get("/cases/export.xlsx").Body); len(got) != 1 {
			t.Errorf("social supervisor's export: %q", got)
		}
	})
}

// sheetRows reads the first sheet of an xlsx body.
func sheetRows(t *testing.T, body string) [][]string {
	t.Helper()
	x, err := excelize.OpenReader(bytes.NewReader([]byte(body)))
	if err != nil {
		t.Fatalf("not an xlsx: %v", err)
	}
	defer x.Close()
	rows, err := x.GetRows(x.GetSheetName(0))
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// The social supervisor's list explains the role instead of "没有符合条件的案件".
func TestUICaseListSocialSupervisor(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := webtest.StartWorld(t, db)
		p := w.Login(t, "social").Get("/cases")
		if got := webtest.Text(p.Doc.Find("#social-note")); !strings.Contains(got, "社会监督员不查阅执法案卷") || p.Doc.Find(".empty").Length() != 0 {
			t.Errorf("social supervisor's /cases: %q", webtest.Text(p.Doc.Find("main")))
		}
	})
}
