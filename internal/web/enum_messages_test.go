package web_test

import (
	"net/http"
	"strings"
	"testing"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/review"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/web/webtest"
)

// enumMessages are the refusals of a value outside a parameter's list
// (issue 16): each names the field as the form calls it and lists every
// allowed value with its Chinese name.
var enumMessages = []struct {
	api, page, field, want string
}{
	{"/api/v1/statistics?group_by=week", "/statistics?group_by=week", "group_by",
		"分组应为 region（按区划）、agency（按执法主体）、domain（按执法领域）、matter（按执法事项）、procedure（按程序）、outcome（按决定结果）、penalty（按处罚种类）或 month（按月份）"},
	{"/api/v1/warnings/stats?group_by=week", "/supervision/dashboard.xlsx?group_by=week", "group_by",
		"分组应为 region（按区划）、agency（按执法主体）、rule（按规则）、severity（按等级）或 month（按月份）"},
	{"/api/v1/inspections?status=done", "/inspections?status=done", "status",
		"状态应为 filed（待审批）、approved（待报备）、reported（待入企）、on_site（检查中）、concluded（待离企）或 closed（已结束）"},
	{"/api/v1/inspections?kind=daily", "/inspections?kind=daily", "kind",
		"类型应为 routine（日常检查）、case（个案检查）或 special（专项检查）"},
	{"/api/v1/supervision-cases?status=open", "/supervision-cases?status=open", "status",
		"状态应为 received（待立案）、refused（不予受理）、filed（调查中）、letter（督办中）、opinion（待纠正）、corrected（已报送纠正情况）、proposed（待政府决定）、decided（决定执行中）、executed（已报告执行情况）、followed_up（已回头看）或 closed（已结案）"},
	{"/api/v1/supervision-cases?source=mail", "/supervision-cases?source=mail", "source",
		"来源应为 complaint（投诉举报）、hotline_12345（12345政务服务便民热线）、enterprise_appeal（涉企行政执法诉求）、warning（电子监察预警）、review（案卷评查发现）、campaign（专项监督）、procuratorate（检察建议）、npc_cppcc（人大代表建议、政协提案）、referral（移送、转办）或 other（其他（依职权））"},
}

// TestEnumMessages asks the API and the list pages, on both engines, for
// a grouping, status, kind or source that does not exist: the API answers
// 400 with the message on the parameter, the page (or the refused
// download's error page) shows it.
func TestEnumMessages(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := webtest.StartWorld(t, db)
		tok := w.Env.Token(auth.RoleSupervisor, "370100", "")
		b := w.Login(t, "city")
		for _, m := range enumMessages {
			r := w.Env.Get(m.api, tok, http.StatusBadRequest)
			if got := r.APIErr(t).Fields[m.field]; got != m.want {
				t.Errorf("%s: %s is %q, want %q", m.api, m.field, got, m.want)
			}
			if p := b.Get(m.page); !strings.Contains(webtest.Text(p.Doc.Find("main")), m.want) {
				t.Errorf("%s (%d) does not say %q: %.300s", m.page, p.Status, m.want, webtest.Text(p.Doc.Find("main")))
			}
		}
	})
}

// TestReviewLayerMessage: a standard's item of an unknown 部分 (the
// template's column) is refused with the three parts named.
func TestReviewLayerMessage(t *testing.T) {
	s := &review.Standard{Items: []review.Item{{Code: "1", Title: "案卷装订", Layer: "paper", Points: 5}}}
	err := s.Check()
	want := "部分应为 veto（基本标准）、form（卷面标准）或 content（内容标准）"
	if e := apperr.As(err); e == nil || e.Fields["items.0.layer"] != want {
		t.Errorf("Check: %v, want items.0.layer %q", err, want)
	}
}
