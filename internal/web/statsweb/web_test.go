package statsweb_test

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/xuri/excelize/v2"

	"zfjd/internal/auth"
	"zfjd/internal/cases"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/web/webtest"
)

// decided pushes a decided case of agency in region.
func decided(t *testing.T, w *webtest.World, id, agency, region, filed, day string, ps ...cases.Penalty) {
	t.Helper()
	c := testworld.NewCase()
	c.SourceSystem, c.SourceID, c.AgencyCode, c.RegionCode = "sc-market", id, agency, region
	c.Facts.ActDate = filed
	yes := true
	c.Events = []cases.Event{{Type: "filed", At: filed, Officers: webtest.Team},
		{Type: "notified", At: filed, Officers: webtest.Team, HearingRight: &yes},
		{Type: "decided", At: day, Outcome: "penalty", Tier: "ordinary", Penalties: ps}}
	if _, _, err := w.Cases.Put(w.Ctx, testworld.Robot, c); err != nil {
		t.Fatalf("%s: %v", id, err)
	}
}

func world(t *testing.T, db *store.DB) *webtest.World {
	w := webtest.StartWorld(t, db)
	fine := func(n int64) cases.Penalty { return cases.Penalty{Kind: "fine", AmountFen: n} }
	decided(t, w, "W-1", testworld.Agency, testworld.Region, "2026-02-02", "2026-02-20", fine(100000))
	decided(t, w, "W-2", testworld.Agency, testworld.Region, "2026-03-02", "2026-03-20", fine(50000), cases.Penalty{Kind: "revoke_license"})
	decided(t, w, "W-3", testworld.Other, "370103", "2026-04-01", "2026-04-10", fine(30000))
	decided(t, w, "W-4", testworld.Agency, testworld.Region, "2025-04-01", "2025-05-06", fine(20000), cases.Penalty{Kind: "confiscate_income", AmountFen: 1000})
	return w
}

type annualBody struct {
	Year    int    `json:"year"`
	Region  string `json:"region_code"`
	AsOf    string `json:"as_of"`
	Penalty struct {
		Fine, Revoke, Confiscation, Total int64
		AmountFen                         int64 `json:"amount_fen"`
	} `json:"penalty"`
}

// GET /api/v1/reports/annual/{year} answers §7 (validated against
// openapi.yaml by webtest), 403 for an agency's token, 404 outside, 400 for
// a bad year; GET /api/v1/statistics drills from the city to a county.
func TestAPI(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := world(t, db)
		e := w.Env
		city := e.Token(auth.RoleSupervisor, "370100", "")
		county := e.Token(auth.RoleSupervisor, testworld.Region, "")
		agency := e.Token(auth.RoleAgencyAdmin, testworld.Region, testworld.Agency)
		var a annualBody
		e.Get("/api/v1/reports/annual/2025?region_code=370102", county, http.StatusOK).Decode(t, &a)
		if a.Year != 2025 || a.Region != "370102" || a.AsOf == "" || a.Penalty.Confiscation != 1 || a.Penalty.Total != 1 || a.Penalty.AmountFen != 21000 {
			t.Errorf("2025 历下区 %+v", a)
		}
		e.Get("/api/v1/reports/annual/2026", city, http.StatusOK).Decode(t, &a)
		if a.Region != "370100" || a.Penalty.Fine != 2 || a.Penalty.Revoke != 1 || a.Penalty.Total != 3 || a.Penalty.AmountFen != 180000 {
			t.Errorf("2026 济南市 %+v", a)
		}
		e.Get("/api/v1/reports/annual/2026?region_code=370103", county, http.StatusNotFound)
		e.Get("/api/v1/reports/annual/2026", agency, http.StatusForbidden)
		e.Get("/api/v1/reports/annual/26", county, http.StatusBadRequest)

		var s struct {
			Region string `json:"region_code"`
			Totals struct {
				Filed, Penalties int64
			} `json:"totals"`
			Groups []struct {
				Key, Drill string
				Current    struct{ Penalties int64 } `json:"current"`
			} `json:"groups"`
		}
		e.Get("/api/v1/statistics?group_by=region", city, http.StatusOK).Decode(t, &s)
		if s.Totals.Penalties != 3 || len(s.Groups) != 2 || s.Groups[0].Drill != "370102" || s.Groups[0].Current.Penalties != 2 {
			t.Errorf("city by region %+v", s)
		}
		e.Get("/api/v1/statistics?group_by=agency&region_code=370102", city, http.StatusOK).Decode(t, &s)
		if s.Region != "370102" || len(s.Groups) != 1 || s.Groups[0].Key != testworld.Agency {
			t.Errorf("county by agency %+v", s)
		}
		e.Get("/api/v1/statistics?region_code=370103", county, http.StatusNotFound)
		e.Get("/api/v1/statistics?group_by=nope", city, http.StatusBadRequest)
		e.Get("/api/v1/statistics", e.Token(auth.RoleOfficer, testworld.Region, testworld.Agency), http.StatusForbidden)
	})
}

