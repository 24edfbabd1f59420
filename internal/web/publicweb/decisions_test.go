package publicweb_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"zfjd/internal/cases"
	"zfjd/internal/clock"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/web/webtest"
)

// pdWorld is the fixture world with decisions for the public pages: a
// person's decision of 历下区 (numbered, published), an organisation's of
// 市中区 (pushed by its case system, published), one published and then
// withdrawn after annulment, one decided but not published, and one whose
// three years of publication ended before the pinned day.
type pdWorld struct {
	*webtest.World
	person, org, withdrawn, unpublished, expired int64
	personID                                     string
}

func pdSetup(t *testing.T, db *store.DB) *pdWorld {
	t.Helper()
	w := &pdWorld{World: webtest.StartWorld(t, db), personID: webtest.PartyID("061")}
	w.AddMatters(t)
	w.person = w.Case(t, "paid", func(c *cases.Case) {
		c.Party = cases.Party{Kind: "person", Name: "欧阳丽娜", IDNumber: w.personID, Address: "济南市历下区和平路34号", Contact: "15866661234"}
		c.Facts.Description = "当事人欧阳丽娜（联系电话15866661234）在其经营的便利店销售超过保质期的牛奶6盒。"
	}).ID
	if p := w.Login(t, "officer").Post("/cases/"+itoa64(w.person)+"/docs/decision/issue", url.Values{}); p.Status != http.StatusSeeOther {
		t.Fatalf("number the decision: %d", p.Status)
	}
	w.org = w.OtherCase(t)
	c := w.Case(t, "paid", func(c *cases.Case) {
		c.Title = "销售不合格洗衣液"
		c.Party = cases.Party{Kind: "org", Name: "济南历城某某日用品经营部", IDNumber: webtest.USCC(t, "370112", 6161)}
	})
	w.Act(t, c.ID, "head", cases.Event{Type: "annulled", At: "2026-06-12", Note: "行政复议决定撤销"})
	w.Act(t, c.ID, "officer", cases.Event{Type: "publication_withdrawn", At: "2026-06-12", Note: "行政复议决定撤销"})
	w.withdrawn = c.ID
	w.unpublished = w.Case(t, "published", func(c *cases.Case) { c.Title = "尚未公示的案件" }).ID

	yes := true
	two := []string{testworld.CertOther, testworld.CertOther2}
	old := &cases.Case{SourceSystem: "sc-market", SourceID: "SZ-2023-0001", AgencyCode: testworld.Other, RegionCode: "370103",
		MatterCode: webtest.OtherMatter, Procedure: "general", Title: "销售过期饮料（三年前公示）",
		Party: cases.Party{Kind: "org", Name: "济南市中某某副食店", IDNumber: webtest.USCC(t, "370103", 2323)},
		Facts: cases.Facts{ActDate: "2023-03-01", FirstOffense: &yes, Harm: "slight"},
		Events: []cases.Event{
			{Type: "filed", At: "2023-03-03", Officers: two},
			{Type: "notified", At: "2023-04-20", Officers: two, HearingRight: &yes},
			{Type: "decided", At: "2023-05-06", Outcome: "penalty", Tier: "ordinary", Penalties: []cases.Penalty{{Kind: "fine", AmountFen: 200000}}},
			{Type: "delivered", At: "2023-05-08", Officers: two},
			{Type: "paid", At: "2023-05-20"},
			{Type: "published", At: "2023-06-10"},
		}}
	_, out, err := w.Cases.Put(w.Ctx, testworld.Robot, old)
	if err != nil {
		t.Fatalf("push the old decision: %v", err)
	}
	w.expired = out.ID
	return w
}

