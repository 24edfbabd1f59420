package coordweb_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"zfjd/internal/auth"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/web/webtest"
)

// otherAdmin is the login of the other county's agency (市中区市场监管局).
var otherAdmin = auth.NewAccount{Username: "other_admin", DisplayName: "市中区市场监管局管理员", Role: auth.RoleAgencyAdmin,
	Region: "370103", Agency: testworld.Other}

func idFrom(t *testing.T, loc string) string {
	t.Helper()
	id := strings.TrimPrefix(loc, "/disputes/")
	if _, err := strconv.Atoi(id); err != nil {
		t.Fatalf("redirect to %q", loc)
	}
	return id
}

// TestUIDisputeFlow: the pages of a matter-holder dispute (行政执法监督条例
// Art. 13) from opening by an agency to the outcome that updates the
// 权责清单, with the refusals a form shows, the list filters and export,
// and who may read the overlap list and the command board.
func TestUIDisputeFlow(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := webtest.StartWorld(t, db)
		webtest.AddAccount(t, db, otherAdmin)
		agency, city, other := w.Login(t, "agency_admin"), w.Login(t, "city"), w.Login(t, "other_admin")

		p := agency.Get("/disputes/new?agency=" + testworld.Other)
		webtest.PageOK(t, "new dispute form", p)
		if p.Doc.Find(`input[name=agency][value="`+testworld.Other+`"][checked]`).Length() != 1 {
			t.Fatalf("the form does not offer or keep the other county's agency: %s", webtest.Text(p.Doc.Find("#dispute-agencies")))
		}
		p = agency.Post("/disputes", url.Values{"kind": {"matter_holder"}, "title": {"过期食品处罚的实施主体"}, "summary": {"应由经营地机关实施"},
			"agency": {testworld.Other}})
		if p.Status != http.StatusBadRequest || !strings.Contains(p.Body, "实施主体争议请选择权责清单中的事项") {
			t.Fatalf("missing matter: %d %s", p.Status, webtest.Text(p.Doc.Find(".field-error")))
		}
		p = agency.Post("/disputes", url.Values{"kind": {"matter_holder"}, "title": {"过期食品处罚的实施主体"}, "summary": {"应由经营地机关实施"},
			"agency": {testworld.Other}, "matter_code": {testworld.Matter}, "answer_days": {"5"}})
		if p.Status != http.StatusSeeOther {
			t.Fatalf("open: %d %s", p.Status, webtest.Text(p.Doc.Find(".error-box")))
		}
		path := "/disputes/" + idFrom(t, p.Location)

		p = w.Login(t, "supervisor").Get(path)
		if p.Status != http.StatusNotFound {
			t.Fatalf("the county body reads a city-level dispute: %d", p.Status)
		}
		p = other.Get(path)
		webtest.PageOK(t, "the named agency's view", p)
		if p.Doc.Find("#act-form-answer").Length() != 1 || !strings.Contains(webtest.Text(p.Doc.Find("#dispute-next")), "济南市市中区市场监督管理局") {
			t.Fatalf("the named agency is not offered its answer: %s", webtest.Text(p.Doc.Find("#dispute-next")))
		}
		p = other.Post(path+"/act/answer", url.Values{"at": {testworld.Today}, "note": {"同意"}})
		if p.Status != http.StatusBadRequest || p.Doc.Find("#act-form-answer .field-error").Length() == 0 {
			t.Fatalf("answer without a position: %d", p.Status)
		}
		p = other.Post(path+"/act/answer", url.Values{"at": {testworld.Today}, "note": {"同意由本局实施"}, "position": {"ours"},
			"evidence": {"《食品安全法》第一百二十四条\n营业执照"}})
		if p.Status != http.StatusSeeOther {
			t.Fatalf("answer: %d %s", p.Status, webtest.Text(p.Doc.Find(".error-box")))
		}
		p = city.Get(path)
		if !strings.Contains(webtest.Text(p.Doc.Find("#dispute-acts")), "营业执照") || p.Doc.Find("#act-form-settle").Length() != 0 {
			t.Fatalf("after the answer the city sees: %s", webtest.Text(p.Doc.Find("#dispute-acts")))
		}
		p = city.Post(path+"/act/meeting", url.Values{"at": {testworld.Today}, "note": {"同意由市中区局实施"},
			"participants": {"历下区市场监管局\n市中区市场监管局"}})
		if p.Status != http.StatusSeeOther {
			t.Fatalf("meeting: %d", p.Status)
		}
		p = city.Post(path+"/act/settle", url.Values{"at": {testworld.Today}, "note": {"由市中区局实施"}, "holder": {testworld.Other}})
		if p.Status != http.StatusSeeOther {
			t.Fatalf("settle: %d %s", p.Status, webtest.Text(p.Doc.Find(".error-box")))
		}
		p = city.Get("/matters/" + testworld.Matter)
		if !strings.Contains(p.Body, "济南市市中区市场监督管理局") {
			t.Fatal("the 权责清单 does not show the new holder")
		}
		p = agency.Get("/disputes?status=settled")
		if p.Doc.Find("#dispute-table tbody tr").Length() != 1 {
			t.Fatalf("the applicant's list of settled: %s", webtest.Text(p.Doc.Find("main")))
		}
		if p = agency.Get("/disputes?status=bogus"); !strings.Contains(p.Body, "状态无效") {
			t.Fatal("a bad filter is not named")
		}
		if p = agency.Get("/disputes/export.xlsx"); p.Status != http.StatusOK || !strings.HasPrefix(p.Body, "PK") {
			t.Fatalf("export: %d", p.Status)
		}
		if p = agency.Get("/coordination/overlaps"); p.Status != http.StatusForbidden {
			t.Fatalf("an agency reads overlaps: %d", p.Status)
		}
		webtest.PageOK(t, "overlaps", city.Get("/coordination/overlaps"))
		p = city.Get("/coordination/board")
		webtest.PageOK(t, "board", p)
		if p.Header.Get("Refresh") == "" || p.Doc.Find("#board-map").Length() != 1 {
			t.Fatal("the board neither refreshes itself nor draws its regions")
		}
		if p = agency.Get("/coordination/board"); p.Status != http.StatusForbidden {
			t.Fatalf("an agency reads the board: %d", p.Status)
		}
	})
}

