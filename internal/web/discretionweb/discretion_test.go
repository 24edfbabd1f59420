package discretionweb_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/xuri/excelize/v2"

	"zfjd/internal/discretion"
	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/web/webtest"
)

// The world's matter, with province, city and district benchmarks once
// webtest.World.AddBenchmarks has written them.
const uiBenchMatter = testworld.Matter

// uiBenchWorld is the fixture world with the benchmarks, the list item,
// the other county's matter and the administrator's login.
func uiBenchWorld(t *testing.T, db *store.DB) *webtest.World {
	t.Helper()
	w := webtest.StartWorld(t, db)
	w.AddMatters(t)
	w.AddBenchmarks(t)
	webtest.AddAdmin(t, db)
	// A matter of the city with a province list item: it applies in 历下区
	// too, but the matter is outside the district's scope.
	if _, err := registry.PutMatter(w.Ctx, db, w.Admin, &registry.Matter{Code: uiCityMatter, Name: "对未按规定公示食品安全信息的行政处罚（市级）",
		Kind: "penalty", RegionCode: "370100", LegalBasis: "《中华人民共和国食品安全法》第一百二十六条", AgencyCodes: []string{testworld.Other}}); err != nil {
		t.Fatal(err)
	}
	yes := true
	if err := discretion.SaveItem(w.Ctx, db, w.Admin, &discretion.Item{Kind: discretion.ListMitigated, MatterCode: uiCityMatter,
		RegionCode: "370000", EffectiveFrom: "2022-01-01", Title: "未公示食品安全信息，主动消除危害后果", Conditions: []string{"主动消除危害后果"},
		PenaltyBasis: "《中华人民共和国食品安全法》第一百二十六条", Criteria: discretion.Criteria{Corrected: &yes}, Measures: []string{"correct"}}); err != nil {
		t.Fatal(err)
	}
	return w
}

// uiCityMatter is a matter of 济南市 (370100), above the district.
const uiCityMatter = "T-CITY-001"

// tierForm is the new-version form with one tier switched on.
func uiTierForm(region, from, tier, lo, hi string) url.Values {
	return url.Values{"region_code": {region}, "effective_from": {from}, "t." + tier + ".on": {"1"},
		"t." + tier + ".conditions": {"测试情形"}, "t." + tier + ".fine_min": {lo}, "t." + tier + ".fine_max": {hi}}
}

