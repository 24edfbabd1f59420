package authzmatrix_test

// The registry's rows for the licence decisions of the exchange's
// extension (package license): each place's agency holds a licence matter
// and has one licence its system reported. The rows list them, read the
// place's, and report a new one of the place's agency.

import (
	"fmt"
	"sync"
	"testing"

	"zfjd/internal/auth"
	"zfjd/internal/license"
	"zfjd/internal/registry"
)

var licenses sync.Map // *place → the place's licence body (for the PUT rows)

var licenseIDs sync.Map // *place → the place's licence id (for the page rows)

func licenseBody(p *place) map[string]any {
	return map[string]any{"agency_code": p.agency, "region_code": p.region, "matter_code": "XK-MX-" + p.name,
		"party": map[string]any{"kind": "org", "name": "矩阵申请人", "id_number": "91370102MA3C5R2K0M"},
		"events": []map[string]any{{"type": "applied", "at": "2026-05-04"}, {"type": "accepted", "at": "2026-05-06"},
			{"type": "granted", "at": "2026-05-20"}}}
}

// addLicenses writes each place's licence matter and licence (called by addDisputes).
func addLicenses(t *testing.T, f *fixture) {
	t.Helper()
	svc := license.NewService(f.DB)
	for _, p := range f.places {
		if _, err := registry.PutMatter(f.Ctx, f.DB, f.Admin, &registry.Matter{Code: "XK-MX-" + p.name, Name: "矩阵许可事项（" + p.name + "）",
			Kind: "license", LegalBasis: "《中华人民共和国食品安全法》第三十五条第一款", AgencyCodes: []string{p.agency}}); err != nil {
			t.Fatal(err)
		}
		robot := &auth.Principal{Name: "矩阵审批系统", Username: "mx-lic", Role: auth.RoleIntegration, Region: p.region, Agency: p.agency}
		b := &license.Body{AgencyCode: p.agency, RegionCode: p.region, MatterCode: "XK-MX-" + p.name,
			Party:  license.Party{Kind: "org", Name: "矩阵申请人", IDNumber: "91370102MA3C5R2K0M"},
			Events: []license.Event{{Type: "applied", At: "2026-05-04"}, {Type: "accepted", At: "2026-05-06"}, {Type: "granted", At: "2026-05-20"}}}
		_, l, err := svc.Put(f.Ctx, robot, "mx-lic", p.name, b)
		if err != nil {
			t.Fatalf("licence of %s: %v", p.name, err)
		}
		licenseIDs.Store(p, l.ID)
		licenses.Store(p, licenseBody(p))
	}
}

func licenseRoutes() []*route {
	return []*route{
		{pattern: "GET /api/v1/licenses", kind: "license", verb: list, req: get("/api/v1/licenses")},
		{pattern: "GET /licenses", kind: "license", verb: list, req: get("/licenses")},
		{pattern: "GET /licenses/export.xlsx", kind: "license", verb: list, req: get("/licenses/export.xlsx")},
		{pattern: "GET /licenses/{id}", kind: "license", verb: read, placed: true, req: placed(func(p *place) string {
			id, _ := licenseIDs.Load(p)
			return fmt.Sprintf("/licenses/%d", id)
		})},
		{pattern: "GET /api/v1/licenses/{source_system}/{source_id}", kind: "license", verb: read, placed: true,
			req: placed(func(p *place) string { return "/api/v1/licenses/mx-lic/" + p.name })},
		{pattern: "PUT /api/v1/licenses/{source_system}/{source_id}", kind: "license", verb: create, placed: true, strict: true,
			req: func(f *fixture, _ *who, p *place) request {
				b, _ := licenses.Load(p)
				return request{path: fmt.Sprintf("/api/v1/licenses/mx-lic/MX-%04d", f.next()), body: b}
			}},
	}
}

// licenseRules: licences are read like cases — in the caller's region and,
// for an agency-bound caller, of its agency (as licensing or supervising
// agency); only an integration token reports them, for its own agency in
// its jurisdiction (as the case PUT).
func licenseRules(w *who, r *route, p *place) (string, string) {
	switch r.verb {
	case list:
		return ok, "the list is filtered to the caller's region and agency"
	case read:
		if !reaches(w, p.region, p.agency) {
			return hidden, "outside the caller's region or agency"
		}
		return ok, "in the caller's region, of its agency"
	}
	if w.role != integration {
		return forbid, "only an integration token reports licence decisions"
	}
	if !reaches(w, p.region, p.agency) {
		return forbid, "outside the token's jurisdiction: refused as for cases"
	}
	return ok, "the agency's system (or one of its jurisdiction) reports a new licence"
}
