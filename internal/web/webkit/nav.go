package webkit

import (
	"html/template"
	"net/http"
	"slices"

	"zfjd/internal/auth"
)

// NavItem is one entry of the navigation shell. Capabilities not built yet
// link to a page that says so instead of pretending (Soon).
type NavItem struct {
	Key, Label, Href, Cap string
	Soon                  bool
	Badge                 int // what waits for the viewer there (Shell.Badges)
}

// Shell lets a capability add to every signed-in page without webkit
// knowing it: counts on navigation entries by key (what waits for the
// viewer) and a panel on the home page (工作台). Package web sets it when it
// builds the capabilities.
type Shell struct {
	Badges func(r *http.Request) map[string]int
	Home   func(r *http.Request) template.HTML
}

// navFor is NavFor with the shell's badges.
func (k *Kit) navFor(r *http.Request, p *auth.Principal) []NavGroup {
	g := NavFor(p)
	if k.Shell.Badges == nil || p == nil {
		return g
	}
	b := k.Shell.Badges(r)
	for i := range g {
		for j := range g[i].Items {
			g[i].Items[j].Badge = b[g[i].Items[j].Key]
		}
	}
	return g
}

// NavGroup is one labelled group of the navigation.
type NavGroup struct {
	Label string
	Items []NavItem
}

// SoonPage describes a capability not built yet (GET /soon/{key}).
type SoonPage struct{ Cap, Title, About string }

// SoonPages are the capabilities not built yet, by nav key.
var SoonPages = map[string]SoonPage{
	"records":      {"C6", "全过程记录与存证", "每一环节的文字与音视频记录按内容哈希存储，仅追加的可验证日志与签名检查点。"},
	"inspections":  {"C9", "涉企执法阳光监督", "检查事项清单、年度计划、事前报备、扫码入企、事后评价与双随机一公开。"},
	"supervision":  {"C10", "监督案件", "受理、立案、调查、监督意见书与决定书、送达、执行反馈与回头看。"},
	"complaints":   {"C11", "投诉举报与社会监督", "网上与扫码投诉、12345工单导入、跟踪码、社会监督员线索与旁站式监督。"},
	"reviews":      {"C12", "案卷评查", "评查活动、随机抽取、评分标准、多人评查与整改。"},
	"assessment":   {"C13", "评议考核", "执法部门年度指标、权重、排名与报告。"},
	"coordination": {"C14", "协调指挥", "执法争议协调、联合执法与重复执法发现。"},
	"statistics":   {"C15", "统计报表", "按区域、部门、领域与期间的统计看板与导出。"},
}

