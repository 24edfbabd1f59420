package registry_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"zfjd/internal/apperr"
	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
)

func TestPutAgencyCreateReplaceReplay(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		code := uscc(t, "370102", 1)
		input := func() *registry.Agency {
			// Pasted input: lower case and blanks are normalized.
			return &registry.Agency{Code: " " + strings.ToLower(code) + " ", Name: " 历下区市场监督管理局 ", Kind: "enforcement",
				RegionCode: "370102", Domain: "市场监管"}
		}
		created, err := registry.PutAgency(ctx, db, admin, input())
		if err != nil || !created {
			t.Fatalf("create: created=%v err=%v", created, err)
		}
		got, err := registry.GetAgency(ctx, db, admin, code)
		if err != nil {
			t.Fatal(err)
		}
		want := registry.Agency{Code: code, Name: "历下区市场监督管理局", Kind: "enforcement", SubjectType: "statutory", RegionCode: "370102",
			Domain: "市场监管", Status: "active", PublicityDays: 7, RegionName: "历下区", UpdatedAt: got.UpdatedAt}
		if *got != want {
			t.Errorf("stored\n%+v\nwant\n%+v", *got, want)
		}
		if got.UpdatedAt == 0 {
			t.Error("updated_at not set")
		}
		if n := auditCount(t, db); n != 1 {
			t.Fatalf("%d audit rows after create, want 1", n)
		}
		a := lastAudit(t, db)
		if a.Action != "create" || a.Entity != "agency" || a.Key != code || a.Region != "370102" || a.Actor != admin.Name || a.Role != "admin" || a.Before != "" {
			t.Errorf("create audit = %+v", a)
		}
		var after registry.Agency
		if err := json.Unmarshal([]byte(a.After), &after); err != nil || after.Name != "历下区市场监督管理局" {
			t.Errorf("audit after = %s (%v)", a.After, err)
		}

		// An identical PUT is a no-op: not created, nothing written, no audit row.
		before := snapshot(t, db)
		created, err = registry.PutAgency(ctx, db, admin, input())
		if err != nil || created {
			t.Fatalf("replay: created=%v err=%v", created, err)
		}
		unchanged(t, db, before, "an identical PUT")

		// A changed PUT replaces and is audited with before and after.
		changed := input()
		changed.Name = "济南市历下区市场监督管理局"
		changed.AnnouncedOn = "2023-06-01"
		created, err = registry.PutAgency(ctx, db, admin, changed)
		if err != nil || created {
			t.Fatalf("replace: created=%v err=%v", created, err)
		}
		got, _ = registry.GetAgency(ctx, db, admin, code)
		if got.Name != "济南市历下区市场监督管理局" || got.AnnouncedOn != "2023-06-01" || got.Domain != "市场监管" {
			t.Errorf("after replace: %+v", got)
		}
		if n := auditCount(t, db); n != 2 {
			t.Fatalf("%d audit rows after replace, want 2", n)
		}
		a = lastAudit(t, db)
		if a.Action != "update" || !strings.Contains(a.Before, `"name":"历下区市场监督管理局"`) || !strings.Contains(a.After, `"name":"济南市历下区市场监督管理局"`) {
			t.Errorf("update audit = %+v", a)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM agencies`); n != 1 {
			t.Errorf("%d agencies, want 1", n)
		}

		// Replaying the replacement is again a no-op.
		before = snapshot(t, db)
		again := input()
		again.Name, again.AnnouncedOn = "济南市历下区市场监督管理局", "2023-06-01"
		if created, err := registry.PutAgency(ctx, db, admin, again); err != nil || created {
			t.Fatalf("second replay: created=%v err=%v", created, err)
		}
		unchanged(t, db, before, "replaying the replacement")
	})
}

func TestPutAgencyValidation(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		code := uscc(t, "370102", 1)
		parent := uscc(t, "370102", 2)
		putAgency(t, db, admin, newAgency(code, "历下区市场监督管理局", "370102"))
		for _, c := range []struct {
			name   string
			edit   func(a *registry.Agency)
			fields []string
		}{
			{"bad USCC checksum", func(a *registry.Agency) { a.Code = badCheck(code) }, []string{"code"}},
			{"USCC too short", func(a *registry.Agency) { a.Code = code[:17] }, []string{"code"}},
			{"empty code", func(a *registry.Agency) { a.Code = "" }, []string{"code"}},
			{"unknown region 370199", func(a *registry.Agency) { a.RegionCode = "370199" }, []string{"region_code"}},
			{"malformed region", func(a *registry.Agency) { a.RegionCode = "3701" }, []string{"region_code"}},
			{"no region", func(a *registry.Agency) { a.RegionCode = "" }, []string{"region_code"}},
			{"bad kind", func(a *registry.Agency) { a.Kind = "police" }, []string{"kind"}},
			{"no kind", func(a *registry.Agency) { a.Kind = "" }, []string{"kind"}},
			{"entrusted without parent", func(a *registry.Agency) { a.SubjectType = "entrusted" }, []string{"parent_code"}},
			{"parent is itself", func(a *registry.Agency) { a.ParentCode = strings.ToLower(code) }, []string{"parent_code"}},
			{"parent bad checksum", func(a *registry.Agency) { a.ParentCode = badCheck(parent) }, []string{"parent_code"}},
			{"bad subject type", func(a *registry.Agency) { a.SubjectType = "private" }, []string{"subject_type"}},
			{"empty name", func(a *registry.Agency) { a.Name = "  " }, []string{"name"}},
			{"name too long", func(a *registry.Agency) { a.Name = strings.Repeat("局", 101) }, []string{"name"}},
			{"bad status", func(a *registry.Agency) { a.Status = "closed" }, []string{"status"}},
			{"impossible announcement date", func(a *registry.Agency) { a.AnnouncedOn = "2023-02-30" }, []string{"announced_on"}},
			{"announcement date format", func(a *registry.Agency) { a.AnnouncedOn = "2023/06/01" }, []string{"announced_on"}},
			{"publicity too long", func(a *registry.Agency) { a.PublicityDays = 61 }, []string{"publicity_days"}},
			{"publicity negative", func(a *registry.Agency) { a.PublicityDays = -1 }, []string{"publicity_days"}},
			{"several at once", func(a *registry.Agency) { a.Code, a.Kind, a.RegionCode = badCheck(code), "x", "370199" },
				[]string{"code", "kind", "region_code"}},
		} {
			t.Run(c.name, func(t *testing.T) {
				before := snapshot(t, db)
				a := newAgency(code, "济南市历下区市场监督管理局", "370102") // a valid change of the existing agency...
				c.edit(a)                                       // ...made invalid
				created, err := registry.PutAgency(ctx, db, admin, a)
				wantInvalid(t, err, c.fields...)
				if created {
					t.Error("created = true on invalid input")
				}
				unchanged(t, db, before, "an invalid PUT")
			})
		}
		// The same rules accept the boundaries.
		ok := newAgency(uscc(t, "370102", 3), strings.Repeat("局", 100), "370102")
		ok.SubjectType, ok.ParentCode, ok.PublicityDays, ok.Kind = "entrusted", parent, 60, "enforcement"
		if _, err := registry.PutAgency(ctx, db, admin, ok); err != nil {
			t.Errorf("entrusted with parent, 100-character name, 60 days: %v", err)
		}
		sup := newAgency(uscc(t, "370100", 4), "济南市司法局", "370100")
		sup.Kind = "supervision"
		putAgency(t, db, admin, sup)
		if got, _ := registry.GetAgency(ctx, db, admin, sup.Code); got.SubjectType != "" {
			t.Errorf("supervision body got subject type %q; only enforcement subjects default to statutory", got.SubjectType)
		}
	})
}

func TestGetAgencyUnknown(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		_, err := registry.GetAgency(ctx, db, admin, uscc(t, "370102", 9))
		wantCode(t, err, apperr.NotFound)
	})
}

func TestListAgencies(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		a := newAgency(uscc(t, "370102", 1), "历下区市场监督管理局", "370102")
		a.Domain, a.AnnouncedOn = "市场监管", "2022-01-01"
		b := newAgency(uscc(t, "370102", 2), "历下区综合行政执法局", "370102")
		b.Domain, b.AnnouncedOn = "城市管理", "2023-01-01"
		c := newAgency(uscc(t, "370103", 3), "市中区市场监督管理局", "370103")
		c.Domain, c.Status = "市场监管", "suspended"
		d := newAgency(uscc(t, "370202", 4), "市南区市场监督管理局", "370202")
		d.Domain, d.SubjectType, d.AnnouncedOn = "市场监管", "authorized", "2021-01-01"
		s := newAgency(uscc(t, "370100", 5), "济南市司法局", "370100")
		s.Kind = "supervision"
		for _, x := range []*registry.Agency{a, b, c, d, s} {
			putAgency(t, db, admin, x)
		}
		for _, tc := range []struct {
			name string
			f    registry.AgencyFilter
			want []string
		}{
			{"default order region, name", registry.AgencyFilter{}, []string{s.Code, a.Code, b.Code, c.Code, d.Code}},
			{"Q name", registry.AgencyFilter{Q: "市场监督"}, []string{a.Code, c.Code, d.Code}},
			{"Q code, lower case", registry.AgencyFilter{Q: strings.ToLower(b.Code)}, []string{b.Code}},
			{"Q is literal", registry.AgencyFilter{Q: "%"}, []string{}},
			{"kind", registry.AgencyFilter{Kind: "supervision"}, []string{s.Code}},
			{"subject type", registry.AgencyFilter{SubjectType: "authorized"}, []string{d.Code}},
			{"domain", registry.AgencyFilter{Domain: "城市管理"}, []string{b.Code}},
			{"status", registry.AgencyFilter{Status: "suspended"}, []string{c.Code}},
			{"region city", registry.AgencyFilter{Region: "370100"}, []string{s.Code, a.Code, b.Code, c.Code}},
			{"region county", registry.AgencyFilter{Region: "370103"}, []string{c.Code}},
			{"sort code", registry.AgencyFilter{Sort: "code", Region: "370102"}, sorted([]string{a.Code, b.Code})},
			{"sort newest announcement", registry.AgencyFilter{Sort: "-announced", Domain: "市场监管"}, []string{a.Code, d.Code, c.Code}},
			{"unknown sort falls back", registry.AgencyFilter{Sort: "name; DROP TABLE agencies"}, []string{s.Code, a.Code, b.Code, c.Code, d.Code}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				f := tc.f
				list, err := registry.ListAgencies(ctx, db, admin, &f)
				if err != nil {
					t.Fatal(err)
				}
				if got := agencyCodes(list); !reflect.DeepEqual(got, tc.want) || f.Total != len(tc.want) {
					t.Errorf("got %v (total %d), want %v", got, f.Total, tc.want)
				}
			})
		}
		f := registry.AgencyFilter{Page: registry.Page{Page: 2, Size: 2}}
		list, err := registry.ListAgencies(ctx, db, admin, &f)
		if err != nil {
			t.Fatal(err)
		}
		if got := agencyCodes(list); !reflect.DeepEqual(got, []string{b.Code, c.Code}) || f.Total != 5 || f.Pages() != 3 {
			t.Errorf("page 2 of 2: %v total %d pages %d", got, f.Total, f.Pages())
		}
		if list[0].RegionName != "历下区" {
			t.Errorf("region name %q", list[0].RegionName)
		}

		pub := registry.AgencyFilter{}
		list, err = registry.ListPublicAgencies(ctx, db, &pub)
		if err != nil {
			t.Fatal(err)
		}
		if got := agencyCodes(list); !reflect.DeepEqual(got, []string{a.Code, b.Code, d.Code}) {
			t.Errorf("public list %v: want only active enforcement subjects", got)
		}

		choices, err := registry.AgencyChoices(ctx, db, admin)
		if err != nil || len(choices) != 5 {
			t.Errorf("AgencyChoices: %d, %v", len(choices), err)
		}
	})
}
