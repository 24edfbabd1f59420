package coordination

import (
	"encoding/json"
	"fmt"

	"zfjd/internal/flow"
	"zfjd/internal/law"
)

// Assists between agencies on the platform (the Qinhuangdao seed's
// 乡镇与上级执法部门协作 and 审批监管处罚衔接):
//   - township: a township or 司法所 (an agency of a region below the
//     recipient's) asks a county agency to act on a matter beyond its
//     power (e.g. 综合执法 matters it does not hold), with a deadline;
//   - licence: a penalty that suspends or revokes a licence (暂扣、吊销许可
//     证件, read from the case's decision) notifies the licensing agency,
//     so that licensing, supervision and penalty stay joined up — sent by
//     the case's agency, or by the platform itself when the licence is on
//     it (package license);
//   - licence_grant: a licence granted, revoked or withdrawn notifies the
//     agency that supervises the licensed activity (行政许可法 Art. 61);
//     only the platform sends it, from the licence decisions the
//     licensing agency's system reports (package license).
//
// The recipient records its receipt and its answer; its silence past the
// deadline is a finding on it (subject kind "assist"), as an overdue
// dispute answer is on the agency that owes it.

// AssistKind is the subject kind of assists in findings and the log.
const AssistKind = "assist"

// RuleAssistOverdue: the recipient did not answer by the deadline.
const RuleAssistOverdue = "ASSIST_ANSWER_OVERDUE"

// AssistKinds are the two kinds of assist.
var AssistKinds = []Option{{"township", "乡镇（街道）提请上级部门协作"}, {"licence", "处罚涉及许可，告知许可机关"},
	{"licence_grant", "许可决定告知监管机关"}}

// SendKinds are the kinds an agency sends by hand; licence_grant is the
// platform's own (NoticeTx).
var SendKinds = []Option{AssistKinds[0], AssistKinds[1]}

var assistBasis = map[string]string{
	"township": "《行政执法监督条例》第二十五条；《山东省行政执法监督条例》第十八条（乡镇与县级执法部门的协作配合）",
	"licence":  "《行政许可法》第六十一条、第七十条（许可、监管与处罚的衔接）；《行政执法监督条例》第二十五条",
	"licence_grant": "《行政许可法》第六十一条第一款（行政机关应当建立健全监督制度，履行监督责任）、第六十四条（通报许可机关）；" +
		"《行政执法监督条例》第二十五条",
}

// Answer limits in working days.
const (
	DefaultAssistDays = 10
	DefaultNoticeDays = 5
	MaxAssistDays     = 30
)

// licencePenalties are the penalty kinds that touch a licence.
var licencePenalties = []string{"suspend_license", "revoke_license"}

// Assist statuses.
const (
	AssistSent      = "sent"
	AssistReceived  = "received"
	AssistAnswered  = "answered"
	AssistWithdrawn = "withdrawn"
)

// AssistStatuses lists them with their Chinese names.
var AssistStatuses = []Option{{AssistSent, "已发出，待签收"}, {AssistReceived, "已签收，待答复"}, {AssistAnswered, "已答复"},
	{AssistWithdrawn, "已撤回"}}

// AssistAnswers are what the recipient answers.
var AssistAnswers = []Option{{"acted", "已依法处理"}, {"declined", "不予处理（已说明理由）"}, {"noted", "已知悉并纳入监管"}}

// Assist is one request or notice.
type Assist struct {
	ID            int64          `json:"id"`
	Kind          string         `json:"kind"`
	Status        string         `json:"status"`
	RegionCode    string         `json:"region_code"`
	Sender        string         `json:"sender"`
	SenderName    string         `json:"sender_name"`
	Recipient     string         `json:"recipient"`
	RecipientName string         `json:"recipient_name"`
	Subject       string         `json:"subject"`
	Summary       string         `json:"summary"`
	CaseID        int64          `json:"case_id,omitempty"`
	SentOn        string         `json:"sent_on"`
	AnswerDue     string         `json:"answer_due"`
	Acts          []Act          `json:"acts"`
	Warnings      []flow.Finding `json:"warnings"`

	Version   int64  `json:"-"`
	NextCheck string `json:"-"`
	CreatedBy string `json:"-"`
}

// AssistState is what the assist definition judges.
type AssistState struct{ Status string }

