package auth_test

import (
	"reflect"
	"strings"
	"testing"

	"zfjd/internal/auth"
	"zfjd/internal/store"
)

const agencyA, agencyB = "11370102000000001X", "11370102000000002Y" // opaque here: only compared

func TestCanSee(t *testing.T) {
	admin := &auth.Principal{Role: auth.RoleAdmin}
	prov := &auth.Principal{Role: auth.RoleSupervisor, Region: "370000"}
	city := &auth.Principal{Role: auth.RoleSupervisor, Region: "370100"}
	county := &auth.Principal{Role: auth.RoleSupervisor, Region: "370102"}
	town := &auth.Principal{Role: auth.RoleSupervisor, Region: "370102001"}
	boundA := &auth.Principal{Role: auth.RoleAgencyAdmin, Region: "370102", Agency: agencyA}
	bad := &auth.Principal{Role: auth.RoleSupervisor, Region: "37"}

	inA := auth.Target{Region: "370102", Agencies: []string{agencyA}}
	inB := auth.Target{Region: "370102", Agencies: []string{agencyB}}
	shared := auth.Target{Region: "370102", Agencies: []string{agencyB, agencyA}}
	none := auth.Target{Region: "370102"}
	for _, c := range []struct {
		name string
		p    *auth.Principal
		t    auth.Target
		want bool
	}{
		{"nil principal", nil, inA, false},
		{"admin everywhere", admin, auth.Target{Region: "110101"}, true},
		{"admin, invalid object region", admin, auth.Target{Region: "000000"}, false},
		{"admin, empty object region", admin, auth.Target{Region: ""}, false},
		{"province sees county", prov, inA, true},
		{"province not other province", prov, auth.Target{Region: "110101"}, false},
		{"city sees own county", city, inA, true},
		{"city sees itself", city, auth.Target{Region: "370100"}, true},
		{"city sees township", city, auth.Target{Region: "370102001"}, true},
		{"city not sibling city", city, auth.Target{Region: "370202"}, false},
		{"city not its province", city, auth.Target{Region: "370000"}, false},
		{"county sees itself", county, inB, true},
		{"county not sibling", county, auth.Target{Region: "370103"}, false},
		{"county not its city", county, auth.Target{Region: "370100"}, false},
		{"county not similar prefix 3701020", county, auth.Target{Region: "370102001"}, true},
		{"township not its county", town, inA, false},
		{"bound: own agency", boundA, inA, true},
		{"bound: other agency same region", boundA, inB, false},
		{"bound: shared holder", boundA, shared, true},
		{"bound: no holder", boundA, none, false},
		{"bound: own agency code, other region", boundA, auth.Target{Region: "370103", Agencies: []string{agencyA}}, false},
		{"invalid principal region", bad, inA, false},
	} {
		if got := auth.CanSee(c.p, c.t); got != c.want {
			t.Errorf("%s: CanSee = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestCanChangeByRoleAndKind(t *testing.T) {
	in := auth.Target{Region: "370102", Agencies: []string{agencyA}}
	out := auth.Target{Region: "370202", Agencies: []string{agencyA}}
	// The calendar has no region: TestCanChangeCalendar.
	kinds := []auth.Kind{auth.KindAgency, auth.KindOfficer, auth.KindMatter, auth.KindAccount, auth.KindAudit,
		auth.KindCase, auth.KindBenchmark}
	// Which kinds each role may change inside its scope.
	want := map[auth.Role][]auth.Kind{
		auth.RoleAdmin:       {auth.KindAgency, auth.KindOfficer, auth.KindMatter, auth.KindAccount, auth.KindBenchmark},
		auth.RoleSupervisor:  {auth.KindAgency, auth.KindOfficer, auth.KindMatter},
		auth.RoleAgencyAdmin: {auth.KindOfficer, auth.KindMatter, auth.KindBenchmark}, // the registry, not cases
		auth.RoleIntegration: {auth.KindAgency, auth.KindOfficer, auth.KindMatter, auth.KindBenchmark, auth.KindCase},
		auth.RoleOfficer:     {auth.KindCase},
		auth.RoleReviewer:    {auth.KindCase},
		auth.RoleHead:        {auth.KindCase},
		auth.RoleSocial:      nil,
		"":                   nil,
		"root":               nil,
	}
	for role, allowed := range want {
		p := &auth.Principal{Role: role, Region: "370100", Agency: agencyA}
		for _, k := range kinds {
			exp := false
			for _, a := range allowed {
				exp = exp || a == k
			}
			if got := auth.CanChange(p, k, in); got != exp {
				t.Errorf("%q: CanChange(%s, in scope) = %v, want %v", role, k, got, exp)
			}
			if got := auth.MayChange(p, k); got != exp {
				t.Errorf("%q: MayChange(%s) = %v, want %v", role, k, got, exp)
			}
			if auth.CanChange(p, k, out) {
				t.Errorf("%q: CanChange(%s) outside its region", role, k)
			}
			if auth.CanChange(p, k, auth.Target{Region: "370102", Agencies: []string{agencyB}}) {
				t.Errorf("%q: CanChange(%s) for another agency", role, k)
			}
		}
	}
	if auth.CanChange(nil, auth.KindAgency, in) || auth.MayChange(nil, auth.KindAgency) {
		t.Error("nil principal may change")
	}
}

func TestCanViewAudit(t *testing.T) {
	for _, r := range auth.Roles {
		want := r == auth.RoleAdmin || r == auth.RoleSupervisor
		if got := auth.CanViewAudit(&auth.Principal{Role: r, Region: "370100"}); got != want {
			t.Errorf("CanViewAudit(%s) = %v, want %v", r, got, want)
		}
	}
	if auth.CanViewAudit(nil) {
		t.Error("CanViewAudit(nil) = true")
	}
}

func TestFilterRegionIsARangePredicate(t *testing.T) {
	for _, c := range []struct {
		region   string
		wantSQL  string
		wantArgs []any
	}{
		{"", "", nil},
		{"370000", " WHERE (x.region_code >= $1 AND x.region_code < $2)", []any{"37", "38"}},
		{"370100", " WHERE (x.region_code >= $1 AND x.region_code < $2)", []any{"3701", "3702"}},
		{"370102", " WHERE (x.region_code >= $1 AND x.region_code < $2)", []any{"370102", "370103"}},
		{"370109", " WHERE (x.region_code >= $1 AND x.region_code < $2)", []any{"370109", "37010:"}},
		{"370102001", " WHERE (x.region_code >= $1 AND x.region_code < $2)", []any{"370102001", "370102002"}},
		{"370100000000", " WHERE (x.region_code >= $1 AND x.region_code < $2)", []any{"3701", "3702"}},
	} {
		var w store.Where
		auth.FilterRegion(&auth.Principal{Role: auth.RoleSupervisor, Region: c.region}, &w, "x.region_code")
		if got := w.SQL(); got != c.wantSQL || !reflect.DeepEqual(w.Args, c.wantArgs) {
			t.Errorf("region %q: %q %v, want %q %v", c.region, got, w.Args, c.wantSQL, c.wantArgs)
		}
		if strings.Contains(strings.ToUpper(w.SQL()), "LIKE") {
			t.Errorf("region %q: filter uses LIKE: %s", c.region, w.SQL())
		}
	}
	var w store.Where
	auth.FilterRegion(nil, &w, "region_code")
	if got := w.SQL(); got != " WHERE (1 = 0)" {
		t.Errorf("nil principal: %q, want a filter that matches nothing", got)
	}
}

func TestFilterAgenciesAndMatters(t *testing.T) {
	p := &auth.Principal{Role: auth.RoleAgencyAdmin, Region: "370102", Agency: agencyA}
	var w store.Where
	auth.FilterAgencies(p, &w, "a.region_code", "a.code")
	if got, want := w.SQL(), " WHERE (a.region_code >= $1 AND a.region_code < $2) AND (a.code = $3)"; got != want {
		t.Errorf("FilterAgencies: %q, want %q", got, want)
	}
	if !reflect.DeepEqual(w.Args, []any{"370102", "370103", agencyA}) {
		t.Errorf("FilterAgencies args %v", w.Args)
	}
	w = store.Where{}
	auth.FilterOfficers(p, &w, "o.region_code", "o.agency_code")
	if got, want := w.SQL(), " WHERE (o.region_code >= $1 AND o.region_code < $2) AND (o.agency_code = $3)"; got != want {
		t.Errorf("FilterOfficers: %q, want %q", got, want)
	}
	w = store.Where{}
	auth.FilterMatters(p, &w, "m.region_code", "m.id")
	if got, want := w.SQL(), " WHERE (m.region_code >= $1 AND m.region_code < $2) AND (EXISTS (SELECT 1 FROM matter_agencies ma WHERE ma.matter_id = m.id AND ma.agency_code = $3))"; got != want {
		t.Errorf("FilterMatters: %q, want %q", got, want)
	}
	w = store.Where{}
	auth.FilterMatters(&auth.Principal{Role: auth.RoleAdmin}, &w, "m.region_code", "m.id")
	if w.SQL() != "" {
		t.Errorf("unbound national admin: %q, want no filter", w.SQL())
	}
	w = store.Where{}
	auth.FilterAgencies(nil, &w, "a.region_code", "a.code")
	if w.SQL() != " WHERE (1 = 0)" {
		t.Errorf("nil principal: %q", w.SQL())
	}
}

// The list filter and the per-object rule must agree for every principal
// region, including malformed ones: a list page must never show an object
// that its detail page would refuse.
func TestFilterRegionAgreesWithCanSee(t *testing.T) {
	scopes := []string{"", "370000", "370100", "370102", "370102001", "370100000000", "37", "3701", "3", "abcdef", "990000", "3701x0"}
	objects := []string{"370000", "370100", "370102", "370103", "370112", "370202", "110101", "370102001", "370102001001"}
	// (object regions are validated when stored, so only valid codes here)
	for _, s := range scopes {
		p := &auth.Principal{Role: auth.RoleSupervisor, Region: s}
		var w store.Where
		auth.FilterRegion(p, &w, "region_code")
		for _, o := range objects {
			listed := evalFilter(t, &w, o)
			if seen := auth.CanSee(p, auth.Target{Region: o}); listed != seen {
				t.Errorf("principal region %q, object %q: listed %v but CanSee %v (filter %s %v)", s, o, listed, seen, w.SQL(), w.Args)
			}
		}
	}
}

// evalFilter evaluates the few predicate shapes FilterRegion produces.
func evalFilter(t *testing.T, w *store.Where, code string) bool {
	t.Helper()
	switch sql := w.SQL(); sql {
	case "":
		return true
	case " WHERE (1 = 0)":
		return false
	case " WHERE (region_code >= $1 AND region_code < $2)":
		lo, hi := w.Args[0].(string), w.Args[1].(string)
		return code >= lo && code < hi
	default:
		t.Fatalf("unexpected filter %q", sql)
		return false
	}
}

// Case acts are the case workflow's (cases/workflow.go): auth answers
// only where and what kind of object. Of the agency's roles, the ones that
// act on cases act as one officer record (办、审、定分离 by person); the
// agency's registry administrator keeps the registry and writes no case.
func TestCaseWritersActAsOfficers(t *testing.T) {
	in := auth.Target{Region: "370102", Agencies: []string{agencyA}}
	for _, c := range []struct {
		role        auth.Role
		asOfficer   bool // records case acts in an officer's own name
		writesCases bool
	}{
		{auth.RoleOfficer, true, true},
		{auth.RoleReviewer, true, true},
		{auth.RoleHead, true, true},
		{auth.RoleAgencyAdmin, false, false},
		{auth.RoleAdmin, false, false},
		{auth.RoleSupervisor, false, false},
		{auth.RoleSocial, false, false},
		{auth.RoleIntegration, false, true}, // pushes whole cases through the API
	} {
		if got := c.role.ActsAsOfficer(); got != c.asOfficer {
			t.Errorf("%s: ActsAsOfficer = %v, want %v", c.role, got, c.asOfficer)
		}
		p := &auth.Principal{Role: c.role, Region: "370100", Agency: agencyA}
		if got := auth.CanChange(p, auth.KindCase, in); got != c.writesCases {
			t.Errorf("%s: CanChange(case) = %v, want %v", c.role, got, c.writesCases)
		}
	}
	// The agency's registry administrator: officers, matters and benchmarks
	// of its own agency, never a case of it.
	aa := &auth.Principal{Role: auth.RoleAgencyAdmin, Region: "370102", Agency: agencyA}
	if auth.CanChange(aa, auth.KindCase, in) || auth.MayChange(aa, auth.KindCase) {
		t.Error("agency_admin may write cases")
	}
	if !auth.CanChange(aa, auth.KindOfficer, in) || !auth.CanSeeCase(aa, in) {
		t.Error("agency_admin lost its registry write or its reading of its agency's cases")
	}
}

// Events and audit rows name people by certificate, else by account.
func TestPrincipalWho(t *testing.T) {
	for _, c := range []struct {
		p    *auth.Principal
		want string
	}{
		{nil, "system"},
		{&auth.Principal{Name: "张明", Username: "officer", Role: auth.RoleOfficer, CertNo: "37010200001"}, "37010200001"},
		{&auth.Principal{Name: "管理员", Username: "lixia_sj", Role: auth.RoleAgencyAdmin}, "lixia_sj"},
		{&auth.Principal{Name: "市场监管综合业务系统", Role: auth.RoleIntegration}, "市场监管综合业务系统"},
	} {
		if got := c.p.Who(); got != c.want {
			t.Errorf("Who(%+v) = %q, want %q", c.p, got, c.want)
		}
	}
}

// Social supervisors observe and send clues but do not read case files;
// the list filter agrees with the per-case rule.
func TestCanSeeCase(t *testing.T) {
	in := auth.Target{Region: "370102", Agencies: []string{agencyA}}
	for _, c := range []struct {
		p    *auth.Principal
		want bool
	}{
		{nil, false},
		{&auth.Principal{Role: auth.RoleSocial, Region: "370100"}, false},
		{&auth.Principal{Role: auth.RoleSupervisor, Region: "370100"}, true},
		{&auth.Principal{Role: auth.RoleOfficer, Region: "370102", Agency: agencyA, CertNo: "1"}, true},
		{&auth.Principal{Role: auth.RoleOfficer, Region: "370102", Agency: agencyB, CertNo: "2"}, false},
		{&auth.Principal{Role: auth.RoleSupervisor, Region: "370202"}, false},
	} {
		if got := auth.CanSeeCase(c.p, in); got != c.want {
			t.Errorf("CanSeeCase(%+v) = %v, want %v", c.p, got, c.want)
		}
	}
	var w store.Where
	auth.FilterCases(&auth.Principal{Role: auth.RoleSocial, Region: "370100"}, &w, "region_code", "agency_code")
	if w.SQL() != " WHERE (1 = 0)" {
		t.Errorf("social supervisor's case filter: %q, want one that matches nothing", w.SQL())
	}
	w = store.Where{}
	auth.FilterCases(&auth.Principal{Role: auth.RoleOfficer, Region: "370102", Agency: agencyA}, &w, "c.region_code", "c.agency_code")
	if got, want := w.SQL(), " WHERE (c.region_code >= $1 AND c.region_code < $2) AND (c.agency_code = $3)"; got != want {
		t.Errorf("officer's case filter: %q, want %q", got, want)
	}
}

// The national calendar: administrators, and integration tokens granted
// it by a province-level scope without an agency (authz.go). The agency-
// bound county token of the probe (H3) may not.
func TestCanChangeCalendar(t *testing.T) {
	for _, c := range []struct {
		name string
		p    *auth.Principal
		want bool
	}{
		{"admin national", &auth.Principal{Role: auth.RoleAdmin}, true},
		{"admin of a province", &auth.Principal{Role: auth.RoleAdmin, Region: "370000"}, true},
		{"integration province", &auth.Principal{Role: auth.RoleIntegration, Region: "370000"}, true},
		{"integration province, agency-bound", &auth.Principal{Role: auth.RoleIntegration, Region: "370000", Agency: agencyA}, false},
		{"integration city", &auth.Principal{Role: auth.RoleIntegration, Region: "370100"}, false},
		{"integration county", &auth.Principal{Role: auth.RoleIntegration, Region: "370102"}, false},
		{"integration county, agency-bound (probe H3)", &auth.Principal{Role: auth.RoleIntegration, Region: "370102", Agency: agencyA}, false},
		{"integration without region", &auth.Principal{Role: auth.RoleIntegration}, false},
		{"integration with a malformed region", &auth.Principal{Role: auth.RoleIntegration, Region: "37"}, false},
		{"integration 12-digit province code", &auth.Principal{Role: auth.RoleIntegration, Region: "370000000000"}, false},
		{"supervisor province", &auth.Principal{Role: auth.RoleSupervisor, Region: "370000"}, false},
		{"agency admin", &auth.Principal{Role: auth.RoleAgencyAdmin, Region: "370102", Agency: agencyA}, false},
		{"officer", &auth.Principal{Role: auth.RoleOfficer, Region: "370102", Agency: agencyA}, false},
		{"social supervisor", &auth.Principal{Role: auth.RoleSocial, Region: "370000"}, false},
		{"anonymous", nil, false},
	} {
		got := auth.CanChangeCalendar(c.p)
		if got != c.want {
			t.Errorf("%s: CanChangeCalendar = %v, want %v", c.name, got, c.want)
		}
		if auth.MayChange(c.p, auth.KindCalendar) != got || auth.CanChange(c.p, auth.KindCalendar, auth.Target{}) != got {
			t.Errorf("%s: MayChange/CanChange(calendar) disagree with CanChangeCalendar", c.name)
		}
	}
}

// Officers' 身份证号 and exam scores: the certificate authority and the
// officer's own agency admin (M5).
func TestCanSeeOfficerPrivate(t *testing.T) {
	officer := auth.Target{Region: "370102", Agencies: []string{agencyA}}
	for _, c := range []struct {
		name string
		p    *auth.Principal
		want bool
	}{
		{"admin", &auth.Principal{Role: auth.RoleAdmin}, true},
		{"supervisor of the county", &auth.Principal{Role: auth.RoleSupervisor, Region: "370102"}, true},
		{"supervisor of the city", &auth.Principal{Role: auth.RoleSupervisor, Region: "370100"}, true},
		{"supervisor of another county", &auth.Principal{Role: auth.RoleSupervisor, Region: "370103"}, false},
		{"agency admin of the agency", &auth.Principal{Role: auth.RoleAgencyAdmin, Region: "370102", Agency: agencyA}, true},
		{"agency admin of another agency", &auth.Principal{Role: auth.RoleAgencyAdmin, Region: "370102", Agency: agencyB}, false},
		{"agency admin bound to no agency", &auth.Principal{Role: auth.RoleAgencyAdmin, Region: "370102"}, false},
		{"integration that maintains it", &auth.Principal{Role: auth.RoleIntegration, Region: "370102"}, true},
		{"integration of another county", &auth.Principal{Role: auth.RoleIntegration, Region: "370103"}, false},
		{"colleague officer", &auth.Principal{Role: auth.RoleOfficer, Region: "370102", Agency: agencyA}, false},
		{"agency head", &auth.Principal{Role: auth.RoleHead, Region: "370102", Agency: agencyA}, false},
		{"legal reviewer", &auth.Principal{Role: auth.RoleReviewer, Region: "370102", Agency: agencyA}, false},
		{"social supervisor", &auth.Principal{Role: auth.RoleSocial, Region: "370100"}, false},
		{"anonymous", nil, false},
	} {
		if got := auth.CanSeeOfficerPrivate(c.p, officer); got != c.want {
			t.Errorf("%s: CanSeeOfficerPrivate = %v, want %v", c.name, got, c.want)
		}
	}
}
