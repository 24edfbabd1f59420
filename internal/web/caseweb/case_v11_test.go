package caseweb_test

// The acts exchange v1.1 added to the case workflow, recorded through the
// case page: 当事人放弃陈述申辩/听证 (rights_waived), 当事人拒不出席听证
// (hearing_absent), 检测检验鉴定 (testing, with its period) and 责令退赔
// (refund_ordered). Each form records its act with its fields, and a
// missing field is named at the field in Chinese, writing nothing.

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

// v11Decide is the head's decision of a NewCase case today: warning and
// the district's 一般 minimum fine.
func v11Decide() url.Values {
	return url.Values{"at": {testworld.Today}, "officers": webtest.Team, "outcome": {"penalty"}, "tier": {"ordinary"},
		"penalty": {"warning", "fine"}, "amount_fine": {webtest.FineMin}, "note": {"依法作出处罚"}}
}

// v11FieldError is the message shown at field name of the act form typ.
func v11FieldError(p *webtest.Page, typ, name string) string {
	return webtest.Text(p.Doc.Find(`#act-form-` + typ + ` [name="` + name + `"]`).Parent().Find(".field-error"))
}

func TestUICaseActsV11(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := webtest.StartWorld(t, db)
		w.AddBenchmarks(t)
		off, head := w.Login(t, "officer"), w.Login(t, "head")

		t.Run("rights waived", func(t *testing.T) {
			// Notified yesterday: the 陈述申辩 period runs (处罚法 Art. 44, 45)
			// and the decision waits, unless the party waives (Art. 62).
			c := w.Case(t, "notified", nil)
			ucAct(t, off, c.ID, "notified", ucWith(ucAt(1), "hearing_right", "1", "note", "拟给予警告并处罚款"))
			ucRefused(t, head, w, c.ID, "decided", v11Decide(), http.StatusBadRequest, "陈述申辩")
			p := ucRefused(t, off, w, c.ID, "rights_waived", ucAt(0), http.StatusBadRequest, "请填写当事人放弃的权利")
			if msg := v11FieldError(p, "rights_waived", "note"); !strings.Contains(msg, "请填写") {
				t.Errorf("missing note not named at its field: %q", msg)
			}
			if p.Doc.Find("#act-refund_ordered").Length() != 0 {
				t.Error("责令退赔 offered on a case without illegal income")
			}
			ucAct(t, off, c.ID, "rights_waived", ucWith(ucAt(0), "note", "当事人书面声明放弃陈述、申辩和听证权利"))
			ucAct(t, head, c.ID, "decided", v11Decide())
			got := w.GetCase(t, c.ID)
			if got.Status != "decided" || !strings.Contains(webtest.Text(head.Get(webtest.CasePath(c.ID)).Doc.Find("#timeline")), "当事人放弃陈述申辩/听证") {
				t.Errorf("after the waiver: %s %v", got.Status, got.Warnings)
			}
		})

		t.Run("hearing absent", func(t *testing.T) {
			c := w.Case(t, "notified", nil)
			ucAct(t, off, c.ID, "notified", ucWith(ucAt(15), "hearing_right", "1", "note", "拟给予警告并处罚款"))
			ucAct(t, off, c.ID, "hearing_requested", ucWith(ucAt(14), "note", "当事人书面申请听证"))
			ucAct(t, off, c.ID, "hearing_noticed", ucWith(ucAt(13), "hearing_at", webtest.DaysAgo(2)))
			if p := head.Get(webtest.CasePath(c.ID)); p.Doc.Find("#act-decided").Length() != 0 {
				t.Error("the head is offered 作出决定 before the requested hearing")
			}
			p := ucRefused(t, off, w, c.ID, "hearing_absent", ucAt(2), http.StatusBadRequest, "请填写")
			if msg := v11FieldError(p, "hearing_absent", "note"); msg == "" {
				t.Error("missing note not named at its field")
			}
			ucAct(t, off, c.ID, "hearing_absent", ucWith(ucAt(2), "note", "当事人经合法通知无正当理由未到场"))
			p = head.Get(webtest.CasePath(c.ID))
			if p.Doc.Find("#act-decided").Length() != 1 || p.Doc.Find("#act-hearing_held").Length() != 0 {
				t.Errorf("after the absence the head is offered %v", webtest.Acts(p))
			}
			if s := webtest.Text(p.Doc.Find("#timeline")); !strings.Contains(s, "当事人拒不出席听证") {
				t.Errorf("timeline: %q", s)
			}
		})

		t.Run("testing", func(t *testing.T) {
			c := w.Case(t, "investigation", nil)
			ucAct(t, off, c.ID, "seized", ucWith(ucAt(20), "note", "扣押涉案食品12件"))
			before := w.GetCase(t, c.ID).Deadlines["seizure"]
			p := off.Get(webtest.CasePath(c.ID))
			if v := p.Doc.Find(`#act-form-testing input[name=from]`).AttrOr("value", ""); v != testworld.Today {
				t.Errorf("testing from defaults to %q, want today", v)
			}
			if p.Doc.Find(`#act-form-testing input[type=date][name=to]`).Length() != 1 {
				t.Error("no 截止日期 field on the testing form")
			}
			form := ucWith(ucAt(15), "from", webtest.DaysAgo(15), "note", "送山东省食品药品检验研究院检验")
			p = ucRefused(t, off, w, c.ID, "testing", form, http.StatusBadRequest, "截止日期")
			if msg := v11FieldError(p, "testing", "to"); !strings.Contains(msg, "截止日期") {
				t.Errorf("missing 截止日期 not named at its field: %q", msg)
			}
			bad := ucWith(ucAt(15), "from", webtest.DaysAgo(15), "to", webtest.DaysAgo(16), "note", "送检")
			if p := ucRefused(t, off, w, c.ID, "testing", bad, http.StatusBadRequest, "早于"); v11FieldError(p, "testing", "to") == "" {
				t.Error("a period ending before it starts is not named at 截止日期")
			}
			ucAct(t, off, c.ID, "testing", ucWith(form, "to", webtest.DaysAgo(6)))
			got := w.GetCase(t, c.ID)
			last := got.Events[len(got.Events)-1]
			if last.Type != "testing" || last.From != webtest.DaysAgo(15) || last.To != webtest.DaysAgo(6) {
				t.Errorf("testing recorded as %+v", last)
			}
			// The testing days are not counted in the seizure's 30 days.
			if after := got.Deadlines["seizure"]; before == "" || after <= before {
				t.Errorf("seizure deadline %s → %s after a testing period", before, after)
			}
			if s := webtest.Text(off.Get(webtest.CasePath(c.ID)).Doc.Find("#timeline")); !strings.Contains(s, "检测检验鉴定期间："+webtest.DaysAgo(15)+"至"+webtest.DaysAgo(6)) {
				t.Errorf("timeline: %q", s)
			}
		})

		t.Run("refund ordered", func(t *testing.T) {
			c := w.Case(t, "notified", func(c *cases.Case) { c.Facts.IllegalIncomeFen = 50000 })
			if p := ucRefused(t, off, w, c.ID, "refund_ordered", ucAt(12), http.StatusBadRequest, "请填写责令退赔"); v11FieldError(p, "refund_ordered", "note") == "" {
				t.Error("missing note not named at its field")
			}
			ucAct(t, off, c.ID, "refund_ordered", ucWith(ucAt(12), "note", "责令退还消费者货款500元"))
			ucAct(t, off, c.ID, "notified", ucWith(ucAt(10), "hearing_right", "1", "note", "拟给予警告并处罚款"))
			// The income refunded is not confiscated (处罚法 Art. 28 第二款).
			ucAct(t, head, c.ID, "decided", v11Decide())
			if got := w.GetCase(t, c.ID); got.Status != "decided" {
				t.Errorf("decision after the refund order: %s %v", got.Status, got.Warnings)
			}
		})
	})
}
