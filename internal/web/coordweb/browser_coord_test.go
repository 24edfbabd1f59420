package coordweb_test

// 协调指挥 in a real browser (headless Chromium), on both engines, beyond
// the dispute (browser_dispute_test.go):
//   - an enterprise with cases of two agencies and an inspection by a third
//     in the window (多头执法、多头检查, the Jinan seed) appears on the city's
//     overlap list and becomes, in one click, a joint action of the three;
//   - a 联席会议 (the Qinhuangdao seed): the city's supervision body
//     convenes two regulators with 公安 sitting in, records the minutes
//     and a decision owned by one regulator, which reports on it; the body
//     closes the meeting and prints the minutes;
//   - the county's command board shows today's filing and check-in.

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"zfjd/internal/ident"
	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/web/webtest"
)

const ent = "91370102MA3C5R2K0M"

// seedOverlap writes bare rows of two agencies' cases and a third's
// inspection of one enterprise, and a case filed today.
func seedOverlap(t *testing.T, w *testworld.World, db *store.DB) string {
	t.Helper()
	third, _ := ident.MakeUSCC('1', '1', testworld.Region, "MB285043")
	if _, err := registry.PutAgency(w.Ctx, db, w.Admin, &registry.Agency{Code: third, Name: "济南市历下区城市管理局",
		Kind: "enforcement", RegionCode: testworld.Region}); err != nil {
		t.Fatal(err)
	}
	for i, c := range []struct{ agency, region, filed string }{
		{testworld.Agency, testworld.Region, "2026-06-01"}, {testworld.Other, "370103", "2026-06-10"},
		{testworld.Agency, testworld.Region, testworld.Today}} {
		party := ent
		if i == 2 {
			party = "91370102MA3C5R2K1M"
		}
		if _, err := db.W.Exec(`INSERT INTO cases (source_system, source_id, case_no, title, agency_code, region_code, matter_code,
			procedure_kind, party_kind, party_name, party_id_number, party_json, facts_json, events_json, body_hash, status, filed_on,
			created_at, updated_at) VALUES ('t', $1, $2, '案件', $3, $4, $5, 'general', 'org', '济南某某食品有限公司', $6, '{}', '{}', '[]', '',
			'investigating', $7, 0, 0)`, fmt.Sprintf("B-%d", i), fmt.Sprintf("案B%d", i), c.agency, c.region, testworld.Matter, party,
			c.filed); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.W.Exec(`INSERT INTO inspections (source_system, source_id, agency_code, region_code, matter_code, kind, enterprise_name,
		enterprise_id, status, visit_day, created_at, updated_at) VALUES ('t', 'I-1', $1, $2, $3, 'routine', '济南某某食品有限公司', $4,
		'checked_in', $5, 0, 0)`, third, testworld.Region, testworld.Matter, ent, testworld.Today); err != nil {
		t.Fatal(err)
	}
	return third
}

func TestBrowserCoordination(t *testing.T) {
	chromium := webtest.NeedChromium(t)
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		t.Cleanup(cancel)
		w := testworld.Build(t, db)
		seedOverlap(t, w, db)
		webtest.AddAccount(t, db, otherAdmin)
		base := webtest.Serve(ctx, t, db)
		root := webtest.Launch(ctx, t, chromium)
		city, other, county := root.Anonymous(), root.Anonymous(), root.Anonymous()
		login(city, base, "city")
		login(other, base, "other_admin")
		login(county, base, "supervisor")

		// The overlap of three agencies becomes a joint action.
		city.Nav("the overlap list", base+"/coordination/overlaps?min_agencies=3")
		if o := city.Text("#overlap-0"); !strings.Contains(o, "3个执法机关") || !strings.Contains(o, "济南市历下区城市管理局") ||
			!strings.Contains(o, "1次入企检查") {
			t.Fatalf("the overlap: %q", o)
		}
		city.ClickAndLoad("发起联合行动", chromedp.CSS("#overlap-joint-0"))
		city.SelectByLabel("joint-lead", "济南市历下区市场监督管理局")
		city.ClickAndLoad("submit the joint action", chromedp.CSS("#joint-submit"))
		if st, facts := city.Text("#joint-status"), city.Text("#joint-facts"); st != "进行中" ||
			!strings.Contains(facts, "济南市历下区城市管理局") || !strings.Contains(facts, "济南市市中区市场监督管理局") ||
			!strings.Contains(facts, "济南某某食品有限公司") {
			t.Fatalf("the joint action: %q %q", st, facts)
		}

		// A 联席会议 whose decision is tracked to closure.
		city.Nav("the meetings", base+"/meetings")
		city.ClickAndLoad("召集联席会议", chromedp.CSS("#meeting-new"))
		city.Do("fill the meeting",
			chromedp.SendKeys(chromedp.CSS("#meeting-title"), "食品安全执法联席会议"),
			chromedp.SendKeys(chromedp.CSS("#meeting-agenda"), "跨区食品经营违法线索的移送和联合查处"),
			chromedp.Click(chromedp.CSS(`#meeting-members input[value="`+testworld.Agency+`"]`)),
			chromedp.Click(chromedp.CSS(`#meeting-members input[value="`+testworld.Other+`"]`)),
			chromedp.SendKeys(chromedp.CSS("#meeting-outside-police"), "济南市公安局食药环侦支队"))
		city.ClickAndLoad("convene", chromedp.CSS("#meeting-submit"))
		page := city.Location()
		if st := city.Text("#meeting-status"); st != "待召开" || !strings.Contains(city.Text("#meeting-outside"), "济南市公安局食药环侦支队") {
			t.Fatalf("after convening: %q at %s", st, page)
		}
		act(city, "minutes",
			chromedp.SendKeys(chromedp.CSS(in("minutes", "attended")), "历下区市场监管局\n市中区市场监管局\n市公安局食药环侦支队"),
			chromedp.SendKeys(chromedp.CSS(in("minutes", "note")), "会议商定由市中区市场监管局牵头查处"))
		act(city, "decision",
			chromedp.SetValue(chromedp.CSS(in("decision", "owner")), testworld.Other),
			chromedp.SendKeys(chromedp.CSS(in("decision", "note")), "市中区局牵头查处某食品公司跨区经营问题"))
		if d := city.Text("#meeting-decisions"); !strings.Contains(d, "济南市市中区市场监督管理局") || !strings.Contains(d, "待落实") {
			t.Fatalf("the decision: %q", d)
		}
		if strings.Contains(city.HTML(), `id="act-close"`) {
			t.Fatal("closing is offered while a decision is open")
		}
		other.Nav("the meeting", page)
		act(other, "report", chromedp.SendKeys(chromedp.CSS(in("report", "note")), "已立案查处并通报公安机关"))
		if d := other.Text("#meeting-decisions"); !strings.Contains(d, testworld.Today+"：已立案查处并通报公安机关") {
			t.Fatalf("after the report: %q", d)
		}
		city.Nav("the meeting again", page)
		act(city, "close", chromedp.SendKeys(chromedp.CSS(in("close", "note")), "议定事项已全部落实"))
		if st := city.Text("#meeting-status"); st != "已办结" {
			t.Fatalf("after closing: %q", st)
		}
		city.ClickAndLoad("print the minutes", chromedp.CSS("#meeting-print"))
		if body := city.Text("body"); !strings.Contains(body, "食品安全执法联席会议会议纪要") || !strings.Contains(body, "济南市公安局食药环侦支队") ||
			!strings.Contains(body, "已报告落实") {
			t.Fatalf("the minutes: %.500s", body)
		}

		// The county's command board: today's filing and check-in.
		county.Nav("the board", base+"/coordination/board")
		if f, i := county.Text("#board-filed"), county.Text("#board-inspected"); f != "1" || i != "1" {
			t.Fatalf("the county board: filed %q, inspected %q", f, i)
		}
		if s := county.Text("#board-stages"); !strings.Contains(s, "调查") {
			t.Fatalf("open cases by stage: %q", s)
		}
		city.CheckNoExceptions()
		other.CheckNoExceptions()
	})
}
