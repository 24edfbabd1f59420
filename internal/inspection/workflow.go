package inspection

import (
	"zfjd/internal/auth"
	"zfjd/internal/flow"
)

// State is what the workflow's acts depend on.
type State struct {
	Pushed     bool // recorded by a source system: its acts come through the API
	Emergency  bool
	Approved   bool
	Reported   bool
	CheckedIn  bool
	Result     bool
	CheckedOut bool
	// Repeat names the officers whose last two visits of this enterprise
	// within 365 days found nothing: checking in with them needs a reason.
	Repeat []string
}

// StateOf is in's workflow state.
func StateOf(in *Inspection) *State {
	return &State{Pushed: in.SourceSystem != SourceZFJD, Emergency: in.Emergency,
		Approved: in.Has(EvApproved), Reported: in.Has(EvReported), CheckedIn: in.Has(EvCheckedIn),
		Result: in.Has(EvResult), CheckedOut: in.Has(EvCheckedOut)}
}

// Act types of the workflow (the §4 events, plus the on-site checklist).
const (
	ActApprove   = "approve"
	ActReport    = "report"
	ActCheckIn   = "check_in"
	ActChecklist = "checklist"
	ActResult    = "result"
	ActCheckOut  = "check_out"
)

// Documents the acts reach (司法部《行政检查文书基本格式文本（试行）》).
const (
	DocApproval = "approval_form" // 行政检查审批表
	DocRecord   = "site_record"   // 现场检查笔录
)

// DocLabels name the documents.
var DocLabels = map[string]string{DocApproval: "行政检查审批表", DocRecord: "现场检查笔录"}

func pushed(s *State) string {
	if s.Pushed {
		return "该检查由来源系统报送，其环节由来源系统通过接口报送"
	}
	return ""
}

func closed(s *State) string {
	if s.CheckedOut {
		return "检查已结束"
	}
	return ""
}

func firstOf(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// Workflow is the inspection workflow: 审批 by the head before the visit
// (an emergency one afterwards within 3 working days), 事前报备 issuing the
// 检查码, 扫码入企 by two certified officers, the 一张表单 on site, the
// result and the check-out.
var Workflow = &flow.Definition[*State]{Kind: Kind, Acts: []*flow.Act[*State]{
	{Type: ActApprove, Label: "负责人审批", Roles: []auth.Role{auth.RoleHead},
		Hint: "司法部《关于涉企行政检查有关问题的解答》：每次行政检查须经行政执法主体负责人事前批准；紧急情况可先行检查，3个工作日内补办审批",
		Blocked: func(s *State) string {
			switch {
			case s.Approved:
				return "已审批"
			case s.CheckedIn && !s.Emergency:
				return "非紧急检查已入企，审批不能事后补办"
			}
			return firstOf(pushed(s), closed(s))
		}, NoteLabel: "审批意见", Meets: []string{"approval"}, Docs: []string{DocApproval}},
	{Type: ActReport, Label: "事前报备（生成检查码）", Roles: []auth.Role{auth.RoleOfficer, auth.RoleHead},
		Hint: "国办发〔2024〕54号：推行“扫码入企”，检查前在平台报备，生成检查码",
		Blocked: func(s *State) string {
			switch {
			case s.Reported:
				return "已报备，检查码已生成"
			case !s.Approved && !s.Emergency:
				return "须先经执法主体负责人审批（紧急检查可先行报备，3个工作日内补办审批）"
			}
			return firstOf(pushed(s), closed(s))
		}},
	{Type: ActCheckIn, Label: "扫码入企", Roles: []auth.Role{auth.RoleOfficer}, TwoOfficers: true,
		Hint: "《行政处罚法》第四十二条：执法人员不得少于两人，并应主动出示执法证件；国办发〔2024〕54号：凭检查码入企",
		Blocked: func(s *State) string {
			switch {
			case s.CheckedIn:
				return "已入企"
			case !s.Reported:
				return "须先事前报备、取得检查码"
			}
			return firstOf(pushed(s), closed(s))
		}, NoteLabel: "说明（同一人员连续第三次检查同一企业时必填理由）"},
	{Type: ActChecklist, Label: "填写检查表单", Roles: []auth.Role{auth.RoleOfficer},
		Hint: "鲁政办发〔2025〕3号：“一张表单”“一表通查”，按检查事项清单的检查项逐项记录",
		Blocked: func(s *State) string {
			if !s.CheckedIn {
				return "须先扫码入企"
			}
			return firstOf(pushed(s), closed(s))
		}, Docs: []string{DocRecord}},
	{Type: ActResult, Label: "记录检查结果", Roles: []auth.Role{auth.RoleOfficer},
		Hint: "国办发〔2024〕54号：检查结果及时告知企业；未发现问题的重复检查计入低效检查",
		Blocked: func(s *State) string {
			switch {
			case !s.CheckedIn:
				return "须先扫码入企"
			case s.Result:
				return "已记录检查结果"
			}
			return firstOf(pushed(s), closed(s))
		}, NoteLabel: "检查情况", NoteRequired: true, Docs: []string{DocRecord}},
	{Type: ActCheckOut, Label: "检查结束离企", Roles: []auth.Role{auth.RoleOfficer},
		Hint: "事中留痕：离企时间记入检查码", Ends: true,
		Blocked: func(s *State) string {
			if !s.Result {
				return "须先记录检查结果"
			}
			return firstOf(pushed(s), closed(s))
		}},
}}

// EventOf is the §4 event an act records ("" for the checklist).
func EventOf(act string) string {
	return map[string]string{ActApprove: EvApproved, ActReport: EvReported, ActCheckIn: EvCheckedIn, ActResult: EvResult,
		ActCheckOut: EvCheckedOut}[act]
}
