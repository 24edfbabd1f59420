package coordination

import (
	"fmt"
	"slices"
	"strconv"

	"zfjd/internal/flow"
	"zfjd/internal/law"
)

// Joint actions (联合办案/联合执法; the Qinhuangdao seed's 联合办案 and the
// inspections' 综合查一次): a lead agency and participants, shared tasks
// each owned by one member with a due date, the members' reports, and the
// cases the action produced — each still its own agency's case, linked to
// the action. A task not reported by its due date is a finding on its
// owner (subject kind "joint_action").

// JointKind is the subject kind of joint actions in findings and the log.
const JointKind = "joint_action"

// RuleTaskOverdue: a member did not report its task by the due date.
const RuleTaskOverdue = "JOINT_TASK_OVERDUE"

const taskBasis = "《行政执法监督条例》第十三条、第二十五条（跨领域、跨区域联合执法的协调与配合）"

// Statuses of a joint action.
const (
	JointUnderWay  = "under_way"
	JointDone      = "done"
	JointCancelled = "cancelled"
)

// JointStatuses lists them with their Chinese names.
var JointStatuses = []Option{{JointUnderWay, "进行中"}, {JointDone, "已完成"}, {JointCancelled, "已取消"}}

// JointAction is one joint action as the pages see it.
type JointAction struct {
	ID         int64    `json:"id"`
	Status     string   `json:"status"`
	RegionCode string   `json:"region_code"`
	Title      string   `json:"title"`
	Summary    string   `json:"summary"`
	Lead       string   `json:"lead"`
	PartyID    string   `json:"party_id,omitempty"`
	PartyName  string   `json:"party_name,omitempty"`
	StartsOn   string   `json:"starts_on"`
	EndsOn     string   `json:"ends_on"`
	OpenedOn   string   `json:"opened_on"`
	Members    []Party  `json:"members"` // Applicant marks the lead
	Acts       []Act    `json:"acts"`
	Cases      []Linked `json:"cases"`
	Tasks      []Task   `json:"tasks"`
	Warnings   []flow.Finding

	Version   int64  `json:"-"`
	NextCheck string `json:"-"`
}

// Linked is a case the action produced.
type Linked struct {
	CaseID     int64  `json:"case_id"`
	AgencyCode string `json:"agency_code"`
	CaseNo     string `json:"case_no"`
	Title      string `json:"title"`
	AgencyName string `json:"agency_name"`
}

// Task is one shared task, folded from its task act and its report.
type Task struct {
	ID         int64  `json:"id"` // the task act's id
	Owner      string `json:"owner"`
	Title      string `json:"title"`
	Due        string `json:"due"`
	ReportedOn string `json:"reported_on,omitempty"`
	Report     string `json:"report,omitempty"`
}

// Codes are the members' agency codes.
func (j *JointAction) Codes() []string {
	out := make([]string, len(j.Members))
	for i, m := range j.Members {
		out[i] = m.AgencyCode
	}
	return out
}

// MemberName is the name of member agency code.
func (j *JointAction) MemberName(code string) string {
	for _, m := range j.Members {
		if m.AgencyCode == code {
			return m.Name
		}
	}
	return code
}

// JointState is what the joint action definition judges.
type JointState struct {
	Status    string
	OpenTasks int
}

// JointDef is one act of the joint action definition.
type JointDef = flow.Act[*JointState]

func underWay(s *JointState) string {
	if s.Status != JointUnderWay {
		return "联合行动" + Label(JointStatuses, s.Status)
	}
	return ""
}

