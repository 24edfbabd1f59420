package auth

import "zfjd/internal/store"

// Who reads and handles complaints (spec/supervision-v1.md §3). Which act
// a role may take when is the workflow's (complaint.Handling); these say
// on whose complaints. The agency complained about sees a complaint only
// once it is forwarded to it, and never the complainant's contact
// (山东省行政执法监督条例 Art. 38(4): no retaliation against complainants).

// ComplaintScope is where a complaint lives: its region, the agency it was
// forwarded to ("" = none yet) and the social supervisor whose clue it is
// (0 = none).
type ComplaintScope struct {
	Region      string
	ForwardedTo string
	ClueBy      int64
}

// IsComplaintSupervision reports whether p is supervision of the
// complaint's region: a supervisor or administrator, bound to no agency,
// whose region contains it. Only they accept, forward, answer and close,
// and only they read the contact.
func IsComplaintSupervision(p *Principal, s ComplaintScope) bool {
	return IsSupervisionOf(p, Target{Region: s.Region})
}

// IsComplaintAgency reports whether p speaks for the agency the complaint
// was forwarded to ("the case's agency" of the spec: its admin, head or
// integration token).
func IsComplaintAgency(p *Principal, s ComplaintScope) bool {
	if p == nil || p.Agency == "" || s.ForwardedTo == "" || p.Agency != s.ForwardedTo {
		return false
	}
	switch p.Role {
	case RoleAgencyAdmin, RoleHead, RoleIntegration:
		return true
	}
	return false
}

// IsClueAuthor reports whether p is the social supervisor who sent the
// complaint as a clue: the one public party with an account.
func IsClueAuthor(p *Principal, s ComplaintScope) bool {
	return p != nil && p.Role == RoleSocial && s.ClueBy != 0 && p.ID == s.ClueBy
}

// CanSeeComplaint reports whether p may read the complaint (without its
// contact): its supervision, the agency it was forwarded to, and the
// social supervisor whose clue it is. Anyone else gets "not found".
func CanSeeComplaint(p *Principal, s ComplaintScope) bool {
	return IsComplaintSupervision(p, s) || IsComplaintAgency(p, s) || IsClueAuthor(p, s)
}

// CanSeeComplaintContact reports whether p may read the complainant's
// contact (each read is audited): supervision of its region only.
func CanSeeComplaintContact(p *Principal, s ComplaintScope) bool {
	return IsComplaintSupervision(p, s)
}

// FilterComplaints narrows a complaint query to what CanSeeComplaint allows.
func FilterComplaints(p *Principal, w *store.Where, regionCol, forwardedCol, clueCol string) {
	switch {
	case p == nil:
		w.Add("1 = 0")
	case (p.Role == RoleSupervisor || p.Role == RoleAdmin) && p.Agency == "":
		FilterRegion(p, w, regionCol)
	case (p.Role == RoleAgencyAdmin || p.Role == RoleHead || p.Role == RoleIntegration) && p.Agency != "":
		w.Add(forwardedCol+" = ?", p.Agency)
	case p.Role == RoleSocial && p.ID != 0:
		w.Add(clueCol+" = ?", p.ID)
	default:
		w.Add("1 = 0")
	}
}
