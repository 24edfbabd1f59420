package coordweb_test

import (
	"net/http"
	"testing"

	"zfjd/internal/auth"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/web/webtest"
)

// TestAPILicenses: the licence decisions' extension of the exchange, each
// call checked against openapi.yaml on both engines. The county's
// 综合行政执法局 system reports a licence its market regulator supervises:
// 201, then 200 with the same version on a replay; a revocation is
// version 2; the market regulator's token reads it and finds both notices
// among its assists; 400 naming the field, 403 for a reading role or
// another agency's licence, 404 for the far county, 401 without a token.
func TestAPILicenses(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		e := webtest.Start(t, db)
		w := webtest.SetupAPIWorld(t, e)
		e.Put("/api/v1/matters/LIC-102B", w.City, map[string]any{"name": "户外广告设置许可", "kind": "license", "agency_codes": []string{w.A102b}},
			http.StatusCreated)
		bureau := e.Token(auth.RoleIntegration, "370102", w.A102b)
		regulator := e.Token(auth.RoleIntegration, "370102", w.A102)
		far := e.Token(auth.RoleIntegration, "370103", w.A103)
		sup := e.Token(auth.RoleSupervisor, "370102", "")
		body := map[string]any{"agency_code": w.A102b, "supervising_agency_code": w.A102, "region_code": "370102", "matter_code": "LIC-102B",
			"license_no": "GG-2026-001", "party": map[string]any{"kind": "org", "name": "某某餐饮有限公司", "id_number": "91370102MA3C5R2K0M"},
			"events": []map[string]any{{"type": "applied", "at": "2026-05-04"}, {"type": "accepted", "at": "2026-05-06"},
				{"type": "granted", "at": "2026-05-20", "valid_to": "2028-05-19"}}}
		path := "/api/v1/licenses/xzsp/GG-1"

		bad := e.Put(path, bureau, map[string]any{"agency_code": w.A102b, "region_code": "370102", "matter_code": "LIC-102B",
			"party": map[string]any{"kind": "org", "name": "某某餐饮有限公司", "id_number": "91370102MA3C5R2K0M"},
			"events": []map[string]any{{"type": "applied", "at": "2026-05-04"}, {"type": "accepted", "at": "2026-05-06"},
				{"type": "refused", "at": "2026-05-20"}}}, http.StatusBadRequest).APIErr(t)
		if _, ok := bad.Fields["events[2].reason"]; !ok {
			t.Fatalf("refused without reasons: %+v", bad)
		}
		e.Put(path, regulator, body, http.StatusForbidden)
		e.Put(path, sup, body, http.StatusForbidden)
		e.Call(http.MethodPut, path, "", body, http.StatusUnauthorized)

		var l struct {
			ID      int64   `json:"id"`
			Status  string  `json:"status"`
			Version int64   `json:"version"`
			Notices []int64 `json:"notice_ids"`
		}
		e.Put(path, bureau, body, http.StatusCreated).Decode(t, &l)
		if l.Status != "granted" || l.Version != 1 || len(l.Notices) != 1 {
			t.Fatalf("created: %+v", l)
		}
		e.Put(path, bureau, body, http.StatusOK).Decode(t, &l)
		if l.Version != 1 || len(l.Notices) != 1 {
			t.Fatalf("replay: %+v", l)
		}
		body["events"] = append(body["events"].([]map[string]any), map[string]any{"type": "revoked", "at": "2026-06-10",
			"reason": "以欺骗手段取得许可"})
		e.Put(path, bureau, body, http.StatusOK).Decode(t, &l)
		if l.Status != "revoked" || l.Version != 2 || len(l.Notices) != 2 {
			t.Fatalf("revoked: %+v", l)
		}
		e.Get(path, regulator, http.StatusOK)
		e.Get(path, far, http.StatusNotFound)
		var page webtest.List[map[string]any]
		e.Get("/api/v1/licenses?status=revoked", regulator, http.StatusOK).Decode(t, &page)
		if len(page.Items) != 1 {
			t.Fatalf("the supervisor's licences: %+v", page)
		}
		e.Get("/api/v1/licenses?status=lost", regulator, http.StatusBadRequest)
		e.Get("/api/v1/assists?kind=licence_grant", regulator, http.StatusOK).Decode(t, &page)
		if len(page.Items) != 2 {
			t.Fatalf("the supervisor's notices: %+v", page)
		}
	})
}
