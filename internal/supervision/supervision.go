// Package supervision is supervision casework (监督案件, DOMAIN.md C10;
// spec/supervision-v1.md §5): a case opened by a supervision body from a
// complaint, the 12345 hotline, a warning, a case-file review finding and
// the other sources of 行政执法监督条例 Arts. 20–21, refused when the dispute
// is already in 复议 or 诉讼 (Art. 33 ¶3), investigated with the measures of
// Art. 22 by two supervisors (山东省行政执法监督条例 Art. 22), handled by
// 当场纠正 (Art. 26 ¶2), 督办函 (Art. 27), 监督意见书 (Art. 28), the
// 处理建议 and the government's 监督决定书 (Art. 29), with the agency's 异议
// (Art. 30), 通报 (Art. 31), proposals on officers (Art. 32), clue
// transfer (Art. 33 ¶1), 回头看 and 结案.
//
// The workflow is one flow.Definition (definition.go) over a State folded
// from the recorded acts; judging (judge.go) is pure and gives the
// deadlines of §5 and the overdue findings (subject kind "supervision").
package supervision

import (
	"slices"

	"zfjd/internal/flow"
)

// Kind is the subject kind of supervision cases in findings and the log.
const Kind = "supervision"

// Sources of a supervision case (spec §5).
var Sources = []struct{ Value, Label string }{
	{"complaint", "投诉举报"}, {"hotline_12345", "12345政务服务便民热线"}, {"enterprise_appeal", "涉企行政执法诉求"},
	{"warning", "电子监察预警"}, {"review", "案卷评查发现"}, {"campaign", "专项监督"},
	{"procuratorate", "检察建议"}, {"npc_cppcc", "人大代表建议、政协提案"}, {"referral", "移送、转办"}, {"other", "其他（依职权）"},
}

// SourceLabel is the Chinese name of a source.
func SourceLabel(s string) string { return label(Sources, s) }

// Statuses of a supervision case, in the order the work goes.
const (
	StatusReceived   = "received"    // 已受理，待立案
	StatusRefused    = "refused"     // 不予受理（Art. 33 ¶3 不重复监督）
	StatusFiled      = "filed"       // 已立案，调查中
	StatusLetter     = "letter"      // 已制发督办函，待履行
	StatusOpinion    = "opinion"     // 已制发监督意见书，待纠正
	StatusCorrected  = "corrected"   // 已报送纠正情况
	StatusProposed   = "proposed"    // 已提出处理建议，待政府决定
	StatusDecided    = "decided"     // 已制发监督决定书，待执行
	StatusExecuted   = "executed"    // 已报告执行情况
	StatusFollowedUp = "followed_up" // 已回头看
	StatusClosed     = "closed"      // 已结案
)

// Statuses lists the statuses with their Chinese names.
var Statuses = []struct{ Value, Label string }{
	{StatusReceived, "待立案"}, {StatusRefused, "不予受理"}, {StatusFiled, "调查中"}, {StatusLetter, "督办中"},
	{StatusOpinion, "待纠正"}, {StatusCorrected, "已报送纠正情况"}, {StatusProposed, "待政府决定"},
	{StatusDecided, "决定执行中"}, {StatusExecuted, "已报告执行情况"}, {StatusFollowedUp, "已回头看"}, {StatusClosed, "已结案"},
}

// StatusLabel is the Chinese name of a status.
func StatusLabel(s string) string { return label(Statuses, s) }

// Disputes already in another remedy, for which supervision is refused (Art. 33 ¶3).
var Disputes = []struct{ Value, Label string }{{"reconsideration", "行政复议"}, {"litigation", "行政诉讼"}}

// Decision kinds of a 监督决定书 (Art. 29; 鲁条例 Art. 29).
var DecisionKinds = []struct{ Value, Label string }{
	{"perform", "责令履行"}, {"correct", "责令补正或改正"}, {"revoke", "撤销"},
	{"confirm_illegal", "确认违法"}, {"confirm_invalid", "确认无效"},
}

