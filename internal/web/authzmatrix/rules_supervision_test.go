package authzmatrix_test

// The rules of supervision cases (spec/supervision-v1.md §5), stated here
// on their own: "supervision" (a supervisor or administrator bound to no
// agency whose region contains the case's) opens, reads and handles a
// case; "the case's agency" (its administrator, head or integration
// token) reads its own cases and records its answers (纠正情况, 异议,
// 执行情况); everyone else — its officers and reviewers, other agencies,
// social supervisors, integration tokens of a region — does not see it.

import "slices"

// supervisionCaseRules answer for the kinds of this file (known false: not one).
func supervisionCaseRules(w *who, r *route, p *place) (want, why string, known bool) {
	if r.kind == "review-standard" {
		want, why := reviewStandardRules(w, r, p)
		return want, why, true
	}
	if r.kind == "review" || r.kind == "review-file" || r.kind == "review-expert" {
		return reviewRules(w, r, p)
	}
	if r.kind == "supervision-cert" {
		want, why := supervisionCertRules(w, r, p)
		return want, why, true
	}
	if r.kind == "special" {
		want, why := specialRules(w, r)
		return want, why, true
	}
	if r.kind == "supervision-setting" {
		if !isSupervision(w) || !within(w, p.region) {
			return forbid, "a region's supervision time limits are set by its supervision (条例 Arts. 27–29: 规定时限; 鲁条例 Arts. 28–29)", true
		}
		return ok, "supervision of the region", true
	}
	if r.kind != "supervision-case" && r.kind != "supervision-act" {
		return "", "", false
	}
	sup := isSupervision(w)
	agencySide := p != nil && slices.Contains(caseAgencyRoles, w.role) && w.agency == p.agency
	switch r.verb {
	case list:
		return ok, "lists are filtered to the supervision body's region or the agency's own cases", true
	case create:
		if !sup {
			return forbid, "only supervision opens a supervision case", true
		}
		if p != nil && !within(w, p.region) {
			return forbid, "the agency is outside the supervision body's region", true
		}
		return ok, "supervision of the agency's region", true
	}
	if !(sup && within(w, p.region)) && !(agencySide && within(w, p.region)) {
		return hidden, "neither supervision of the region nor the case's agency", true
	}
	if r.verb == read {
		return ok, "supervision of the region or the case's agency", true
	}
	switch r.act {
	case "notice":
		if !sup {
			return forbid, "通报 is supervision's (条例 Art. 31)", true
		}
		return ok, "supervision of the region", true
	case "assist_request":
		if !sup {
			return forbid, "asking a 司法所 to assist is the supervision body's (条例 Art. 6 ¶2)", true
		}
		return ok, "supervision of the region", true
	case "assist":
		return forbid, "assistance is recorded by the township's 司法所 the body named, not in the body's name (条例 Art. 6 ¶2)", true
	case "objection":
		if !agencySide {
			return forbid, "异议 is the case's agency's (条例 Art. 30)", true
		}
		return pass, "the case's agency (once: a pending objection answers 409)", true
	}
	return "", "", false
}

// reviewRules: a 案卷评查 campaign is its supervision body's (supervision
// of the campaign's region); a file's assigned reviewers (here the
// accounts "supervisor" and "city") read and score it; an agency reads its
// results once published (never in these rows: the campaigns stay
// unpublished while they are read); everyone else does not see it.
func reviewRules(w *who, r *route, p *place) (string, string, bool) {
	if r.kind == "review-expert" {
		if !isSupervision(w) {
			return forbid, "outside experts are made by a supervision body", true
		}
		return ok, "supervision (its experts; a new one is of its region)", true
	}
	body := p != nil && isSupervision(w) && within(w, p.region)
	assigned := w.user == "supervisor" || w.user == "city" || (w.user == "expert" && p != nil && p.name == "here")
	switch {
	case r.verb == list:
		return ok, "campaigns are filtered to the body, the reviewers and the agencies reviewed", true
	case r.verb == create:
		if !isSupervision(w) {
			return forbid, "only supervision organises a review", true
		}
		if !within(w, p.region) {
			return refuse, "the agency reviewed is outside the body's region (an invalid choice)", true
		}
		return ok, "supervision of the agency's region", true
	case r.verb == read:
		if body || assigned {
			return ok, "the campaign's body or an assigned reviewer", true
		}
		return hidden, "neither the campaign's body nor an assigned reviewer", true
	case r.act == "score":
		if !assigned {
			return hidden, "only an assigned reviewer scores (others do not see the file)", true
		}
		return pass, "an assigned reviewer (once settled, later sheets answer with a message)", true
	}
	if !body {
		return hidden, "only the campaign's body " + r.act + "s", true
	}
	return pass, "the campaign's body (the campaign's or file's state may refuse, with a message)", true
}
