package complaint

import (
	"fmt"

	"zfjd/internal/flow"
	"zfjd/internal/law"
)

// Settings are a region's deadlines and intake limit (spec §3:
// "configurable per region").
type Settings struct {
	AcceptWorkdays  int `json:"accept_workdays"`  // accept or reject within, from receipt
	AnswerDays      int `json:"answer_days"`      // answer within, calendar days from receipt
	ForwardWorkdays int `json:"forward_workdays"` // the agency's reply, by default, from forwarding
	HourlyLimit     int `json:"hourly_limit"`     // complaints an hour from one address
}

// DefaultSettings are spec §3's defaults: accept or reject within 5
// working days, answer within 60 days of receipt (信访工作条例 Art. 32: 信访事项
// 应当自受理之日起60日内办结 — the platform counts from receipt, which is
// stricter), the agency's reply within 15 working days, 5 complaints an hour
// from one address.
var DefaultSettings = Settings{AcceptWorkdays: 5, AnswerDays: 60, ForwardWorkdays: 15, HourlyLimit: 5}

// Rules of the complaint workflow, each with its basis.
const (
	RuleAcceptOverdue = "COMPLAINT_ACCEPT_OVERDUE"
	RuleAnswerOverdue = "COMPLAINT_ANSWER_OVERDUE"
	RuleReplyOverdue  = "COMPLAINT_REPLY_OVERDUE"
)

// Basis of each rule, shown with its finding.
var Basis = map[string]string{
	RuleAcceptOverdue: "《山东省行政执法监督条例》第六条；执法监督接口规范 §3（受理期限，默认5个工作日，可按区划设置）",
	RuleAnswerOverdue: "《信访工作条例》第三十二条（60日内办结）；执法监督接口规范 §3（自收到之日起60日内答复）",
	RuleReplyOverdue:  "《行政执法监督条例》第二十条第二款；转办期限（默认15个工作日）",
}

// Deadlines of one complaint (YYYY-MM-DD; "" = none).
type Deadlines struct {
	Accept string `json:"accept,omitempty"`
	Answer string `json:"answer,omitempty"`
	Reply  string `json:"reply,omitempty"`
}

// Facts are what judging a complaint reads.
type Facts struct {
	Code       string // tracking code, for messages
	Status     string
	ReceivedOn string
	ReplyDue   string
}

// Judgement is the pure result of Judge.
type Judgement struct {
	Deadlines Deadlines
	Findings  []flow.Finding
	NextCheck string // first day on which time alone may change the judgement; "" = never
}

// Judge applies the deadlines to f on today (pure: calendar and settings
// are given). The accept deadline runs while the complaint is received;
// the answer deadline until it is answered or rejected; the agency's
// reply deadline while it is forwarded.
func Judge(f Facts, st Settings, cal *law.Calendar, today law.Date) (Judgement, error) {
	var j Judgement
	recv, err := law.ParseDate(f.ReceivedOn)
	if err != nil {
		return j, err
	}
	acc, err := cal.AddWorkdays(recv, st.AcceptWorkdays)
	if err != nil {
		return j, err
	}
	ans, err := cal.AddCalendarDays(recv, st.AnswerDays)
	if err != nil {
		return j, err
	}
	j.Deadlines = Deadlines{Accept: acc.String(), Answer: ans.String()}
	var next []law.Date
	watch := func(rule, sev string, due law.Date, msg string) {
		if today.After(due) {
			j.Findings = append(j.Findings, flow.Finding{Rule: rule, Severity: sev, Message: msg, Basis: Basis[rule], Due: due.String()})
			return
		}
		next = append(next, due.AddDays(1))
	}
	open := f.Status != StatusAnswered && f.Status != StatusClosed && f.Status != StatusRejected
	if f.Status == StatusReceived {
		watch(RuleAcceptOverdue, "yellow", acc, fmt.Sprintf("投诉 %s 收到后超过%d个工作日（%s）未受理或不予受理", f.Code, st.AcceptWorkdays, acc))
	}
	if open {
		watch(RuleAnswerOverdue, "red", ans, fmt.Sprintf("投诉 %s 自收到之日起超过%d日（%s）未答复投诉人", f.Code, st.AnswerDays, ans))
	}
	if f.Status == StatusForwarded && f.ReplyDue != "" {
		due, err := law.ParseDate(f.ReplyDue)
		if err != nil {
			return j, err
		}
		j.Deadlines.Reply = f.ReplyDue
		watch(RuleReplyOverdue, "yellow", due, fmt.Sprintf("投诉 %s 转办后超过期限（%s）执法部门未回复", f.Code, f.ReplyDue))
	}
	for _, d := range next {
		if j.NextCheck == "" || d.String() < j.NextCheck {
			j.NextCheck = d.String()
		}
	}
	return j, nil
}
