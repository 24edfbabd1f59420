package auth

import "zfjd/internal/store"

// 社会监督员 (social supervisors, DOMAIN.md C11) are citizens a supervision
// body appoints. Their account sends clues (its own complaints: see
// IsClueAuthor) and records on-site observations (旁站式监督); it reads its
// own appointment, clues and observations and nothing else — never a case
// file (CanSeeCase, FilterCases), a supervision case or an inspection.
// Supervision of the region reads, reviews and manages them.

// ObservationScope is where an observation record lives: the region of
// the agency observed and the social supervisor's account that made it.
type ObservationScope struct {
	Region   string
	Observer int64
}

// IsObserver reports whether p is the social supervisor who recorded it.
func IsObserver(p *Principal, s ObservationScope) bool {
	return p != nil && p.Role == RoleSocial && p.ID != 0 && s.Observer != 0 && p.ID == s.Observer
}

// CanReviewObservation reports whether p reviews it: supervision of the
// observed agency's region (accept, return, turn a finding into a clue).
func CanReviewObservation(p *Principal, s ObservationScope) bool {
	return IsSupervisionOf(p, Target{Region: s.Region})
}

// CanSeeObservation: the observer, or supervision of its region. Anyone
// else — the agency observed included — gets "not found".
func CanSeeObservation(p *Principal, s ObservationScope) bool {
	return IsObserver(p, s) || CanReviewObservation(p, s)
}

// FilterObservations narrows a list of observations to CanSeeObservation.
func FilterObservations(p *Principal, w *store.Where, regionCol, observerCol string) {
	FilterSocial(p, w, regionCol, observerCol)
}

// CanSeeAppointment: a social supervisor's appointment (聘任) with its
// training, evaluation and reward records is read by supervision of its
// region and by the supervisor's own account (account 0 = none yet).
func CanSeeAppointment(p *Principal, region string, account int64) bool {
	return IsSupervisionOf(p, Target{Region: region}) || IsObserver(p, ObservationScope{Observer: account})
}

// FilterSocial narrows a list of what social supervisors own (their
// appointments, their observations): the own account's rows for a social
// supervisor, the region's for supervision, none for anyone else.
func FilterSocial(p *Principal, w *store.Where, regionCol, accountCol string) {
	switch {
	case p != nil && p.Role == RoleSocial && p.ID != 0:
		w.Add(accountCol+" = ?", p.ID)
	case p != nil && (p.Role == RoleSupervisor || p.Role == RoleAdmin) && p.Agency == "":
		FilterRegion(p, w, regionCol)
	default:
		w.Add("1 = 0")
	}
}
