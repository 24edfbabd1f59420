package auth

import (
	"slices"

	"zfjd/internal/ident"
	"zfjd/internal/store"
)

// This file is the one place for access rules. Each rule exists twice in
// meaning, once as a yes/no answer for one object and once as a SQL filter
// for list pages, and both are built from the same two facts: the
// principal's region subtree and, optionally, its single agency.

// Kind names what is being changed.
type Kind string

const (
	KindAgency  Kind = "agency"
	KindOfficer Kind = "officer"
	KindMatter  Kind = "matter"
	KindAccount Kind = "account"
	KindAudit   Kind = "audit"
	// KindCase is a penalty case (C5); which acts a role may record on it is CanAct.
	KindCase Kind = "case"
	// KindBenchmark is a 裁量基准 or an item of the four lists (C4).
	KindBenchmark Kind = "benchmark"
	// KindCalendar is the national working-day calendar (no region).
	KindCalendar Kind = "calendar"
)

// Target is where an object lives: its region code and the agencies it
// belongs to (an agency belongs to itself; a matter to its holders).
type Target struct {
	Region   string
	Agencies []string
}

// writes says which kinds of object each role may change inside its scope.
var writes = map[Role][]Kind{
	RoleAdmin:       {KindAgency, KindOfficer, KindMatter, KindAccount, KindBenchmark, KindCalendar},
	RoleSupervisor:  {KindAgency, KindOfficer, KindMatter},
	RoleAgencyAdmin: {KindOfficer, KindMatter, KindBenchmark}, // keeps the registry, not cases
	RoleOfficer:     {KindCase},
	RoleReviewer:    {KindCase},
	RoleHead:        {KindCase},
	RoleIntegration: {KindAgency, KindOfficer, KindMatter, KindBenchmark, KindCalendar, KindCase},
}

// Which acts a role may record on a case, and when, is the case
// workflow's (cases/workflow.go, flow.Definition): auth answers only where
// (scope) and what kind of object (writes).

// CanSeeCase is CanSee for penalty cases: social supervisors (社会监督员)
// observe and send clues but do not read case files and evidence.
func CanSeeCase(p *Principal, t Target) bool {
	return p != nil && p.Role != RoleSocial && CanSee(p, t)
}

// FilterCases narrows a case query to what CanSeeCase allows.
func FilterCases(p *Principal, w *store.Where, regionCol, agencyCol string) {
	if p != nil && p.Role == RoleSocial {
		w.Add("1 = 0")
		return
	}
	FilterAgencies(p, w, regionCol, agencyCol)
}

// The working-day calendar is national: every statutory deadline and
// every warning in every region is counted on it, so no county, city or
// single agency may change it, whatever the role. Everyone signed in reads
// it. It may be changed by
//
//   - a system administrator (RoleAdmin) not bound to an agency, and
//   - an integration token explicitly granted it. The grant is the token's
//     scope: an integration token created for a whole province
//     (`zfjd token create --role integration --region 370000`, a
//     province-level code and no --agency), such as the provincial system
//     that relays the 国务院办公厅 holiday notice. A city or county
//     token, an agency-bound one, and a token without a region
//     (--region 全国) are not granted it: county vertical systems get
//     county tokens, and a nationwide token is made for reading across
//     provinces, not as a grant over the calendar.
//
// writes says which roles may ever change the calendar; CanChangeCalendar
// adds the scope. MayChange and CanChange of KindCalendar answer with it,
// so the UI's buttons and the API agree.

// CanChangeCalendar reports whether p may create or change a year of the
// working-day calendar.
func CanChangeCalendar(p *Principal) bool {
	if p == nil || p.Agency != "" || !slices.Contains(writes[p.Role], KindCalendar) {
		return false
	}
	switch p.Role {
	case RoleAdmin:
		return true
	case RoleIntegration:
		return isProvinceCode(p.Region)
	}
	return false
}