// NavFor is the navigation p sees.
func NavFor(p *auth.Principal) []NavGroup {
	if p == nil {
		return nil
	}
	if p.Role == auth.RoleExpert { // an outside expert has its assigned files only (auth/review.go)
		return []NavGroup{{"案卷评查", []NavItem{{Key: "home", Label: "工作台", Href: "/"}, {Key: "reviews", Label: "案卷评查", Href: "/reviews", Cap: "C12"}}}}
	}
	g := []NavGroup{
		{"主体与人员", []NavItem{
			{Key: "home", Label: "工作台", Href: "/"},
			{Key: "regions", Label: "行政区划", Href: "/regions", Cap: "C1"},
			{Key: "agencies", Label: "执法主体与监督机构", Href: "/agencies", Cap: "C1"},
			{Key: "officers", Label: "执法人员与证件", Href: "/officers", Cap: "C2"},
			{Key: "training", Label: "法律培训与考试", Href: "/training", Cap: "C2"},
			{Key: "matters", Label: "权责清单", Href: "/matters", Cap: "C3"},
		}},
		{"执法办案", []NavItem{
			{Key: "discretion", Label: "裁量基准", Href: "/discretion", Cap: "C4"},
			{Key: "lists", Label: "四张清单", Href: "/lists", Cap: "C4"}, {Key: "cases", Label: "网上办案", Href: "/cases", Cap: "C5"}, soon("records"),
		}},
		{"监督", []NavItem{
			{Key: "warnings", Label: "电子监察预警", Href: "/warnings", Cap: "C8"}, {Key: "rules", Label: "预警规则", Href: "/rules", Cap: "C8"}, {Key: "inspections", Label: "涉企执法阳光监督", Href: "/inspections", Cap: "C9"}, {Key: "supervision", Label: "监督案件", Href: "/supervision-cases", Cap: "C10"}, {Key: "complaints", Label: "投诉举报", Href: "/complaints", Cap: "C11"},
			{Key: "social", Label: "社会监督员", Href: "/social-supervisors", Cap: "C11"}, {Key: "observations", Label: "旁站式监督", Href: "/observations", Cap: "C11"}, {Key: "reviews", Label: "案卷评查", Href: "/reviews", Cap: "C12"},
			{Key: "assessment", Label: "评议考核", Href: "/assessment", Cap: "C13"}, {Key: "coordination", Label: "协调指挥", Href: "/disputes", Cap: "C14"},
			{Key: "dashboard", Label: "统计看板", Href: "/supervision/dashboard", Cap: "C15"},
			{Key: "statistics", Label: "执法统计", Href: "/statistics", Cap: "C15"}, {Key: "annual", Label: "统计年报", Href: "/statistics/annual", Cap: "C7"},
			{Key: "reports", Label: "年报报送", Href: "/statistics/reports", Cap: "C7"},
			{Key: "cards", Label: "红黄牌", Href: "/supervision/cards", Cap: "C2"},
			{Key: "inaction", Label: "未履职", Href: "/supervision/inaction", Cap: "C3"},
		}},
		{"公开与对接", []NavItem{
			{Key: "public", Label: "执法公示（公众页面）", Href: "/public", Cap: "C7"},
			{Key: "api", Label: "数据对接接口", Href: "/integration", Cap: "C16"},
			{Key: "promises", Label: "告知承诺与协助核查", Href: "/promises", Cap: "C17"},
		}},
	}
	if !auth.CanViewSupervision(p) {
		for i := range g {
			g[i].Items = slices.DeleteFunc(g[i].Items, func(it NavItem) bool { return supervisionView[it.Key] })
		}
	}
	if !auth.CanReadAnnualReport(p, p.Region) { // the 年报 and the 评议考核 are the supervision body's (statsweb)
		for i := range g {
			g[i].Items = slices.DeleteFunc(g[i].Items, func(it NavItem) bool { return it.Key == "annual" || it.Key == "assessment" })
		}
	}
	if !slices.Contains([]auth.Role{auth.RoleAdmin, auth.RoleSupervisor, auth.RoleAgencyAdmin}, p.Role) { // the roles that connect systems (adminweb.UsesAPI)
		for i := range g {
			g[i].Items = slices.DeleteFunc(g[i].Items, func(it NavItem) bool { return it.Key == "api" })
		}
	}
	sys := NavGroup{Label: "系统"}
	sys.Items = append(sys.Items, NavItem{Key: "calendar", Label: "工作日历", Href: "/calendar"}) // everyone reads it
	if auth.CanViewAudit(p) {
		sys.Items = append(sys.Items, NavItem{Key: "audit", Label: "操作审计", Href: "/audit"})
	}
	if auth.MayChange(p, auth.KindAccount) {
		sys.Items = append(sys.Items, NavItem{Key: "accounts", Label: "账号管理", Href: "/accounts"})
	}
	if auth.CanReconcileUpward(p) {
		sys.Items = append(sys.Items, NavItem{Key: "upward", Label: "向上推送对账", Href: "/admin/upward", Cap: "C16"})
	}
	if len(sys.Items) > 0 {
		g = append(g, sys)
	}
	return g
}

// supervisionView are the 监督 entries shown only to who may read them
// (auth.CanViewSupervision): supervision bodies, administrators and
// agencies' admins and heads.
var supervisionView = map[string]bool{"dashboard": true, "cards": true, "inaction": true, "supervision": true, "statistics": true, "reports": true}

func soon(key string) NavItem {
	s := SoonPages[key]
	return NavItem{Key: key, Label: s.Title, Href: "/soon/" + key, Cap: s.Cap, Soon: true}
}