// Joint is the definition of a joint action. Who of the members may
// record what (the lead assigns and ends, the owner reports, a member
// links its own cases) is the service's side check.
var Joint = &flow.Definition[*JointState]{Kind: JointKind, Acts: []*JointDef{
	{Type: "task", Label: "分派任务", Roles: bothRoles, Blocked: underWay, NoteLabel: "任务内容", NoteRequired: true,
		Hint: "牵头单位或监督机构把联合行动分解为任务，明确责任单位和完成时限。"},
	{Type: "report", Label: "报告任务完成情况", Roles: agencyRoles, NoteLabel: "完成情况", NoteRequired: true,
		Blocked: func(s *JointState) string {
			if why := underWay(s); why != "" {
				return why
			}
			if s.OpenTasks == 0 {
				return "没有待完成的任务"
			}
			return ""
		}, Meets: []string{"task"}, Hint: "责任单位在时限内报告任务完成情况（《行政执法监督条例》第二十五条）。"},
	{Type: "link", Label: "关联本机关案件", Roles: agencyRoles, Blocked: underWay, NoteLabel: "说明（可不填）",
		Hint: "联合行动中各机关依法各自立案、各自作出决定，案件仍属本机关，在此关联、只计一次。"},
	{Type: "finish", Label: "完成联合行动", Roles: bothRoles, Ends: true, NoteLabel: "总结", NoteRequired: true,
		Blocked: func(s *JointState) string {
			if why := underWay(s); why != "" {
				return why
			}
			if s.OpenTasks > 0 {
				return "尚有" + strconv.Itoa(s.OpenTasks) + "项任务未报告完成情况"
			}
			return ""
		}, Hint: "各项任务完成后，由牵头单位或监督机构总结并结束联合行动。"},
	{Type: "cancel", Label: "取消联合行动", Roles: bothRoles, Blocked: underWay, Ends: true, NoteLabel: "取消理由", NoteRequired: true,
		Hint: "联合行动不再需要的，由牵头单位或监督机构取消并说明理由。"},
}}

// JointActLabel is the Chinese name of a joint action act type.
func JointActLabel(t string) string {
	if t == "open" {
		return "发起联合行动"
	}
	if a, ok := Joint.Act(t); ok {
		return a.Label
	}
	return t
}

// Tasks folds the task and report acts.
func Tasks(acts []Act) []Task {
	var out []Task
	for _, a := range acts {
		switch a.Type {
		case "task":
			out = append(out, Task{ID: a.ID, Owner: a.Str("owner"), Title: a.Note, Due: a.Str("due")})
		case "report":
			id, _ := strconv.ParseInt(a.Str("task"), 10, 64)
			if i := slices.IndexFunc(out, func(t Task) bool { return t.ID == id }); i >= 0 && out[i].ReportedOn == "" {
				out[i].ReportedOn, out[i].Report = a.At, a.Note
			}
		}
	}
	return out
}

// State is j's state for the definition.
func (j *JointAction) State() *JointState {
	s := &JointState{Status: JointUnderWay}
	for _, a := range j.Acts {
		switch a.Type {
		case "finish":
			s.Status = JointDone
		case "cancel":
			s.Status = JointCancelled
		}
	}
	for _, t := range Tasks(j.Acts) {
		if t.ReportedOn == "" {
			s.OpenTasks++
		}
	}
	return s
}

// JudgeJoint is the pure judgement of j on today: each task not reported
// by its due date is a finding on its owner (keyed by the task); a late
// report keeps it; cancelling stops the clock.
func JudgeJoint(j *JointAction, today law.Date) Judgement {
	out := Judgement{Deadlines: map[string]string{}, Findings: []flow.Finding{}}
	stop, stopped := today, false
	for _, a := range j.Acts {
		if a.Type == "cancel" {
			if d, err := law.ParseDate(a.At); err == nil && d.Before(stop) {
				stop = d
			}
			stopped = true
		}
	}
	var next law.Date
	for _, t := range Tasks(j.Acts) {
		due, err := law.ParseDate(t.Due)
		if err != nil {
			continue
		}
		finding := func(tail string) {
			out.Findings = append(out.Findings, flow.Finding{Rule: RuleTaskOverdue, Key: strconv.FormatInt(t.ID, 10), Severity: "yellow",
				Basis: taskBasis, Due: t.Due, Message: fmt.Sprintf("%s应于%s前完成联合行动“%s”的任务“%s”，%s", j.MemberName(t.Owner), t.Due,
					j.Title, t.Title, tail)})
		}
		on, err := law.ParseDate(t.ReportedOn)
		switch {
		case err == nil && on.After(due):
			finding(fmt.Sprintf("逾期%d日后才报告（%s）", days(due, on), on))
		case err != nil && stop.After(due):
			finding(fmt.Sprintf("已逾期%d日未报告", days(due, stop)))
		case err != nil && !stopped:
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
