package auth

import (
	"zfjd/internal/ident"
	"zfjd/internal/store"
)

// Who works on supervision cases (监督案件, spec/supervision-v1.md §5):
// "supervision" — a supervisor or administrator bound to no agency whose
// region contains the case's — opens, reads and handles them; "the case's
// agency" — the supervised agency's admin, head or integration token —
// reads its own cases and answers them. Which act and when is the case
// definition's (supervision.Handling). Everyone else: the case does not
// exist (404).

// IsSupervisionCaseAgency reports whether p speaks for agency, the
// supervised agency of a case in region.
func IsSupervisionCaseAgency(p *Principal, region, agency string) bool {
	if p == nil || p.Agency == "" || p.Agency != agency || !ident.Contains(p.Region, region) {
		return false
	}
	switch p.Role {
	case RoleAgencyAdmin, RoleHead, RoleIntegration:
		return true
	}
	return false
}

// CanOpenSupervisionCase reports whether p may open a supervision case
// about an agency in region (and act as the handling body there).
func CanOpenSupervisionCase(p *Principal, region string) bool {
	return IsSupervisionOf(p, Target{Region: region})
}

// CanSeeSupervisionCase reports whether p may read a case about agency in
// region: supervision of the region, or the supervised agency itself.
func CanSeeSupervisionCase(p *Principal, region, agency string) bool {
	return IsSupervisionOf(p, Target{Region: region}) || IsSupervisionCaseAgency(p, region, agency)
}

// CanReadSupervisionCase is CanSeeSupervisionCase for a case whose body
// named township for 司法所 assistance: the 司法所 of that township reads
// it too (CanAssistSupervisionCase).
func CanReadSupervisionCase(p *Principal, region, agency, township string) bool {
	return CanSeeSupervisionCase(p, region, agency) || CanAssistSupervisionCase(p, township)
}

// FilterSupervisionCases narrows a list of supervision cases to what
// CanSeeSupervisionCase allows, as range scans on the region column — for
// a 司法所, on the township column.
func FilterSupervisionCases(p *Principal, w *store.Where, regionCol, agencyCol, townshipCol string) {
	switch {
	case IsJusticeOffice(p):
		FilterAssistedCases(p, w, townshipCol)
	case p != nil && p.Agency == "" && (p.Role == RoleSupervisor || p.Role == RoleAdmin):
		FilterRegion(p, w, regionCol)
	case p != nil && p.Agency != "" && (p.Role == RoleAgencyAdmin || p.Role == RoleHead || p.Role == RoleIntegration):
		FilterRegion(p, w, regionCol)
		w.Add(agencyCol+" = ?", p.Agency)
	default:
		w.Add("1 = 0")
	}
}
