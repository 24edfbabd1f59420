package auth

// Statistics, the 行政执法统计年报 and 评议考核 (issue 15): who reads the
// dashboards, the annual report and the assessment, and who changes what.
// Counts are always narrowed to the viewer's scope with FilterAgencies, so
// an agency's head sees his agency's numbers only.

// CanViewStats reports whether p may read the statistics dashboards:
// supervision bodies and administrators for their region, and an agency's
// admin or head for that agency (the same audience as the supervision
// dashboard, CanViewSupervision). Officers, reviewers, social supervisors
// and integration tokens are not shown them.
func CanViewStats(p *Principal) bool { return CanViewSupervision(p) }

// CanReadAnnualReport reports whether p may read the consolidated 年报 of
// region (spec/supervision-v1.md §7: "supervision or admin"): a supervisor
// or administrator bound to no agency whose region contains region.
func CanReadAnnualReport(p *Principal, region string) bool {
	return IsSupervisionOf(p, Target{Region: region})
}

// CanEditAgencyReport reports whether p may write the explanations of its
// own agency's 年报 and submit it: the agency's admin or head.
func CanEditAgencyReport(p *Principal, agency, region string) bool {
	return p != nil && (p.Role == RoleAgencyAdmin || p.Role == RoleHead) && p.Agency == agency &&
		CanSee(p, Target{Region: region, Agencies: []string{agency}})
}

// CanReviewReport reports whether p may review and publish the 年报 of
// region and the agencies in it, and set and adjust the assessment there:
// supervision of that region.
func CanReviewReport(p *Principal, region string) bool {
	return IsSupervisionOf(p, Target{Region: region})
}

// RolePortal is the role of Portal only: no account or token has it, and
// no check but CanReadPublicStats grants it anything.
const RolePortal Role = "portal"

// Portal is the principal the portal's live statistics (公示门户: "live
// statistics by region and agency", issue 11) are computed as: the whole
// platform's aggregate counts of decisions and amounts, grouped by region
// or agency, which every agency's 年报 makes public anyway. Nothing but
// package stats' Public reads as it, and Public never reads a case, a
// party or an officer.
var Portal = &Principal{Name: "公示门户", Role: RolePortal}

// CanReadPublicStats reports whether p is the portal's principal.
func CanReadPublicStats(p *Principal) bool { return p == Portal }
