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
	// zfjd's own: circumstances of 处罚法 Art. 32 (mitigating) and of the
	// benchmarks' 从重 list, as codes from discretion.Circumstances.
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
	Result          string    `json:"result,omitempty"`           // legal_review: pass | fail
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

// EventTypes lists every accepted event type with its Chinese label, in
// procedural order. The first block is the spec's; the last three are
// zfjd's own (调查终结; 延期/分期缴纳 approval, 处罚法 Art. 66; 归档, Art. 47).
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
	{"investigation_concluded", "调查终结"}, {"payment_deferred", "批准延期/分期缴纳"}, {"archived", "归档"},
}

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
	AgencyCode   string `json:"agency_code,omitempty"`
	RegionCode   string `json:"region_code,omitempty"`
	FirstSeen    int64  `json:"-"`
	key          string // distinguishes two firings of one rule on one case (e.g. two seizures)
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
