package auth

import "slices"

// The supervision view of 电子监察 (issue 8): who reads the dashboard, the
// 红黄牌 and the 未履职 list, who decides a 红牌's proposal, and who
// explains an unused power.

// CanViewSupervision reports whether p may read the supervision dashboard,
// cards and inaction lists: supervision bodies and administrators for their
// region, and an agency's admin or head for that agency (the lists and
// counts are then narrowed to it by FilterAgencies). Officers, reviewers,
// social supervisors and integration tokens are not shown them.
func CanViewSupervision(p *Principal) bool {
	if p == nil {
		return false
	}
	switch p.Role {
	case RoleAdmin, RoleSupervisor:
		return true
	case RoleAgencyAdmin, RoleHead:
		return p.Agency != ""
	}
	return false
}

// CanDecideCardProposal reports whether p is the certificate authority for
// an officer at t: an administrator or supervisor bound to no agency whose
// region holds the officer (the same authority that sees the officer's
// private record and changes the certificate's status).
func CanDecideCardProposal(p *Principal, t Target) bool {
	return p != nil && p.Agency == "" && (p.Role == RoleAdmin || p.Role == RoleSupervisor) && CanSee(p, t)
}

// CanSetCardThresholds reports whether p may set the 红黄牌 thresholds of
// region (its subtree): supervision of that region or an administrator.
func CanSetCardThresholds(p *Principal, region string) bool {
	return p != nil && p.Agency == "" && (p.Role == RoleAdmin || p.Role == RoleSupervisor) &&
		CanSee(p, Target{Region: region})
}

// CanExplainInaction reports whether p may enter its agency's explanation of
// an unused power: the agency's own admin (or head).
func CanExplainInaction(p *Principal, agency string, t Target) bool {
	return p != nil && (p.Role == RoleAgencyAdmin || p.Role == RoleHead) && p.Agency == agency &&
		slices.Contains(t.Agencies, agency) && CanSee(p, t)
}