// Officer measures proposed under Art. 32.
var OfficerMeasures = []struct{ Value, Label string }{
	{"criticism", "批评教育"}, {"leave_training", "离岗教育"}, {"transfer", "调离执法岗位"}, {"revoke_qualification", "取消执法资格"},
}

// NoticeScopes of a 通报 (Art. 31).
var NoticeScopes = []struct{ Value, Label string }{{"internal", "在一定范围内通报"}, {"public", "向社会公布"}}

// SpecialGrounds are why a 专门调查 is organised (鲁条例 Art. 25).
var SpecialGrounds = []struct{ Value, Label string }{
	{"social_impact", "具有重大社会影响"}, {"major_interest", "涉及公民、法人和其他组织重大利益"},
}

// Measures are the investigation measures of Art. 22.
var Measures = []struct{ Value, Label string }{
	{"self_check", "要求自查、说明情况"}, {"inspection", "检查"}, {"interview", "访谈"}, {"covert", "暗访"},
	{"hearing", "座谈、听证、统计、评估"}, {"files", "调阅、复制资料"}, {"talk", "约谈"}, {"other", "其他必要措施"},
}

// Label of v in one of the lists above ("" stays "").
func Label(list []struct{ Value, Label string }, v string) string { return label(list, v) }

func label(list []struct{ Value, Label string }, v string) string {
	for _, x := range list {
		if x.Value == v {
			return x.Label
		}
	}
	return v
}

func valid(list []struct{ Value, Label string }, v string) bool {
	return slices.ContainsFunc(list, func(x struct{ Value, Label string }) bool { return x.Value == v })
}

// Case is one supervision case as the API and the pages see it.
type Case struct {
	ID            int64             `json:"id"`
	Status        string            `json:"status"`
	RegionCode    string            `json:"region_code"`
	AgencyCode    string            `json:"agency_code"`
	Source        string            `json:"source"`
	SourceRef     string            `json:"source_ref"`
	Summary       string            `json:"summary"`
	Listed        bool              `json:"listed"`
	Escalated     bool              `json:"escalated"`
	Dispute       string            `json:"dispute,omitempty"`
	OpenedOn      string            `json:"opened_on"`
	Deadlines     map[string]string `json:"deadlines"`
	Warnings      []Warning         `json:"warnings"`
	Acts          []Act             `json:"acts"`
	Documents     []DocRef          `json:"documents"`
	WarningID     int64             `json:"warning_id,omitempty"`
	PenaltyCaseID int64             `json:"case_id,omitempty"`
	// TownshipCode: the 乡镇（街道） whose 司法所 the body asked to assist
	// (条例 Art. 6 ¶2; act assist_request).
	TownshipCode string `json:"township_code,omitempty"`

	Version    int64  `json:"-"`
	BodyRegion string `json:"-"`
	AgencyName string `json:"-"`
	NextCheck  string `json:"-"`
	CreatedBy  string `json:"-"`
}

// Warning is one open finding on the case (as exchange-v1's case warnings).
type Warning struct {
	Rule     string `json:"rule"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
	Basis    string `json:"basis"`
	Due      string `json:"due,omitempty"`
}

// Act is one recorded act.
type Act struct {
	ID        int64          `json:"id"`
	Type      string         `json:"action"`
	At        string         `json:"at"`
	Actor     string         `json:"actor"`
	ActorName string         `json:"actor_name"`
	Note      string         `json:"note,omitempty"`
	Data      map[string]any `json:"data,omitempty"`
	DocKind   string         `json:"doc_kind,omitempty"`
	DocNo     string         `json:"doc_no,omitempty"`
}

// Str is the act's string field k ("" when absent).
func (a *Act) Str(k string) string {
	s, _ := a.Data[k].(string)
	return s
}

// DocRef names one printable document of the case.
type DocRef struct {
	ActID int64  `json:"act_id"`
	Kind  string `json:"kind"`
	Title string `json:"title"`
	DocNo string `json:"doc_no"`
	URL   string `json:"url"`
}

// Target is where the case lives, for access rules.
func (c *Case) Target() flow.Subject {
	return flow.Subject{Kind: Kind, ID: c.ID, Region: c.RegionCode, Agency: c.AgencyCode}
}