// TestUIJointAction: from the overlap list to a joint action (联合执法):
// the city's supervision body opens it with the three agencies the overlap
// names, the lead assigns a task, its owner reports it, the lead ends it;
// the board counts it while it runs.
func TestUIJointAction(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := webtest.StartWorld(t, db)
		webtest.AddAccount(t, db, otherAdmin)
		city, agency, other := w.Login(t, "city"), w.Login(t, "agency_admin"), w.Login(t, "other_admin")
		p := city.Get("/joint-actions/new?agency=" + testworld.Agency + "&agency=" + testworld.Other + "&party_name=某公司")
		webtest.PageOK(t, "joint form", p)
		p = city.Post("/joint-actions", url.Values{"title": {"联合检查"}, "summary": {"进一次门、查多项事"}, "agency": {testworld.Other},
			"starts_on": {testworld.Today}, "ends_on": {"2026-06-30"}})
		if p.Status != http.StatusBadRequest || !strings.Contains(p.Body, "请选择牵头单位") {
			t.Fatalf("without a lead: %d", p.Status)
		}
		p = city.Post("/joint-actions", url.Values{"title": {"联合检查"}, "summary": {"进一次门、查多项事"}, "lead": {testworld.Agency},
			"agency": {testworld.Other}, "starts_on": {testworld.Today}, "ends_on": {"2026-06-30"}})
		if p.Status != http.StatusSeeOther {
			t.Fatalf("open: %d %s", p.Status, webtest.Text(p.Doc.Find(".error-box")))
		}
		path := p.Location
		if b := city.Get("/coordination/board?region=370100"); !strings.Contains(webtest.Text(b.Doc.Find("#board-joint")), "1") {
			t.Fatalf("the board does not count the joint action: %s", webtest.Text(b.Doc.Find("#board-total")))
		}
		if p = other.Get(path); p.Doc.Find("#act-form-task").Length() != 0 {
			t.Fatal("a participant is offered to assign tasks")
		}
		p = agency.Post(path+"/act/task", url.Values{"at": {testworld.Today}, "note": {"核查许可"}, "owner": {testworld.Other},
			"due": {"2026-06-20"}})
		if p.Status != http.StatusSeeOther {
			t.Fatalf("task: %d %s", p.Status, webtest.Text(p.Doc.Find(".error-box")))
		}
		p = other.Get(path)
		task, ok := p.Doc.Find(`#act-form-report select[name=task] option`).Attr("value")
		if !ok {
			t.Fatal("the owner is not offered its report")
		}
		if p = other.Post(path+"/act/report", url.Values{"at": {testworld.Today}, "note": {"许可有效"}, "task": {task}}); p.Status != http.StatusSeeOther {
			t.Fatalf("report: %d", p.Status)
		}
		if p = agency.Post(path+"/act/finish", url.Values{"at": {testworld.Today}, "note": {"完成"}}); p.Status != http.StatusSeeOther {
			t.Fatalf("finish: %d", p.Status)
		}
		if p = agency.Get(path); webtest.Text(p.Doc.Find("#joint-status")) != "已完成" {
			t.Fatalf("status %q", webtest.Text(p.Doc.Find("#joint-status")))
		}
		if p = w.Login(t, "officer").Get(path); p.Status != http.StatusNotFound {
			t.Fatalf("an officer reads the joint action: %d", p.Status)
		}
	})
}

