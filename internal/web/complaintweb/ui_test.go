package complaintweb_test

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

// TestUISocialSupervisor: the city appoints the social supervisor; the
// supervisor records an on-site observation and sends a clue; the district
// sees the clue flagged and reviews the observation; the agency sees
// neither, and the social supervisor's account still reads no case.
func TestUISocialSupervisor(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := webtest.StartWorld(t, db)
		city := w.Login(t, "city")
		p := city.Post("/social-supervisors", url.Values{"name": {"刘监督"}, "username": {"social"}, "region": {"370100"},
			"field": {"市场监管"}, "term_from": {"2026-01-01"}, "term_to": {"2026-12-31"}})
		if p.Status != http.StatusSeeOther {
			t.Fatalf("appoint: %d %s", p.Status, webtest.Text(p.Doc.Find(".error-box")))
		}
		if p := city.Post("/social-supervisors", url.Values{"name": {""}, "region": {"370100"}}); p.Status != http.StatusBadRequest {
			t.Fatalf("appoint without a name: %d", p.Status)
		}
		sid := p.Location
		if p := city.Post(sid+"/records", url.Values{"kind": {"training"}, "on": {"2026-03-01"}, "title": {"执法监督业务培训"}, "hours": {"4"}}); p.Status != http.StatusSeeOther {
			t.Fatalf("training: %d", p.Status)
		}
		cert := city.Get(sid)
		if got := webtest.Text(cert.Doc.Find("#social-records")); !strings.Contains(got, "执法监督业务培训") {
			t.Fatalf("records: %q", got)
		}
		// The 聘任证's QR opens a public page that verifies the appointment
		// (no login); a changed token is 无效.
		verify, _ := cert.Doc.Find("#social-verify").Attr("href")
		if cert.Doc.Find("#social-qr img").Length() != 1 || !strings.Contains(verify, "/social/verify/") {
			t.Fatalf("the certificate page has no QR to verify it: %q", verify)
		}
		verify = verify[strings.Index(verify, "/social/verify/"):]
		pub := w.Env.Browser(t).Get(verify)
		if pub.Status != http.StatusOK || webtest.Text(pub.Doc.Find("#verdict")) != "在聘" || !strings.Contains(webtest.Text(pub.Doc.Find("#social-card")), "刘监督") ||
			strings.Contains(webtest.Text(pub.Doc.Find("#social-card")), "social") { // no account name
			t.Fatalf("public verification: %d %q", pub.Status, webtest.Text(pub.Doc.Find("main")))
		}
		changed := verify[:len(verify)-1] + map[bool]string{true: "y", false: "x"}[strings.HasSuffix(verify, "x")]
		if p := w.Env.Browser(t).Get(changed); p.Status != http.StatusNotFound || webtest.Text(p.Doc.Find("#verdict")) != "无效" {
			t.Fatalf("a changed token: %d %q", p.Status, webtest.Text(p.Doc.Find("#verdict")))
		}

		soc := w.Login(t, "social")
		if p := soc.Get("/observations/new"); p.Status != http.StatusOK {
			t.Fatalf("observation form: %d", p.Status)
		}
		p = soc.Post("/observations", url.Values{"agency_code": {testworld.Agency}, "on": {"2026-06-12"}, "place": {"历下区某农贸市场"},
			"check_certificate": {"no"}, "check_two_officers": {"yes"}, "findings": {"一名执法人员未出示证件"}})
		if p.Status != http.StatusSeeOther {
			t.Fatalf("observe: %d %s", p.Status, webtest.Text(p.Doc.Find(".error-box")))
		}
		obs := p.Location
		p = soc.Post("/complaints/clue", url.Values{"category": {"no_certificate"}, "agency_code": {testworld.Agency},
			"description": {"旁站时发现执法人员未出示证件，未佩戴执法记录仪。"}})
		if p.Status != http.StatusSeeOther {
			t.Fatalf("clue: %d %s", p.Status, webtest.Text(p.Doc.Find(".error-box")))
		}
		clue := p.Location
		if p := soc.Get(clue); p.Status != http.StatusOK || !strings.Contains(webtest.Text(p.Doc.Find("#complaint-facts")), "社会监督员线索") {
			t.Fatalf("own clue: %d", p.Status)
		}
		if p := soc.Get("/cases"); strings.Contains(p.Body, "销售超过保质期") {
			t.Fatal("the social supervisor reads case files")
		}

		sup := w.Login(t, "supervisor")
		if got := webtest.Text(sup.Get("/complaints?source=clue").Doc.Find("#complaint-table")); !strings.Contains(got, "线索") {
			t.Fatalf("supervision's clue list: %q", got)
		}
		if p := sup.Post(obs+"/review", url.Values{"result": {"returned"}}); p.Status != http.StatusBadRequest ||
			!strings.Contains(webtest.Text(p.Doc.Find(".field-error")), "退回理由") {
			t.Fatalf("returned without a reason: %d %s", p.Status, webtest.Text(p.Doc.Find(".error-box, .field-error")))
		}
		if p := sup.Post(obs+"/review", url.Values{"result": {"accepted"}, "note": {"已转执法部门核查"}}); p.Status != http.StatusSeeOther {
			t.Fatalf("review: %d", p.Status)
		}
		if got := webtest.Text(soc.Get(obs).Doc.Find("#observation-status")); !strings.Contains(got, "已采纳") || !strings.Contains(got, "已转执法部门核查") {
			t.Fatalf("the social supervisor reads no review: %q", got)
		}
		// The list filters by status, agency and date and exports what it shows.
		if got := webtest.Text(sup.Get("/observations?status=accepted&from=2026-06-12&to=2026-06-12").Doc.Find("#observation-table")); !strings.Contains(got, "历下区某农贸市场") {
			t.Fatalf("filtered list: %q", got)
		}
		if p := sup.Get("/observations?from=2026-06-13"); p.Doc.Find("#observation-table").Length() != 0 {
			t.Fatal("a record before the from date is listed")
		}
		if got := webtest.Text(sup.Get("/observations?from=2026-06-13&to=2026-06-01").Doc.Find("#obs-filter-errors")); !strings.Contains(got, "结束日期不能早于开始日期") {
			t.Fatalf("reversed dates: %q", got)
		}
		x := sup.Get("/observations/export.xlsx?status=accepted&agency=" + testworld.Agency)
		wb, err := excelize.OpenReader(bytes.NewReader([]byte(x.Body)))
		if err != nil {
			t.Fatalf("export: %d %v", x.Status, err)
		}
		rows, _ := wb.GetRows("旁站式监督")
		if len(rows) != 2 || rows[1][0] != "2026-06-12" || rows[1][3] != "历下区某农贸市场" || rows[1][5] != "已采纳" || rows[1][9] != "否" || rows[1][10] != "是" {
			t.Fatalf("exported rows: %q", rows)
		}
		if x := sup.Get("/observations/export.xlsx?status=returned"); x.Status != http.StatusOK {
			t.Fatalf("empty export: %d", x.Status)
		} else if wb, err := excelize.OpenReader(bytes.NewReader([]byte(x.Body))); err != nil {
			t.Fatal(err)
		} else if rows, _ := wb.GetRows("旁站式监督"); len(rows) != 1 {
			t.Fatalf("the status filter is not applied to the export: %d rows", len(rows))
		}
		if p := soc.Post(obs+"/clue", url.Values{"category": {"no_certificate"}}); p.Status != http.StatusForbidden {
			t.Fatalf("the social supervisor turns its own record into a clue: %d", p.Status)
		}
		// The accepted finding becomes a clue in the observer's name; the
		// record then links it and offers the supervision case.
		p = sup.Post(obs+"/clue", url.Values{"category": {"no_certificate"}})
		if p.Status != http.StatusSeeOther || !strings.HasPrefix(p.Location, "/complaints/") {
			t.Fatalf("to clue: %d %s", p.Status, webtest.Text(p.Doc.Find(".error-box")))
		}
		fromObs := p.Location
		op := sup.Get(obs)
		if href, _ := op.Doc.Find("#observation-clue").Attr("href"); href != fromObs || op.Doc.Find("#open-supervision").Length() != 1 {
			t.Fatalf("the record does not link its clue (%q) or offer a supervision case", href)
		}
		if p := soc.Get(fromObs); p.Status != http.StatusOK {
			t.Fatalf("the observer follows the clue made of the record: %d", p.Status)
		}
		if p := soc.Get(obs); p.Doc.Find("#open-supervision").Length() != 0 || p.Doc.Find("#obs-clue-form").Length() != 0 {
			t.Fatal("the social supervisor is offered supervision's acts")
		}
		ag := w.Login(t, "agency_admin")
		if p := ag.Get(obs); p.Status != http.StatusNotFound {
			t.Fatalf("agency reads the observation: %d", p.Status)
		}
		if p := ag.Get(clue); p.Status != http.StatusNotFound {
			t.Fatalf("agency reads the clue before it is forwarded: %d", p.Status)
		}
		// The poster and the xlsx export.
		if p := ag.Get("/complaint/poster/" + testworld.Agency); p.Status != http.StatusOK || p.Doc.Find("#poster-qr").Length() != 1 {
			t.Fatalf("poster: %d", p.Status)
		}
		if p := sup.Get("/complaints/export.xlsx"); p.Status != http.StatusOK || !strings.HasPrefix(p.Body, "PK") {
			t.Fatalf("export: %d", p.Status)
		}
	})
}

