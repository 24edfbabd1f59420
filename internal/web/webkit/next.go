package webkit

import (
	"slices"
	"strings"

	"zfjd/internal/auth"
	"zfjd/internal/flow"
)

// "下一步" on every workflow page (issue 16: "the page says what happens
// next and who does it, and a role that cannot act sees why"), from the
// workflow's definition only: the acts available in the subject's state
// (Definition.Available), who records each (the act's roles in that
// state) and, for the viewer, why not. The "next_steps" partial shows it.

// Next is the 下一步 section of a workflow page.
type Next struct {
	Steps []NextStep
	// Waiting is the first step as one line ("等待执法部门负责人立案").
	Waiting string
	// Done is said when nothing is left to do ("" = a plain 办理已结束).
	Done string
}

// Here is an elsewhere of NextOf that says why for every act (""
// when the viewer's role is enough).
func Here[S any](why string) func(*flow.Act[S]) string {
	return func(*flow.Act[S]) string { return why }
}

// NextStep is one act that may come next and who records it.
type NextStep struct {
	Label, Who string
	Hint       string // the act's hint, with the law behind it
	// WhyNot says why the viewer cannot record it ("" = the viewer can).
	WhyNot string
}

// NextOf is the 下一步 of a subject in state s for viewer p. elsewhere
// says why a viewer whose role records act a still cannot record it here
// (another agency's subject: "须由本案执法主体办理"), "" when the role is
// enough; nil: the role is always enough.
func NextOf[S any](d *flow.Definition[S], s S, p *auth.Principal, elsewhere func(a *flow.Act[S]) string) Next {
	var n Next
	for _, a := range d.Available(s) {
		roles := a.RolesOf(s)
		st := NextStep{Label: a.Label, Who: RoleNames(roles), Hint: a.Hint}
		switch {
		case p == nil || !slices.Contains(roles, p.Role):
			st.WhyNot = "您的角色（" + roleOf(p) + "）不能办理，须由" + st.Who + "办理"
		case elsewhere != nil:
			st.WhyNot = elsewhere(a)
		}
		if n.Waiting == "" {
			n.Waiting = "等待" + st.Who + st.Label
		}
		n.Steps = append(n.Steps, st)
	}
	return n
}

// RoleNames is roles by their Chinese names, joined with 、.
func RoleNames(roles []auth.Role) string {
	var who []string
	for _, r := range roles {
		who = append(who, r.Label())
	}
	return strings.Join(who, "、")
}

func roleOf(p *auth.Principal) string {
	if p == nil {
		return "未登录"
	}
	return p.Role.Label()
}
