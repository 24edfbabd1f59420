package registry_test

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
)

// The authorization matrix: every kind of principal against objects in
// 历下区 370102 (agencies A and B), 市中区 370103 (C) and 青岛市南区 370202 (D).
// Matters are held by A, B, A+B, C, D and A+C (the last one lives in
// 济南市 370100, the region holding both).

type matrixFixture struct {
	agency  map[string]string // letter → USCC
	region  map[string]string // letter → region code
	officer map[string]string // letter → certificate number
	matter  map[string]string // holder letters → matter code
	holders map[string][]string
}

var (
	agencyLetters = []string{"A", "B", "C", "D"}
	matterKeys    = []string{"A", "B", "AB", "C", "D", "AC"}
)

func newMatrixFixture(t testing.TB) *matrixFixture {
	f := &matrixFixture{
		agency:  map[string]string{},
		region:  map[string]string{"A": "370102", "B": "370102", "C": "370103", "D": "370202"},
		officer: map[string]string{},
		matter:  map[string]string{},
		holders: map[string][]string{},
	}
	for i, l := range agencyLetters {
		f.agency[l] = uscc(t, f.region[l], i+1)
		f.officer[l] = "OFF-" + l
	}
	for _, k := range matterKeys {
		f.matter[k] = "MAT-" + k
		for _, l := range k {
			f.holders[k] = append(f.holders[k], f.agency[string(l)])
		}
	}
	return f
}

func (f *matrixFixture) load(t testing.TB, db *store.DB) {
	t.Helper()
	for _, l := range agencyLetters {
		putAgency(t, db, admin, newAgency(f.agency[l], "执法主体"+l, f.region[l]))
		putOfficer(t, db, admin, newOfficer(f.officer[l], "执法人员"+l, f.agency[l]))
	}
	for _, k := range matterKeys {
		putMatter(t, db, admin, &registry.Matter{Code: f.matter[k], Name: "事项" + k, Kind: "penalty", AgencyCodes: f.holders[k]})
	}
}

// letters maps object keys back to fixture letters for readable failures.
func letters(keys []string, byLetter map[string]string) []string {
	out := []string{}
	for _, k := range keys {
		for l, v := range byLetter {
			if v == k {
				out = append(out, l)
			}
		}
	}
	slices.Sort(out)
	return out
}

func set(s string) []string {
	out := strings.Fields(s)
	slices.Sort(out)
	if out == nil {
		out = []string{}
	}
	return out
}

type matrixRow struct {
	name string
	p    func(f *matrixFixture) *auth.Principal
	// What the principal sees and may change, as fixture letters.
	seeAgencies, seeOfficers, seeMatters string
	chAgencies, chOfficers, chMatters    string
}

