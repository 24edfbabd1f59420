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

// The probe's L5: PUT told what exists in other jurisdictions (403 for an
// existing officer of 历城区, 201 for a new number; 403 versus 400 for an
// agency code), and a 历下 token took 历城's certificate number 37011288888
// so that 历城's own token was refused for its officer.
type oracleWorld struct {
	lixia, licheng      string // agencies in 370102 and 370112
	sup, intg, lc       *auth.Principal
	lichengOfficer      string
	lichengMatter       string
	nowhere, nowhereLxa string // valid codes of agencies that do not exist (370112, 370102)
}

func newOracleWorld(t *testing.T, db *store.DB) *oracleWorld {
	w := &oracleWorld{
		lixia: uscc(t, "370102", 1), licheng: uscc(t, "370112", 2),
		nowhere: uscc(t, "370112", 77), nowhereLxa: uscc(t, "370102", 78),
		sup:            &auth.Principal{ID: 10, Name: "历下区司法局", Role: auth.RoleSupervisor, Region: "370102"},
		intg:           &auth.Principal{ID: 11, Name: "令牌:int", Role: auth.RoleIntegration, Region: "370102"},
		lc:             &auth.Principal{ID: 12, Name: "令牌:lc", Role: auth.RoleIntegration, Region: "370112"},
		lichengOfficer: "37011270689",
		lichengMatter:  "370112-SC-CF-0001",
	}
	putAgency(t, db, admin, newAgency(w.lixia, "济南市历下区市场监督管理局", "370102"))
	putAgency(t, db, admin, newAgency(w.licheng, "济南市历城区市场监督管理局", "370112"))
	putOfficer(t, db, admin, newOfficer(w.lichengOfficer, "历城执法员", w.licheng))
	putMatter(t, db, admin, &registry.Matter{Code: w.lichengMatter, Name: "历城事项", Kind: "penalty", AgencyCodes: []string{w.licheng}})
	return w
}

// refused runs fn, which must fail with code and write nothing; it returns
// the error's message and fields with key replaced by "KEY", so that the
// answers for two keys can be compared.
func refused(t *testing.T, db *store.DB, name, code, key string, fn func() error) string {
	t.Helper()
	before := snapshot(t, db)
	err := fn()
	if !apperr.Is(err, code) {
		t.Errorf("%s: %v, want %s", name, err, code)
		return ""
	}
	unchanged(t, db, before, name)
	e := apperr.As(err)
	out := e.Code + "|" + e.Message
	for k, v := range e.Fields {
		out += "|" + k + "=" + v
	}
	return strings.ReplaceAll(out, key, "KEY")
}

func TestNoExistenceOracle(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := newOracleWorld(t, db)

		// An officer of 历城 put under 历下's agency, and a new number of 历城
		// the same way: the same answer.
		existing := refused(t, db, "existing 历城 officer", apperr.Forbidden, w.lichengOfficer, func() error {
			_, err := registry.PutOfficer(ctx, db, w.sup, newOfficer(w.lichengOfficer, "冒名", w.lixia))
			return err
		})
		fresh := refused(t, db, "new 历城 number", apperr.Forbidden, "37011299999", func() error {
			_, err := registry.PutOfficer(ctx, db, w.sup, newOfficer("37011299999", "冒名", w.lixia))
			return err
		})
		if existing != fresh {
			t.Errorf("officer answers differ:\n existing %s\n new      %s", existing, fresh)
		}
		if !strings.Contains(existing, "cert_no=") {
			t.Errorf("the refusal does not name cert_no: %s", existing)
		}

		// An agency code of 历城 that exists, and one that does not, named
		// as an officer's agency: the same answer, naming agency_code.
		a := refused(t, db, "officer under 历城's agency", apperr.Forbidden, w.licheng, func() error {
			_, err := registry.PutOfficer(ctx, db, w.sup, newOfficer("LX-0001", "张三", w.licheng))
			return err
		})
		b := refused(t, db, "officer under an unknown agency", apperr.Forbidden, w.nowhere, func() error {
			_, err := registry.PutOfficer(ctx, db, w.sup, newOfficer("LX-0001", "张三", w.nowhere))
			return err
		})
		if a != b || !strings.Contains(a, "agency_code=") {
			t.Errorf("agency reference answers differ or name no field:\n existing %s\n unknown  %s", a, b)
		}
		// The same for a matter's holders.
		a = refused(t, db, "matter held by 历城", apperr.Forbidden, w.licheng, func() error {
			_, err := registry.PutMatter(ctx, db, w.sup, &registry.Matter{Code: "LX-M-1", Name: "事项", Kind: "penalty", AgencyCodes: []string{w.licheng}})
			return err
		})
		b = refused(t, db, "matter held by an unknown agency", apperr.Forbidden, w.nowhere, func() error {
			_, err := registry.PutMatter(ctx, db, w.sup, &registry.Matter{Code: "LX-M-1", Name: "事项", Kind: "penalty", AgencyCodes: []string{w.nowhere}})
			return err
		})
		if a != b || !strings.Contains(a, "agency_codes=") {
			t.Errorf("holder answers differ:\n existing %s\n unknown  %s", a, b)
		}

		// 历城's agency code put as an agency of 历下, and a new 历城 code.
		a = refused(t, db, "历城 agency code in 370102", apperr.Forbidden, w.licheng, func() error {
			_, err := registry.PutAgency(ctx, db, w.sup, newAgency(w.licheng, "冒名机关", "370102"))
			return err
		})
		b = refused(t, db, "new 历城 agency code in 370102", apperr.Forbidden, w.nowhere, func() error {
			_, err := registry.PutAgency(ctx, db, w.sup, newAgency(w.nowhere, "冒名机关", "370102"))
			return err
		})
		if a != b || !strings.Contains(a, "code=") {
			t.Errorf("agency answers differ:\n existing %s\n new      %s", a, b)
		}

		// 历城's matter code held by 历下, and a new 历城 matter code.
		a = refused(t, db, "历城 matter code", apperr.Forbidden, w.lichengMatter, func() error {
			_, err := registry.PutMatter(ctx, db, w.sup, &registry.Matter{Code: w.lichengMatter, Name: "冒名", Kind: "penalty", AgencyCodes: []string{w.lixia}})
			return err
		})
		b = refused(t, db, "new 历城 matter code", apperr.Forbidden, "370112-SC-CF-0099", func() error {
			_, err := registry.PutMatter(ctx, db, w.sup, &registry.Matter{Code: "370112-SC-CF-0099", Name: "冒名", Kind: "penalty", AgencyCodes: []string{w.lixia}})
			return err
		})
		if a != b {
			t.Errorf("matter answers differ:\n existing %s\n new      %s", a, b)
		}

		// What the registry shows anyway stays plain for those who see it
		// all: an administrator is told an agency does not exist (400).
		if _, err := registry.PutOfficer(ctx, db, admin, newOfficer("LX-0002", "李四", w.nowhere)); !apperr.Is(err, apperr.Invalid) ||
			apperr.As(err).Fields["agency_code"] == "" {
			t.Errorf("admin, unknown agency: %v", err)
		}
	})
}

