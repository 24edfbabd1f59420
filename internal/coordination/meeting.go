package coordination

import (
	"fmt"
	"slices"
	"strconv"

	"zfjd/internal/flow"
	"zfjd/internal/law"
)

// Joint meetings (联席会议; the Qinhuangdao seed's 联席会议 mechanism; 行政执法
// 监督条例 Art. 13 coordination and Art. 33 sharing with 监察机关): a
// supervision body convenes the member agencies and outside bodies (公安、
// 检察院、监察) on an agenda, records the minutes, and records each decision
// (议定事项) as a follow-up task with an owner agency and a deadline of n
// working days on the calendar; the owner reports on it; the meeting is
// closed when every decision is reported. A decision not reported by its
// deadline is a finding on its owner (subject kind "meeting"), as an
// overdue dispute answer is.

// MeetingKind is the subject kind of meetings in findings and the log.
const MeetingKind = "meeting"

// RuleDecisionOverdue: an owner did not report on a decision by its deadline.
const RuleDecisionOverdue = "MEETING_DECISION_OVERDUE"

const decisionBasis = "《行政执法监督条例》第十三条、第二十五条（联席会议议定事项的落实）"

// Decision deadlines, in working days.
const (
	DefaultDecisionDays = 10
	MaxDecisionDays     = 60
)

// Meeting statuses.
const (
	MeetingPlanned   = "planned"
	MeetingHeld      = "held"
	MeetingClosed    = "closed"
	MeetingCancelled = "cancelled"
)

// MeetingStatuses lists them with their Chinese names.
var MeetingStatuses = []Option{{MeetingPlanned, "待召开"}, {MeetingHeld, "已召开，议定事项落实中"}, {MeetingClosed, "已办结"},
	{MeetingCancelled, "已取消"}}

// OutsideKinds are the bodies outside the enforcement agencies that sit in.
var OutsideKinds = []Option{{"police", "公安机关"}, {"procuratorate", "人民检察院"}, {"supervisory_commission", "监察机关"},
	{"other", "其他单位"}}

// Outside is one outside body at a meeting.
type Outside struct {
	Kind string `json:"kind"`
	Name string `json:"name"`
}

// Meeting is one joint meeting as the pages see it.
type Meeting struct {
	ID         int64          `json:"id"`
	Status     string         `json:"status"`
	RegionCode string         `json:"region_code"`
	Title      string         `json:"title"`
	Agenda     string         `json:"agenda"`
	HeldOn     string         `json:"held_on"`
	Minutes    string         `json:"minutes,omitempty"`
	OpenedOn   string         `json:"opened_on"`
	Members    []Party        `json:"members"`
	Outside    []Outside      `json:"outside"`
	Acts       []Act          `json:"acts"`
	Decisions  []Decision     `json:"decisions"`
	Warnings   []flow.Finding `json:"warnings"`

	Version   int64  `json:"-"`
	NextCheck string `json:"-"`
	CreatedBy string `json:"-"`
}

// Decision is one 议定事项, folded from its decision act and its report.
type Decision struct {
	ID         int64  `json:"id"` // the decision act's id
	Owner      string `json:"owner"`
	Title      string `json:"title"`
	Due        string `json:"due"`
	ReportedOn string `json:"reported_on,omitempty"`
	Report     string `json:"report,omitempty"`
}

// Codes are the member agencies' codes.
func (m *Meeting) Codes() []string { return codesOf(m.Members) }

// MemberName is the name of member agency code.
func (m *Meeting) MemberName(code string) string {
	for _, x := range m.Members {
		if x.AgencyCode == code {
			return x.Name
		}
	}
	return code
}

// Decisions folds the decision and report acts.
func Decisions(acts []Act) []Decision {
	out := []Decision{}
	for _, a := range acts {
		switch a.Type {
		case "decision":
			out = append(out, Decision{ID: a.ID, Owner: a.Str("owner"), Title: a.Note, Due: a.Str("due")})
		case "report":
			id, _ := strconv.ParseInt(a.Str("decision"), 10, 64)
			if i := slices.IndexFunc(out, func(d Decision) bool { return d.ID == id }); i >= 0 && out[i].ReportedOn == "" {
				out[i].ReportedOn, out[i].Report = a.At, a.Note
			}
		}
	}
	return out
}

// MeetingState is what the meeting definition judges.
type MeetingState struct {
	Status string
	Open   int // decisions not yet reported
	Total  int
}

