package registry_test

import (
	"strings"
	"testing"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
)

// Officers' 身份证号 and exam scores (probe M5): only the certificate
// authority (an administrator or supervisor whose region holds the
// officer) and the officer's own agency admin read them; every read
// function masks them for everyone else, so no page can show more.
func TestOfficerPrivateDataMasked(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		agA, agB := uscc(t, "370102", 1), uscc(t, "370102", 2)
		putAgency(t, db, admin, newAgency(agA, "执法主体A", "370102"))
		putAgency(t, db, admin, newAgency(agB, "执法主体B", "370102"))
		id := idCard("123")
		score := 88
		o := newOfficer("37010200001", "张明", agA)
		o.IDNumber, o.ExamScore, o.ExamDate = id, &score, "2021-11-20"
		putOfficer(t, db, admin, o)
		putOfficer(t, db, admin, newOfficer("37010200002", "李强", agA))

		for _, c := range []struct {
			name string
			p    *auth.Principal
			full bool
		}{
			{"admin", admin, true},
			{"supervisor 370102", &auth.Principal{Role: auth.RoleSupervisor, Region: "370102"}, true},
			{"supervisor 370100", &auth.Principal{Role: auth.RoleSupervisor, Region: "370100"}, true},
			{"agency admin of A", &auth.Principal{Role: auth.RoleAgencyAdmin, Region: "370102", Agency: agA}, true},
			{"integration 370102", &auth.Principal{Role: auth.RoleIntegration, Region: "370102"}, true},
			{"social supervisor 370100", &auth.Principal{Role: auth.RoleSocial, Region: "370100"}, false},
			{"colleague officer of A", &auth.Principal{Role: auth.RoleOfficer, Region: "370102", Agency: agA, CertNo: "37010200002"}, false},
			{"head of A", &auth.Principal{Role: auth.RoleHead, Region: "370102", Agency: agA}, false},
			{"legal reviewer of A", &auth.Principal{Role: auth.RoleReviewer, Region: "370102", Agency: agA}, false},
		} {
			got, err := registry.GetOfficer(ctx, db, c.p, "37010200001")
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			f := &registry.OfficerFilter{Q: "张明", Page: registry.Page{Size: 50}}
			list, err := registry.ListOfficers(ctx, db, c.p, f)
			if err != nil || len(list) != 1 {
				t.Fatalf("%s: list %v %v", c.name, list, err)
			}
			for where, x := range map[string]*registry.Officer{"GetOfficer": got, "ListOfficers": list[0]} {
				if c.full {
					if x.IDNumber != id || x.ExamScore == nil || *x.ExamScore != 88 || x.PrivateHidden {
						t.Errorf("%s %s: id %q score %v hidden %v, want the full record", c.name, where, x.IDNumber, x.ExamScore, x.PrivateHidden)
					}
					continue
				}
				if x.IDNumber == id || strings.Contains(x.IDNumber, id[2:16]) || x.ExamScore != nil || !x.PrivateHidden {
					t.Errorf("%s %s: id %q score %v hidden %v, want masked", c.name, where, x.IDNumber, x.ExamScore, x.PrivateHidden)
				}
				if x.IDNumber != registry.MaskIDNumber(id) || x.Name != "张明" || x.ExamDate != "2021-11-20" {
					t.Errorf("%s %s: %+v, want the rest of the record with the masked number %s", c.name, where, x, registry.MaskIDNumber(id))
				}
			}
		}
		// The public list (公示) never carries them.
		pub, err := registry.ListPublicOfficers(ctx, db, &registry.OfficerFilter{Page: registry.Page{Size: 50}})
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range pub {
			if x.IDNumber == id || x.ExamScore != nil {
				t.Errorf("public list: %+v", x)
			}
		}
	})
}

// A form that was shown the masked number sends it back unchanged: the
// stored number stays. Any other masked value is refused.
func TestOfficerMaskedNumberRoundTrip(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		ag := uscc(t, "370102", 1)
		putAgency(t, db, admin, newAgency(ag, "执法主体A", "370102"))
		id := idCard("123")
		score := 91
		o := newOfficer("37010200001", "张明", ag)
		o.IDNumber, o.ExamScore = id, &score
		putOfficer(t, db, admin, o)

		// An agency admin bound to no agency may maintain, but not read, it.
		unbound := &auth.Principal{Name: "部门管理员", Role: auth.RoleAgencyAdmin, Region: "370102"}
		shown, err := registry.GetOfficer(ctx, db, unbound, o.CertNo)
		if err != nil || shown.IDNumber != registry.MaskIDNumber(id) {
			t.Fatalf("shown %+v, %v", shown, err)
		}
		shown.Name = "张明明"
		if _, err := registry.PutOfficer(ctx, db, unbound, shown); err != nil {
			t.Fatalf("save with the masked number: %v", err)
		}
		stored, _ := registry.GetOfficer(ctx, db, admin, o.CertNo)
		if stored.IDNumber != id || stored.Name != "张明明" || stored.ExamScore == nil || *stored.ExamScore != 91 {
			t.Errorf("after the save: %+v", stored)
		}
		bad := newOfficer(o.CertNo, "张明明", ag)
		bad.IDNumber = "11**************99"
		_, err = registry.PutOfficer(ctx, db, unbound, bad)
		if !apperr.Is(err, apperr.Invalid) || apperr.As(err).Fields["id_number"] == "" {
			t.Errorf("another masked number: %v", err)
		}
		fresh := newOfficer("37010200009", "王五", ag)
		fresh.IDNumber = registry.MaskIDNumber(id)
		if _, err := registry.PutOfficer(ctx, db, admin, fresh); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("a new officer with a masked number: %v", err)
		}
	})
}
