package promise

import (
	"strconv"

	"zfjd/internal/auth"
	"zfjd/internal/flow"
	"zfjd/internal/law"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// State is what the acts depend on.
type State struct {
	Sent, Answered, Disposed bool
	False                    bool // the check found the promise untrue
}

// StateOf is p's state.
func StateOf(p *Promise) *State {
	return &State{Sent: p.SentOn != "", Answered: p.Result != "", Disposed: p.DisposedOn != "", False: p.Result == "false"}
}

var agencyRoles = []auth.Role{auth.RoleAgencyAdmin, auth.RoleOfficer, auth.RoleHead}

// Side says which agency records an act: the one that received the
// promise, or the one asked to verify it.
var Side = map[string]string{"send": "receiver", "confirm": "verifier", "refute": "verifier", "dispose": "receiver"}

// Workflow is the one definition of a promise's handling.
var Workflow = &flow.Definition[*State]{Kind: "promise", Acts: []*flow.Act[*State]{
	{Type: "send", Label: "发起协助核查", Roles: agencyRoles,
		Hint: "向掌握相关信息的部门发出行政协助核查，期限按事项目录的工作日计算",
		Blocked: func(s *State) string {
			if s.Sent {
				return "已发起核查"
			}
			return ""
		}},
	{Type: "confirm", Label: "核查属实", Roles: agencyRoles, NoteLabel: "核查情况",
		Hint:    "协助核查部门在期限内答复：承诺内容与所掌握的信息一致",
		Blocked: func(s *State) string { return answerBlocked(s) }},
	{Type: "refute", Label: "核查不实", Roles: agencyRoles, NoteLabel: "不实的内容", NoteRequired: true,
		Hint:    "协助核查部门答复：承诺内容与所掌握的信息不一致，写明不一致之处",
		Blocked: func(s *State) string { return answerBlocked(s) }},
	{Type: "dispose", Label: "记录虚假承诺的处理", Roles: agencyRoles, NoteLabel: "处理结果（如撤销许可、记入信用记录）", NoteRequired: true,
		Hint: "承诺不实的，受理部门依法处理（撤销已作出的决定、记入信用记录）并记录处理结果", Ends: true,
		Blocked: func(s *State) string {
			switch {
			case !s.False:
				return "仅核查不实的承诺需要处理"
			case s.Disposed:
				return "已记录处理结果"
			}
			return ""
		}},
}}

func answerBlocked(s *State) string {
	switch {
	case !s.Sent:
		return "尚未发起核查"
	case s.Answered:
		return "已答复核查"
	}
	return ""
}

// Rules of the findings.
const (
	RuleOverdue = "PROMISE_CHECK_OVERDUE"
	RuleFalse   = "PROMISE_FALSE"
)

// Judge is p's findings on today and the first day on which time alone
// may change them (its next check, "" for none). Pure.
func Judge(p *Promise, today law.Date) ([]flow.Finding, string) {
	var fs []flow.Finding
	next := ""
	if p.SentOn != "" && p.Result == "" {
		due, err := law.ParseDate(p.Due)
		if err == nil && today.After(due) {
			fs = append(fs, flow.Finding{Rule: RuleOverdue, Severity: "yellow", Due: p.Due,
				Message: "证明事项“" + p.ItemName + "”的协助核查已超期，应于" + p.Due + "前答复",
				Basis:   "《山东省实施证明事项告知承诺制行政协助核查办法（试行）》：协助核查部门应当在规定期限内答复"})
		} else if err == nil {
			next = due.AddDays(1).String()
		}
	}
	if p.Result == "false" {
		msg := "申请人" + p.Applicant + "就“" + p.ItemName + "”作出的承诺经核查不实"
		if p.Consequence != "" {
			msg += "；已处理：" + p.Consequence
		} else {
			msg += "，尚未记录处理结果"
		}
		fs = append(fs, flow.Finding{Rule: RuleFalse, Severity: "red", Message: msg,
			Basis: "《优化营商环境条例》第四十四条；虚假承诺依法撤销相关决定并记入信用记录"})
	}
	return fs, next
}