var matrix = []matrixRow{
	{
		name:        "admin national",
		p:           func(*matrixFixture) *auth.Principal { return admin },
		seeAgencies: "A B C D", seeOfficers: "A B C D", seeMatters: "A B AB C D AC",
		chAgencies: "A B C D", chOfficers: "A B C D", chMatters: "A B AB C D AC",
	},
	{
		name: "supervisor 370100",
		p: func(*matrixFixture) *auth.Principal {
			return &auth.Principal{ID: 2, Name: "济南市司法局", Role: auth.RoleSupervisor, Region: "370100"}
		},
		seeAgencies: "A B C", seeOfficers: "A B C", seeMatters: "A B AB C AC",
		chAgencies: "A B C", chOfficers: "A B C", chMatters: "A B AB C AC",
	},
	{
		name: "supervisor 370102",
		p: func(*matrixFixture) *auth.Principal {
			return &auth.Principal{ID: 3, Name: "历下区司法局", Role: auth.RoleSupervisor, Region: "370102"}
		},
		seeAgencies: "A B", seeOfficers: "A B", seeMatters: "A B AB",
		chAgencies: "A B", chOfficers: "A B", chMatters: "A B AB",
	},
	{
		// Bound to A: sees only A's objects, and a matter only while A
		// holds it inside 370102 (A+C lives in 370100).
		name: "agency_admin 370102 of A",
		p: func(f *matrixFixture) *auth.Principal {
			return &auth.Principal{ID: 4, Name: "A管理员", Role: auth.RoleAgencyAdmin, Region: "370102", Agency: f.agency["A"]}
		},
		seeAgencies: "A", seeOfficers: "A", seeMatters: "A AB",
		chAgencies: "", chOfficers: "A", chMatters: "A",
	},
	{
		name: "officer 370102 of A",
		p: func(f *matrixFixture) *auth.Principal {
			return &auth.Principal{ID: 5, Name: "执法人员A", Role: auth.RoleOfficer, Region: "370102", Agency: f.agency["A"]}
		},
		seeAgencies: "A", seeOfficers: "A", seeMatters: "A AB",
	},
	{
		name: "social_supervisor 370100",
		p: func(*matrixFixture) *auth.Principal {
			return &auth.Principal{ID: 6, Name: "社会监督员", Role: auth.RoleSocial, Region: "370100"}
		},
		seeAgencies: "A B C", seeOfficers: "A B C", seeMatters: "A B AB C AC",
	},
	{
		name: "integration 370103",
		p: func(*matrixFixture) *auth.Principal {
			return &auth.Principal{ID: 7, Name: "令牌:市中区对接", Role: auth.RoleIntegration, Region: "370103"}
		},
		seeAgencies: "C", seeOfficers: "C", seeMatters: "C",
		chAgencies: "C", chOfficers: "C", chMatters: "C",
	},
}

func TestAuthorizationMatrix(t *testing.T) {
	f := newMatrixFixture(t)
	for _, row := range matrix {
		t.Run(row.name, func(t *testing.T) {
			testdb.Each(t, func(t *testing.T, db *store.DB) {
				f.load(t, db)
				p := row.p(f)
				t.Run("read", func(t *testing.T) { matrixReads(t, db, f, p, row) })
				t.Run("change", func(t *testing.T) { matrixChanges(t, db, f, p, row) })
			})
		})
	}
}

func matrixReads(t *testing.T, db *store.DB, f *matrixFixture, p *auth.Principal, row matrixRow) {
	af := registry.AgencyFilter{Page: registry.Page{Size: 200}}
	ags, err := registry.ListAgencies(ctx, db, p, &af)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := letters(agencyCodes(ags), f.agency), set(row.seeAgencies); !reflect.DeepEqual(got, want) || af.Total != len(want) {
		t.Errorf("ListAgencies: %v (total %d), want %v", got, af.Total, want)
	}
	of := registry.OfficerFilter{Page: registry.Page{Size: 200}}
	offs, err := registry.ListOfficers(ctx, db, p, &of)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := letters(certNos(offs), f.officer), set(row.seeOfficers); !reflect.DeepEqual(got, want) || of.Total != len(want) {
		t.Errorf("ListOfficers: %v (total %d), want %v", got, of.Total, want)
	}
	mf := registry.MatterFilter{Page: registry.Page{Size: 200}}
	ms, err := registry.ListMatters(ctx, db, p, &mf)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := letters(matterCodes(ms), f.matter), set(row.seeMatters); !reflect.DeepEqual(got, want) || mf.Total != len(want) {
		t.Errorf("ListMatters: %v (total %d), want %v", got, mf.Total, want)
	}

	// A detail page answers exactly for what the list shows; anything else
	// is "not found", never "forbidden", so existence does not leak.
	checkGet := func(what, key string, visible bool, err error) {
		t.Helper()
		switch {
		case visible && err != nil:
			t.Errorf("Get%s(%s): %v, want it readable", what, key, err)
		case !visible && !apperr.Is(err, apperr.NotFound):
			t.Errorf("Get%s(%s): %v, want not found", what, key, err)
		}
	}
	for _, l := range agencyLetters {
		_, err := registry.GetAgency(ctx, db, p, f.agency[l])
		checkGet("Agency", l, slices.Contains(set(row.seeAgencies), l), err)
		_, err = registry.GetOfficer(ctx, db, p, f.officer[l])
		checkGet("Officer", l, slices.Contains(set(row.seeOfficers), l), err)
	}
	for _, k := range matterKeys {
		_, err := registry.GetMatter(ctx, db, p, f.matter[k])
		checkGet("Matter", k, slices.Contains(set(row.seeMatters), k), err)
	}
}

