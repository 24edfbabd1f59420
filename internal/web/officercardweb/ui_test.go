package officercardweb_test

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"zfjd/internal/auth"
	"zfjd/internal/calendar"
	"zfjd/internal/complaint"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/web/webtest"
)

// accepted files a 不亮证 complaint about cert (as the hotline would) and
// accepts it, returning its id.
func accepted(t *testing.T, ctx context.Context, db *store.DB, cert string) int64 {
	t.Helper()
	keys, err := complaint.StoredKeys(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	s := complaint.NewService(db, calendar.RulesCalendar, keys)
	yes := true
	admin := &auth.Principal{Name: "系统管理员", Username: "admin", Role: auth.RoleAdmin}
	r, err := s.File(ctx, admin, &complaint.Filing{Category: "no_certificate", RegionCode: testworld.Region, OfficerCertNo: cert,
		Description: "执法人员检查时未出示执法证件。", Anonymous: &yes, Source: complaint.SourceHotline, SourceRef: "GD-" + cert}, "", nil)
	if err == nil {
		_, err = s.Act(ctx, testworld.As("supervisor"), r.ID, complaint.Action{Action: "accept"})
	}
	if err != nil {
		t.Fatal(err)
	}
	return r.ID
}

// TestUIFoundTrueCard: supervision answers a 不亮证 complaint as 属实 on
// the complaint's page (行政处罚法 Art. 55); the officer's page shows the
// yellow card to his agency and to himself, not to a colleague; the list
// filters and exports it; the agency may not lift it, supervision does.
func TestUIFoundTrueCard(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := webtest.StartWorld(t, db)
		id := accepted(t, w.Ctx, db, testworld.CertA)
		sup := w.Login(t, "supervisor")
		cpath := "/complaints/" + strconv.FormatInt(id, 10)
		p := sup.Get(cpath)
		if p.Doc.Find(`#act-form-answer select[name="verdict"] option[value="substantiated"]`).Length() != 1 {
			t.Fatal("the answer form offers no 调查结论")
		}
		p = sup.Post(cpath+"/act/answer", url.Values{"note": {"经核实，执法人员未出示执法证件，已责令改正。"}, "verdict": {"bogus"}})
		if p.Status != http.StatusBadRequest || !strings.Contains(webtest.Text(p.Doc.Find("#act-form-answer")), "应为 substantiated") {
			t.Fatalf("a bad verdict: %d %s", p.Status, webtest.Text(p.Doc.Find("#act-form-answer")))
		}
		p = sup.Post(cpath+"/act/answer", url.Values{"note": {"经核实，执法人员未出示执法证件，已责令改正。"}, "verdict": {"substantiated"}})
		if p.Status != http.StatusSeeOther {
			t.Fatalf("answer: %d %s", p.Status, webtest.Text(p.Doc.Find(".error-box")))
		}
		if got := webtest.Text(sup.Get(cpath).Doc.Find("#complaint-verdict")); !strings.Contains(got, "属实") {
			t.Errorf("the complaint's verdict: %q", got)
		}
		for _, who := range []string{"agency_admin", "officer", "supervisor"} {
			p := w.Login(t, who).Get("/officers/" + testworld.CertA)
			webtest.PageOK(t, who+": officer page", p)
			got := webtest.Text(p.Doc.Find("#officer-cards"))
			if !strings.Contains(got, "黄牌") || !strings.Contains(got, testworld.Today) || !strings.Contains(got, "不亮证投诉经查属实") ||
				!strings.Contains(webtest.Text(p.Doc.Find("#officer-card-standing")), "有效黄牌 1 张") {
				t.Errorf("%s sees the cards %q", who, got)
			}
		}
		if p := w.Login(t, "officer2").Get("/officers/" + testworld.CertA); p.Doc.Find("#officer-cards").Length() != 0 {
			t.Error("a colleague sees the officer's cards")
		}
		// The list, its filters and the export.
		if n := sup.Get("/officer-cards?colour=yellow&year=" + testworld.Today[:4]).Doc.Find("#officer-cards-table tbody tr").Length(); n != 1 {
			t.Errorf("yellow cards: %d rows", n)
		}
		if n := sup.Get("/officer-cards?colour=red").Doc.Find("#officer-cards-table tbody tr").Length(); n != 0 {
			t.Errorf("red cards: %d rows", n)
		}
		if p := sup.Get("/officer-cards?colour=blue"); !strings.Contains(webtest.Text(p.Doc.Find(".error-box")), "colour") {
			t.Errorf("a bad colour filter: %s", webtest.Text(p.Doc.Find("main")))
		}
		x := sup.Get("/officer-cards/export.xlsx")
		wb, err := excelize.OpenReader(bytes.NewReader([]byte(x.Body)))
		if err != nil {
			t.Fatal(err)
		}
		if rows, _ := wb.GetRows("红黄牌"); len(rows) != 2 || rows[1][0] != testworld.CertA {
			t.Errorf("export rows %v", rows)
		}
		if s := w.Login(t, "social").Get("/officer-cards"); s.Status != http.StatusForbidden {
			t.Errorf("a social supervisor lists cards: %d", s.Status)
		}
		// Lifting.
		row := sup.Get("/officer-cards").Doc.Find("#officer-cards-table tbody tr")
		cardID := strings.TrimPrefix(row.AttrOr("id", ""), "card-")
		if p := w.Login(t, "agency_admin").Post("/officer-cards/"+cardID+"/lift", url.Values{"reason": {"申诉"}}); p.Status != http.StatusForbidden {
			t.Errorf("the agency lifts: %d", p.Status)
		}
		if p := sup.Post("/officer-cards/"+cardID+"/lift", url.Values{"reason": {""}}); p.Status != http.StatusBadRequest ||
			!strings.Contains(webtest.Text(p.Doc.Find("#card-"+cardID)), "请填写撤销理由") {
			t.Errorf("lift without a reason: %d", p.Status)
		}
		if p := sup.Post("/officer-cards/"+cardID+"/lift", url.Values{"reason": {"经复核申诉成立"}}); p.Status != http.StatusSeeOther {
			t.Fatalf("lift: %d", p.Status)
		}
		if got := webtest.Text(sup.Get("/officer-cards").Doc.Find("#card-" + cardID + " .card-status")); !strings.Contains(got, "已撤销") {
			t.Errorf("after lifting: %q", got)
		}
	})
}

