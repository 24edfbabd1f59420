package registry_test

import (
	"testing"

	"zfjd/internal/auth"
	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
)

// TestCountOfficersByState checks the dashboard's one-query counts against
// the list filter for every state, inside and outside a county's scope.
func TestCountOfficersByState(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		a, b := uscc(t, "370102", 1), uscc(t, "370103", 2)
		putAgency(t, db, admin, newAgency(a, "历下局", "370102"))
		putAgency(t, db, admin, newAgency(b, "市中局", "370103"))
		mk := func(cert, agency, from, to string) {
			o := newOfficer(cert, "人员"+cert, agency)
			o.CertValidFrom, o.CertValidTo = from, to
			putOfficer(t, db, admin, o)
		}
		mk("A001", a, "2020-01-01", "2099-12-31")
		mk("A002", a, "2020-01-01", "2021-12-31") // expired
		mk("A003", a, "2098-01-01", "2099-12-31") // pending
		mk("A004", a, "2020-01-01", "2099-12-31")
		mk("B001", b, "2020-01-01", "2099-12-31")
		if err := registry.SetCertStatus(ctx, db, admin, "A004", "revoked", "测试吊销"); err != nil {
			t.Fatal(err)
		}
		county := &auth.Principal{Role: auth.RoleSupervisor, Region: "370102"}
		for _, p := range []*auth.Principal{admin, county} {
			got, err := registry.CountOfficersByState(ctx, db, p)
			if err != nil {
				t.Fatal(err)
			}
			for _, st := range registry.CertStates {
				f := &registry.OfficerFilter{State: st.Value}
				if _, err := registry.ListOfficers(ctx, db, p, f); err != nil {
					t.Fatal(err)
				}
				if got[st.Value] != f.Total {
					t.Errorf("region %q state %s: count %d, list total %d", p.Region, st.Value, got[st.Value], f.Total)
				}
			}
			if want := map[string]int{"valid": 2, "expired": 1, "pending": 1, "revoked": 1}; p == admin && (got["valid"] != want["valid"] || got["expired"] != 1 || got["pending"] != 1 || got["revoked"] != 1) {
				t.Errorf("admin counts %v, want %v", got, want)
			}
			if p == county && got["valid"] != 1 {
				t.Errorf("county sees %v, want 1 valid (B001 is outside)", got)
			}
		}
	})
}
