package auth

import (
	"slices"

	"zfjd/internal/ident"
	"zfjd/internal/store"
)

// 法律培训 and exams (issue 19, DOMAIN.md C2) and 证明事项告知承诺制 (C17):
// who studies, who keeps the question bank and the exam sessions, who
// records promises and who answers a 协助核查.

// studyRoles act as one officer record: they study, take mock exams and
// sit the exams they are seated for, in their own name.
var studyRoles = []Role{RoleOfficer, RoleReviewer, RoleHead}

// CanStudy reports whether p studies and takes exams as an officer: an
// account linked to an officer's certificate.
func CanStudy(p *Principal) bool {
	return p != nil && p.CertNo != "" && slices.Contains(studyRoles, p.Role)
}

// CanKeepExams reports whether p keeps the question bank, the exam
// sessions and the region's rule for a failed exam in region: the
// certificate authority, i.e. supervision of that region (行政执法监督条例
// Art. 17: the supervision body reviews qualifications and issues
// certificates to who passes the 行政执法资格考试).
func CanKeepExams(p *Principal, region string) bool {
	return IsSupervisionOf(p, Target{Region: region})
}

// CanKeepCourses reports whether p may publish courses and plans for t
// (agency "" is every agency of the region): supervision of the region,
// or the agency's own administrator for its agency.
func CanKeepCourses(p *Principal, t Target) bool {
	if IsSupervisionOf(p, t) {
		return true
	}
	return p != nil && p.Role == RoleAgencyAdmin && p.Agency != "" && slices.Contains(t.Agencies, p.Agency) && CanSee(p, t)
}

// CanViewTraining reports whether p may read the training records, seat
// lists and results of t: supervision of the region, and an agency's
// admin or head for its agency.
func CanViewTraining(p *Principal, t Target) bool {
	return CanViewSupervision(p) && CanSee(p, t)
}

// FilterTraining narrows training records of officers to CanViewTraining.
func FilterTraining(p *Principal, w *store.Where, regionCol, agencyCol string) {
	if !CanViewSupervision(p) {
		w.Add("1 = 0")
		return
	}
	FilterAgencies(p, w, regionCol, agencyCol)
}

// CourseReaches reports whether a course of region and agency ("" = all
// agencies) is offered to an officer of officerRegion and officerAgency:
// courses come from the officer's own region or above it.
func CourseReaches(region, agency, officerRegion, officerAgency string) bool {
	return ident.Contains(region, officerRegion) && (agency == "" || agency == officerAgency)
}

// promiseSide are the roles that act for an agency on a promise record.
var promiseSide = []Role{RoleAgencyAdmin, RoleOfficer, RoleHead, RoleReviewer}

// CanKeepPromiseCatalogue reports whether p keeps the 证明事项 catalogue
// of t: supervision (the 司法行政部门 that compiles it) of the region, or
// the administrator of the agency the item belongs to.
func CanKeepPromiseCatalogue(p *Principal, t Target) bool {
	return CanKeepCourses(p, t)
}

// ActsForAgency reports whether p acts on a promise record in the name of
// agency: an account of that agency in one of the agency roles.
func ActsForAgency(p *Principal, agency string) bool {
	return p != nil && agency != "" && p.Agency == agency && slices.Contains(promiseSide, p.Role)
}

// CanSeePromise reports whether p may read a promise record received by
// t's agency and verified by verifier: the receiving agency, the agency
// asked to verify it (only once asked), and supervision of the region.
// Social supervisors read no applicant's records.
func CanSeePromise(p *Principal, t Target, verifier string) bool {
	if p == nil || p.Role == RoleSocial {
		return false
	}
	if verifier != "" && p.Agency == verifier {
		return true
	}
	return CanSee(p, t)
}

// FilterPromises narrows promise records to CanSeePromise; verifierCol
// holds the agency asked to verify (” until asked).
func FilterPromises(p *Principal, w *store.Where, regionCol, agencyCol, verifierCol string) {
	if p == nil || p.Role == RoleSocial || (p.Region != "" && ident.ValidateRegionCode(p.Region) != nil) {
		w.Add("1 = 0")
		return
	}
	if p.Agency != "" {
		w.Add(agencyCol+" = ? OR "+verifierCol+" = ?", p.Agency, p.Agency)
		return
	}
	FilterRegion(p, w, regionCol)
}