// Every role reads the benchmark and list pages; the versions in force are
// marked; only those who may change benchmarks get the forms.
func TestUIDiscretionPages(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := uiBenchWorld(t, db)
		for _, user := range []string{"admin", "city", "supervisor", "agency_admin", "officer", "reviewer", "head", "other_officer", "social"} {
			b := w.Login(t, user)
			for _, path := range []string{"/discretion", "/discretion?show=all", "/lists", "/lists?kind=no_penalty&in_force=1"} {
				if p := b.Get(path); p.Status != http.StatusOK {
					t.Errorf("%s %s: %d", user, path, p.Status)
				}
			}
			p := b.Get("/")
			if p.Doc.Find(`#nav a[href="/discretion"]`).Length() != 1 || p.Doc.Find(`#nav a[href="/lists"]`).Length() != 1 ||
				p.Doc.Find(`#nav a[href="/soon/discretion"]`).Length() != 0 {
				t.Errorf("%s: nav lacks 裁量基准 / 四张清单", user)
			}
		}

		officer := w.Login(t, "officer")
		list := officer.Get("/discretion")
		if list.Doc.Find(`a[href="/discretion/`+uiBenchMatter+`"]`).Length() == 0 || list.Doc.Find("tr.current").Length() == 0 {
			t.Errorf("/discretion for the officer lacks %s or a current version", uiBenchMatter)
		}
		if list.Doc.Find(`a[href="/discretion/import"]`).Length() != 0 {
			t.Error("officer sees the import button")
		}
		p := officer.Get("/discretion/" + uiBenchMatter)
		if p.Status != http.StatusOK {
			t.Fatalf("show: %d", p.Status)
		}
		if n := p.Doc.Find("details.version").Length(); n != 4 {
			t.Errorf("%d versions shown, want 4 (province ×2, city, district)", n)
		}
		if n := p.Doc.Find("details.version.current[open]").Length(); n != 3 {
			t.Errorf("%d current versions, want 3 (one per level)", n)
		}
		// What applies in 历下区 today: the district's 一般, the city's 从轻, the province's rest.
		applies := webtest.Text(p.Doc.Find("h2:contains('本辖区今日适用') + p + table"))
		for _, want := range []string{"历下区（370102）2025-06-01", "济南市（370100）2025-03-01", "山东省（370000）2025-01-01", "15000.00元至30000.00元"} {
			if !strings.Contains(applies, want) {
				t.Errorf("applicable tiers lack %q: %s", want, applies)
			}
		}
		if p.Doc.Find(`form[method=post]`).FilterFunction(func(_ int, s *goquery.Selection) bool {
			a, _ := s.Attr("action")
			return strings.HasPrefix(a, "/discretion/")
		}).Length() != 0 {
			t.Error("officer sees the new-version form")
		}
		if p := officer.Post("/discretion/"+uiBenchMatter, uiTierForm("370102", "2026-01-01", "ordinary", "15000", "30000")); p.Status != http.StatusForbidden {
			t.Errorf("officer saves a version: %d", p.Status)
		}

		// The decision aid (处罚法 Art. 33 第一款; the lists).
		aid := officer.Get("/discretion/" + uiBenchMatter + "?check=1&first=yes&harm=slight&corrected=yes&region=370102")
		if s := webtest.Text(aid.Doc.Find("#suggestion")); !strings.Contains(s, "不予处罚") || !strings.Contains(s, "第三十三条第一款") {
			t.Errorf("suggestion: %s", s)
		}
		if m := webtest.Text(aid.Doc.Find("#matches")); !strings.Contains(m, "从轻处罚清单") || !strings.Contains(m, "符合") {
			t.Errorf("list matches: %s", m)
		}
		if s := webtest.Text(officer.Get("/discretion/" + uiBenchMatter + "?check=1&age=16").Doc.Find("#suggestion")); !strings.Contains(s, "第三十条") {
			t.Errorf("minor suggestion: %s", s)
		}
		if p := officer.Get("/discretion/" + uiBenchMatter + "?check=1&on=2026-02-30"); p.Status != http.StatusOK || !strings.Contains(webtest.Text(p.Doc.Find(".error-box")), "日期") {
			t.Errorf("bad date in the aid: %d", p.Status)
		}
		// Out of scope: another district's matter is not found.
		if p := officer.Get("/discretion/" + webtest.OtherMatter); p.Status != http.StatusNotFound {
			t.Errorf("other district's matter: %d", p.Status)
		}
		lists := officer.Get("/lists")
		if lists.Doc.Find("#list-items tbody tr").Length() == 0 || lists.Doc.Find(`a[href="/lists/new"]`).Length() != 0 {
			t.Errorf("officer /lists: %d rows", lists.Doc.Find("#list-items tbody tr").Length())
		}
		// Every matter link of the lists opens; an item of a city matter
		// the officer's scope does not reach is listed without one.
		city := lists.Doc.Find("#list-items tbody tr:contains('" + uiCityMatter + "')")
		if city.Length() != 1 || city.Find(`a[href="/discretion/`+uiCityMatter+`"]`).Length() != 0 {
			t.Errorf("the city matter's item: %d rows, %q", city.Length(), webtest.Text(city))
		}
		lists.Doc.Find(`#list-items a[href^="/discretion/"]`).Each(func(_ int, s *goquery.Selection) {
			if p := officer.Get(s.AttrOr("href", "")); p.Status != http.StatusOK {
				t.Errorf("/lists links to %s: %d", s.AttrOr("href", ""), p.Status)
			}
		})
		if p := officer.Get("/lists/new"); p.Status != http.StatusForbidden {
			t.Errorf("officer /lists/new: %d", p.Status)
		}
		if p := officer.Get("/discretion/import"); p.Status != http.StatusForbidden {
			t.Errorf("officer /discretion/import: %d", p.Status)
		}
	})
}

