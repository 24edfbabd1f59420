package coordination

import (
	"fmt"

	"zfjd/internal/flow"
	"zfjd/internal/law"
)

// Transfers (信息共享和线索移送, 行政执法监督条例 Art. 33; the Qingdao seed's
// 线索移送"绿色通道"): what the supervision body or an agency sends to 监察
// 机关 (clues of officers' misconduct, Art. 33 ¶1), 公安 (cases suspected
// of crime, 行政执法机关移送涉嫌犯罪案件的规定 Art. 8), 检察院 (立案监督,
// the same Art. 9) or 行政复议 and 政府督查 (sharing, Art. 33 ¶2), each with
// its receipt and answer recorded against a deadline. A missing answer
// after the deadline is a finding on the sender, to follow it up (subject
// kind "transfer").

// TransferKind is the subject kind of transfers in findings and the log.
const TransferKind = "transfer"

// RuleTransferOverdue: no answer recorded by the deadline.
const RuleTransferOverdue = "TRANSFER_ANSWER_OVERDUE"

// TransferKinds are what is sent, with the recipient it goes to and the
// law of its answer.
var TransferKinds = []Option{
	{"clue", "向监察机关移送问题线索"}, {"case_transfer", "向公安机关移送涉嫌犯罪案件"},
	{"filing_supervision", "建议人民检察院立案监督"}, {"sharing", "与行政复议、政府督查共享信息"},
}

// Recipients of transfers.
var Recipients = []Option{
	{"supervisory_commission", "监察机关"}, {"police", "公安机关"}, {"procuratorate", "人民检察院"},
	{"reconsideration", "行政复议机构"}, {"inspection_office", "政府督查机构"},
}

// recipientOf is the recipient kind each transfer kind goes to.
var recipientOf = map[string][]string{
	"clue": {"supervisory_commission"}, "case_transfer": {"police"}, "filing_supervision": {"procuratorate"},
	"sharing": {"reconsideration", "inspection_office"},
}

// transferBasis is the law of each kind's answer.
var transferBasis = map[string]string{
	"clue":               "《行政执法监督条例》第三十三条第一款",
	"case_transfer":      "《行政执法机关移送涉嫌犯罪案件的规定》第八条",
	"filing_supervision": "《行政执法机关移送涉嫌犯罪案件的规定》第九条",
	"sharing":            "《行政执法监督条例》第三十三条第二款",
}

// Answer limits in calendar days from sending: 公安 reviews within three
// days (移送规定 Art. 8); the others by the limit the sender sets, three
// days on the 绿色通道.
const (
	PoliceReviewDays   = 3
	DefaultAnswerDaysT = 15
	UrgentDays         = 3
)

// Transfer statuses.
const (
	TransferSent      = "sent"
	TransferReceived  = "received"
	TransferAnswered  = "answered"
	TransferWithdrawn = "withdrawn"
)

// TransferStatuses lists them with their Chinese names.
var TransferStatuses = []Option{{TransferSent, "已移送，待签收"}, {TransferReceived, "已签收，待答复"},
	{TransferAnswered, "已答复"}, {TransferWithdrawn, "已撤回"}}

// Answers a recipient gives.
var Answers = []Option{{"filed", "立案"}, {"not_filed", "不予立案"}, {"handled", "已处理"}, {"returned", "退回"}}

// Transfer is one exchange.
type Transfer struct {
	ID            int64  `json:"id"`
	Status        string `json:"status"`
	RegionCode    string `json:"region_code"`
	Sender        string `json:"sender,omitempty"`
	SenderName    string `json:"sender_name"`
	Kind          string `json:"kind"`
	RecipientKind string `json:"recipient_kind"`
	Recipient     string `json:"recipient"`
	Subject       string `json:"subject"`
	Summary       string `json:"summary"`
	CaseID        int64  `json:"case_id,omitempty"`
	Urgent        bool   `json:"urgent"`
	SentOn        string `json:"sent_on"`
	AnswerDue     string `json:"answer_due"`
	Acts          []Act  `json:"acts"`
	Warnings      []flow.Finding

	Version   int64  `json:"-"`
	NextCheck string `json:"-"`
}

