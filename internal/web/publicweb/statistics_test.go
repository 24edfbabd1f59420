package publicweb_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/web/webtest"
)

// TestPublicStatistics: the portal's live statistics count the year's
// penalty decisions by region and, inside a county, by agency, without
// signing in; an annulled decision is not a penalty, one not yet published
// is a penalty but not 已公示, the 2023 one counts in 2023 only; bad input
// names its field.
func TestPublicStatistics(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := pdSetup(t, db)
		anon := w.Env.Browser(t)

		home := anon.Get("/public")
		if href, _ := home.Doc.Find("#portal-statistics").Attr("href"); href != "/public/statistics" {
			t.Fatalf("the portal does not link its statistics: %q", href)
		}
		city := anon.Get("/public/statistics?region=370100&year=2026")
		if city.Status != http.StatusOK {
			t.Fatalf("city statistics: %d", city.Status)
		}
		rows := map[string][]string{}
		city.Doc.Find("#public-stats-table tbody tr").Each(func(_ int, tr *goquery.Selection) {
			var cells []string
			tr.Find("td").Each(func(_ int, td *goquery.Selection) { cells = append(cells, webtest.Text(td)) })
			rows[cells[0]] = cells[1:]
		})
		// 历下区: the person's decision (published) and the one not yet
		// published; the annulled one is no penalty. 市中区: the pushed one.
		if got := rows["历下区"]; len(got) != 4 || got[0] != "2" || got[3] != "1" {
			t.Fatalf("历下区 row: %q (all rows %q)", got, rows)
		}
		if got := rows["市中区"]; len(got) != 4 || got[0] != "1" || got[2] != "8000.00" || got[3] != "1" {
			t.Fatalf("市中区 row: %q", got)
		}
		if got := webtest.Text(city.Doc.Find("#public-stats-total")); got != "3" {
			t.Fatalf("total: %q", got)
		}
		if href, _ := city.Doc.Find("#public-stats-table a:contains('历下区')").Attr("href"); href != "/public/statistics?region=370102&year=2026" {
			t.Fatalf("drill-down link: %q", href)
		}

		county := anon.Get("/public/statistics?region=370102&year=2026")
		if got := webtest.Text(county.Doc.Find("#public-stats-table thead")); !strings.Contains(got, "执法部门") {
			t.Fatalf("a county lists agencies: %q", got)
		}
		if got := webtest.Text(county.Doc.Find("#public-stats-table tbody")); !strings.Contains(got, "历下区市场监督管理局") {
			t.Fatalf("county rows: %q", got)
		}
		if href, _ := county.Doc.Find("#public-stats-up").Attr("href"); href != "/public/statistics?region=370100&year=2026" {
			t.Fatalf("up link: %q", href)
		}

		old := anon.Get("/public/statistics?region=370100&year=2023")
		if got := webtest.Text(old.Doc.Find("#public-stats-total")); got != "1" {
			t.Fatalf("2023 total: %q", got)
		}
		if p := anon.Get("/public/statistics?year=1999"); p.Status != http.StatusBadRequest || !strings.Contains(webtest.Text(p.Doc.Find("#stats-error")), "年度") {
			t.Fatalf("a bad year: %d %q", p.Status, webtest.Text(p.Doc.Find("main")))
		}
		if p := anon.Get("/public/statistics?region=379901"); p.Status != http.StatusNotFound {
			t.Fatalf("an unknown region: %d", p.Status)
		}
	})
}