// State is a's state for the definition.
func (a *Assist) State() *AssistState {
	s := &AssistState{Status: AssistSent}
	for _, x := range a.Acts {
		switch x.Type {
		case "receipt":
			s.Status = AssistReceived
		case "answer":
			s.Status = AssistAnswered
		case "withdraw":
			s.Status = AssistWithdrawn
		}
	}
	return s
}

// AssistDef is one act of the assist definition.
type AssistDef = flow.Act[*AssistState]

func assistIn(want ...string) func(s *AssistState) string {
	return func(s *AssistState) string {
		for _, w := range want {
			if s.Status == w {
				return ""
			}
		}
		return "当前为“" + Label(AssistStatuses, s.Status) + "”"
	}
}

// AssistFlow is the definition of an assist: the recipient signs and
// answers, the sender withdraws (the side check is the service's).
var AssistFlow = &flow.Definition[*AssistState]{Kind: AssistKind, Acts: []*AssistDef{
	{Type: "receipt", Label: "签收", Roles: agencyRoles, Blocked: assistIn(AssistSent), NoteLabel: "签收说明（可不填）",
		Hint: "接收机关签收后，应在期限内答复处理结果。"},
	{Type: "answer", Label: "答复", Roles: agencyRoles, Blocked: assistIn(AssistSent, AssistReceived), NoteLabel: "答复内容",
		NoteRequired: true, Ends: true, Meets: []string{"answer"},
		Hint: "说明是否依法处理及其结果；不予处理的说明理由和依据。逾期未答复的形成预警。"},
	{Type: "withdraw", Label: "撤回", Roles: agencyRoles, Blocked: assistIn(AssistSent, AssistReceived), NoteLabel: "撤回理由",
		NoteRequired: true, Ends: true, Hint: "发出有误或情况变化的，由发出机关撤回并说明理由。"},
}}

// AssistActLabel is the Chinese name of an assist act type.
func AssistActLabel(t string) string {
	if t == "open" {
		return "发出"
	}
	if a, ok := AssistFlow.Act(t); ok {
		return a.Label
	}
	return t
}

// JudgeAssist is the pure judgement of a on today: no answer by the
// deadline is a finding on the recipient (a late one keeps it); a
// withdrawal stops the clock.
func JudgeAssist(a *Assist, today law.Date) (Judgement, error) {
	j := Judgement{Deadlines: map[string]string{}, Findings: []flow.Finding{}}
	due, err := law.ParseDate(a.AnswerDue)
	if err != nil {
		return j, fmt.Errorf("assist %d: %w", a.ID, err)
	}
	j.Deadlines["answer"] = due.String()
	stop, stopped, answered := today, false, law.Date{}
	for _, x := range a.Acts {
		d, err := law.ParseDate(x.At)
		if err != nil {
			continue
		}
		switch x.Type {
		case "answer":
			if answered == (law.Date{}) {
				answered = d
			}
		case "withdraw":
			if d.Before(stop) {
				stop = d
			}
			stopped = true
		}
	}
	f := func(tail string) {
		j.Findings = append(j.Findings, flow.Finding{Rule: RuleAssistOverdue, Key: a.Recipient, Severity: "yellow",
			Basis: assistBasis[a.Kind], Due: due.String(), Message: fmt.Sprintf("%s于%s%s“%s”，%s应于%s前答复，%s", a.SenderName, a.SentOn,
				map[string]string{"township": "提请协作", "licence": "告知", "licence_grant": "告知"}[a.Kind], a.Subject, a.RecipientName, due, tail)})
	}
	switch {
	case answered != (law.Date{}) && answered.After(due):
		f(fmt.Sprintf("逾期%d日后才答复（%s）", days(due, answered), answered))
	case answered == (law.Date{}) && stop.After(due):
		f(fmt.Sprintf("已逾期%d日未答复", days(due, stop)))
	case answered == (law.Date{}) && !stopped:
		j.NextCheck = due.AddDays(1).String()
	}
	return j, nil
}

// TouchesLicence reports whether a case's events (events_json) hold a
// decision that suspends or revokes a licence.
func TouchesLicence(events string) bool {
	var evs []struct {
		Type      string `json:"type"`
		Penalties []struct {
			Kind string `json:"kind"`
		} `json:"penalties"`
	}
	if json.Unmarshal([]byte(events), &evs) != nil {
		return false
	}
	for _, e := range evs {
		if e.Type != "decided" {
			continue
		}
		for _, p := range e.Penalties {
			for _, k := range licencePenalties {
				if p.Kind == k {
					return true
				}
			}
		}
	}
	return false
}