func hotlineBook(t *testing.T, rows [][]any) []byte {
	t.Helper()
	x := excelize.NewFile()
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		x.SetSheetRow("Sheet1", cell, &r)
	}
	var buf bytes.Buffer
	x.Write(&buf)
	return buf.Bytes()
}

// TestUIHotline: supervision uploads the hotline's export; a bad file is
// refused whole with its row errors, a good one becomes complaints.
func TestUIHotline(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := webtest.StartWorld(t, db)
		sup := w.Login(t, "supervisor")
		head := []any{"工单号", "来电时间", "诉求内容", "所属区域", "办理单位"}
		p := sup.Upload("/complaints/hotline/import", "gd.xlsx", hotlineBook(t, [][]any{head, {"GD1", "不是时间", "乱罚款", "370102", ""}}))
		if p.Status != http.StatusBadRequest || !strings.Contains(webtest.Text(p.Doc.Find("#hotline-errors")), "来电时间") {
			t.Fatalf("bad file: %d %s", p.Status, webtest.Text(p.Doc.Find(".error-box")))
		}
		p = sup.Upload("/complaints/hotline/import", "gd.xlsx", hotlineBook(t, [][]any{head, {"GD1", "2026-06-12 10:00", "执法人员乱罚款", "370102", ""}}))
		if p.Status != http.StatusSeeOther {
			t.Fatalf("import: %d %s", p.Status, webtest.Text(p.Doc.Find(".error-box")))
		}
		if got := webtest.Text(sup.Get("/complaints?source=hotline").Doc.Find("#complaint-table")); !strings.Contains(got, "12345热线") {
			t.Fatalf("hotline list: %q", got)
		}
		if p := w.Login(t, "agency_admin").Get("/complaints/hotline"); p.Status != http.StatusForbidden {
			t.Fatalf("agency opens the import: %d", p.Status)
		}
		if p := sup.Get("/complaints/hotline/export.xlsx"); p.Status != http.StatusOK || !strings.HasPrefix(p.Body, "PK") {
			t.Fatalf("export: %d", p.Status)
		}
	})
}
