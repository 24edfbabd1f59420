// Package cases holds penalty cases (C5) as facts plus an ordered list of
// events, exactly as spec/exchange-v1.md puts them on the wire, and the one
// rule set (engine.go, rules_*.go) that turns a case into its deadlines and
// warnings. Cases pushed by other systems through the exchange API and cases
// handled in zfjd's own UI are stored and judged the same way; the UI is just
// another source (SourceZFJD) that appends events one at a time.
package cases

import (
	"time"

	"zfjd/internal/auth"
	"zfjd/internal/law"
)

// SourceZFJD is the source_system of cases handled in zfjd's own UI.
const SourceZFJD = "zfjd"

// Case is one penalty case as the platform sees it.
type Case struct {
	ID           int64   `json:"id"`
	SourceSystem string  `json:"source_system"`
	SourceID     string  `json:"source_id"`
	CaseNo       string  `json:"case_no,omitempty"` // 案号, for cases handled in zfjd
	Title        string  `json:"title,omitempty"`   // 案由
	AgencyCode   string  `json:"agency_code"`
	AgencyName   string  `json:"agency_name,omitempty"`
	RegionCode   string  `json:"region_code"`
	MatterCode   string  `json:"matter_code"`
	MatterName   string  `json:"matter_name,omitempty"`
	Procedure    string  `json:"procedure"` // general | summary
	Party        Party   `json:"party"`
	Facts        Facts   `json:"facts"`
	Events       []Event `json:"events"`

	// Derived by the engine; never taken from input.
	Status    string            `json:"status"`
	Deadlines map[string]string `json:"deadlines"`
	Warnings  []Warning         `json:"warnings"`
	CreatedAt int64             `json:"-"`
	UpdatedAt int64             `json:"-"`
	version   int64             // as read; a save swaps it (flow.Swap)
}

// Party is the 当事人. Address is zfjd's own field (needed on documents); it is
// never shown on public pages.
type Party struct {
	Kind     string `json:"kind"` // person | org
	Name     string `json:"name"`
	IDNumber string `json:"id_number"`
	Address  string `json:"address,omitempty"`
	Contact  string `json:"contact,omitempty"` // legal representative or phone, documents only
}

// Facts are what the rules read about the act and the party. Pointer fields
// are "not known" when nil.
type Facts struct {
	ActDate               string  `json:"act_date"`
	ActEndDate            *string `json:"act_end_date"`
	PartyAge              *int    `json:"party_age"`
	FirstOffense          *bool   `json:"first_offense"`
	Harm                  string  `json:"harm"` // none | slight | serious
	Corrected             *bool   `json:"corrected"`
	LifeHealthOrFinancial bool    `json:"life_health_or_financial"`
	Major                 bool    `json:"major"`
	Complex               bool    `json:"complex"`
	IllegalIncomeFen      int64   `json:"illegal_income_fen"`
	CaseAmountFen         int64   `json:"case_amount_fen"`
	SuspectedCrime        bool    `json:"suspected_crime"`
	// exchange v1.1: 不予处罚 grounds of 处罚法 Art. 31 and Art. 33 第二款, and
	// the first condition of Art. 33 第一款 (违法行为轻微; nil = not stated).
	MentalIncapable bool  `json:"mental_incapable,omitempty"`
	NoFault         bool  `json:"no_fault,omitempty"`
	MinorAct        *bool `json:"minor_act,omitempty"`
	// zfjd's own: 涉及重大公共利益 (处罚法 Art. 58(一)), apart from a 重大违法行为
	// (major, Art. 57 第二款), which needs both review and collective discussion.
	PublicInterest bool `json:"public_interest,omitempty"`
	// Circumstances as codes from discretion.Circumstances: exchange v1.1
	// names the Art. 32 grounds (eliminated_harm, coerced, confessed,
	// meritorious, other_statutory); zfjd also records its exempt codes
	// (mental_incapable, no_fault), mental_partial (Art. 31) and the
	// benchmarks' 从重 list (aggravating).
	Mitigating  []string `json:"mitigating,omitempty"`
	Aggravating []string `json:"aggravating,omitempty"`
	Description string   `json:"description,omitempty"` // 违法事实 as written by the officer
}

// Penalty is one penalty of a decision (处罚法 Art. 9).
type Penalty struct {
	Kind      string `json:"kind"`
	AmountFen int64  `json:"amount_fen,omitempty"`
	Note      string `json:"note,omitempty"` // e.g. 暂扣期限, 没收物品
}

// Event is one step of the case. Fields beyond Type/At/Officers/Actor belong
// to particular types (see the spec); unknown JSON fields are dropped.
type Event struct {
	Type     string   `json:"type"`
	At       string   `json:"at"` // YYYY-MM-DD or RFC 3339
	Officers []string `json:"officers,omitempty"`
	Actor    string   `json:"actor,omitempty"`

	HearingRight    *bool     `json:"hearing_right,omitempty"`    // notified
	HearingAt       string    `json:"hearing_at,omitempty"`       // hearing_noticed
	Host            string    `json:"host,omitempty"`             // hearing_held
	Result          string    `json:"result,omitempty"`           // legal_review: pass | fail; transfer_receipt: accepted | filed | not_filed
	Method          string    `json:"method,omitempty"`           // delivered: direct | left | post | electronic | public_notice
	Kind            string    `json:"kind,omitempty"`             // annulled: revoke | change | confirm_illegal | confirm_invalid
	Reason          string    `json:"reason,omitempty"`           // closed: executed | dropped
	From            string    `json:"from,omitempty"`             // testing: first day (YYYY-MM-DD)
	To              string    `json:"to,omitempty"`               // testing: last day; "" = still under way
	Ref             string    `json:"ref,omitempty"`              // seizure_extended, seizure_released, testing: doc_no of the seizure (zfjd's own)
	Reviewer        string    `json:"reviewer,omitempty"`         // legal_review
	Days            int       `json:"days,omitempty"`             // extension_approved, seizure_extended
	Outcome         string    `json:"outcome,omitempty"`          // decided: penalty | no_penalty | transfer
	Tier            string    `json:"tier,omitempty"`             // decided
	Penalties       []Penalty `json:"penalties,omitempty"`        // decided
	DeviationReason *string   `json:"deviation_reason,omitempty"` // decided
	AmountFen       *int64    `json:"amount_fen,omitempty"`       // paid
	Until           string    `json:"until,omitempty"`            // payment_deferred: new last day to pay
	Note            string    `json:"note,omitempty"`             // free text: reasons, summary, receipt number
	DocNo           string    `json:"doc_no,omitempty"`           // 文书编号 when the step issued a document

	when when // parsed At; set by normalize
}