// TestUITransfer: an agency transfers a case to 公安 (移送规定 Art. 8),
// records the receipt and the answer; the form names a wrong recipient.
func TestUITransfer(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := webtest.StartWorld(t, db)
		agency := w.Login(t, "agency_admin")
		webtest.PageOK(t, "transfer form", agency.Get("/transfers/new"))
		form := url.Values{"kind": {"case_transfer"}, "recipient_kind": {"procuratorate"}, "recipient": {"历下区分局"},
			"subject": {"销售假冒注册商标的商品案"}, "summary": {"案卷一宗"}}
		if p := agency.Post("/transfers", form); p.Status != http.StatusBadRequest || !strings.Contains(p.Body, "接收机关类型与移送类型不符") {
			t.Fatalf("wrong recipient: %d", p.Status)
		}
		form.Set("recipient_kind", "police")
		p := agency.Post("/transfers", form)
		if p.Status != http.StatusSeeOther {
			t.Fatalf("send: %d %s", p.Status, webtest.Text(p.Doc.Find(".error-box")))
		}
		path := p.Location
		if p = agency.Post(path+"/act/receipt", url.Values{"at": {testworld.Today}}); p.Status != http.StatusSeeOther {
			t.Fatalf("receipt: %d", p.Status)
		}
		if p = agency.Post(path+"/act/answer", url.Values{"at": {testworld.Today}, "note": {"决定立案"}, "answer": {"filed"}}); p.Status != http.StatusSeeOther {
			t.Fatalf("answer: %d", p.Status)
		}
		p = agency.Get(path)
		if webtest.Text(p.Doc.Find("#transfer-status")) != "已答复" || !strings.Contains(webtest.Text(p.Doc.Find("#transfer-acts")), "立案") {
			t.Fatalf("after the answer: %s", webtest.Text(p.Doc.Find("main")))
		}
		if p = w.Login(t, "officer").Get("/transfers/new"); p.Status != http.StatusForbidden {
			t.Fatalf("an officer's transfer form: %d", p.Status)
		}
		if p = w.Login(t, "supervisor").Get(path); p.Status != http.StatusOK {
			t.Fatalf("the region's supervision reads the agency's transfer: %d", p.Status)
		}
	})
}
