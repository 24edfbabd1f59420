package authzmatrix_test

// The rules of warning handling (spec/supervision-v1.md §1), the rules as
// data (§2) and their settings, stated here on their own like
// rules_test.go's. "The case's agency" is an agency administrator, head
// or integration token bound to the case's agency; "supervision" is a
// supervisor or administrator bound to no agency whose region contains
// the case's (or the setting's) region.

import (
	"slices"
	"strings"

	"zfjd/internal/auth"
)

var (
	caseAgencyRoles  = []auth.Role{agencyAdmin, head, integration}
	supervisionRoles = []auth.Role{admin, supervisor}
)

// within: region lies in w's jurisdiction.
// An outside review expert's region reaches nothing (it names the body that made it).
func within(w *who, region string) bool {
	return w.role != auth.RoleExpert && strings.HasPrefix(region, prefix(w.region))
}

// bindsRegion: the rules in force in region bind w's cases or lie in its
// jurisdiction — region is in w's subtree, or w's region is in region's.
func bindsRegion(w *who, region string) bool {
	return within(w, region) || (w.role != auth.RoleExpert && w.region != "" && strings.HasPrefix(w.region, prefix(region)))
}

func isSupervision(w *who) bool { return slices.Contains(supervisionRoles, w.role) && w.agency == "" }

// supervisionRules answer for the kinds of this file (known false: not one).
func supervisionRules(w *who, r *route, p *place) (want, why string, known bool) {
	allowed := func() (string, string, bool) {
		if r.strict {
			return ok, "allowed", true
		}
		return pass, "allowed (the stage or the form may still refuse)", true
	}
	switch r.kind {
	case "warning", "warning-act":
		if w.role == social {
			return hidden, "a warning is about a case file, closed to social supervisors", true
		}
		if !reaches(w, p.region, p.agency) {
			return hidden, "outside the jurisdiction", true
		}
		if r.kind == "warning" {
			return ok, "inside the jurisdiction", true
		}
		switch r.act {
		case "sign", "rectify", "explain":
			if !slices.Contains(caseAgencyRoles, w.role) {
				return forbid, "only the case's agency (its administrator, head or system) " + r.act + "s", true
			}
			if w.agency != p.agency {
				return forbid, "not the case's agency", true
			}
		case "verify", "return":
			if !isSupervision(w) {
				return forbid, "only supervision " + r.act + "s", true
			}
		}
		return allowed()
	case "region-setting":
		// The escalation period of a region: supervision of that region.
		if w.role == auth.RoleExpert && strings.HasPrefix(p.region, prefix(w.region)) {
			// The setting's scope check is on the account's region, then the
			// role: inside the region that made it, an expert is refused.
			return forbid, "an outside review expert sets nothing", true
		}
		if !within(w, p.region) {
			return hidden, "the region is outside the jurisdiction", true
		}
		if !isSupervision(w) {
			return forbid, "only supervision of the region sets it", true
		}
		return allowed()
	case "rules":
		if !bindsRegion(w, p.region) {
			return hidden, "the rules of a region neither above nor inside the jurisdiction", true
		}
		return ok, "the rules in force for the caller's cases or jurisdiction", true
	case "rule-setting":
		if r.api() && r.method() == "PUT" {
			// An upsert: every refusal 403, telling nothing of what exists.
			if !isSupervision(w) || !within(w, p.region) {
				return forbid, "only supervision of the region or an administrator (an upsert answers 403)", true
			}
			return allowed()
		}
		if !bindsRegion(w, p.region) {
			return hidden, "the rules of a region neither above nor inside the jurisdiction", true
		}
		if !isSupervision(w) {
			return forbid, "only supervision or an administrator sets a rule", true
		}
		if !within(w, p.region) {
			return forbid, "a setting above the caller's region binds it; it is not the caller's to set", true
		}
		return allowed()
	case "custom-rule":
		if r.verb == read {
			if w.role == social {
				return hidden, "what supervision watches for is closed to social supervisors", true
			}
			if !bindsRegion(w, p.region) {
				return hidden, "a rule of a region neither above nor inside the jurisdiction", true
			}
			return ok, "inside the jurisdiction", true
		}
		// The editor's save, like the API's PUT, is an upsert by code: every
		// refusal 403.
		if !isSupervision(w) {
			return forbid, "only supervision or an administrator sets a custom rule", true
		}
		if p != nil && !within(w, p.region) {
			return forbid, "the rule's region is outside the jurisdiction (an upsert answers 403)", true
		}
		return allowed()
	case "card-settings":
		// The 红黄牌 thresholds of the caller's own region: supervision.
		if !isSupervision(w) {
			return forbid, "only supervision sets the 红黄牌 thresholds", true
		}
		return allowed()
	case "card-proposal":
		// A 红牌's proposal (暂扣/离岗培训) is decided by supervision, the
		// certificate's issuer, for the officers of its jurisdiction.
		if !reaches(w, p.region, p.agency) {
			return hidden, "outside the jurisdiction", true
		}
		if !isSupervision(w) {
			return forbid, "only supervision decides a 红牌 proposal", true
		}
		return allowed()
	case "inaction-explanation":
		// The explanation of an unused power is the agency's own (its
		// administrator or head).
		if !reaches(w, p.region, p.agency) {
			return hidden, "outside the jurisdiction", true
		}
		if (w.role != agencyAdmin && w.role != head) || w.agency != p.agency {
			return forbid, "only the agency's administrator or head explains its inaction", true
		}
		return allowed()
	case "dry-run":
		if !isSupervision(w) {
			return forbid, "only supervision or an administrator tries a rule", true
		}
		if !within(w, p.region) {
			return forbid, "the region is outside the jurisdiction", true
		}
		return allowed()
	}
	return "", "", false
}