// A city supervisor drills from the city to one county's agencies and
// downloads the table; the 年报 page and its xlsx show the official
// columns; the agency's head sees only his agency.
func TestPages(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := world(t, db)
		b := w.Login(t, "city")
		p := b.Get("/statistics?from=2026-01&to=2026-06")
		webtest.PageOK(t, "dashboard", p)
		if got := webtest.Text(p.Doc.Find("#t-penalties")); got != "3" {
			t.Errorf("#t-penalties %q", got)
		}
		if p.Doc.Find("#st-groups svg rect").Length() == 0 || p.Doc.Find("#st-groups script").Length() != 0 {
			t.Error("the chart is not a server-drawn SVG")
		}
		drill, ok := p.Doc.Find("#st-table a.drill").First().Attr("href")
		if !ok || !strings.Contains(drill, "region_code=370102") {
			t.Fatalf("drill link %q", drill)
		}
		p = b.Get(strings.Replace(drill, "group_by=region", "group_by=agency", 1))
		webtest.PageOK(t, "county by agency", p)
		if n := p.Doc.Find("#st-table tbody tr").Length(); n != 1 || !strings.Contains(webtest.Text(p.Doc.Find("#st-table tbody")), "历下区市场监督管理局") {
			t.Errorf("county agencies: %d rows %q", n, webtest.Text(p.Doc.Find("#st-table tbody")))
		}
		href, _ := p.Doc.Find("#export-link").Attr("href")
		x := b.Get(href)
		if x.Status != http.StatusOK || !strings.Contains(x.Header.Get("Content-Disposition"), "xlsx") {
			t.Fatalf("export %d %v", x.Status, x.Header)
		}
		book, err := excelize.OpenReader(bytes.NewReader([]byte(x.Body)))
		if err != nil {
			t.Fatal(err)
		}
		rows, _ := book.GetRows("执法统计")
		if len(rows) != 4 || rows[2][0] != "济南市历下区市场监督管理局" || rows[2][7] != "2" {
			t.Errorf("xlsx %q", rows)
		}
		pr := b.Get("/statistics?print=1")
		if pr.Doc.Find("#st-filter").Length() != 0 || pr.Doc.Find("#st-table").Length() != 1 {
			t.Error("the print view keeps the filters or loses the table")
		}

		a := b.Get("/statistics/annual?year=2026")
		webtest.PageOK(t, "annual", a)
		var cells []string
		a.Doc.Find("#penalty-total th").Each(func(_ int, c *goquery.Selection) { cells = append(cells, webtest.Text(c)) })
		if got := strings.Join(cells, " "); got != "合计 0 2 0 0 1 0 0 0 0 3 0.18" {
			t.Errorf("penalty total row %q", got)
		}
		if !strings.Contains(webtest.Text(a.Doc.Find("#deadline")), "2027-01-31") {
			t.Errorf("deadline %q", webtest.Text(a.Doc.Find("#deadline")))
		}
		if ax := b.Get("/statistics/annual/export.xlsx?year=2026"); ax.Status != http.StatusOK {
			t.Errorf("annual xlsx %d", ax.Status)
		}

		h := w.Login(t, "head")
		hp := h.Get("/statistics?group_by=agency")
		webtest.PageOK(t, "head's dashboard", hp)
		if n := hp.Doc.Find("#st-table tbody tr").Length(); n != 1 {
			t.Errorf("the head sees %d agencies", n)
		}
		if h.Get("/statistics/annual").Status != http.StatusForbidden {
			t.Error("an agency's head reads the region's 年报")
		}
		if o := w.Login(t, "officer").Get("/statistics"); o.Status != http.StatusForbidden {
			t.Errorf("an officer reads the dashboard: %d", o.Status)
		}
	})
}

// The 评议考核 page ranks the city's agencies with each indicator's
// evidence a click away; an adjustment with a reason moves the total.
func TestAssessmentPage(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := world(t, db)
		b := w.Login(t, "city")
		p := b.Get("/assessment?year=2026")
		webtest.PageOK(t, "assessment", p)
		rows := p.Doc.Find("#rank-table tbody tr")
		if rows.Length() != 2 || p.Doc.Find("#rank-table a[href^='/statistics?agency_code=']").Length() == 0 {
			t.Fatalf("ranking rows %d, evidence links %d", rows.Length(), p.Doc.Find("#rank-table a").Length())
		}
		last, _ := rows.Last().Attr("data-agency")
		before := webtest.Text(rows.Last().Find("td b"))
		r := b.Post("/assessment", url.Values{"year": {"2026"}, "agency_code": {last}, "points": {"20"}, "reason": {"专项整治"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("adjust: %d %s", r.Status, r.Body)
		}
		p = b.Get("/assessment?year=2026")
		first, _ := p.Doc.Find("#rank-table tbody tr").First().Attr("data-agency")
		if first != last {
			t.Errorf("after +20 the last (%s, %s points) is not first: %s", last, before, first)
		}
		if x := b.Get("/assessment/export.xlsx?year=2026"); x.Status != http.StatusOK {
			t.Errorf("xlsx %d", x.Status)
		}
		if h := w.Login(t, "head").Get("/assessment"); h.Status != http.StatusForbidden {
			t.Errorf("an agency's head reads the assessment: %d", h.Status)
		}
	})
}
