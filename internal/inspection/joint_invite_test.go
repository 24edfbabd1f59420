package inspection_test

import (
	"testing"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/ident"
	"zfjd/internal/inspection"
	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
)

// joinWorld adds to f an agency of the world's county holding an
// inspection matter (it may join) and one holding none (it may not).
func joinWorld(t *testing.T, f *fixture) (joins, bare string) {
	t.Helper()
	joins, _ = ident.MakeUSCC('1', '1', testworld.Region, "00000071")
	bare, _ = ident.MakeUSCC('1', '1', testworld.Region, "00000072")
	for _, a := range []*registry.Agency{{Code: joins, Name: "济南市历下区应急管理局"}, {Code: bare, Name: "济南市历下区城市管理局"}} {
		a.Kind, a.RegionCode = "enforcement", testworld.Region
		if _, err := registry.PutAgency(f.Ctx, f.DB, f.Admin, a); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := registry.PutMatter(f.Ctx, f.DB, f.Admin, &registry.Matter{Code: "J-SAFE-001", Name: "安全生产日常监督检查", Kind: "inspection",
		LegalBasis: "《中华人民共和国安全生产法》第六十五条", AgencyCodes: []string{joins}}); err != nil {
		t.Fatal(err)
	}
	return joins, bare
}

// reported is an inspection handled in zfjd, approved and reported, not yet checked in.
func reported(t *testing.T, f *fixture) *inspection.Inspection {
	t.Helper()
	officer := testworld.As("officer")
	in, err := f.svc.Create(f.Ctx, officer, &inspection.Inspection{AgencyCode: testworld.Agency, RegionCode: testworld.Region,
		MatterCode: Matter, Kind: "routine", Enterprise: inspection.Enterprise{Name: "济南某某便利店有限公司", IDNumber: Enterprise}})
	if err == nil {
		_, err = f.svc.Act(f.Ctx, testworld.As("head"), in.ID, inspection.ActApprove, inspection.ActInput{Note: "同意"})
	}
	if err == nil {
		in, err = f.svc.Act(f.Ctx, officer, in.ID, inspection.ActReport, inspection.ActInput{})
	}
	if err != nil {
		t.Fatal(err)
	}
	return in
}

// 国办发〔2024〕54号 综合查一次: before the visit, the inspecting agency's
// officers and head invite another agency that holds an inspection matter
// where the enterprise is; the record, its audit row and leaf are written.
func TestAddJoint(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		joins, bare := joinWorld(t, f)
		in := reported(t, f)
		officer := testworld.As("officer")
		for _, c := range []struct {
			name   string
			p      *auth.Principal
			agency string
			code   string
		}{
			{"another county's officer: out of reach", testworld.As("other_officer"), joins, apperr.NotFound},
			{"supervision reads, does not invite", testworld.As("supervisor"), joins, apperr.Forbidden},
			{"no agency chosen", officer, "", apperr.Invalid},
			{"the inspecting agency itself", officer, testworld.Agency, apperr.Invalid},
			{"an agency whose region does not hold the enterprise's", officer, testworld.Other, apperr.Invalid},
			{"54号 清单之外无检查: an agency holding no inspection matter", officer, bare, apperr.Invalid},
			{"a supervision body is no enforcement subject", officer, testworld.Supervisor, apperr.Invalid},
		} {
			_, err := f.svc.AddJoint(f.Ctx, c.p, in.ID, c.agency)
			e := apperr.As(err)
			if err == nil || e.Code != c.code || (c.code == apperr.Invalid && e.Fields[inspection.JointField] == "") {
				t.Errorf("%s: %v %v", c.name, err, e.Fields)
			}
		}
		audits, leaves := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE entity = 'inspection'`),
			count(t, db, `SELECT COUNT(*) FROM log_leaves WHERE kind = 'inspection'`)
		out, err := f.svc.AddJoint(f.Ctx, testworld.As("head"), in.ID, joins)
		if err != nil || len(out.JointAgency) != 1 || out.JointAgency[0] != joins {
			t.Fatalf("the head invites: %v %+v", err, out)
		}
		if a, l := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE entity = 'inspection'`),
			count(t, db, `SELECT COUNT(*) FROM log_leaves WHERE kind = 'inspection'`); a != audits+1 || l != leaves+1 {
			t.Errorf("audit rows %d→%d, leaves %d→%d", audits, a, leaves, l)
		}
		if _, err := f.svc.AddJoint(f.Ctx, officer, in.ID, joins); apperr.As(err).Fields[inspection.JointField] == "" {
			t.Errorf("invited twice: %v", err)
		}
		if _, err := f.svc.Act(f.Ctx, officer, in.ID, inspection.ActCheckIn, inspection.ActInput{Code: in.Code, Officers: []string{testworld.CertB}}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.AddJoint(f.Ctx, officer, in.ID, bare); apperr.As(err).Code != apperr.Conflict {
			t.Errorf("after the check-in: %v", err)
		}
		_, pushedIn, err := f.svc.Put(f.Ctx, robot, pushed("j1", "2026-06-15"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.AddJoint(f.Ctx, officer, pushedIn.ID, joins); apperr.As(err).Code != apperr.Conflict {
			t.Errorf("a pushed visit: %v", err)
		}
	})
}