// 历下区's agency admin refines the benchmark and keeps its list: errors
// are shown next to the fields, the province range is enforced.
func TestUIDiscretionEdit(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := uiBenchWorld(t, db)
		b := w.Login(t, "agency_admin") // 历下区市场监督管理局's registry administrator
		show := b.Get("/discretion/" + uiBenchMatter)
		if show.Doc.Find(`form[action="/discretion/`+uiBenchMatter+`"] input[name="t.ordinary.fine_min"]`).AttrOr("value", "") != "15000.00" {
			t.Errorf("form not prefilled with the district's version")
		}
		count := func() int {
			var n int
			db.R.QueryRowContext(webtest.Ctx, `SELECT COUNT(*) FROM benchmarks WHERE matter_code = $1`, uiBenchMatter).Scan(&n)
			return n
		}
		before := count()
		// Bad amount and min > max: shown in the 一般 row.
		p := b.Post("/discretion/"+uiBenchMatter, uiTierForm("370102", "2026-01-01", "ordinary", "abc", "30000"))
		if p.Status != http.StatusBadRequest || !strings.Contains(webtest.Text(p.Doc.Find("fieldset.tier-row:contains('一般') .field-error")), "金额应为元") {
			t.Errorf("bad amount: %d %s", p.Status, webtest.Text(p.Doc.Find(".field-error")))
		}
		p = b.Post("/discretion/"+uiBenchMatter, uiTierForm("370102", "2026-01-01", "ordinary", "30000", "20000"))
		if p.Status != http.StatusBadRequest || !strings.Contains(webtest.Text(p.Doc.Find("fieldset.tier-row:contains('一般') .field-error")), "不能低于下限") {
			t.Errorf("min > max: %d %s", p.Status, webtest.Text(p.Doc.Find(".field-error")))
		}
		// Outside the province's 一般 range (12000–35000 since 2025-01-01).
		p = b.Post("/discretion/"+uiBenchMatter, uiTierForm("370102", "2026-01-01", "ordinary", "10000", "30000"))
		if msg := webtest.Text(p.Doc.Find(".error-box")); p.Status != http.StatusBadRequest || !strings.Contains(msg, "裁量阶次“一般”") || !strings.Contains(msg, "山东省（370000）2025-01-01") {
			t.Errorf("range rule: %d %s", p.Status, msg)
		}
		// Setting for the city is outside the account's jurisdiction.
		if p := b.Post("/discretion/"+uiBenchMatter, uiTierForm("370100", "2026-01-01", "ordinary", "15000", "30000")); p.Status != http.StatusForbidden {
			t.Errorf("city region: %d", p.Status)
		}
		if n := count(); n != before {
			t.Errorf("refused forms wrote %d versions", n-before)
		}
		p = b.Post("/discretion/"+uiBenchMatter, uiTierForm("370102", "2026-01-01", "ordinary", "16000", "28000"))
		if p.Status != http.StatusSeeOther || count() != before+1 {
			t.Fatalf("save: %d %s", p.Status, webtest.Text(p.Doc.Find(".error-box")))
		}
		if r, _ := discretion.RangeFor(webtest.Ctx, db.R, uiBenchMatter, "370102", "2026-01-01", "ordinary"); r == nil || *r.FineMinFen != 1_600_000 {
			t.Errorf("RangeFor after save = %+v", r)
		}

		// Export, then import the file back: nothing changes.
		exp := b.Get("/discretion/export.xlsx?matter_code=" + uiBenchMatter)
		if exp.Status != http.StatusOK || !strings.HasPrefix(exp.Body, "PK") {
			t.Fatalf("export: %d", exp.Status)
		}
		if p := b.Get("/discretion/template.xlsx"); p.Status != http.StatusOK || !strings.HasPrefix(p.Body, "PK") {
			t.Errorf("template: %d", p.Status)
		}
		if p := b.Get("/discretion/import"); p.Status != http.StatusOK {
			t.Errorf("import form: %d", p.Status)
		}
		// The district may only re-import its own versions.
		f, err := excelize.OpenReader(strings.NewReader(exp.Body))
		if err != nil {
			t.Fatal(err)
		}
		rows, _ := f.GetRows("裁量基准")
		own := excelize.NewFile()
		n := 1
		for _, r := range rows {
			if r[0] == "事项编码" || r[1] == "370102" {
				cells := make([]any, len(r))
				for i, c := range r {
					cells[i] = c
				}
				cell, _ := excelize.CoordinatesToCellName(1, n)
				own.SetSheetRow("Sheet1", cell, &cells)
				n++
			}
		}
		buf, _ := own.WriteToBuffer()
		p = b.Upload("/discretion/import", "历下区.xlsx", buf.Bytes())
		if p.Status != http.StatusOK || !strings.Contains(webtest.Text(p.Doc.Find(".flash")), "未变 2 个") {
			t.Errorf("re-import: %d %s %s", p.Status, webtest.Text(p.Doc.Find(".flash")), webtest.Text(p.Doc.Find("#import-errors")))
		}
		// The whole export holds province rows: it re-imports unchanged,
		// those rows skipped with a note each (issue 16).
		p = b.Upload("/discretion/import", "全部.xlsx", []byte(exp.Body))
		if p.Status != http.StatusOK || p.Doc.Find("#import-errors").Length() != 0 ||
			!strings.Contains(webtest.Text(p.Doc.Find("#import-skipped")), "行政区划370000的基准由上级制定，已跳过") {
			t.Errorf("import of higher levels: %d %s %s", p.Status, webtest.Text(p.Doc.Find("#import-errors")), webtest.Text(p.Doc.Find("#import-skipped")))
		}
		if p := b.Upload("/discretion/import", "a.csv", []byte("x")); p.Status != http.StatusBadRequest {
			t.Errorf("csv upload: %d", p.Status)
		}

		// The four lists: create with an error, then fix, edit and delete.
		form := url.Values{"kind": {"no_penalty"}, "matter_code": {uiBenchMatter}, "region_code": {"370102"}, "title": {""},
			"conditions": {"初次违法\r\n危害后果轻微"}, "first_offense": {"1"}, "harm_max": {"slight"}, "measures": {"correct", "educate"},
			"effective_from": {"2026-01-01"}}
		p = b.Post("/lists/new", form)
		if p.Status != http.StatusBadRequest || !strings.Contains(webtest.Text(p.Doc.Find(`input[name=title] + .field-error`)), "违法行为") {
			t.Errorf("item without title: %d %s", p.Status, webtest.Text(p.Doc.Find(".field-error")))
		}
		if v := p.Doc.Find("textarea[name=conditions]").Text(); !strings.Contains(v, "危害后果轻微") {
			t.Errorf("conditions not kept: %q", v)
		}
		form.Set("title", "首次餐具未消毒且及时改正")
		if p := b.Post("/lists/new", form); p.Status != http.StatusSeeOther {
			t.Fatalf("create item: %d %s", p.Status, webtest.Text(p.Doc.Find(".error-box")))
		}
		lp := b.Get("/lists?kind=no_penalty")
		row := lp.Doc.Find("#list-items tbody tr:contains('首次餐具未消毒')")
		edit, ok := row.Find(`a[href$="/edit"]`).Attr("href")
		if !ok {
			t.Fatalf("no edit link: %s", webtest.Text(lp.Doc.Find("#list-items")))
		}
		// Province items are shown but not editable by the district.
		if lp := b.Get("/lists"); lp.Doc.Find("#list-items tbody tr:contains('山东省')").Find(`a[href$="/edit"]`).Length() != 0 {
			t.Error("district may edit a province item")
		}
		form.Set("title", "首次餐具未消毒且在限期内改正")
		form.Set("correction_days", "10")
		if p := b.Post(edit, form); p.Status != http.StatusSeeOther {
			t.Fatalf("edit item: %d %s", p.Status, webtest.Text(p.Doc.Find(".error-box")))
		}
		aid := b.Get("/discretion/" + uiBenchMatter + "?check=1&first=yes&harm=slight&corrected=yes&on=2026-02-01")
		if m := webtest.Text(aid.Doc.Find("#matches")); !strings.Contains(m, "首次餐具未消毒且在限期内改正") {
			t.Errorf("new item not matched: %s", m)
		}
		del := strings.TrimSuffix(edit, "/edit") + "/delete"
		if p := b.Post(del, url.Values{}); p.Status != http.StatusSeeOther {
			t.Errorf("delete: %d", p.Status)
		}
		if p := b.Get(edit); p.Status != http.StatusNotFound {
			t.Errorf("deleted item edit: %d", p.Status)
		}
	})
}
