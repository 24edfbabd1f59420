package auth

import (
	"slices"

	"zfjd/internal/ident"
)

// Who handles a warning (spec/supervision-v1.md §1): which acts a role may
// take and when is the handling definition's (warning.Handling); these two
// say on whose warnings.

// IsSubjectAgency reports whether p speaks for the agency a warning at t is
// addressed to ("the case's agency": an account or token bound to that
// agency, inside whose region the subject lies).
func IsSubjectAgency(p *Principal, t Target) bool {
	return p != nil && p.Agency != "" && slices.Contains(t.Agencies, p.Agency) && ident.Contains(p.Region, t.Region)
}

// IsSupervisionOf reports whether p is supervision for a subject at t: a
// supervisor or administrator, bound to no agency, whose region contains t's.
func IsSupervisionOf(p *Principal, t Target) bool {
	return p != nil && (p.Role == RoleSupervisor || p.Role == RoleAdmin) && p.Agency == "" &&
		ident.Contains(p.Region, t.Region)
}
