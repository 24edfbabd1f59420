package authzmatrix_test

// The rules of coordination (行政执法监督条例 Art. 13; 山东省行政执法监督条例
// Art. 18), stated here on their own: "supervision" (a supervisor or
// administrator bound to no agency) of the dispute's region — the common
// region of the agencies named — reads it and coordinates (meetings,
// outcomes); "a named agency" (its administrator, head or integration
// token) reads it and answers once; an agency's speaker may open a
// dispute in its own name, supervision one whose agencies lie in its
// region. Everyone else does not see a dispute. The overlap list and the
// command board are supervision's only.

import "slices"

// coordinationRules answer for the kinds of this file (known false: not one).
func coordinationRules(w *who, r *route, p *place) (want, why string, known bool) {
	switch r.kind {
	case "dispute", "dispute-act", "coordination-view":
	case "joint", "joint-act":
		want, why = jointRules(w, r, p)
		return want, why, true
	case "transfer":
		want, why = transferRules(w, r, p)
		return want, why, true
	default:
		return "", "", false
	}
	sup := isSupervision(w)
	speaker := slices.Contains(caseAgencyRoles, w.role) && w.agency != ""
	if r.kind == "coordination-view" {
		if !sup {
			return forbid, "overlaps and the command board are the supervision body's", true
		}
		return ok, "supervision, of its own region", true
	}
	switch r.verb {
	case list:
		return ok, "the list is filtered to the region's disputes or the agency's own", true
	case create:
		switch {
		case speaker:
			return ok, "an agency opens a dispute in its own name (Art. 13)", true
		case sup && (p == nil || within(w, disputeOf(p).region)):
			return ok, "supervision opens one ex officio about agencies of its region", true
		case sup:
			return forbid, "the agencies lie outside the supervision body's region", true
		}
		return forbid, "neither supervision nor an agency's speaker", true
	}
	d := disputeOf(p)
	party := speaker && slices.Contains(d.parties, w.agency)
	coordinator := sup && within(w, d.region)
	if !party && !coordinator {
		return hidden, "neither supervision of the dispute's region nor a named agency", true
	}
	if r.verb == read {
		return ok, "supervision of the region or a named agency", true
	}
	switch r.act {
	case "meeting":
		if !coordinator {
			return forbid, "the coordination meeting is the supervision body's (Art. 13)", true
		}
		return ok, "supervision of the dispute's region", true
	case "answer":
		if !party {
			return forbid, "the written answer is a named agency's (Art. 13, 25)", true
		}
		return pass, "a named agency, once (a second answer is 409)", true
	}
	return "", "", false
}

// jointRules: a joint action (联合执法) is read by the supervision body of
// its members' common region and by its members' speakers; either opens
// one (an agency only with itself among the members); tasks are assigned
// by the lead agency or the supervision body.
func jointRules(w *who, r *route, p *place) (string, string) {
	sup := isSupervision(w)
	speaker := slices.Contains(caseAgencyRoles, w.role) && w.agency != ""
	switch r.verb {
	case list:
		return ok, "the list is filtered to the region's actions or the agency's own"
	case create:
		if p == nil {
			if sup || speaker {
				return ok, "supervision or an agency's speaker may open the form"
			}
			return forbid, "neither supervision nor an agency's speaker"
		}
		j := jointOf(p)
		switch {
		case sup && within(w, j.region):
			return ok, "supervision of the members' region"
		case speaker && slices.Contains(j.parties, w.agency):
			return ok, "a member agency opens it"
		}
		return forbid, "neither supervision of the members' region nor a member"
	}
	j := jointOf(p)
	member := speaker && slices.Contains(j.parties, w.agency)
	coordinator := sup && within(w, j.region)
	if !member && !coordinator {
		return hidden, "neither supervision of the action's region nor a member"
	}
	if r.verb == read {
		return ok, "supervision of the region or a member"
	}
	if coordinator || (speaker && w.agency == p.agency) {
		return ok, "tasks are assigned by the lead (the place's agency) or supervision"
	}
	return forbid, "a participant does not assign tasks"
}

// transferRules: a transfer (移送, Art. 33) is its sender's — the agency's
// speaker for a case of its own, the supervision body for clues and
// sharing — read and recorded on by the sender and the supervision body
// of the sender's region; the receipt is recorded once (later: 409).
func transferRules(w *who, r *route, p *place) (string, string) {
	sup := isSupervision(w)
	speaker := slices.Contains(caseAgencyRoles, w.role) && w.agency != ""
	switch r.verb {
	case list:
		return ok, "the list is filtered to the region's transfers or the agency's own"
	case create:
		if sup || speaker {
			return ok, "supervision or an agency's speaker sends"
		}
		return forbid, "neither supervision nor an agency's speaker"
	}
	if !(sup && within(w, p.region)) && !(speaker && w.agency == p.agency) {
		return hidden, "neither the sender nor supervision of its region"
	}
	if r.verb == read {
		return ok, "the sender or supervision of its region"
	}
	return pass, "the sender or supervision records the receipt (once)"
}