// TransferState is what the transfer definition judges.
type TransferState struct{ Status string }

// TransferDef is one act of the transfer definition.
type TransferDef = flow.Act[*TransferState]

func transferIn(want ...string) func(s *TransferState) string {
	return func(s *TransferState) string {
		for _, w := range want {
			if s.Status == w {
				return ""
			}
		}
		return "移送当前为“" + Label(TransferStatuses, s.Status) + "”"
	}
}

// TransferFlow is the definition of a transfer: the sender records the
// recipient's receipt and answer (the recipient has no account here).
var TransferFlow = &flow.Definition[*TransferState]{Kind: TransferKind, Acts: []*TransferDef{
	{Type: "receipt", Label: "登记签收", Roles: bothRoles, Blocked: transferIn(TransferSent), NoteLabel: "签收人和回执（可不填）",
		Hint: "每次移送都应取得接收机关的签收回执（《行政执法机关移送涉嫌犯罪案件的规定》第八条）。"},
	{Type: "answer", Label: "登记答复", Roles: bothRoles, Blocked: transferIn(TransferSent, TransferReceived), NoteLabel: "答复内容",
		NoteRequired: true, Ends: true, Meets: []string{"answer"},
		Hint: "登记接收机关的立案、不予立案或处理结果；公安机关不予立案的，可以在三日内提请复议或者建议检察院立案监督（第九条）。"},
	{Type: "withdraw", Label: "撤回", Roles: bothRoles, Blocked: transferIn(TransferSent, TransferReceived), NoteLabel: "撤回理由",
		NoteRequired: true, Ends: true, Hint: "移送有误或者情况变化的，撤回并说明理由。"},
}}

// State is t's state for the definition.
func (t *Transfer) State() *TransferState {
	s := &TransferState{Status: TransferSent}
	for _, a := range t.Acts {
		switch a.Type {
		case "receipt":
			s.Status = TransferReceived
		case "answer":
			s.Status = TransferAnswered
		case "withdraw":
			s.Status = TransferWithdrawn
		}
	}
	return s
}

// JudgeTransfer is the pure judgement of t on today: no answer by the
// deadline is a finding (a late one keeps it); withdrawal stops the clock.
func JudgeTransfer(t *Transfer, today law.Date) (Judgement, error) {
	j := Judgement{Deadlines: map[string]string{}, Findings: []flow.Finding{}}
	due, err := law.ParseDate(t.AnswerDue)
	if err != nil {
		return j, fmt.Errorf("transfer %d: %w", t.ID, err)
	}
	j.Deadlines["answer"] = due.String()
	stop, stopped, answered := today, false, law.Date{}
	for _, a := range t.Acts {
		d, err := law.ParseDate(a.At)
		if err != nil {
			continue
		}
		switch a.Type {
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
		j.Findings = append(j.Findings, flow.Finding{Rule: RuleTransferOverdue, Severity: "yellow", Basis: transferBasis[t.Kind],
			Due: due.String(), Message: fmt.Sprintf("%s于%s%s“%s”，应于%s前答复，%s，请跟踪督促", t.SenderName, t.SentOn,
				Label(TransferKinds, t.Kind), t.Subject, due, tail)})
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

// TransferDue is the answer deadline of a transfer of kind sent on sent:
// three days for 公安 (Art. 8) and on the 绿色通道, else n days (0: the
// default), ending on a working day.
func TransferDue(cal *law.Calendar, kind string, sent law.Date, urgent bool, n int) (law.Date, error) {
	switch {
	case kind == "case_transfer":
		n = PoliceReviewDays
	case urgent:
		n = UrgentDays
	case n == 0:
		n = DefaultAnswerDaysT
	}
	return cal.AddCalendarDays(sent, n)
}
