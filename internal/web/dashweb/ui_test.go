package dashweb_test

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/xuri/excelize/v2"

	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/web/webtest"
)

// tableRows reads a table's body rows as trimmed cell texts.
func tableRows(s *goquery.Selection) [][]string {
	var out [][]string
	s.Find("tbody tr").Each(func(_ int, tr *goquery.Selection) {
		var row []string
		tr.Find("td").Each(func(_ int, td *goquery.Selection) { row = append(row, webtest.Text(td)) })
		out = append(out, row)
	})
	return out
}

func xlsxRows(t *testing.T, body string) [][]string {
	t.Helper()
	x, err := excelize.OpenReader(bytes.NewReader([]byte(body)))
	if err != nil {
		t.Fatalf("the download does not open as xlsx: %v", err)
	}
	defer x.Close()
	rows, err := x.GetRows(x.GetSheetName(0))
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestDashboardPage(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w, _ := world(t, db)
		b := w.Login(t, "city")
		p := b.Get("/supervision/dashboard")
		webtest.PageOK(t, "dashboard", p)
		if got := webtest.Text(p.Doc.Find("#t-warnings")); got != "8" {
			t.Errorf("#t-warnings = %q, want 8", got)
		}
		if p.Doc.Find("#chart-region svg rect").Length() == 0 || p.Doc.Find("#chart-month svg").Length() != 1 {
			t.Error("no SVG bars in the region chart or no month chart")
		}
		if p.Doc.Find(".dash-chart script").Length() != 0 || strings.Contains(p.Body, `src="http`) {
			t.Error("a chart carries a script or the page loads from elsewhere; charts are drawn on the server")
		}
		rows := tableRows(p.Doc.Find("#table-region"))
		if len(rows) != 2 || rows[0][0] != "历下区" || rows[0][1] != "6" || rows[1][0] != "市中区" || rows[1][1] != "2" {
			t.Errorf("region table %v", rows)
		}
		drill, _ := p.Doc.Find(`#table-region a.drill`).First().Attr("href")
		if !strings.Contains(drill, "region_code=370102") {
			t.Fatalf("drill link %q", drill)
		}
		p = b.Get(drill)
		webtest.PageOK(t, "drilled dashboard", p)
		if got := webtest.Text(p.Doc.Find("#t-warnings")); got != "6" {
			t.Errorf("drilled #t-warnings = %q, want 6", got)
		}
		if got := webtest.Text(p.Doc.Find("#t-signed-rate")); got != "80.0%" {
			t.Errorf("签收率 %q, want 80.0%%", got)
		}
		if n := p.Doc.Find("#overdue-table tbody tr").Length(); n != 2 {
			t.Errorf("overdue rows %d, want 2", n)
		}

		// The xlsx of each chart has the table's rows.
		for _, by := range []string{"region", "month", "severity"} {
			pg := b.Get("/supervision/dashboard")
			href, _ := pg.Doc.Find("#export-" + by).Attr("href")
			dl := b.Get(href)
			if dl.Status != http.StatusOK || !strings.Contains(dl.Header.Get("Content-Type"), "spreadsheetml") {
				t.Fatalf("%s download: %d %s", by, dl.Status, dl.Header.Get("Content-Type"))
			}
			x := xlsxRows(t, dl.Body)
			tr := tableRows(pg.Doc.Find("#table-" + by))
			if len(x) != len(tr)+1 {
				t.Fatalf("%s: xlsx %d rows, table %d", by, len(x)-1, len(tr))
			}
			for i, r := range tr {
				if x[i+1][1] != r[0] || x[i+1][2] != r[1] || x[i+1][3] != r[2] {
					t.Errorf("%s row %d: xlsx %v, table %v", by, i, x[i+1], r)
				}
			}
		}

		county := w.Login(t, "supervisor")
		if p := county.Get("/supervision/dashboard?region_code=370103"); p.Status != http.StatusNotFound {
			t.Errorf("county drills into another county: %d, want 404", p.Status)
		}
		if p := county.Get("/supervision/dashboard.xlsx?region_code=370103"); p.Status != http.StatusNotFound {
			t.Errorf("county downloads another county: %d, want 404", p.Status)
		}
		p = county.Get("/supervision/dashboard")
		if got := webtest.Text(p.Doc.Find("#t-warnings")); got != "6" {
			t.Errorf("county #t-warnings = %q, want 6 (its own only)", got)
		}
		// The navigation's 监督 group links the pages, not 建设中, for who may read them.
		nav := p.Doc.Find(`.side a[href="/supervision/dashboard"]`)
		if nav.Length() != 1 || nav.HasClass("soon") || p.Doc.Find(`.side a[href="/supervision/cards"]`).Length() != 1 {
			t.Errorf("nav entry 统计看板: %d, soon=%v", nav.Length(), nav.HasClass("soon"))
		}
		officer := w.Login(t, "officer")
		if p := officer.Get("/supervision/dashboard"); p.Status != http.StatusForbidden {
			t.Errorf("officer: %d, want 403", p.Status)
		}
		if n := officer.Get("/").Doc.Find(`.side a[href^="/supervision/"]`).Length(); n != 0 {
			t.Errorf("an officer's navigation shows %d supervision entries", n)
		}
	})
}

