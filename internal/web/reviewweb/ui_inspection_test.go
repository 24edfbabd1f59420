package reviewweb_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"zfjd/internal/calendar"
	"zfjd/internal/inspection"
	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/web/webtest"
)

// TestUIInspectionFiles: a campaign set up through the page over 行政处罚
// and 行政检查 files (issue 13: a standard per case kind) draws per agency
// and per kind; the campaign page names the kinds and each file's kind and
// what the platform found; an inspection file is scored on the inspection
// standard, its machine-judged items marked (未经审批 and 检查人员少于2人:
// 国办发〔2024〕54号, 行政处罚法 Art. 42; 无现场检查笔录), and read as an
// inspection. Unticking every kind is refused, naming the field.
func TestUIInspectionFiles(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := webtest.StartWorld(t, db)
		if _, err := registry.PutMatter(w.Ctx, w.DB, w.Admin, &registry.Matter{Code: "J-FOOD-001", Name: "食品经营者日常监督检查",
			Kind: "inspection", LegalBasis: "《中华人民共和国食品安全法》第一百一十条", AgencyCodes: []string{testworld.Agency}}); err != nil {
			t.Fatal(err)
		}
		w.Case(t, "", nil)
		no := false
		_, in, err := inspection.NewService(w.DB, calendar.RulesCalendar).Put(w.Ctx, testworld.Robot, &inspection.Inspection{
			SourceSystem: "sc-insp", SourceID: "1", AgencyCode: testworld.Agency, RegionCode: testworld.Region, MatterCode: "J-FOOD-001",
			Kind: "routine", Enterprise: inspection.Enterprise{Name: "济南某某便利店有限公司", IDNumber: "91370102MA3C5R2K0M"},
			Events: []inspection.Event{{Type: "reported", At: "2026-05-20"},
				{Type: "checked_in", At: "2026-05-20T10:00:00+08:00", Officers: []string{testworld.CertA}},
				{Type: "result", At: "2026-05-20T11:00:00+08:00", ProblemFound: &no},
				{Type: "checked_out", At: "2026-05-20T11:10:00+08:00"}}})
		if err != nil {
			t.Fatal(err)
		}
		sup := w.Login(t, "supervisor")
		list := sup.Get("/reviews")
		if n := list.Doc.Find(`#campaign-kinds input[name=kind]`).Length(); n != 2 {
			t.Fatalf("the form offers %d case kinds, want 行政处罚 and 行政检查", n)
		}
		form := url.Values{"name": {"2026年度行政执法案卷评查"}, "year": {"2026"}, "agency": {testworld.Agency}, "per_agency": {"1"},
			"threshold": {"10"}, "seed": {"历下2026"}, "kinds_shown": {"1"}}
		if p := sup.Post("/reviews", form); p.Status != http.StatusBadRequest ||
			!strings.Contains(webtest.Text(p.Doc.Find(".field-error")), "案卷类型") {
			t.Fatalf("no kind ticked: %d %s", p.Status, webtest.Text(p.Doc.Find(".field-error")))
		}
		form["kind"] = []string{"penalty", "inspection"}
		p := sup.Post("/reviews", form)
		if p.Status != http.StatusSeeOther {
			t.Fatalf("create: %d %s", p.Status, webtest.Text(p.Doc.Find(".error-box")))
		}
		camp := p.Location
		sup.Post(camp+"/draw", url.Values{})
		page := sup.Get(camp)
		webtest.PageOK(t, "campaign", page)
		if k := webtest.Text(page.Doc.Find("#campaign-kinds")); !strings.Contains(k, "行政处罚、行政检查") {
			t.Errorf("campaign kinds %q", k)
		}
		if s := webtest.Text(page.Doc.Find("#campaign-standards")); !strings.Contains(s, "行政检查案卷：行政检查案卷评查标准（第1版）") {
			t.Errorf("campaign standards %q", s)
		}
		row := page.Doc.Find("#file-table tr.file-inspection")
		if row.Length() != 1 || page.Doc.Find("#file-table tr.file-penalty").Length() != 1 {
			t.Fatalf("drawn files: %s", webtest.Text(page.Doc.Find("#file-table")))
		}
		if got := webtest.Text(row.Find(".machine-count")); got != "发现3项问题" {
			t.Errorf("the inspection file's machine findings on the campaign page: %q", got)
		}
		if got := webtest.Text(row.Find("a")); got != in.Code {
			t.Errorf("the inspection file is named %q, want its 检查码 %s", got, in.Code)
		}
		file, _ := row.Find("a").Attr("href")
		sup.Post(file+"/assign", url.Values{"reviewer": {"supervisor", "city"}})
		fp := sup.Get(file)
		webtest.PageOK(t, "inspection file", fp)
		for _, code := range []string{"V2", "V3", "F1"} {
			if fp.Doc.Find("#item-"+code+" .machine-found").Length() != 1 {
				t.Errorf("%s not marked as found by the platform: %s", code, webtest.Text(fp.Doc.Find("#item-"+code)))
			}
		}
		if _, ok := fp.Doc.Find(`#score-form input[name=veto][value=V3]`).Attr("checked"); !ok {
			t.Error("V3 (检查人员少于2人) not pre-filled")
		}
		if v, _ := fp.Doc.Find(`#score-form input[name="d.F1"]`).Attr("value"); v != "6" {
			t.Errorf("F1 (无现场检查笔录) pre-filled %q, want 6", v)
		}
		if fp.Doc.Find("#item-C9").Length() != 0 || fp.Doc.Find("#item-C7 .machine-ok, #item-C7 .machine-found").Length() != 0 {
			t.Error("the inspection file shows the penalty standard, or a person's item as machine-judged")
		}
		if h, _ := fp.Doc.Find("#file-subject a").Attr("href"); h != "/inspections/"+strconv.FormatInt(in.ID, 10) {
			t.Errorf("the file links %q, want the inspection", h)
		}
		rc := sup.Get(file + "/case")
		webtest.PageOK(t, "the inspection as read", rc)
		if ev := webtest.Text(rc.Doc.Find("#case-events")); !strings.Contains(ev, "扫码入企") || !strings.Contains(ev, "离企") {
			t.Errorf("the inspection's steps: %q", ev)
		}
	})
}
