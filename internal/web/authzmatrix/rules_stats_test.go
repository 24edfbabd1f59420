package authzmatrix_test

// The rules of the statistics (issue 15), stated on their own:
//   - the dashboards are read by supervision bodies and administrators for
//     their region and by an agency's administrator or head for their own
//     agency; a region outside the caller's jurisdiction does not exist
//     (404); officers, reviewers, social supervisors and integration
//     tokens read none (403);
//   - the 年报 of a region is read by supervision or an administrator
//     bound to no agency whose region contains it (§7 "supervision or
//     admin"): every other role 403, a region outside 404;
//   - the 评议考核 is read and adjusted by the same supervision: an agency
//     outside the jurisdiction does not exist (404), other roles 403.

import (
	"slices"

	"zfjd/internal/auth"
)

// statsRules answer for the kinds of this file (known false: not one).
func statsRules(w *who, r *route, p *place) (want, why string, known bool) {
	switch r.kind {
	case "statistics":
		readers := []auth.Role{admin, supervisor}
		if !slices.Contains(readers, w.role) && !((w.role == agencyAdmin || w.role == head) && w.agency != "") {
			return forbid, "only supervision, administrators and an agency's admin or head read dashboards", true
		}
		if !within(w, p.region) {
			return hidden, "the region is outside the jurisdiction", true
		}
		return ok, "the dashboard of a region inside the jurisdiction (narrowed to the agency when bound to one)", true
	case "annual-report":
		if !isSupervision(w) {
			return forbid, "only supervision or an administrator bound to no agency reads the 年报", true
		}
		if !within(w, p.region) {
			return hidden, "the region is outside the jurisdiction", true
		}
		return ok, "the 年报 of a region inside the jurisdiction", true
	case "assessment":
		if !isSupervision(w) {
			return forbid, "only supervision or an administrator bound to no agency reads the assessment", true
		}
		return ok, "the assessment of the caller's own region", true
	case "assessment-adjust":
		// Supervision adjusts the score of an agency in its jurisdiction.
		if !isSupervision(w) {
			return forbid, "only supervision adjusts a score", true
		}
		if !reaches(w, p.region, p.agency) {
			return hidden, "the agency is outside the jurisdiction", true
		}
		return ok, "an agency inside the jurisdiction", true
	}
	return "", "", false
}