func TestCardsPage(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w, c1 := world(t, db)
		for _, day := range []string{"2026-04-10", "2026-04-11", "2026-04-12", "2026-04-13"} {
			addFinding(t, db, finding{caseID: c1, region: testworld.Region, agency: testworld.Agency, sev: "red", stage: "issued", day: day})
		}
		b := w.Login(t, "supervisor")
		p := b.Get("/supervision/cards")
		webtest.PageOK(t, "cards", p)
		forms := p.Doc.Find("#proposal-table form.decide-form")
		if forms.Length() != 2 {
			t.Fatalf("decision forms %d, want 2 (officers A and B)", forms.Length())
		}
		action, _ := forms.First().Attr("action")
		p = b.Post(action, url.Values{"decision": {"accept"}, "reason": {""}})
		if p.Status != http.StatusBadRequest || !strings.Contains(webtest.Text(p.Doc.Find("#proposal-table .field-error")), "请填写决定理由") {
			t.Errorf("no reason: %d %q", p.Status, webtest.Text(p.Doc.Find(".field-error")))
		}
		p = b.Post(action, url.Values{"decision": {"reject"}, "reason": {"预警系数据迟报所致"}})
		if p.Status != http.StatusSeeOther {
			t.Fatalf("reject: %d", p.Status)
		}
		p = b.Get("/supervision/cards")
		if !strings.Contains(webtest.Text(p.Doc.Find("#proposal-table")), "不予采纳：预警系数据迟报所致") {
			t.Errorf("rejected proposal with its reason not shown: %s", webtest.Text(p.Doc.Find("#proposal-table")))
		}
		if rows := tableRows(p.Doc.Find("#agency-card-table")); len(rows) != 1 || rows[0][3] != "红牌" {
			t.Errorf("agency cards %v", rows)
		}

		// The registry pages show the card.
		p = b.Get("/officers/" + testworld.CertA)
		if got := webtest.Text(p.Doc.Find("#card")); !strings.Contains(got, "红牌") || !strings.Contains(got, "红色预警 6 次") {
			t.Errorf("officer page #card = %q", got)
		}
		p = b.Get("/officers")
		if p.Doc.Find("#officer-table .card-badge").Length() != 2 {
			t.Errorf("officer list badges = %d, want 2", p.Doc.Find("#officer-table .card-badge").Length())
		}
		p = b.Get("/agencies/" + testworld.Agency)
		if got := webtest.Text(p.Doc.Find("#card")); !strings.Contains(got, "红牌") {
			t.Errorf("agency page #card = %q", got)
		}
		if p := b.Get("/agencies"); p.Doc.Find(".card-badge").Length() != 1 {
			t.Errorf("agency list badges = %d, want 1", p.Doc.Find(".card-badge").Length())
		}
		// The officer sees his own card; a colleague's page shows none to him.
		o := w.Login(t, "officer")
		if got := webtest.Text(o.Get("/officers/" + testworld.CertA).Doc.Find("#card")); !strings.Contains(got, "红牌") {
			t.Errorf("own page #card = %q", got)
		}
		if n := o.Get("/officers/" + testworld.CertB).Doc.Find("#card").Length(); n != 0 {
			t.Errorf("a colleague's card is shown to an officer")
		}

		// Thresholds: the county sets its own.
		p = b.Post("/supervision/cards/settings", url.Values{"yellow_at": {"5"}, "red_at": {"4"}})
		if p.Status != http.StatusBadRequest {
			t.Errorf("red below yellow: %d", p.Status)
		}
		if p = b.Post("/supervision/cards/settings", url.Values{"yellow_at": {"2"}, "red_at": {"10"}}); p.Status != http.StatusSeeOther {
			t.Errorf("settings: %d", p.Status)
		}
		if got := webtest.Text(b.Get("/officers/" + testworld.CertA).Doc.Find("#card")); !strings.Contains(got, "黄牌") {
			t.Errorf("after the county's thresholds #card = %q, want 黄牌", got)
		}
	})
}

func TestInactionPage(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := webtest.StartWorld(t, db)
		if _, err := registry.PutMatter(w.Ctx, db, w.Admin, &registry.Matter{Code: "T-FOOD-002", Name: "对未按规定公示许可的行政处罚",
			Kind: "penalty", LegalBasis: "《中华人民共和国食品安全法》", AgencyCodes: []string{testworld.Agency, testworld.Other}}); err != nil {
			t.Fatal(err)
		}
		w.Register(t, testworld.Today)
		a := w.Login(t, "agency_admin")
		p := a.Get("/supervision/inaction")
		webtest.PageOK(t, "inaction", p)
		if rows := tableRows(p.Doc.Find("#inaction-table")); len(rows) != 1 || !strings.Contains(rows[0][2], "T-FOOD-002") {
			t.Fatalf("agency's rows %v", rows)
		}
		p = a.Post("/supervision/inaction/explain", url.Values{"agency_code": {testworld.Agency}, "matter_code": {"T-FOOD-002"},
			"year": {"2026"}, "explanation": {"本年度未发现此类违法行为"}})
		if p.Status != http.StatusSeeOther {
			t.Fatalf("explain: %d %s", p.Status, webtest.Text(p.Doc.Find(".field-error,.error-box")))
		}
		city := w.Login(t, "city")
		p = city.Get("/supervision/inaction")
		rows := tableRows(p.Doc.Find("#inaction-table"))
		if len(rows) != 2 || rows[0][4] != "本年度未发现此类违法行为" || rows[1][4] != "未说明" || p.Doc.Find("form.explain-form").Length() != 0 {
			t.Errorf("city rows %v", rows)
		}
		href, _ := p.Doc.Find("#inaction-export").Attr("href")
		x := xlsxRows(t, city.Get(href).Body)
		if len(x) != 3 || x[1][6] != "本年度未发现此类违法行为" {
			t.Errorf("xlsx %v", x)
		}
		if p := w.Login(t, "supervisor").Get("/supervision/inaction?region_code=370103"); p.Status != http.StatusNotFound {
			t.Errorf("another county: %d, want 404", p.Status)
		}
	})
}
