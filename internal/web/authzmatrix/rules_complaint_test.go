package authzmatrix_test

// The rules of complaints (spec/supervision-v1.md §3), stated here on
// their own: "supervision" (a supervisor or administrator bound to no
// agency whose region contains the complaint's) reads and handles a
// complaint and alone reads the complainant's contact; the agency it was
// forwarded to (its administrator, head or integration token) reads it —
// never the contact — and replies; everyone else — the agency's officers
// and reviewers, other agencies, social supervisors whose clue it is not,
// regional integration tokens — does not see it. Lists are filtered.

import "slices"

// complaintRules answer for the kinds of this file (known false: not one).
func complaintRules(w *who, r *route, p *place) (want, why string, known bool) {
	switch r.kind {
	case "social", "observation", "complaint-clue", "complaint-hotline":
		return socialRules(w, r, p)
	case "complaint-setting":
		if !isSupervision(w) || !within(w, p.region) {
			return forbid, "a region's complaint deadlines are set by its supervision (spec §3: configurable per region)", true
		}
		return ok, "supervision of the region", true
	}
	if r.kind != "complaint" && r.kind != "complaint-act" && r.kind != "complaint-contact" {
		return "", "", false
	}
	if r.verb == list {
		return ok, "lists are filtered to the supervision body's region or what was forwarded to the agency", true
	}
	sup := isSupervision(w) && within(w, p.region)
	forwarded := slices.Contains(caseAgencyRoles, w.role) && w.agency != "" && w.agency == p.agency
	if !sup && !forwarded {
		return hidden, "neither supervision of the complaint's region nor the agency it was forwarded to", true
	}
	switch {
	case r.verb == read:
		return ok, "supervision of the region or the agency it was forwarded to", true
	case r.kind == "complaint-contact":
		if !sup {
			return forbid, "the contact is supervision's alone, never the agency complained about's (山东省行政执法监督条例 Art. 38(4))", true
		}
		return ok, "supervision of the region (the read is audited)", true
	case r.act == "note":
		if !sup {
			return forbid, "调查记录 is supervision's", true
		}
		return ok, "supervision of the region", true
	case r.act == "reply":
		if !forwarded {
			return forbid, "the reply is the agency's it was forwarded to (spec §3)", true
		}
		return pass, "the agency it was forwarded to (once: then 409)", true
	}
	return "", "", false
}

// socialRules: 社会监督员 are appointed, trained, evaluated and let go by
// supervision of their region; only a social supervisor (with an
// appointment in force, for agencies inside its region) sends clues and
// records observations; supervision reviews them; the social supervisor
// reads its own records; the 12345 import is supervision's, for orders of
// its region. Agencies and officers see none of it.
func socialRules(w *who, r *route, p *place) (want, why string, known bool) {
	sup := isSupervision(w)
	isSocial := w.role == social
	if r.verb == list {
		return ok, "lists are filtered to supervision's region or the social supervisor's own", true
	}
	switch r.kind {
	case "complaint-hotline":
		if !sup {
			return forbid, "the 12345 import is supervision's", true
		}
		if p != nil && !within(w, p.region) {
			return refuse, "the work order lies outside supervision's region (a row error)", true
		}
		return ok, "supervision of the order's region", true
	case "complaint-clue":
		if !isSocial {
			return forbid, "线索直通 is the social supervisors' channel", true
		}
		return ok, "a social supervisor with an appointment in force", true
	}
	if r.verb == create {
		if r.kind == "observation" {
			switch {
			case !isSocial:
				return forbid, "旁站式监督 is recorded by social supervisors", true
			case p != nil && !within(w, p.region):
				return forbid, "the agency lies outside the social supervisor's appointed region", true
			}
			return ok, "a social supervisor for an agency of its region", true
		}
		if !sup || !within(w, p.region) {
			return forbid, "聘任 is by supervision of the region", true
		}
		return ok, "supervision of the region", true
	}
	regional := sup && within(w, p.region)
	own := isSocial && r.kind == "observation" // the fixture's observations are all the social account's
	if !regional && !own {
		return hidden, "neither supervision of the region nor the social supervisor's own", true
	}
	switch {
	case r.verb == read:
		return ok, "supervision of the region or the social supervisor's own record", true
	case !regional:
		return forbid, "reviewed by supervision, not by the social supervisor", true
	case r.act == "exit" || r.act == "review" || r.act == "clue":
		return pass, "supervision of the region (once: then 409; a clue needs the record accepted)", true
	}
	return ok, "supervision of the region", true
}