// isProvinceCode reports whether code is the 6-digit code of a whole
// province-level division (370000).
func isProvinceCode(code string) bool {
	return len(code) == 6 && ident.ValidateRegionCode(code) == nil && len(ident.RegionPrefix(code)) == 2
}

// CanSeeOfficerPrivate reports whether p may read an officer's 身份证号 and
// exam score (t is the officer's Target): the certificate authority — an
// administrator or supervisor whose jurisdiction holds the officer — and
// the agency admin of the officer's own agency. An integration token that
// may maintain the officer reads back what it writes (the API never sends
// the 身份证号 anyway). Everyone else, social supervisors and officers
// included, gets the masked record (registry masks it on every read).
func CanSeeOfficerPrivate(p *Principal, t Target) bool {
	if p == nil || !CanSee(p, t) {
		return false
	}
	switch p.Role {
	case RoleAdmin, RoleSupervisor:
		return true
	case RoleAgencyAdmin:
		return p.Agency != "" && slices.Contains(t.Agencies, p.Agency)
	case RoleIntegration:
		return CanChange(p, KindOfficer, t)
	}
	return false
}

// CanSee reports whether p may read an object at t.
//
// An outside review expert (RoleExpert) sees nothing through its region:
// its region only says which supervision body made it (review.go).
func CanSee(p *Principal, t Target) bool {
	if p == nil || p.Role == RoleExpert || !ident.Contains(p.Region, t.Region) {
		return false
	}
	return p.Agency == "" || slices.Contains(t.Agencies, p.Agency)
}

// CanChange reports whether p may create or change an object of kind k at t.
// Changing an existing object needs CanChange at both its old and new place.
func CanChange(p *Principal, k Kind, t Target) bool {
	if k == KindCalendar {
		return CanChangeCalendar(p)
	}
	return p != nil && slices.Contains(writes[p.Role], k) && CanSee(p, t)
}

// MayChange reports whether p's role may change objects of kind k anywhere;
// the UI uses it to show or hide buttons.
func MayChange(p *Principal, k Kind) bool {
	if k == KindCalendar {
		return CanChangeCalendar(p)
	}
	return p != nil && slices.Contains(writes[p.Role], k)
}

// CanViewAudit reports whether p may read the audit trail of its region.
func CanViewAudit(p *Principal) bool {
	return p != nil && (p.Role == RoleAdmin || p.Role == RoleSupervisor)
}

// FilterRegion restricts a list to p's region subtree with a range scan
// on col (never LIKE, so the B-tree index is used on both engines).
func FilterRegion(p *Principal, w *store.Where, col string) {
	// A malformed region must match nothing, as in CanSee: RegionPrefix
	// returns it unchanged, so "37" or "3" would widen the scope.
	if p == nil || p.Role == RoleExpert || (p.Region != "" && ident.ValidateRegionCode(p.Region) != nil) {
		w.Add("1 = 0")
		return
	}
	prefix := ident.RegionPrefix(p.Region)
	if prefix == "" {
		return
	}
	w.Add(col+" >= ? AND "+col+" < ?", prefix, ident.PrefixEnd(prefix))
}

// FilterAgencies restricts agencies (col is their code) to p's scope.
func FilterAgencies(p *Principal, w *store.Where, regionCol, codeCol string) {
	FilterRegion(p, w, regionCol)
	if p != nil && p.Agency != "" {
		w.Add(codeCol+" = ?", p.Agency)
	}
}

// FilterOfficers restricts officers to p's scope.
func FilterOfficers(p *Principal, w *store.Where, regionCol, agencyCol string) {
	FilterAgencies(p, w, regionCol, agencyCol)
}

// FilterMatters restricts matters to p's scope; an agency-bound principal
// sees the matters its agency holds.
func FilterMatters(p *Principal, w *store.Where, regionCol, idCol string) {
	FilterRegion(p, w, regionCol)
	if p != nil && p.Agency != "" {
		w.Add("EXISTS (SELECT 1 FROM matter_agencies ma WHERE ma.matter_id = "+idCol+" AND ma.agency_code = ?)", p.Agency)
	}
}
