package registry_test

import (
	"strings"
	"testing"

	"zfjd/internal/apperr"
	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
)

// Text fields refuse NUL, bidi overrides and other control characters,
// and have server-side length limits (probe L6: an agency named with
// \u0000 and U+202E was shown on /public/agencies).
func TestRegistryTextFields(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		ag := uscc(t, "370102", 1)
		putAgency(t, db, admin, newAgency(ag, "执法主体A", "370102"))
		before := snapshot(t, db)
		for _, c := range []struct {
			name, field string
			put         func() error
		}{
			{"agency name NUL", "name", func() error {
				_, err := registry.PutAgency(ctx, db, admin, newAgency(uscc(t, "370102", 2), "机关\x00", "370102"))
				return err
			}},
			{"agency name RLO", "name", func() error {
				_, err := registry.PutAgency(ctx, db, admin, newAgency(uscc(t, "370102", 2), "机关\u202Egnp.exe", "370102"))
				return err
			}},
			{"agency domain isolate", "domain", func() error {
				a := newAgency(uscc(t, "370102", 2), "机关", "370102")
				a.Domain = "市场\u2067监管"
				_, err := registry.PutAgency(ctx, db, admin, a)
				return err
			}},
			{"agency legal basis too long", "legal_basis", func() error {
				a := newAgency(uscc(t, "370102", 2), "机关", "370102")
				a.LegalBasis = strings.Repeat("法", 5001)
				_, err := registry.PutAgency(ctx, db, admin, a)
				return err
			}},
			{"officer name control", "name", func() error {
				_, err := registry.PutOfficer(ctx, db, admin, newOfficer("37010200001", "张\x07三", ag))
				return err
			}},
			{"officer domain too long", "domain", func() error {
				o := newOfficer("37010200001", "张三", ag)
				o.Domain = strings.Repeat("域", 51)
				_, err := registry.PutOfficer(ctx, db, admin, o)
				return err
			}},
			{"matter name bidi", "name", func() error {
				_, err := registry.PutMatter(ctx, db, admin, &registry.Matter{Code: "M-1", Name: "事项\u202D", Kind: "penalty", AgencyCodes: []string{ag}})
				return err
			}},
			{"matter legal basis NUL", "legal_basis", func() error {
				_, err := registry.PutMatter(ctx, db, admin, &registry.Matter{Code: "M-1", Name: "事项", Kind: "penalty", LegalBasis: "第一条\x00",
					AgencyCodes: []string{ag}})
				return err
			}},
		} {
			err := c.put()
			if !apperr.Is(err, apperr.Invalid) || apperr.As(err).Fields[c.field] == "" {
				t.Errorf("%s: %v %v, want invalid %s", c.name, err, apperr.As(err).Fields, c.field)
			}
		}
		unchanged(t, db, before, "refused text")
		if err := registry.SetCertStatus(ctx, db, admin, "NONE", "suspended", "理由\x00"); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("status reason with NUL: %v", err)
		}
		// Line breaks are fine in a legal basis, not in a name.
		if _, err := registry.PutMatter(ctx, db, admin, &registry.Matter{Code: "M-2", Name: "事项", Kind: "penalty",
			LegalBasis: "《食品安全法》\n第一百二十四条", AgencyCodes: []string{ag}}); err != nil {
			t.Errorf("multi-line legal basis: %v", err)
		}
	})
}

// A search term of 50,000 characters (a 500 on every public list before)
// is cut to store.MaxSearch; NUL and invalid UTF-8 are dropped, on both engines.
func TestRegistrySearchTermsCapped(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		ag := uscc(t, "370102", 1)
		putAgency(t, db, admin, newAgency(ag, "济南市历下区市场监督管理局", "370102"))
		putOfficer(t, db, admin, newOfficer("37010200001", "张明", ag))
		putMatter(t, db, admin, &registry.Matter{Code: "M-1", Name: "对经营过期食品的处罚", Kind: "penalty", AgencyCodes: []string{ag}})
		for _, q := range []string{strings.Repeat("济", 50000), strings.Repeat("%", 50000), "张\x00明", "\xff\xfe", strings.Repeat("a", 300)} {
			if _, err := registry.ListAgencies(ctx, db, admin, &registry.AgencyFilter{Q: q}); err != nil {
				t.Errorf("ListAgencies(%d bytes): %v", len(q), err)
			}
			if _, err := registry.ListPublicAgencies(ctx, db, &registry.AgencyFilter{Q: q}); err != nil {
				t.Errorf("ListPublicAgencies(%d bytes): %v", len(q), err)
			}
			if _, err := registry.ListOfficers(ctx, db, admin, &registry.OfficerFilter{Q: q}); err != nil {
				t.Errorf("ListOfficers(%d bytes): %v", len(q), err)
			}
			if _, err := registry.ListPublicOfficers(ctx, db, &registry.OfficerFilter{Q: q}); err != nil {
				t.Errorf("ListPublicOfficers(%d bytes): %v", len(q), err)
			}
			if _, err := registry.ListMatters(ctx, db, nil, &registry.MatterFilter{Q: q}); err != nil {
				t.Errorf("ListMatters(%d bytes): %v", len(q), err)
			}
		}
		// An ordinary term is not touched.
		if list, err := registry.ListAgencies(ctx, db, admin, &registry.AgencyFilter{Q: " 历下区市场 "}); err != nil || len(list) != 1 {
			t.Errorf("ordinary term: %d, %v", len(list), err)
		}
	})
}
