package auth_test

import (
	"testing"

	"zfjd/internal/auth"
	"zfjd/internal/store"
)

// TestSocialSupervisorSeesOnlyItsOwn: a 社会监督员's account reads its own
// appointment, clues and observation records and nothing else — no case
// file, supervision case, inspection or review file, not another social
// supervisor's records, never a complainant's contact — and reviews
// nothing; supervision of the region reads and reviews its records, the
// agency observed reads none.
func TestSocialSupervisorSeesOnlyItsOwn(t *testing.T) {
	me := &auth.Principal{ID: 7, Role: auth.RoleSocial, Region: "370100"}
	other := &auth.Principal{ID: 8, Role: auth.RoleSocial, Region: "370100"}
	sup := &auth.Principal{ID: 1, Role: auth.RoleSupervisor, Region: "370102"}
	far := &auth.Principal{ID: 2, Role: auth.RoleSupervisor, Region: "370103"}
	agency := &auth.Principal{ID: 3, Role: auth.RoleAgencyAdmin, Region: "370102", Agency: agencyA}
	obs := auth.ObservationScope{Region: "370102", Observer: 7}
	clue := auth.ComplaintScope{Region: "370102", ClueBy: 7}
	in := auth.Target{Region: "370102", Agencies: []string{agencyA}}
	for _, c := range []struct {
		what string
		got  bool
		want bool
	}{
		{"own observation", auth.CanSeeObservation(me, obs), true},
		{"another's observation", auth.CanSeeObservation(other, obs), false},
		{"review own observation", auth.CanReviewObservation(me, obs), false},
		{"supervision of the region reads it", auth.CanSeeObservation(sup, obs), true},
		{"supervision of the region reviews it", auth.CanReviewObservation(sup, obs), true},
		{"another county's supervision", auth.CanSeeObservation(far, obs), false},
		{"the agency observed", auth.CanSeeObservation(agency, obs), false},
		{"an observation of no one", auth.CanSeeObservation(me, auth.ObservationScope{Region: "370102"}), false},
		{"own clue", auth.CanSeeComplaint(me, clue), true},
		{"another's clue", auth.CanSeeComplaint(other, clue), false},
		{"a complaint that is no clue", auth.CanSeeComplaint(me, auth.ComplaintScope{Region: "370102"}), false},
		{"the contact of own clue", auth.CanSeeComplaintContact(me, clue), false},
		{"own appointment", auth.CanSeeAppointment(me, "370100", 7), true},
		{"another's appointment", auth.CanSeeAppointment(me, "370100", 8), false},
		{"an appointment with no account", auth.CanSeeAppointment(me, "370100", 0), false},
		{"the agency reads an appointment", auth.CanSeeAppointment(agency, "370102", 7), false},
		{"a case file", auth.CanSeeCase(me, in), false},
		{"a supervision case", auth.CanSeeSupervisionCase(me, "370102", agencyA), false},
		{"an inspection", auth.CanSeeInspection(me, in), false},
		{"a case-file review", auth.CanReadReviewedCase(me, true), false},
	} {
		if c.got != c.want {
			t.Errorf("social supervisor, %s: %v, want %v", c.what, c.got, c.want)
		}
	}
	for _, c := range []struct {
		p    *auth.Principal
		want string
	}{
		{me, " WHERE (o.account_id = $1)"},
		{sup, " WHERE (o.region_code >= $1 AND o.region_code < $2)"},
		{agency, " WHERE (1 = 0)"},
		{nil, " WHERE (1 = 0)"},
		{&auth.Principal{Role: auth.RoleSocial}, " WHERE (1 = 0)"}, // no account: nothing
	} {
		var w store.Where
		auth.FilterObservations(c.p, &w, "o.region_code", "o.account_id")
		if w.SQL() != c.want {
			t.Errorf("FilterObservations(%+v) = %q, want %q", c.p, w.SQL(), c.want)
		}
	}
	var w store.Where
	auth.FilterCases(me, &w, "region_code", "agency_code")
	if w.SQL() != " WHERE (1 = 0)" {
		t.Errorf("a social supervisor's case list: %q", w.SQL())
	}
}
