package auth

import (
	"slices"

	"zfjd/internal/store"
)

// 红黄牌 records of officers (package officercard): supervision bodies and
// administrators read the cards of their region down and lift (撤销) them;
// an agency's admin or head reads its own officers' cards; an officer (or
// legal reviewer) reads his own. Social supervisors and integration tokens
// read none.

// CanListOfficerCards reports whether p has a list of cards at all (the
// list is then narrowed by FilterOfficerCards).
func CanListOfficerCards(p *Principal) bool {
	if p == nil {
		return false
	}
	switch p.Role {
	case RoleAdmin, RoleSupervisor:
		return true
	case RoleAgencyAdmin, RoleHead:
		return p.Agency != ""
	case RoleOfficer, RoleReviewer:
		return p.CertNo != ""
	}
	return false
}

// CanSeeOfficerCard reports whether p may read a card of officer cert at t
// (the officer's region and agency).
func CanSeeOfficerCard(p *Principal, t Target, cert string) bool {
	if !CanListOfficerCards(p) || !CanSee(p, t) {
		return false
	}
	switch p.Role {
	case RoleAdmin, RoleSupervisor:
		return true
	case RoleAgencyAdmin, RoleHead:
		return slices.Contains(t.Agencies, p.Agency)
	}
	return p.CertNo == cert
}

// FilterOfficerCards narrows a card query to what CanSeeOfficerCard allows.
func FilterOfficerCards(p *Principal, w *store.Where, regionCol, agencyCol, certCol string) {
	if !CanListOfficerCards(p) {
		w.Add("1 = 0")
		return
	}
	FilterAgencies(p, w, regionCol, agencyCol)
	if p.Role == RoleOfficer || p.Role == RoleReviewer {
		w.Add(certCol+" = ?", p.CertNo)
	}
}

// CanLiftOfficerCard reports whether p may lift a card at t: supervision
// (a supervisor or administrator bound to no agency) of the officer's region.
func CanLiftOfficerCard(p *Principal, t Target) bool {
	return IsSupervisionOf(p, t)
}

// CanSetOfficerCardRules reports whether p may set the card rules of
// region's subtree: supervision of that region or an administrator.
func CanSetOfficerCardRules(p *Principal, region string) bool {
	return CanSetCardThresholds(p, region)
}
