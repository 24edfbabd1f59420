package coordination

import (
	"slices"

	"zfjd/internal/auth"
	"zfjd/internal/flow"
)

// State is what the definition judges, folded from the recorded acts.
type State struct {
	Status   string
	Pending  int // named agencies that owe an answer and have not given it
	Meetings int // coordination meetings recorded
}

// Sides of an act: the supervision body or a named agency.
const (
	SideSupervision = "supervision"
	SideAgency      = "agency"
)

var (
	supervisionRoles = []auth.Role{auth.RoleSupervisor, auth.RoleAdmin}
	agencyRoles      = []auth.Role{auth.RoleAgencyAdmin, auth.RoleHead, auth.RoleIntegration}
	bothRoles        = append(slices.Clone(supervisionRoles), agencyRoles...)
)

// in blocks an act outside the given statuses, saying which it needs.
func in(want ...string) func(s *State) string {
	return func(s *State) string {
		switch {
		case slices.Contains(want, s.Status):
			return ""
		case s.Status == StatusSettled || s.Status == StatusDecided:
			return "争议已办结，不能再办理"
		case s.Status == StatusWithdrawn:
			return "争议已撤回"
		}
		return "争议当前为“" + Label(Statuses, s.Status) + "”"
	}
}

// coordinating are the statuses before an outcome.
var coordinating = []string{StatusAnswering, StatusAnswered, StatusMeeting}

func and(fs ...func(s *State) string) func(s *State) string {
	return func(s *State) string {
		for _, f := range fs {
			if why := f(s); why != "" {
				return why
			}
		}
		return ""
	}
}

func met(s *State) string {
	if s.Meetings == 0 {
		return "请先记录协调会议（《行政执法监督条例》第十三条：先行协调）"
	}
	return ""
}

// ActDef is one act of the dispute definition.
type ActDef = flow.Act[*State]

// Handling is the definition of an enforcement dispute: its acts in the
// order a page offers them, who records them and from which status.
// Which named agency may answer (one that owes an answer and has not
// given it) is the service's side check.
var Handling = &flow.Definition[*State]{Kind: Kind, Acts: []*ActDef{
	{Type: "answer", Label: "提交书面意见", Roles: agencyRoles, NoteLabel: "意见和理由", NoteRequired: true,
		Blocked: and(in(coordinating...), func(s *State) string {
			if s.Pending == 0 {
				return "各方均已答复"
			}
			return ""
		}), Meets: []string{"answer"},
		Hint: "被提请协调的行政执法机关应在期限内说明本机关意见、理由并提供依据和证据（《行政执法监督条例》第十三条、第二十五条）。"},
	{Type: "meeting", Label: "记录协调会议", Roles: supervisionRoles, Blocked: in(coordinating...), NoteLabel: "会议纪要", NoteRequired: true,
		Hint: "行政执法监督机构对本级行政执法机关之间的争议进行协调（《行政执法监督条例》第十三条；《山东省行政执法监督条例》第十八条）。"},
	{Type: "settle", Label: "记录协调结果", Roles: supervisionRoles, Blocked: and(in(coordinating...), met), NoteLabel: "协调意见", NoteRequired: true,
		Ends: true, Hint: "协调取得一致意见的，记录协调意见；明确实施主体的，同步更新权责清单（《行政执法监督条例》第十三条）。"},
	{Type: "propose", Label: "报请政府决定", Roles: supervisionRoles, Blocked: and(in(coordinating...), met), NoteLabel: "处理意见", NoteRequired: true,
		Hint: "经协调不能取得一致意见的，提出处理意见，按程序报人民政府决定（《行政执法监督条例》第十三条；《山东省行政执法监督条例》第十八条第二款）。"},
	{Type: "decide", Label: "登记政府决定", Roles: supervisionRoles, Blocked: in(StatusProposed), NoteLabel: "决定内容", NoteRequired: true,
		Ends: true, Hint: "登记本级人民政府的决定；明确实施主体的，同步更新权责清单。"},
	{Type: "withdraw", Label: "撤回", Roles: bothRoles, Blocked: in(coordinating...), NoteLabel: "撤回理由", NoteRequired: true,
		Ends: true, Hint: "提请机关自行撤回，或监督机构查明争议已不存在的，终止协调。"},
}}

// SideOf is who records act t ("answer" the agencies; "withdraw" either
// the applicant or supervision; the rest supervision).
func SideOf(t string) string {
	if t == "answer" {
		return SideAgency
	}
	return SideSupervision
}

// statusAfter is the status an act leads to ("" = unchanged).
var statusAfter = map[string]string{
	"meeting": StatusMeeting, "settle": StatusSettled, "propose": StatusProposed, "decide": StatusDecided, "withdraw": StatusWithdrawn,
}

// ActLabel is the Chinese name of an act type.
func ActLabel(t string) string {
	if t == "open" {
		return "提请协调"
	}
	if a, ok := Handling.Act(t); ok {
		return a.Label
	}
	return t
}

// Fold derives the state from the acts in order; owing is how many named
// agencies owe an answer.
func Fold(acts []Act, owing int) *State {
	s := &State{Status: StatusAnswering, Pending: owing}
	for _, a := range acts {
		if to := statusAfter[a.Type]; to != "" {
			s.Status = to
		}
		switch a.Type {
		case "answer":
			if s.Pending > 0 {
				s.Pending--
			}
		case "meeting":
			s.Meetings++
		}
	}
	if s.Status == StatusAnswering && s.Pending == 0 {
		s.Status = StatusAnswered
	}
	return s
}
