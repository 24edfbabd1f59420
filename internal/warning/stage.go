// Package warning is warning handling (电子监察, spec/supervision-v1.md §1):
// a workflow definition over the kernel's findings — 发出 → 签收 →
// 整改/说明 → 核查 → 销号 — with its history, escalation of unsigned yellow
// warnings on the working-day calendar, batch acts, and each account's
// inbox of what waits for it.
package warning

import (
	"zfjd/internal/auth"
	"zfjd/internal/flow"
)

// Stages of a warning (spec §1).
const (
	StageIssued   = "issued"   // 已发出，待签收
	StageSigned   = "signed"   // 已签收，整改中
	StageAnswered = "answered" // 已整改或已说明理由，待核查
	StageClosed   = "closed"   // 已销号
	StageCured    = "cured"    // 已消除: the platform saw the cause go away
)

// Stages lists the stages in order with their Chinese names.
var Stages = []struct{ Value, Label string }{
	{StageIssued, "待签收"}, {StageSigned, "整改中"}, {StageAnswered, "待核查"}, {StageClosed, "已销号"}, {StageCured, "已消除"},
}

// StageLabel is the Chinese name of a stage.
func StageLabel(s string) string {
	for _, x := range Stages {
		if x.Value == s {
			return x.Label
		}
	}
	return s
}

// ActionLabel is the Chinese name of a history action, the platform's
// own steps included.
func ActionLabel(a string) string {
	switch a {
	case "issued":
		return "发出预警"
	case "escalated":
		return "升级为红色预警"
	case "cured":
		return "问题已消除"
	}
	if act, ok := Handling.Act(a); ok {
		return act.Label
	}
	return a
}

// State is what the handling definition judges: the stage.
type State struct{ Stage string }

// Side says who takes an act: the subject's agency or supervision.
type Side int

const (
	SideAgency Side = iota + 1
	SideSupervision
)

var (
	agencyRoles      = []auth.Role{auth.RoleAgencyAdmin, auth.RoleHead, auth.RoleIntegration}
	supervisionRoles = []auth.Role{auth.RoleSupervisor, auth.RoleAdmin}
)

func in(want string) func(s *State) string {
	return func(s *State) string {
		if s.Stage == want {
			return ""
		}
		return "预警当前为“" + StageLabel(s.Stage) + "”，应为“" + StageLabel(want) + "”"
	}
}

// Act is one act of the handling definition.
type Act = flow.Act[*State]

// Handling is the definition of warning handling: the acts, who takes
// them, from which stage, and the notes they need. The pages, the API and
// the access checks all ask it.
var Handling = &flow.Definition[*State]{Kind: "warning", Acts: []*flow.Act[*State]{
	{Type: "sign", Label: "签收", Roles: agencyRoles, Blocked: in(StageIssued), NoteLabel: "签收意见（可不填）",
		Hint: "执法部门收到预警后签收，开始整改或说明理由。"},
	{Type: "rectify", Label: "报送整改情况", Roles: agencyRoles, Blocked: in(StageSigned), NoteLabel: "整改情况", NoteRequired: true,
		Hint: "已纠正问题的，写明整改措施和结果，报监督机构核查。"},
	{Type: "explain", Label: "说明理由", Roles: agencyRoles, Blocked: in(StageSigned), NoteLabel: "理由", NoteRequired: true,
		Hint: "认为不存在问题或无法整改的，写明理由和依据，报监督机构核查。"},
	{Type: "verify", Label: "核查销号", Roles: supervisionRoles, Blocked: in(StageAnswered), NoteLabel: "核查意见（可不填）",
		Hint: "监督机构核查整改情况或理由属实的，予以销号。", Ends: true},
	{Type: "return", Label: "退回", Roles: supervisionRoles, Blocked: in(StageAnswered), NoteLabel: "退回原因", NoteRequired: true,
		Hint: "整改不到位或理由不成立的，退回执法部门继续整改。"},
}}

// next is the stage an act leads to.
var next = map[string]string{"sign": StageSigned, "rectify": StageAnswered, "explain": StageAnswered,
	"verify": StageClosed, "return": StageSigned}

// SideOf is who takes act t.
func SideOf(t string) Side {
	switch t {
	case "verify", "return":
		return SideSupervision
	}
	return SideAgency
}

// BatchActs are the acts that may be taken on many warnings at once.
var BatchActs = []string{"sign", "verify"}