func TestNoSquatting(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := newOracleWorld(t, db)
		// The probe: int (370102) registers 历城's number under a 历下 agency.
		refused(t, db, "历城 number under 历下", apperr.Forbidden, "", func() error {
			_, err := registry.PutOfficer(ctx, db, w.intg, newOfficer("37011288888", "占号", w.lixia))
			return err
		})
		// 历城's own token can then register its officer.
		if created, err := registry.PutOfficer(ctx, db, w.lc, newOfficer("37011288888", "历城新人", w.licheng)); err != nil || !created {
			t.Fatalf("历城 registers its own number: %v, created %v", err, created)
		}
		// A 历城 credit code cannot be registered as a 历下 agency either.
		refused(t, db, "历城 code as a 历下 agency", apperr.Forbidden, "", func() error {
			_, err := registry.PutAgency(ctx, db, w.intg, newAgency(uscc(t, "370112", 55), "占号机关", "370102"))
			return err
		})

		// Numbers issued on the agency's own line stay free to register: the
		// county's own (370102…), the city's (370100…) and the province's,
		// and numbers that name no region at all.
		for _, cert := range []string{"37010212345", "37010012345", "37000012345", "LX-0003"} {
			if created, err := registry.PutOfficer(ctx, db, w.intg, newOfficer(cert, "新人", w.lixia)); err != nil || !created {
				t.Errorf("%s under 历下: %v, created %v", cert, err, created)
			}
		}
		if created, err := registry.PutAgency(ctx, db, w.intg, newAgency(uscc(t, "370100", 56), "市级登记的区级机关", "370102")); err != nil || !created {
			t.Errorf("a city-registered code in 370102: %v, created %v", err, created)
		}
		if created, err := registry.PutMatter(ctx, db, w.intg, &registry.Matter{Code: "370102-SC-CF-0001", Name: "历下事项", Kind: "penalty",
			AgencyCodes: []string{w.lixia}}); err != nil || !created {
			t.Errorf("a 370102 matter code: %v, created %v", err, created)
		}
		// An administrator sees everything and may register anything
		// (an agency that moved county after a change of divisions keeps its code).
		if created, err := registry.PutAgency(ctx, db, admin, newAgency(uscc(t, "370112", 57), "迁入的机关", "370102")); err != nil || !created {
			t.Errorf("admin: %v, created %v", err, created)
		}
		// Existing objects in one's scope are maintained whatever their code says.
		if _, err := registry.PutAgency(ctx, db, w.intg, newAgency(uscc(t, "370112", 57), "迁入的机关（更名）", "370102")); err != nil {
			t.Errorf("rename of a moved agency: %v", err)
		}
	})
}