// attempt runs one change and checks its outcome: allowed changes succeed
// and write exactly one audit row; refused ones fail with wantErr and leave
// every table, the audit trail included, exactly as it was.
func attempt(t *testing.T, db *store.DB, name string, allowed bool, wantErr string, fn func() error) {
	t.Helper()
	before := snapshot(t, db)
	audits := auditCount(t, db)
	err := fn()
	if allowed {
		if err != nil {
			t.Errorf("%s: %v, want it allowed", name, err)
			return
		}
		if n := auditCount(t, db); n != audits+1 {
			t.Errorf("%s: %d audit rows written, want 1", name, n-audits)
		}
		return
	}
	if !apperr.Is(err, wantErr) {
		t.Errorf("%s: %v, want %s", name, err, wantErr)
	}
	unchanged(t, db, before, name)
}

func matrixChanges(t *testing.T, db *store.DB, f *matrixFixture, p *auth.Principal, row matrixRow) {
	chA, chO, chM := set(row.chAgencies), set(row.chOfficers), set(row.chMatters)
	seeO := set(row.seeOfficers)
	in := slices.Contains[[]string]

	for _, l := range agencyLetters {
		attempt(t, db, "rename agency "+l, in(chA, l), apperr.Forbidden, func() error {
			_, err := registry.PutAgency(ctx, db, p, newAgency(f.agency[l], "执法主体"+l+"（更名）", f.region[l]))
			return err
		})
		// A new agency in the same region as l.
		attempt(t, db, "create agency beside "+l, in(chA, l), apperr.Forbidden, func() error {
			_, err := registry.PutAgency(ctx, db, p, newAgency(uscc(t, f.region[l], 50+len(l)+int(l[0])), "新机关"+l, f.region[l]))
			return err
		})
	}
	for _, l := range agencyLetters {
		attempt(t, db, "rename officer "+l, in(chO, l), apperr.Forbidden, func() error {
			_, err := registry.PutOfficer(ctx, db, p, newOfficer(f.officer[l], "执法人员"+l+"改", f.agency[l]))
			return err
		})
		attempt(t, db, "create officer under "+l, in(chO, l), apperr.Forbidden, func() error {
			_, err := registry.PutOfficer(ctx, db, p, newOfficer("NEW-"+l, "新人"+l, f.agency[l]))
			return err
		})
		// Status and yearly records: an officer out of sight is not found.
		deny := apperr.Forbidden
		if !in(seeO, l) {
			deny = apperr.NotFound
		}
		attempt(t, db, "suspend officer "+l, in(chO, l), deny, func() error {
			return registry.SetCertStatus(ctx, db, p, f.officer[l], "suspended", "矩阵测试")
		})
		attempt(t, db, "year of officer "+l, in(chO, l), deny, func() error {
			return registry.PutOfficerYear(ctx, db, p, f.officer[l], registry.OfficerYear{Year: 2023, TrainingHours: 40, ReviewResult: "pass"})
		})
	}
	for _, k := range matterKeys {
		attempt(t, db, "rename matter "+k, in(chM, k), apperr.Forbidden, func() error {
			m, err := registry.GetMatter(ctx, db, admin, f.matter[k])
			if err != nil {
				return err
			}
			m.Name += "（修订）"
			_, err = registry.PutMatter(ctx, db, p, m)
			return err
		})
	}
	for _, l := range agencyLetters {
		attempt(t, db, "create matter held by "+l, in(chM, l), apperr.Forbidden, func() error {
			_, err := registry.PutMatter(ctx, db, p, &registry.Matter{Code: "NEW-" + l, Name: "新事项" + l, Kind: "inspection",
				AgencyCodes: []string{f.agency[l]}})
			return err
		})
	}

	// Taking over an object from elsewhere needs rights at both places.
	attempt(t, db, "re-home officer D under A", in(chO, "A") && in(chO, "D"), apperr.Forbidden, func() error {
		_, err := registry.PutOfficer(ctx, db, p, newOfficer(f.officer["D"], "执法人员D", f.agency["A"]))
		return err
	})
	attempt(t, db, "re-home officer B under A", in(chO, "A") && in(chO, "B"), apperr.Forbidden, func() error {
		_, err := registry.PutOfficer(ctx, db, p, newOfficer(f.officer["B"], "执法人员B", f.agency["A"]))
		return err
	})
	attempt(t, db, "hand matter D to A", in(chM, "A") && in(chM, "D"), apperr.Forbidden, func() error {
		_, err := registry.PutMatter(ctx, db, p, &registry.Matter{Code: f.matter["D"], Name: "事项D", Kind: "penalty",
			AgencyCodes: []string{f.agency["A"]}})
		return err
	})
	attempt(t, db, "add B to matter A", in(chM, "A") && in(chM, "B"), apperr.Forbidden, func() error {
		_, err := registry.PutMatter(ctx, db, p, &registry.Matter{Code: f.matter["A"], Name: "事项A（修订）", Kind: "penalty",
			AgencyCodes: []string{f.agency["A"], f.agency["B"]}})
		return err
	})
	// Dropping a co-holder is a change of the shared matter: it needs the
	// same rights as renaming it, not just rights over the remaining holder.
	attempt(t, db, "drop B from matter AB", in(chM, "AB"), apperr.Forbidden, func() error {
		_, err := registry.PutMatter(ctx, db, p, &registry.Matter{Code: f.matter["AB"], Name: "事项AB", Kind: "penalty",
			AgencyCodes: []string{f.agency["A"]}})
		return err
	})
	// Moving an agency out of 370102 into 370103 needs both; its officers follow.
	moveOK := in(chA, "A") && in(chA, "C")
	attempt(t, db, "move agency A to 370103", moveOK, apperr.Forbidden, func() error {
		_, err := registry.PutAgency(ctx, db, p, newAgency(f.agency["A"], "执法主体A（更名）", "370103"))
		return err
	})
	if moveOK {
		o, err := registry.GetOfficer(ctx, db, admin, f.officer["A"])
		if err != nil || o.RegionCode != "370103" {
			t.Errorf("officer of the moved agency: %+v, %v", o, err)
		}
	}
}

