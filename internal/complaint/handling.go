package complaint

import (
	"slices"

	"zfjd/internal/auth"
	"zfjd/internal/flow"
)

// State is what the handling definition decides on: the status.
type State struct{ Status string }

// Sides of an act: who of the two parties takes it.
const (
	SideSupervision = "supervision"
	SideAgency      = "agency"
)

var (
	supervision = []auth.Role{auth.RoleSupervisor, auth.RoleAdmin}
	agency      = []auth.Role{auth.RoleAgencyAdmin, auth.RoleHead, auth.RoleIntegration}
)

// in blocks an act unless the status is one of ok, saying what it waits for.
func in(why string, ok ...string) func(s *State) string {
	return func(s *State) string {
		if slices.Contains(ok, s.Status) {
			return ""
		}
		return why + "（当前状态：" + StatusLabel(s.Status) + "）"
	}
}

// Handling is the complaint workflow of spec/supervision-v1.md §3: the
// acts of POST /api/v1/complaints/{id}/actions in their order, and two of
// the platform's own that change no status (调查记录, 回访).
var Handling = &flow.Definition[*State]{Kind: Kind, Acts: []*flow.Act[*State]{
	{Type: "accept", Label: "受理", Roles: supervision, Meets: []string{"accept"},
		Hint:    "收到投诉后在规定工作日内决定受理或不予受理（默认5个工作日；山东省行政执法监督条例第六条）。",
		Blocked: in("只能受理新收到的投诉", StatusReceived), NoteLabel: "受理意见"},
	{Type: "reject", Label: "不予受理", Roles: supervision, Meets: []string{"accept", "answer"}, Ends: true,
		Hint:      "不属于行政执法监督范围或已进入复议、诉讼程序的，不予受理并说明理由，投诉人可见（行政执法监督条例第三十三条第三款）。",
		Blocked:   in("只能对新收到的投诉决定不予受理", StatusReceived),
		NoteLabel: "不予受理理由（投诉人可见）", NoteRequired: true},
	{Type: "forward", Label: "转办", Roles: supervision,
		Hint:      "转被投诉的执法部门调查核实并在期限内回复（默认15个工作日）；投诉人信息不随件转交。",
		Blocked:   in("受理后才能转办，部门回复后可再次转办", StatusAccepted, StatusReplied),
		NoteLabel: "转办意见"},
	{Type: "reply", Label: "部门回复", Roles: agency, Meets: []string{"reply"},
		Hint:      "执法部门说明调查核实情况和处理结果，由监督机构审核后答复投诉人。",
		Blocked:   in("转办到本部门后才能回复", StatusForwarded),
		NoteLabel: "调查核实与处理情况", NoteRequired: true},
	{Type: "note", Label: "调查记录", Roles: supervision,
		Hint:      "自办调查的询问、核实情况，不改变办理状态。",
		Blocked:   in("受理后、答复前可记录调查情况", StatusAccepted, StatusForwarded, StatusReplied),
		NoteLabel: "调查情况", NoteRequired: true},
	{Type: "answer", Label: "答复投诉人", Roles: supervision, Meets: []string{"answer"},
		Hint:      "自收到投诉之日起60日内答复投诉人（信访工作条例第三十二条）；答复内容投诉人凭跟踪码可见。",
		Blocked:   in("受理后（自办）或部门回复后才能答复", StatusAccepted, StatusReplied),
		NoteLabel: "答复内容（投诉人可见）", NoteRequired: true},
	{Type: "close", Label: "办结", Roles: supervision, Ends: true,
		Hint:    "答复后办结；办结后仍可回访。",
		Blocked: in("答复或不予受理后才能办结", StatusAnswered, StatusRejected), NoteLabel: "办结意见"},
	{Type: "revisit", Label: "回访", Roles: supervision,
		Hint:      "电话回访投诉人，记录其对办理的意见与满意度。",
		Blocked:   in("答复后才能回访", StatusAnswered, StatusClosed),
		NoteLabel: "回访情况", NoteRequired: true},
}}

// next is the status each act leads to ("" = unchanged).
var next = map[string]string{
	"accept": StatusAccepted, "reject": StatusRejected, "forward": StatusForwarded,
	"reply": StatusReplied, "answer": StatusAnswered, "close": StatusClosed,
}

// SideOf is who takes act t.
func SideOf(t string) string {
	if t == "reply" {
		return SideAgency
	}
	return SideSupervision
}

// ActionLabel names an act or a public step in Chinese.
func ActionLabel(t string) string {
	if a, ok := Handling.Act(t); ok {
		return a.Label
	}
	switch t {
	case "received":
		return "收到投诉"
	case "rated":
		return "投诉人评价"
	case "contact_read":
		return "查看联系方式"
	}
	return t
}

// public are the steps the complainant sees in the tracking answer.
var public = map[string]bool{"received": true, "accept": true, "reject": true, "forward": true, "reply": true,
	"answer": true, "close": true, "rated": true}

// Offered lists the acts p may take on c now: its role is in the act's
// roles, it is the act's side for c, and the status allows it.
func Offered(p *auth.Principal, c *Complaint) []*flow.Act[*State] {
	if p == nil {
		return nil
	}
	var out []*flow.Act[*State]
	for _, a := range Handling.Offered(&State{Status: c.Status}, p.Role) {
		if onSide(p, c, a.Type) {
			out = append(out, a)
		}
	}
	return out
}

func onSide(p *auth.Principal, c *Complaint, t string) bool {
	if SideOf(t) == SideAgency {
		return auth.IsComplaintAgency(p, c.Scope())
	}
	return auth.IsComplaintSupervision(p, c.Scope())
}
