// Package coordination is 协调指挥 (DOMAIN.md C14): enforcement disputes
// between agencies (争议协调) and overlap detection over live cases
// (重复执法、多头执法).
//
// A dispute (行政执法监督条例 Art. 13; 山东省行政执法监督条例 Art. 18) is about
// a matter's holder in the 权责清单, case jurisdiction (管辖), competence, or
// cross-field or cross-region enforcement. An agency opens it naming the
// other agencies, or the supervision body opens it ex officio; every named
// agency but the applicant answers with its reasons and evidence by a
// deadline on the working-day calendar (Art. 25: agencies cooperate with
// supervision); the supervision body holds a coordination meeting and
// records the agreed outcome, or — no agreement — proposes a decision to
// the government (Art. 13 "提出处理意见，按程序报人民政府决定") and records
// the decision. An outcome that settles a matter's holder updates the
// 权责清单 in the same transaction. An answer not given by its deadline is
// a finding (subject kind "dispute") on the agency that owes it.
//
// The workflow is one flow.Definition (definition.go) over a State folded
// from the recorded acts; judging (judge.go) is pure.
package coordination

import (
	"slices"

	"zfjd/internal/flow"
)

// Kind is the subject kind of disputes in findings and the record log.
const Kind = "dispute"

// Option is a value with its Chinese name.
type Option struct{ Value, Label string }

// Kinds of dispute (Art. 13).
var Kinds = []Option{
	{"matter_holder", "行政执法事项清单（实施主体）争议"}, {"jurisdiction", "案件管辖争议"},
	{"competence", "职责权限争议"}, {"cross_field", "跨领域执法争议"}, {"cross_region", "跨区域执法争议"},
	{"overlap", "重复执法、多头执法"},
}

// Statuses of a dispute, in the order the work goes.
const (
	StatusAnswering = "answering" // 待各方答复
	StatusAnswered  = "answered"  // 答复齐备，待协调
	StatusMeeting   = "meeting"   // 已召开协调会议
	StatusProposed  = "proposed"  // 协调不成，已报请政府决定
	StatusSettled   = "settled"   // 协调一致，已办结
	StatusDecided   = "decided"   // 政府已决定，已办结
	StatusWithdrawn = "withdrawn" // 已撤回
)

// Statuses lists the statuses with their Chinese names.
var Statuses = []Option{
	{StatusAnswering, "待各方答复"}, {StatusAnswered, "答复齐备，待协调"}, {StatusMeeting, "已召开协调会议"},
	{StatusProposed, "已报请政府决定"}, {StatusSettled, "协调一致"}, {StatusDecided, "政府已决定"}, {StatusWithdrawn, "已撤回"},
}

// Positions an agency takes in its answer.
var Positions = []Option{
	{"ours", "属于本机关职责"}, {"not_ours", "不属于本机关职责"}, {"shared", "共同职责，需明确分工"}, {"other", "其他意见"},
}

// Label of v in list (v itself when unknown).
func Label(list []Option, v string) string {
	for _, x := range list {
		if x.Value == v {
			return x.Label
		}
	}
	return v
}

func valid(list []Option, v string) bool {
	return slices.ContainsFunc(list, func(x Option) bool { return x.Value == v })
}

// Party is one agency named in a dispute.
type Party struct {
	AgencyCode string `json:"agency_code"`
	Name       string `json:"name"`
	RegionCode string `json:"region_code"`
	Applicant  bool   `json:"applicant"`
	AnsweredOn string `json:"answered_on,omitempty"`
}

// Dispute is one enforcement dispute as the pages see it.
type Dispute struct {
	ID         int64             `json:"id"`
	Status     string            `json:"status"`
	RegionCode string            `json:"region_code"`
	Kind       string            `json:"kind"`
	Title      string            `json:"title"`
	Summary    string            `json:"summary"`
	MatterCode string            `json:"matter_code,omitempty"`
	CaseID     int64             `json:"case_id,omitempty"`
	Applicant  string            `json:"applicant,omitempty"` // "" = ex officio
	AnswerDue  string            `json:"answer_due"`
	Outcome    string            `json:"outcome,omitempty"`
	OpenedOn   string            `json:"opened_on"`
	Deadlines  map[string]string `json:"deadlines"`
	Parties    []Party           `json:"parties"`
	Acts       []Act             `json:"acts"`
	Warnings   []flow.Finding    `json:"warnings"`

	Version   int64  `json:"-"`
	NextCheck string `json:"-"`
	CreatedBy string `json:"-"`
}

// Act is one recorded act.
type Act struct {
	ID         int64          `json:"id"`
	Type       string         `json:"action"`
	At         string         `json:"at"`
	AgencyCode string         `json:"agency_code,omitempty"`
	Actor      string         `json:"actor"`
	ActorName  string         `json:"actor_name"`
	Note       string         `json:"note,omitempty"`
	Data       map[string]any `json:"data,omitempty"`
}

// Str is the act's string field k ("" when absent).
func (a *Act) Str(k string) string {
	s, _ := a.Data[k].(string)
	return s
}

// List is the act's list field k.
func (a *Act) List(k string) []string {
	var out []string
	switch v := a.Data[k].(type) {
	case []string:
		out = v
	case []any:
		for _, x := range v {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
	}
	return out
}

// Codes are the agency codes of the parties.
func (d *Dispute) Codes() []string {
	out := make([]string, len(d.Parties))
	for i, p := range d.Parties {
		out[i] = p.AgencyCode
	}
	return out
}

// Owing are the parties that owe an answer: all but the applicant.
func (d *Dispute) Owing() []Party {
	var out []Party
	for _, p := range d.Parties {
		if !p.Applicant {
			out = append(out, p)
		}
	}
	return out
}

// PartyName is the name of party agency code.
func (d *Dispute) PartyName(code string) string {
	for _, p := range d.Parties {
		if p.AgencyCode == code {
			return p.Name
		}
	}
	return code
}

// Open reports whether the dispute is still being worked on.
func (d *Dispute) Open() bool {
	switch d.Status {
	case StatusSettled, StatusDecided, StatusWithdrawn:
		return false
	}
	return true
}
