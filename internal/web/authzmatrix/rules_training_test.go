package authzmatrix_test

// The rules of 法律培训 and 证明事项告知承诺制 (issue 19), stated here on
// their own. The certificate authority — supervision (an administrator or
// supervisor bound to no agency) of a region — keeps the question bank,
// the exam sessions and the rule for a failed exam there (行政执法监督条例
// Art. 17); courses, plans and catalogue items are kept by that
// supervision or by the agency's own administrator; an officer (an
// account of an officer, reviewer or head) studies and sits exams in his
// own name; a promise is recorded by the agency that received it and
// verified by the agency asked to (行政协助核查).

import (
	"slices"
	"strings"

	"zfjd/internal/auth"
)

var (
	studyRoles   = []auth.Role{officer, reviewer, head}
	recordsRoles = []auth.Role{admin, supervisor, agencyAdmin, head} // read training records and statistics
	promiseRoles = []auth.Role{agencyAdmin, officer, head, reviewer}
	verifyRoles  = []auth.Role{agencyAdmin, officer, head} // answer a 协助核查
)

func studies(w *who) bool { return slices.Contains(studyRoles, w.role) && w.cert != "" }

func readsRecords(w *who) bool {
	return slices.Contains(recordsRoles, w.role) && (w.agency != "" || w.role == admin || w.role == supervisor)
}

// readsSession: supervision of a region holding the session, or an
// agency's admin or head whose region lies in the session's.
func readsSession(w *who, region string) bool {
	if isSupervision(w) {
		return within(w, region)
	}
	return (w.role == agencyAdmin || w.role == head) && w.agency != "" && strings.HasPrefix(w.region, prefix(region))
}

// trainingRules answer for the kinds of this file (known false: not one).
func trainingRules(w *who, r *route, p *place) (want, why string, known bool) {
	allowed := func() (string, string, bool) {
		if r.strict {
			return ok, "allowed", true
		}
		return pass, "allowed (the state may still refuse)", true
	}
	switch r.kind {
	case "training-desk", "promise-desk":
		return ok, "everyone signed in has the desk (what it lists is narrowed)", true
	case "course-study":
		if !studies(w) {
			return forbid, "only an officer studies, in his own name", true
		}
		if !strings.HasPrefix(w.region, prefix(p.region)) || w.agency != p.agency {
			return hidden, "the course is not offered to the officer's agency", true
		}
		return allowed()
	case "course-material", "course-material-add":
		// The place's course is its agency's: kept by the region's
		// supervision or that agency's administrator, offered to that
		// agency's officers.
		if (isSupervision(w) && within(w, p.region)) || (w.role == agencyAdmin && w.agency == p.agency) {
			return allowed()
		}
		if r.kind == "course-material" {
			if studies(w) && strings.HasPrefix(w.region, prefix(p.region)) && w.agency == p.agency {
				return ok, "the course is offered to the officer", true
			}
			return hidden, "neither offered the course nor keeping it", true
		}
		if reaches(w, p.region, p.agency) {
			return forbid, "only supervision or the agency's administrator adds a course's materials", true
		}
		return hidden, "the course is outside the jurisdiction", true
	case "course":
		keeper := isSupervision(w) || (w.role == agencyAdmin && w.agency != "")
		if !keeper {
			return forbid, "only supervision or an agency's administrator publishes courses", true
		}
		if p != nil && !within(w, p.region) {
			return forbid, "the region is outside the jurisdiction", true
		}
		return allowed() // an agency administrator publishes for its own agency
	case "training-records":
		if !readsRecords(w) {
			return hidden, "training records are read by supervision and the agencies' admins and heads", true
		}
		return ok, "inside the jurisdiction (the list is narrowed)", true
	case "training-plan":
		if w.role == agencyAdmin && w.agency != "" {
			return ok, "an agency administrator plans for its own agency (the form's agency is its own)", true
		}
		if isSupervision(w) && within(w, p.region) {
			return allowed()
		}
		return forbid, "only supervision of the region or the agency's administrator plans its training", true
	case "mock":
		if !studies(w) {
			return forbid, "only an officer takes a mock exam", true
		}
		return allowed()
	case "paper":
		if readsRecords(w) && reaches(w, p.region, p.agency) {
			return ok, "the officer's training records are in the jurisdiction", true
		}
		return hidden, "another officer's paper", true
	case "paper-submit", "exam-start":
		return hidden, "only the paper's own officer (seated in the session) answers it, and no actor is", true
	case "bank":
		if !isSupervision(w) {
			return hidden, "the bank (with its answers) is the certificate authority's", true
		}
		if p != nil && !within(w, p.region) {
			return forbid, "the region is outside the jurisdiction", true
		}
		return allowed()
	case "exam":
		if r.verb == create {
			if isSupervision(w) && within(w, p.region) {
				return allowed()
			}
			return forbid, "only supervision of the region holds an exam", true
		}
		if !readsSession(w, p.region) {
			return hidden, "the session is neither in the jurisdiction nor above the agency", true
		}
		if r.verb == read {
			return ok, "reads the session", true
		}
		if !isSupervision(w) {
			return forbid, "only supervision of the region seats candidates and publishes", true
		}
		return allowed()
	case "fail-rule":
		if !isSupervision(w) || !within(w, p.region) {
			return hidden, "the region's rule is read and set by its supervision", true
		}
		return allowed()
	case "promise-item":
		if w.role == agencyAdmin && w.agency != "" {
			return ok, "an agency administrator keeps its own agency's items (the form's agency is its own)", true
		}
		if isSupervision(w) && within(w, p.region) {
			return allowed()
		}
		return forbid, "only supervision of the region or the agency's administrator keeps its catalogue", true
	case "promise-record":
		if slices.Contains(promiseRoles, w.role) && w.agency == p.agency {
			return allowed()
		}
		return forbid, "only the agency that received the promise records it", true
	case "promise", "promise-verify":
		if w.role == social {
			return hidden, "social supervisors read no applicant's records", true
		}
		isVerifier := w.agency == verifierOf(p)
		if !isVerifier && !reaches(w, p.region, p.agency) {
			return hidden, "neither the receiving agency's jurisdiction nor the verifying agency", true
		}
		if r.kind == "promise" {
			return ok, "the receiving side, its supervision or the verifying agency", true
		}
		if isVerifier && slices.Contains(verifyRoles, w.role) {
			return pass, "the verifying agency answers (once: later rows find it answered)", true
		}
		return forbid, "only the verifying agency answers a 协助核查", true
	}
	return "", "", false
}