// TestUIRules: supervision sees the rules in force with their basis and
// sets its region's own; a bad value names the field; an agency sees no
// rules form.
func TestUIRules(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := webtest.StartWorld(t, db)
		sup := w.Login(t, "supervisor")
		p := sup.Get("/officer-cards")
		webtest.PageOK(t, "cards", p)
		if got := webtest.Text(p.Doc.Find("#rule-proposal_leave_training")); !strings.Contains(got, "红牌") || !strings.Contains(got, "第三十二条") {
			t.Errorf("the 离岗教育 rule: %q", got)
		}
		p = sup.Post("/officer-cards/rules", url.Values{"rule": {"repeat_yellow"}, "colour": {"red"}, "points": {"0"}, "months": {"0"}})
		if p.Status != http.StatusBadRequest || !strings.Contains(webtest.Text(p.Doc.Find("#rule-repeat_yellow")), "1至36个月") {
			t.Errorf("no months: %d %q", p.Status, webtest.Text(p.Doc.Find("#rule-repeat_yellow")))
		}
		if p := sup.Post("/officer-cards/rules", url.Values{"rule": {"complaint_other"}, "colour": {"yellow"}, "points": {"1"}}); p.Status != http.StatusSeeOther {
			t.Fatalf("set: %d", p.Status)
		}
		if got := webtest.Text(sup.Get("/officer-cards").Doc.Find("#rule-complaint_other")); !strings.Contains(got, "黄牌") || !strings.Contains(got, testworld.Region) {
			t.Errorf("after setting: %q", got)
		}
		if p := w.Login(t, "agency_admin").Get("/officer-cards"); p.Doc.Find("#card-rules").Length() != 0 {
			t.Error("an agency sees the rules form")
		}
	})
}

// TestAPIAnswerVerdict: the API's answer takes the verdict (OpenAPI-checked)
// and issues the card in the same transaction.
func TestAPIAnswerVerdict(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := webtest.StartWorld(t, db)
		id := accepted(t, w.Ctx, db, testworld.CertB)
		tok := w.Env.Token(auth.RoleSupervisor, testworld.Region, "")
		path := "/api/v1/complaints/" + strconv.FormatInt(id, 10) + "/actions"
		w.Env.CallT(t, http.MethodPost, path, tok, map[string]any{"action": "answer", "note": "经查属实", "verdict": "maybe"}, http.StatusBadRequest)
		w.Env.CallT(t, http.MethodPost, path, tok, map[string]any{"action": "answer", "note": "经查属实", "verdict": "substantiated"}, http.StatusOK)
		var colour string
		if err := db.R.QueryRowContext(w.Ctx, `SELECT colour FROM officer_cards WHERE cert_no = $1`, testworld.CertB).Scan(&colour); err != nil || colour != "yellow" {
			t.Fatalf("the card: %q %v", colour, err)
		}
	})
}
