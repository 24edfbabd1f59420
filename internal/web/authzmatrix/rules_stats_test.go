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
//     outside the jurisdiction does not exist (404), other roles 403;
//   - an agency's 年报 (report.Workflow) is read by its administrator or
//     head and by supervision whose region contains it, and by nobody else
//     (404); the list is theirs (others 403); the agency alone explains
//     and refreshes it — supervision of its region is refused (403);
//   - the indicator set and the import of outside indicators are the
//     supervision body's (others 403); a workbook row of an agency outside
//     its jurisdiction is refused (400) and nothing is stored.

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
	case "assessment-set":
		if !isSupervision(w) {
			return forbid, "only supervision sets its region's indicators", true
		}
		return ok, "the indicator set of the caller's own region", true
	case "assessment-import":
		if !isSupervision(w) {
			return forbid, "only supervision imports the outside indicators", true
		}
		if !reaches(w, p.region, p.agency) {
			return refuse, "the workbook's agency is outside the jurisdiction: the row is refused, nothing stored", true
		}
		return ok, "an agency inside the jurisdiction", true
	case "reports":
		if !isSupervision(w) && !((w.role == agencyAdmin || w.role == head) && w.agency != "") {
			return forbid, "only an agency's admin or head and supervision list the 年报", true
		}
		return ok, "the year's reports of the caller's agency or region", true
	case "report", "report-agency":
		owner := (w.role == agencyAdmin || w.role == head) && w.agency == p.agency
		super := isSupervision(w) && within(w, p.region)
		switch {
		case owner:
			return ok, "the agency's own report", true
		case !super:
			return hidden, "another agency's report, or outside the jurisdiction", true
		case r.kind == "report":
			return ok, "supervision reads the reports of its region", true
		}
		return forbid, "the report's explanations and refresh are the agency's", true
	}
	return "", "", false
}
