package auth

import (
	"slices"

	"zfjd/internal/ident"
	"zfjd/internal/store"
)

// 涉企行政检查 (spec/supervision-v1.md §4). Which acts a role may record
// and when is the inspection workflow's (inspection.Workflow); these say
// where and on what.

// CanPushInspections reports whether p may push whole inspections through
// PUT /api/v1/inspections/...: as for cases (CanExchangeCases), only an
// integration token, the agency's own inspection system; people record
// the acts one by one, so 审批 stays the head's and 入企 the officers'.
func CanPushInspections(p *Principal) bool { return CanExchangeCases(p) }

// inspectionWriters are the roles that create or change inspections in
// their scope: officers file and record the visit, the head approves, an
// integration token pushes.
var inspectionWriters = []Role{RoleOfficer, RoleHead, RoleIntegration}

// CanSeeInspection is CanSee for an inspection at t (its agency and the
// agencies of a joint visit): social supervisors read only the public page.
func CanSeeInspection(p *Principal, t Target) bool {
	return p != nil && p.Role != RoleSocial && CanSee(p, t)
}

// CanWriteInspection reports whether p may create or change an
// inspection at t: one of the writer roles, of the inspection's own
// agency (a joint visit is recorded by its lead agency), inside its region.
func CanWriteInspection(p *Principal, t Target) bool {
	if p == nil || !slices.Contains(inspectionWriters, p.Role) || !CanSee(p, t) {
		return false
	}
	return p.Agency == "" || (len(t.Agencies) > 0 && t.Agencies[0] == p.Agency)
}

// MayWriteInspections reports whether p's role may file inspections at all
// (the UI's buttons).
func MayWriteInspections(p *Principal) bool {
	return p != nil && slices.Contains(inspectionWriters, p.Role) && p.Role != RoleIntegration
}

// FilterInspections narrows an inspection query to what CanSeeInspection
// allows (the lead agency's list; a joint agency opens its visits by id).
func FilterInspections(p *Principal, w *store.Where, regionCol, agencyCol string) {
	FilterCases(p, w, regionCol, agencyCol)
}

// CanSeeRatings reports whether p may read the enterprises' ratings of
// inspections at t: supervision only, never the inspecting agency (§4:
// "the rating reaches supervision and is never shown to the inspecting
// agency").
func CanSeeRatings(p *Principal, t Target) bool { return IsSupervisionOf(p, t) }

// FilterRatings narrows a ratings query to supervision's region.
func FilterRatings(p *Principal, w *store.Where, regionCol string) {
	if p == nil || p.Agency != "" || (p.Role != RoleSupervisor && p.Role != RoleAdmin) {
		w.Add("1 = 0")
		return
	}
	FilterRegion(p, w, regionCol)
}

// CanKeepInspectionLists reports whether p may keep the 检查事项清单's
// checklists and the yearly plans of an agency at t: the agency's admin or
// head, supervision of its region, an administrator, or an integration
// token of the agency.
func CanKeepInspectionLists(p *Principal, t Target) bool {
	if p == nil || !CanSee(p, t) {
		return false
	}
	switch p.Role {
	case RoleAdmin, RoleSupervisor, RoleAgencyAdmin, RoleHead, RoleIntegration:
		return true
	}
	return false
}

// CanDraw reports whether p may run and publish a 双随机 draw for an
// agency at t: the agency's admin or head, or supervision of its region.
func CanDraw(p *Principal, t Target) bool {
	if p == nil || !CanSee(p, t) {
		return false
	}
	switch p.Role {
	case RoleAdmin, RoleSupervisor, RoleAgencyAdmin, RoleHead:
		return true
	}
	return false
}

// CanKeepObjectPool reports whether p may import enterprises into the
// 双随机 object pool of region: supervision of the region, or an agency's
// admin or head whose region contains it (their draws read it).
func CanKeepObjectPool(p *Principal, region string) bool {
	if p == nil || !ident.Contains(p.Region, region) {
		return false
	}
	switch p.Role {
	case RoleAdmin, RoleSupervisor:
		return p.Agency == ""
	case RoleAgencyAdmin, RoleHead:
		return true
	}
	return false
}
