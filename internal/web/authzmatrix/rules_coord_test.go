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
	case "meeting", "meeting-act":
		want, why = meetingRules(w, r, p)
		return want, why, true
	case "assist":
		want, why = assistRules(w, r, p)
		return want, why, true
	case "guiding", "exemption":
		want, why = guidingRules(w, r, p)
		return want, why, true
	case "license":
		want, why = licenseRules(w, r, p)
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

// meetingRules: a 联席会议 is convened by a supervision body for agencies of
// its region (an agency does not convene one); that body and the member
// agencies' speakers read it and its minutes; the body records the
// decisions; a decision is reported on by its owner, once (then 409).
func meetingRules(w *who, r *route, p *place) (string, string) {
	sup := isSupervision(w)
	speaker := slices.Contains(caseAgencyRoles, w.role) && w.agency != ""
	switch r.verb {
	case list:
		return ok, "the list is filtered to the region's meetings or the agency's own"
	case create:
		switch {
		case !sup:
			return forbid, "only a supervision body convenes a joint meeting"
		case p == nil || within(w, meetingOf(p).region):
			return ok, "supervision, with agencies of its region"
		}
		return refuse, "the agencies lie outside the supervision body's region (a field error)"
	}
	m := meetingOf(p)
	member := speaker && slices.Contains(m.parties, w.agency)
	coordinator := sup && within(w, m.region)
	if !member && !coordinator {
		return hidden, "neither supervision of the meeting's region nor a member"
	}
	if r.verb == read {
		return ok, "supervision of the region or a member"
	}
	switch r.act {
	case "decision":
		if coordinator {
			return ok, "the convening body records the decisions"
		}
		return forbid, "a member does not record decisions"
	case "report":
		if speaker && w.agency == p.agency {
			return pass, "the decision's owner reports once (later: 409)"
		}
		return forbid, "only the decision's owner reports on it"
	}
	return "", ""
}

// assistRules: a township's request (协作请求) or a licence notice is
// between two agencies: an agency's speaker sends one in its own name;
// the sender, the recipient and the supervision body of their region read
// it; the recipient signs it, once (then 409).
func assistRules(w *who, r *route, p *place) (string, string) {
	sup := isSupervision(w)
	speaker := slices.Contains(caseAgencyRoles, w.role) && w.agency != ""
	switch r.verb {
	case list:
		return ok, "the list is filtered to the agency's own or the region's"
	case create:
		if !speaker {
			return forbid, "only an agency's speaker sends a request or notice"
		}
		if r.req != nil && r.pattern == "POST /assists" {
			return pass, "an agency's speaker (the form without a case is a field error)"
		}
		return ok, "an agency's speaker"
	}
	a := assistOf(p)
	party := speaker && slices.Contains(a.parties, w.agency)
	if !party && !(sup && within(w, a.region)) {
		return hidden, "neither the sender, the recipient nor supervision of their region"
	}
	if r.verb == read {
		return ok, "the sender, the recipient or supervision of their region"
	}
	if speaker && w.agency == a.parties[1] {
		return pass, "the recipient signs once (later: 409)"
	}
	return forbid, "only the recipient signs"
}

// guidingRules: 典型案例 (Art. 24) and 尽职免责 findings (Art. 32) are the
// supervision body's, of its region: it lists, makes, publishes and
// revokes them (a form about a case or officer outside its region, or not
// decided, is a field error); an agency's admin or head reads its own
// officers' exemptions (the list) but does not revoke them.
func guidingRules(w *who, r *route, p *place) (string, string) {
	sup := isSupervision(w)
	switch r.verb {
	case list:
		if r.kind == "exemption" || sup {
			return ok, "supervision's of its region (the exemptions list: the agency's own, or none)"
		}
		return forbid, "guiding cases are the supervision body's"
	case create:
		if sup {
			return pass, "supervision (the matrix's form is refused field by field)"
		}
		return forbid, "only a supervision body makes one"
	}
	if sup && within(w, p.region) {
		return pass, "supervision of the region (a repeat is 409)"
	}
	if r.kind == "exemption" && w.agency == p.agency && (w.role == agencyAdmin || w.role == head) {
		return forbid, "the agency reads its officers' exemptions, supervision revokes them"
	}
	return hidden, "outside the supervision body's region"
}
