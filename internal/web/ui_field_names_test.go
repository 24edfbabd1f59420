package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/web/webtest"
)

// Every error names its field as the form calls it (issue 16, review C-8,
// C-9, P-9): one bad value per form family — case registration, a case
// act, the officer and agency forms, a benchmark, a custom warning rule,
// an account — is refused with 400, and the message in the page's error
// summary (read away from its field; on a case act, at the field) carries
// the form's label for the field, not a bare "必填" or "无效".
func TestUIErrorsNameTheirField(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := webtest.StartWorld(t, db)
		w.AddMatters(t)
		webtest.AddAdmin(t, db)
		c := w.Case(t, "investigation", nil) // filed, the investigation next
		caseForm := func(set func(url.Values)) url.Values {
			v := url.Values{"agency_code": {testworld.Agency}, "procedure": {"general"}, "title": {"销售超过保质期的食品测试案"},
				"matter_code": {testworld.Matter}, "party.kind": {"person"}, "party.name": {"张砚秋"}, "party.id_number": {webtest.PartyID("031")},
				"party.address": {"济南市历下区泉城路1号"}, "facts.act_date": {webtest.DaysAgo(60)}, "facts.first_offense": {"1"},
				"facts.harm": {"slight"}, "facts.corrected": {"0"}, "facts.illegal_income": {"1200.50"},
				"officers": webtest.Team, "at": {testworld.Today}, "note": {"日常检查发现"},
				"facts.description": {"当事人在其经营的超市货架上销售超过保质期的预包装食品12件。"}}
			set(v)
			return v
		}
		officer := func(set func(url.Values)) url.Values {
			v := url.Values{"cert_no": {"LX-TEST-01"}, "name": {"测试员"}, "agency_code": {testworld.Agency},
				"cert_valid_from": {"2024-01-01"}, "cert_valid_to": {"2028-12-31"}}
			set(v)
			return v
		}
		for _, x := range []struct {
			who, path string
			form      url.Values
			want      string // the label, in the message
		}{
			{"officer", "/cases/new", caseForm(func(v url.Values) { v.Set("facts.act_end_date", webtest.DaysAgo(61)) }), "违法行为终了日期"},
			{"officer", "/cases/new", caseForm(func(v url.Values) { v.Set("facts.illegal_income", "一千元") }), "违法所得"},
			{"officer", "/cases/new", caseForm(func(v url.Values) { v.Set("facts.party_age", "200") }), "当事人违法时年龄"},
			{"officer", "/cases/new", caseForm(func(v url.Values) { v.Set("at", webtest.DaysAgo(-1)) }), "登记日期不能晚于今天"},
			{"officer", webtest.CasePath(c.ID, "/act/investigation"), url.Values{"at": {"2026-02-30"}, "officers": webtest.Team, "note": {"现场检查笔录"}}, "日期"},
			{"agency_admin", "/officers/new", officer(func(v url.Values) { v.Set("cert_valid_from", "") }), "请填写证件有效期起始日期"},
			{"agency_admin", "/officers/new", officer(func(v url.Values) { v.Set("cert_valid_to", "2020-01-01") }), "证件有效期截止日期不能早于起始日期"},
			{"admin", "/agencies/new", func() url.Values {
				v := webtest.AgencyForm("12370102MB0000000X")
				v.Set("name", strings.Repeat("测", 101))
				return v
			}(), "机关名称不能超过100个字"},
			{"admin", "/discretion/" + testworld.Matter, url.Values{"region_code": {"370102"}, "effective_from": {""}, "t.ordinary.on": {"1"},
				"t.ordinary.conditions": {"测试情形"}, "t.ordinary.fine_min": {"100"}, "t.ordinary.fine_max": {"200"}}, "生效日期"},
			{"supervisor", "/rules/custom", url.Values{"code": {"MY_RULE"}, "name": {""}, "region": {testworld.Region}, "severity": {"yellow"},
				"expression": {"false"}, "kind": {"case"}}, "请填写规则名称"},
			{"supervisor", "/rules/custom", url.Values{"code": {"MY_RULE"}, "name": {"测试规则"}, "region": {testworld.Region}, "severity": {"orange"},
				"expression": {"false"}, "kind": {"case"}}, "预警级别"},
			{"admin", "/accounts", url.Values{"username": {"newone"}, "display_name": {"新账号"}, "password": {"Acct#Test2026x"},
				"role": {"boss"}, "region_code": {"370102"}}, "角色"},
		} {
			p := w.Login(t, x.who).Post(x.path, x.form)
			// The summary, or on a case's act form (whose summary says
			// 请按提示修改) the message at the field.
			box := webtest.Text(p.Doc.Find(".error-box, .field-error"))
			if p.Status != http.StatusBadRequest || !strings.Contains(box, x.want) {
				t.Errorf("%s %s: %d, the error messages %q do not name %q (page: %.300s)", x.who, x.path, p.Status, box, x.want, webtest.Text(p.Doc.Find("main")))
			}
			for _, bare := range []string{"：必填", "。必填", " 必填 ", "无效 "} {
				if strings.Contains(" "+box+" ", bare) {
					t.Errorf("%s %s: a bare %q in %q", x.who, x.path, bare, box)
				}
			}
		}
	})
}
