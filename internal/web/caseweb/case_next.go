package caseweb

import (
	"slices"
	"strings"

	"zfjd/internal/auth"
	"zfjd/internal/cases"
)

// "下一步" on the case page (issue 16), from the workflow definition only:
// what may happen next (Workflow.Available), who records it (the act's
// roles), why the viewer cannot, and why the viewer's own acts are not
// available now (the acts' Blocked reasons, citing the law).

// nextStep is one act that may come next on a case, and who records it.
type nextStep struct {
	Label, Who string
	// WhyNot says why the viewer cannot record it ("" = the viewer can).
	WhyNot string
}

// nextSteps lists what the case workflow allows next (for "下一步").
func nextSteps(c *cases.Case, p *auth.Principal) []nextStep {
	var out []nextStep
	st := cases.StateOf(c)
	offered := cases.Offered(c, p)
	for _, a := range cases.NextSteps(c) {
		roles := a.RolesOf(st)
		s := nextStep{Label: a.Label, Who: roleNames(roles)}
		switch {
		case slices.Contains(offered, a):
		case p == nil || !slices.Contains(roles, p.Role):
			s.WhyNot = "您的角色（" + roleOf(p) + "）不能办理，须由" + s.Who + "办理"
		case p.Agency != c.AgencyCode:
			s.WhyNot = "须由本案执法主体的" + s.Who + "办理"
		default:
			s.WhyNot = "您暂不能办理"
		}
		out = append(out, s)
	}
	return out
}

// waiting is the first step that may come next as one line, e.g.
// "等待执法部门负责人立案" ("" when nothing is pending).
func waiting(c *cases.Case) string {
	next := cases.NextSteps(c)
	if len(next) == 0 {
		return ""
	}
	return "等待" + roleNames(next[0].RolesOf(cases.StateOf(c))) + next[0].Label
}

// blockedAct is an act of the viewer's role that the case's state does
// not allow yet (or any more), with the definition's reason.
type blockedAct struct{ Label, Why string }

// blockedFor lists the viewer's acts that are not available now, when the
// viewer may act on the case at all (the case's agency, an acting role)
// ("why can I not 作出决定 yet?").
func blockedFor(c *cases.Case, p *auth.Principal) []blockedAct {
	if p == nil || c.SourceSystem != cases.SourceZFJD || p.Agency != c.AgencyCode {
		return nil
	}
	st := cases.StateOf(c)
	var out []blockedAct
	for _, a := range cases.Workflow.Acts {
		if !slices.Contains(a.RolesOf(st), p.Role) {
			continue
		}
		if why := a.Why(st); why != "" && len(out) < 6 {
			out = append(out, blockedAct{a.Label, why})
		}
	}
	return out
}

func roleNames(roles []auth.Role) string {
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
