package supervisionweb_test

import (
	"bytes"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"zfjd/internal/store"
	"zfjd/internal/supervision"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/web/webtest"
)

// TestUISupervisionCerts: the body registers its staff's 行政执法监督证
// (鲁条例 Art. 22) from the register page — a refused form names the field
// — lists, filters and exports them; the certificate's QR opens a public
// verification page without login that shows a 注销 at once and refuses a
// changed token; the measure form offers the body's valid holders only
// and is refused with one, citing 第二十二条; 提请协助 and 专门调查 are
// recorded from their forms (Arts. 24–25).
func TestUISupervisionCerts(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := webtest.StartWorld(t, db)
		sup := w.Login(t, "supervisor")
		list := sup.Get("/supervision-certs")
		webtest.PageOK(t, "register", list)
		form := formOf(list, "cert-add")
		form.Set("cert_no", "LJ37010200001")
		form.Set("valid_from", "2025-01-01")
		form.Set("valid_to", "2030-12-31")
		if p := sup.Post("/supervision-certs", form); p.Status != http.StatusBadRequest ||
			!strings.Contains(webtest.Text(p.Doc.Find(".field-error")), "持证人姓名") {
			t.Fatalf("no holder: %d %s", p.Status, webtest.Text(p.Doc.Find(".field-error")))
		}
		var pages []string
		for i, name := range []string{"监督员甲", "监督员乙", "监督员丙"} {
			form.Set("cert_no", "LJ3701020000"+string(rune('1'+i)))
			form.Set("holder_name", name)
			p := sup.Post("/supervision-certs", form)
			if p.Status != http.StatusSeeOther {
				t.Fatalf("add %s: %d %s", name, p.Status, webtest.Text(p.Doc.Find(".error-box, .field-error")))
			}
			pages = append(pages, p.Location)
		}
		if n := sup.Get("/supervision-certs?q=监督员乙").Doc.Find("#certs-table tbody tr").Length(); n != 1 {
			t.Errorf("filter by name: %d rows", n)
		}
		x := sup.Get("/supervision-certs/export.xlsx")
		f, err := excelize.OpenReader(bytes.NewReader([]byte(x.Body)))
		if err != nil {
			t.Fatal(err)
		}
		if rows, _ := f.GetRows("行政执法监督证"); len(rows) != 4 || rows[1][4] != supervision.CertIssuer || rows[1][7] != "有效" {
			t.Errorf("export rows %v", rows)
		}
		cp := sup.Get(pages[2])
		verify, ok := cp.Doc.Find("#cert-verify").Attr("href")
		if !ok || cp.Doc.Find("#cert-qr img").Length() != 1 {
			t.Fatalf("no QR on the certificate page: %s", webtest.Text(cp.Doc.Find("main")))
		}
		verify = verify[strings.Index(verify, "/supervision-certs/verify/"):]
		anon := w.Env.Browser(t)
		if v := anon.Get(verify); v.Status != http.StatusOK || webtest.Text(v.Doc.Find("#verdict")) != "有效" ||
			!strings.Contains(webtest.Text(v.Doc.Find("#cert-card")), "山东省人民政府") {
			t.Fatalf("verify: %d %s", v.Status, webtest.Text(v.Doc.Find("main")))
		}
		if p := sup.Post(pages[2]+"/revoke", url.Values{"status_reason": {""}}); p.Status != http.StatusBadRequest ||
			!strings.Contains(webtest.Text(p.Doc.Find(".error-box, .field-error")), "注销原因") {
			t.Fatalf("revoke without reason: %d", p.Status)
		}
		if p := sup.Post(pages[2]+"/revoke", url.Values{"status_reason": {"调离监督岗位"}}); p.Status != http.StatusSeeOther {
			t.Fatalf("revoke: %d", p.Status)
		}
		if v := anon.Get(verify); webtest.Text(v.Doc.Find("#verdict")) != "注销" {
			t.Errorf("verify after 注销: %s", webtest.Text(v.Doc.Find("#verdict")))
		}
		swap := "x"
		if strings.HasSuffix(verify, "x") {
			swap = "y"
		}
		if v := anon.Get(verify[:len(verify)-1] + swap); v.Status != http.StatusNotFound || webtest.Text(v.Doc.Find("#verdict")) != "无效" {
			t.Errorf("changed token: %d %s", v.Status, webtest.Text(v.Doc.Find("#verdict")))
		}
		if p := w.Login(t, "agency_admin").Get("/supervision-certs"); p.Status != http.StatusForbidden {
			t.Errorf("an agency reads the register: %d", p.Status)
		}

		// The measure form names holders from the register.
		c, err := supervision.NewService(db).Open(w.Ctx, testworld.As("supervisor"), supervision.Opening{RegionCode: testworld.Region,
			AgencyCode: testworld.Agency, Source: "complaint", Summary: "群众反映重复罚款"})
		if err != nil {
			t.Fatal(err)
		}
		casePath := "/supervision-cases/" + strconv.FormatInt(c.ID, 10)
		if p := sup.Post(casePath+"/act/file", url.Values{"at": {testworld.Today}}); p.Status != http.StatusSeeOther {
			t.Fatalf("file: %d", p.Status)
		}
		page := sup.Get(casePath)
		boxes := page.Doc.Find("#act-form-measure input[name=supervisor]")
		if boxes.Length() != 2 || !strings.Contains(webtest.Text(page.Doc.Find("#supervisors")), "监督员甲（LJ37010200001") ||
			strings.Contains(webtest.Text(page.Doc.Find("#supervisors")), "监督员丙") {
			t.Fatalf("holders offered: %s", webtest.Text(page.Doc.Find("#supervisors")))
		}
		m := url.Values{"at": {testworld.Today}, "measure": {"files"}, "note": {"调阅案卷"}, "supervisor": {"LJ37010200001"}}
		if p := sup.Post(casePath+"/act/measure", m); p.Status != http.StatusBadRequest ||
			!strings.Contains(webtest.Text(p.Doc.Find("#act-measure .field-error")), "第二十二条") ||
			p.Doc.Find(`#act-measure[open] input[value=LJ37010200001][checked]`).Length() != 1 {
			t.Fatalf("one supervisor: %d %s", p.Status, webtest.Text(p.Doc.Find("#act-measure")))
		}
		m["supervisor"] = []string{"LJ37010200001", "LJ37010200003"}
		if p := sup.Post(casePath+"/act/measure", m); p.Status != http.StatusBadRequest ||
			!strings.Contains(webtest.Text(p.Doc.Find(".error-box")), "第二十二条") ||
			!strings.Contains(webtest.Text(p.Doc.Find("#act-measure .field-error")), "LJ37010200003") {
			t.Fatalf("a cancelled certificate: %d %s", p.Status, webtest.Text(p.Doc.Find("#act-measure")))
		}
		m["supervisor"] = []string{"LJ37010200001", "LJ37010200002"}
		if p := sup.Post(casePath+"/act/measure", m); p.Status != http.StatusSeeOther {
			t.Fatalf("two holders: %d %s", p.Status, webtest.Text(p.Doc.Find(".error-box, .field-error")))
		}
		for act, v := range map[string]url.Values{
			"assist_ask": {"unit": {"市自然资源和规划局"}, "due": {"2026-06-25"}, "note": {"核实用地审批"}},
			"special_investigation": {"kind": {"social_impact"}, "team": {"监督员甲、监督员乙"}, "range": {"2025年以来同类案件"},
				"note": {"查明重复罚款3起"}},
		} {
			v.Set("at", testworld.Today)
			if p := sup.Post(casePath+"/act/"+act, v); p.Status != http.StatusSeeOther {
				t.Fatalf("%s: %d %s", act, p.Status, webtest.Text(p.Doc.Find(".error-box, .field-error")))
			}
		}
		hist := webtest.Text(sup.Get(casePath).Doc.Find("#case-history"))
		for _, want := range []string{"监督员甲（监督证 LJ37010200001）", "提请协助单位：市自然资源和规划局", "调查组成员：监督员甲、监督员乙",
			"具有重大社会影响"} {
			if !strings.Contains(hist, want) {
				t.Errorf("history lacks %q: %s", want, hist)
			}
		}
	})
}