// The public decision pages need no login, list what is published and
// not withdrawn within its period, search the masked text, and never show
// a person's data.
func TestPublicDecisionPages(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := pdSetup(t, db)
		u := w.Env.TS.URL

		st, doc, _ := webtest.Fetch(t, u+"/public")
		if st != http.StatusOK || doc.Find(`a[href="/public/decisions"]`).Length() == 0 {
			t.Errorf("public home: %d, no link to the decisions", st)
		}
		st, doc, body := webtest.Fetch(t, u+"/public/decisions")
		if st != http.StatusOK {
			t.Fatalf("/public/decisions: %d", st)
		}
		rows := doc.Find("table.public-decisions tbody tr")
		var published int
		db.R.QueryRow(`SELECT COUNT(*) FROM cases WHERE published_on >= '2023-06-15' AND withdrawn_on = '' AND outcome = 'penalty'`).Scan(&published)
		if rows.Length() != 2 || published != 2 {
			t.Errorf("%d rows listed, %d published within the period; want the person's and the organisation's", rows.Length(), published)
		}
		if !strings.Contains(body, "欧阳某某") || strings.Contains(body, "欧阳丽娜") || strings.Contains(body, w.personID) {
			t.Error("list does not mask persons' names")
		}
		for _, gone := range []string{"洗衣液", "尚未公示的案件", "三年前公示"} {
			if strings.Contains(body, gone) {
				t.Errorf("list shows %q: withdrawn, unpublished or past its period", gone)
			}
		}

		// Search: by the masked name, not by the real one, a phone or an ID.
		for q, want := range map[string]int{"欧阳某某": 1, "欧阳丽娜": 0, "15866661234": 0, w.personID: 0, "电线": 1,
			"济南市市中区市场监督管理局": 1, "济历下市监罚〔2026〕1号": 1, "洗衣液": 0} {
			_, doc, _ := webtest.Fetch(t, u+"/public/decisions?q="+url.QueryEscape(q))
			if n := doc.Find("table.public-decisions tbody tr").Length(); n != want {
				t.Errorf("search %q: %d rows, want %d", q, n, want)
			}
		}
		// Filters: region and agency.
		_, doc, _ = webtest.Fetch(t, u+"/public/decisions?region=370103")
		if n := doc.Find("table.public-decisions tbody tr").Length(); n != 1 {
			t.Errorf("region 370103: %d rows", n)
		}
		if doc.Find(`select[name=region] option[value="370103"][selected]`).Length() != 1 {
			t.Error("region filter not kept")
		}
		_, doc, _ = webtest.Fetch(t, u+"/public/decisions?agency="+testworld.Agency)
		if n := doc.Find("table.public-decisions tbody tr").Length(); n != 1 {
			t.Errorf("agency filter: %d rows", n)
		}

		// A person's decision: masked name, no ID number, address or phone.
		st, doc, body = webtest.Fetch(t, u+"/public/decisions/"+itoa64(w.person))
		if st != http.StatusOK {
			t.Fatalf("person decision: %d", st)
		}
		for _, leak := range []string{"欧阳丽娜", w.personID, "15866661234", "和平路34号"} {
			if strings.Contains(body, leak) {
				t.Errorf("person decision page shows %q", leak)
			}
		}
		for _, want := range []string{"欧阳某某", "罚款人民币壹万伍仟元整", "济南市历下区市场监督管理局", "济历下市监罚〔2026〕1号",
			"公示至2029-06-10", "销售超过保质期的牛奶"} {
			if !strings.Contains(body, want) {
				t.Errorf("person decision page lacks %q", want)
			}
		}
		// An organisation: full name and credit code.
		_, _, body = webtest.Fetch(t, u+"/public/decisions/"+itoa64(w.org))
		var code string
		db.R.QueryRow(`SELECT party_id_number FROM cases WHERE id = $1`, w.org).Scan(&code)
		if !strings.Contains(body, "济南章丘某某建材有限公司") || code == "" || !strings.Contains(body, code) {
			t.Error("organisation decision lacks the name or credit code")
		}

		// Withdrawn: the reason and date, without the content.
		st, _, body = webtest.Fetch(t, u+"/public/decisions/"+itoa64(w.withdrawn))
		if st != http.StatusOK || !strings.Contains(body, "已撤回") || !strings.Contains(body, "行政复议决定撤销") ||
			strings.Contains(body, "济南历城某某日用品经营部") || strings.Contains(body, "洗衣液") {
			t.Errorf("withdrawn decision page: %d\n%s", st, body)
		}
		// Not published, or nonsense: a Chinese 404 in the public layout;
		// past its three years: a 404 that says so.
		for _, p := range []string{"/public/decisions/" + itoa64(w.unpublished), "/public/decisions/999999", "/public/decisions/abc"} {
			st, doc, _ := webtest.Fetch(t, u+p)
			if st != http.StatusNotFound || !strings.Contains(doc.Find(".error-box").Text(), "不存在或未公示") {
				t.Errorf("%s: %d %q", p, st, doc.Find(".error-box").Text())
			}
		}
		st, doc, _ = webtest.Fetch(t, u+"/public/decisions/"+itoa64(w.expired))
		if st != http.StatusNotFound || !strings.Contains(doc.Find(".error-box").Text(), "公示期已满") {
			t.Errorf("decision published 2023-06-10: %d %q", st, doc.Find(".error-box").Text())
		}
		// The period is counted on the server's day: a server a week
		// earlier still shows the old decision.
		earlier := webtest.StartOn(t, db, clock.Pinned("2026-06-08"))
		if st, _, body := webtest.Fetch(t, earlier.TS.URL+"/public/decisions/"+itoa64(w.expired)); st != http.StatusOK || !strings.Contains(body, "公示至2026-06-10") {
			t.Errorf("on 2026-06-08 the decision published 2023-06-10: %d", st)
		}
	})
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }
