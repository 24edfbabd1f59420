package registryweb_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"zfjd/internal/cases"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/web/webtest"
)

// The agency's case settings on its page (POST /agencies/{code}/case-rules):
// besides the legal-review list and the 较大数额, the 陈述申辩 period
// (处罚法 Art. 44, 45; default 5 working days) and the kinds the agency
// counts as 其他较重的行政处罚 (Art. 63(五)(六)), which stay "not said" until
// the agency says. Refusals are shown at their fields with the form open,
// and write nothing.
func TestUIAgencyCaseRules(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := webtest.StartWorld(t, db)
		adm := w.Login(t, "agency_admin")
		page := "/agencies/" + testworld.Agency
		post := page + "/case-rules"

		p := adm.Get(page)
		webtest.PageOK(t, page, p)
		if s := webtest.Text(p.Doc.Find("#rules-statement-days")); s != "5 个工作日" {
			t.Errorf("default 陈述申辩 period: %q", s)
		}
		if s := webtest.Text(p.Doc.Find("#rules-hearing-kinds")); !strings.Contains(s, "未规定") {
			t.Errorf("hearing kinds before the agency says: %q", s)
		}
		// No silent 较大数额 (the rules ask instead).
		if s := webtest.Text(p.Doc.Find("#rules-hearing-person")); !strings.Contains(s, "未设置") || strings.Contains(s, "5000") {
			t.Errorf("较大数额 not set: %q", s)
		}
		if v := p.Doc.Find(`#case-rules-form input[name=statement_days]`).AttrOr("value", ""); v != "5" {
			t.Errorf("statement_days field %q", v)
		}
		if n := p.Doc.Find(`#case-rules-form input[name=hearing_kinds]`).Length(); n != len(cases.HearingKindChoices()) {
			t.Errorf("%d hearing kinds offered, want %d", n, len(cases.HearingKindChoices()))
		}

		good := url.Values{"review_matters": {testworld.Matter}, "review_fine_fen": {"50000"}, "hearing_person_fen": {"10000"},
			"hearing_org_fen": {"100000"}, "statement_days": {"7"}, "hearing_kinds": {"suspend_license", "restrict_business"}}
		with := func(kv ...string) url.Values {
			v := url.Values{}
			for k, x := range good {
				v[k] = x
			}
			for i := 0; i+1 < len(kv); i += 2 {
				v.Set(kv[i], kv[i+1])
			}
			return v
		}
		before := webtest.Counts(t, db)
		for _, c := range []struct {
			name, field, want string
			form              url.Values
		}{
			{"period 31", "statement_days", "1至30", with("statement_days", "31")},
			{"period 0", "statement_days", "1至30", with("statement_days", "0")},
			{"period in words", "statement_days", "整数", with("statement_days", "五")},
			{"amount in words", "hearing_person_fen", "金额", with("hearing_person_fen", "一万")},
			{"a kind Art. 63 already names", "hearing_kinds", "不能列入", with("hearing_kinds", "suspend_business")},
		} {
			p := adm.Post(post, c.form)
			msg := webtest.Text(p.Doc.Find(`#case-rules-form [name="` + c.field + `"]`).Parent().Find(".field-error"))
			if c.field == "hearing_kinds" {
				msg = webtest.Text(p.Doc.Find("#hearing-kinds .field-error"))
			}
			if p.Status != http.StatusBadRequest || !strings.Contains(msg, c.want) {
				t.Errorf("%s: %d %q, want 400 with %q at %s", c.name, p.Status, msg, c.want, c.field)
			}
			if p.Doc.Find("details#case-rules-edit[open]").Length() != 1 ||
				p.Doc.Find(`#case-rules-form input[name=hearing_person_fen]`).AttrOr("value", "") != c.form.Get("hearing_person_fen") {
				t.Errorf("%s: the form is not shown open with the values entered", c.name)
			}
		}
		webtest.SameCounts(t, db, before, "refused settings")

		// Only those who keep discretion settings may change them.
		if p := w.Login(t, "officer").Post(post, good); p.Status != http.StatusForbidden {
			t.Errorf("officer: %d", p.Status)
		}
		if p := w.Login(t, "officer").Get(page); p.Doc.Find("#case-rules-form").Length() != 0 {
			t.Error("the officer is offered the settings form")
		}
		webtest.SameCounts(t, db, before, "an officer's post")

		if p := adm.Post(post, good); p.Status != http.StatusSeeOther {
			t.Fatalf("save: %d %s", p.Status, webtest.Text(p.Doc.Find(".error-box")))
		}
		r, err := cases.GetAgencyRules(webtest.Ctx, db.R, testworld.Agency)
		if err != nil {
			t.Fatal(err)
		}
		if *r.StatementDays != 7 || r.HearingPersonFen != 1_000_000 || r.HearingOrgFen != 10_000_000 || r.ReviewFineFen != 5_000_000 ||
			r.HearingKinds == nil || strings.Join(*r.HearingKinds, ",") != "suspend_license,restrict_business" {
			t.Errorf("stored: %+v (kinds %v)", r, r.HearingKinds)
		}
		p = adm.Get(page)
		if s := webtest.Text(p.Doc.Find("#rules-statement-days")); s != "7 个工作日" {
			t.Errorf("陈述申辩 period after saving: %q", s)
		}
		if s := webtest.Text(p.Doc.Find("#rules-hearing-kinds")); s != "暂扣许可证件、限制开展生产经营活动" {
			t.Errorf("hearing kinds after saving: %q", s)
		}
		if s := webtest.Text(p.Doc.Find("#rules-hearing-person")); s != "10000.00 元" {
			t.Errorf("较大数额 after saving: %q", s)
		}
		// Saying "none": the marker stays, no kind ticked.
		none := with()
		none.Del("hearing_kinds")
		none.Set("hearing_kinds_set", "1")
		none.Del("statement_days") // left empty: the period stays
		if p := adm.Post(post, none); p.Status != http.StatusSeeOther {
			t.Fatalf("save none: %d %s", p.Status, webtest.Text(p.Doc.Find(".error-box")))
		}
		if r, _ := cases.GetAgencyRules(webtest.Ctx, db.R, testworld.Agency); r.HearingKinds == nil || len(*r.HearingKinds) != 0 || *r.StatementDays != 7 {
			t.Errorf("after saying none: kinds %v, period %d", r.HearingKinds, *r.StatementDays)
		}
		if s := webtest.Text(adm.Get(page).Doc.Find("#rules-hearing-kinds")); s != "无" {
			t.Errorf("hearing kinds after saying none: %q", s)
		}
	})
}