// Every row of the matrix must agree with the rules in auth: a sanity
// check that the expectations above are not just copied from the output.
func TestAuthorizationMatrixMatchesRules(t *testing.T) {
	f := newMatrixFixture(t)
	for _, row := range matrix {
		p := row.p(f)
		for _, l := range agencyLetters {
			tg := auth.Target{Region: f.region[l], Agencies: []string{f.agency[l]}}
			if got, want := auth.CanSee(p, tg), slices.Contains(set(row.seeAgencies), l); got != want {
				t.Errorf("%s: CanSee(agency %s) = %v, matrix says %v", row.name, l, got, want)
			}
			if got, want := auth.CanChange(p, auth.KindAgency, tg), slices.Contains(set(row.chAgencies), l); got != want {
				t.Errorf("%s: CanChange(agency %s) = %v, matrix says %v", row.name, l, got, want)
			}
			if got, want := auth.CanChange(p, auth.KindOfficer, tg), slices.Contains(set(row.chOfficers), l); got != want {
				t.Errorf("%s: CanChange(officer %s) = %v, matrix says %v", row.name, l, got, want)
			}
		}
		for _, k := range matterKeys {
			region := registry.CommonRegion(regionsOf(f, k), "")
			tg := auth.Target{Region: region, Agencies: f.holders[k]}
			if got, want := auth.CanSee(p, tg), slices.Contains(set(row.seeMatters), k); got != want {
				t.Errorf("%s: CanSee(matter %s in %s) = %v, matrix says %v", row.name, k, region, got, want)
			}
		}
	}
}

func regionsOf(f *matrixFixture, k string) []string {
	var out []string
	for _, l := range k {
		out = append(out, f.region[string(l)])
	}
	return out
}