// State is m's state for the definition.
func (m *Meeting) State() *MeetingState {
	s := &MeetingState{Status: MeetingPlanned}
	for _, a := range m.Acts {
		switch a.Type {
		case "minutes":
			s.Status = MeetingHeld
		case "close":
			s.Status = MeetingClosed
		case "cancel":
			s.Status = MeetingCancelled
		}
	}
	for _, d := range Decisions(m.Acts) {
		s.Total++
		if d.ReportedOn == "" {
			s.Open++
		}
	}
	return s
}

// MeetingDef is one act of the meeting definition.
type MeetingDef = flow.Act[*MeetingState]

func meetingIn(want ...string) func(s *MeetingState) string {
	return func(s *MeetingState) string {
		if slices.Contains(want, s.Status) {
			return ""
		}
		return "联席会议" + Label(MeetingStatuses, s.Status)
	}
}

// MeetingFlow is the definition of a joint meeting. The supervision body
// records the minutes, the decisions, the closing and a cancellation; a
// decision's owner reports on it (the service's side check).
var MeetingFlow = &flow.Definition[*MeetingState]{Kind: MeetingKind, Acts: []*MeetingDef{
	{Type: "minutes", Label: "记录会议纪要", Roles: supervisionRoles, Blocked: meetingIn(MeetingPlanned), NoteLabel: "会议纪要",
		NoteRequired: true, Hint: "会议召开后记录出席单位和会议纪要；纪要可打印存档。"},
	{Type: "decision", Label: "登记议定事项", Roles: supervisionRoles, Blocked: meetingIn(MeetingHeld), NoteLabel: "议定事项",
		NoteRequired: true, Hint: "每项议定事项明确一个责任单位和落实期限（工作日），逾期未报告落实情况的形成预警。"},
	{Type: "report", Label: "报告落实情况", Roles: agencyRoles, NoteLabel: "落实情况", NoteRequired: true, Meets: []string{"decision"},
		Blocked: func(s *MeetingState) string {
			if why := meetingIn(MeetingHeld)(s); why != "" {
				return why
			}
			if s.Open == 0 {
				return "没有待落实的议定事项"
			}
			return ""
		}, Hint: "责任单位在期限内报告议定事项的落实情况（《行政执法监督条例》第二十五条）。"},
	{Type: "close", Label: "办结", Roles: supervisionRoles, Ends: true, NoteLabel: "办结说明", NoteRequired: true,
		Blocked: func(s *MeetingState) string {
			if why := meetingIn(MeetingHeld)(s); why != "" {
				return why
			}
			if s.Open > 0 {
				return "尚有" + strconv.Itoa(s.Open) + "项议定事项未报告落实情况"
			}
			return ""
		}, Hint: "议定事项全部落实后办结。"},
	{Type: "cancel", Label: "取消会议", Roles: supervisionRoles, Ends: true, Blocked: meetingIn(MeetingPlanned), NoteLabel: "取消理由",
		NoteRequired: true, Hint: "会议不再召开的，说明理由后取消。"},
}}

// MeetingActLabel is the Chinese name of a meeting act type.
func MeetingActLabel(t string) string {
	if t == "open" {
		return "发起联席会议"
	}
	if a, ok := MeetingFlow.Act(t); ok {
		return a.Label
	}
	return t
}

// JudgeMeeting is the pure judgement of m on today: each decision not
// reported by its deadline is a finding on its owner (keyed by the
// decision); a late report keeps it; nothing stops the clock but the
// report (a meeting cannot be closed with decisions open).
func JudgeMeeting(m *Meeting, today law.Date) Judgement {
	out := Judgement{Deadlines: map[string]string{}, Findings: []flow.Finding{}}
	var next law.Date
	for _, d := range Decisions(m.Acts) {
		due, err := law.ParseDate(d.Due)
		if err != nil {
			continue
		}
		finding := func(tail string) {
			out.Findings = append(out.Findings, flow.Finding{Rule: RuleDecisionOverdue, Key: strconv.FormatInt(d.ID, 10),
				Severity: "yellow", Basis: decisionBasis, Due: d.Due, Message: fmt.Sprintf("%s应于%s前落实联席会议“%s”的议定事项“%s”，%s",
					m.MemberName(d.Owner), d.Due, m.Title, d.Title, tail)})
		}
		on, err := law.ParseDate(d.ReportedOn)
		switch {
		case err == nil && on.After(due):
			finding(fmt.Sprintf("逾期%d日后才报告（%s）", days(due, on), on))
		case err != nil && today.After(due):
			finding(fmt.Sprintf("已逾期%d日未报告落实情况", days(due, today)))
		case err != nil:
			if n := due.AddDays(1); next == (law.Date{}) || n.Before(next) {
				next = n
			}
		}
	}
	if next != (law.Date{}) {
		out.NextCheck = next.String()
	}
	return out
}