// EventTypes lists every accepted event type with its Chinese label. The
// first block is the spec's (v1), the second v1.1's additions; the last
// block is zfjd's own (调查终结; 延期/分期缴纳 approval, 处罚法 Art. 66;
// 归档, Art. 47; 复议/诉讼, Art. 73 第三款; 催告 and 申请法院强制执行,
// 处罚法 Art. 72(四) with 行政强制法 Art. 53, 54).
var EventTypes = []struct{ Type, Label string }{
	{"discovered", "发现/登记"}, {"filed", "立案"}, {"investigation", "调查取证"},
	{"evidence_preserved", "先行登记保存"}, {"preservation_decided", "先行登记保存处理决定"},
	{"seized", "查封扣押"}, {"seizure_extended", "查封扣押延期"}, {"seizure_released", "解除查封扣押"},
	{"legal_review", "法制审核"}, {"collective_discussion", "集体讨论"},
	{"notified", "事先告知"}, {"hearing_requested", "申请听证"}, {"hearing_noticed", "听证通知"},
	{"hearing_held", "举行听证"}, {"extension_approved", "延长办案期限"},
	{"decided", "作出决定"}, {"delivered", "送达"}, {"paid", "缴纳罚款"}, {"published", "公示"},
	{"annulled", "撤销/变更"}, {"publication_withdrawn", "撤回公示"},
	{"transfer_proposed", "移送报告"}, {"transfer_approved", "批准移送"}, {"transferred", "移送公安"},
	{"transfer_receipt", "公安回执/反馈"}, {"closed", "结案"},
	{"rights_waived", "当事人放弃陈述申辩/听证"}, {"hearing_absent", "当事人拒不出席听证"},
	{"testing", "检测检验鉴定"}, {"refund_ordered", "责令退赔"},
	{"investigation_concluded", "调查终结"}, {"payment_deferred", "批准延期/分期缴纳"}, {"archived", "归档"},
	{"appealed", "申请复议/提起诉讼"}, {"appeal_concluded", "复议/诉讼终结"},
	{"enforcement_urged", "催告履行"}, {"enforcement_applied", "申请法院强制执行"},
}

// Values of the v1.1 event fields.
var (
	DeliveryMethods = map[string]string{"direct": "直接送达", "left": "留置送达", "post": "邮寄送达",
		"electronic": "电子送达", "public_notice": "公告送达"}
	AnnulKinds = map[string]string{"revoke": "撤销", "change": "变更", "confirm_illegal": "确认违法",
		"confirm_invalid": "确认无效"}
	CloseReasons   = map[string]string{"executed": "执行完毕", "dropped": "撤案/销案"}
	ReceiptResults = map[string]string{"accepted": "已受理（回执）", "filed": "立案", "not_filed": "不予立案"}
)

// Warning is one rule that fires on a case (spec: Warnings).
type Warning struct {
	Rule     string `json:"rule"`
	Severity string `json:"severity"` // yellow | red
	Message  string `json:"message"`
	Basis    string `json:"basis"`
	Due      string `json:"due,omitempty"`
	// Listing fields (GET /api/v1/warnings); empty inside a case view.
	ID           int64  `json:"id,omitempty"`
	Status       string `json:"status,omitempty"` // open | resolved
	SourceSystem string `json:"source_system,omitempty"`
	SourceID     string `json:"source_id,omitempty"`
	CaseID       int64  `json:"case_id,omitempty"`
	// SubjectKind and SubjectID name what the warning is about in a
	// listing: a case, or an inspection, complaint, supervision case …
	// (every workflow's findings are listed, spec/supervision-v1.md §3).
	SubjectKind string `json:"subject_kind,omitempty"`
	SubjectID   int64  `json:"subject_id,omitempty"`
	AgencyCode  string `json:"agency_code,omitempty"`
	RegionCode  string `json:"region_code,omitempty"`
	Stage       string `json:"stage,omitempty"`     // handling stage (spec/supervision-v1.md §1; warning package)
	Escalated   *bool  `json:"escalated,omitempty"` // set in listings
	FirstSeen   int64  `json:"-"`
	key         string // distinguishes two firings of one rule on one case (e.g. two seizures)
	verify      bool   // a yellow 请核实: the facts do not settle it, so it never blocks an act
}

// Target is where the case lives for access rules.
func (c *Case) Target() auth.Target {
	return auth.Target{Region: c.RegionCode, Agencies: []string{c.AgencyCode}}
}

// when is an event's moment: always a civil date in Asia/Shanghai, and the
// instant when one was given.
type when struct {
	Date    law.Date
	Instant *time.Time
}
