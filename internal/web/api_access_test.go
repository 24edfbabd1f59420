package web_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"zfjd/internal/auth"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/web/webtest"
)

func apiCodes[T any](t *testing.T, e *webtest.Env, path, tok string, key func(T) string) []string {
	t.Helper()
	var l webtest.List[T]
	e.Get(path, tok, http.StatusOK).Decode(t, &l)
	var out []string
	for _, it := range l.Items {
		out = append(out, key(it))
	}
	slices.Sort(out)
	if l.Total != len(out) {
		t.Errorf("%s: total %d but %d items", path, l.Total, len(out))
	}
	return out
}

func apiWantSet(t *testing.T, what string, got []string, want ...string) {
	t.Helper()
	want = slices.Clone(want)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("%s: %v, want %v", what, got, want)
	}
}

func TestAPIJurisdictionCounty(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		e := webtest.Start(t, db)
		w := webtest.SetupAPIWorld(t, e)
		tok := e.Token(auth.RoleIntegration, "370102", "")

		// Inside 370102: writes work.
		mine := webtest.USCC(t, "370102", 10)
		e.Put("/api/v1/agencies/"+mine, tok, webtest.AgencyBody("历下区应急管理局", "370102"), http.StatusCreated)
		e.Put("/api/v1/officers/LX-0010", tok, webtest.OfficerBody("孙十", mine), http.StatusCreated)
		e.Put("/api/v1/matters/M-LX-10", tok, map[string]any{"name": "安全生产检查", "kind": "inspection", "agency_codes": []string{mine}}, http.StatusCreated)
		e.Put("/api/v1/officers/"+w.Off102, tok, webtest.OfficerBody("王一一", w.A102), http.StatusOK)

		// Outside: 403 and nothing written.
		before := webtest.Counts(t, db)
		oldA103 := string(e.Get("/api/v1/agencies/"+w.A103, w.City, http.StatusOK).Body)
		oldO103 := string(e.Get("/api/v1/officers/"+w.Off103, w.City, http.StatusOK).Body)
		for _, c := range []struct {
			name, path string
			body       any
		}{
			{"new agency in 370103", "/api/v1/agencies/" + webtest.USCC(t, "370103", 11), webtest.AgencyBody("市中区应急管理局", "370103")},
			{"replace agency in 370103", "/api/v1/agencies/" + w.A103, webtest.AgencyBody("市中区市场监管局（改）", "370103")},
			{"move agency of 370103 into 370102", "/api/v1/agencies/" + w.A103, webtest.AgencyBody("市中区市场监管局", "370102")},
			{"move own agency out to 370103", "/api/v1/agencies/" + w.A102, webtest.AgencyBody("历下区市场监管局", "370103")},
			{"new agency for the whole city", "/api/v1/agencies/" + webtest.USCC(t, "370100", 12), webtest.AgencyBody("济南市应急管理局", "370100")},
			{"new officer of an agency in 370103", "/api/v1/officers/SZ-0011", webtest.OfficerBody("周十一", w.A103)},
			{"replace officer of an agency in 370103", "/api/v1/officers/" + w.Off103, webtest.OfficerBody("赵三三", w.A103)},
			{"move own officer to an agency in 370103", "/api/v1/officers/" + w.Off102, webtest.OfficerBody("王一", w.A103)},
			{"take over an officer of 370103", "/api/v1/officers/" + w.Off103, webtest.OfficerBody("赵三", w.A102)},
			{"new matter held in 370103", "/api/v1/matters/M-SZ-11", map[string]any{"name": "x", "kind": "penalty", "agency_codes": []string{w.A103}}},
			{"new matter in region 370103", "/api/v1/matters/M-SZ-12", map[string]any{"name": "x", "kind": "penalty", "region_code": "370103"}},
			{"replace matter of 370103", "/api/v1/matters/" + w.M103, map[string]any{"name": "x", "kind": "penalty", "agency_codes": []string{w.A102}}},
			{"drop co-holder of 370103", "/api/v1/matters/" + w.MShared, map[string]any{"name": "x", "kind": "penalty", "agency_codes": []string{w.A102}}},
		} {
			t.Run(c.name, func(t *testing.T) {
				er := e.CallT(t, http.MethodPut, c.path, tok, c.body, http.StatusForbidden).APIErr(t)
				if er.Code != "forbidden" {
					t.Errorf("code %q", er.Code)
				}
				webtest.SameCounts(t, db, before, c.name)
			})
		}
		if now := string(e.Get("/api/v1/agencies/"+w.A103, w.City, http.StatusOK).Body); now != oldA103 {
			t.Errorf("agency of 370103 changed: %s", now)
		}
		if now := string(e.Get("/api/v1/officers/"+w.Off103, w.City, http.StatusOK).Body); now != oldO103 {
			t.Errorf("officer of 370103 changed: %s", now)
		}

		// Reads outside: 404, the same answer as for what does not exist.
		for p, missing := range map[string]string{
			"/api/v1/agencies/" + w.A103:   "/api/v1/agencies/" + webtest.USCC(t, "370102", 99),
			"/api/v1/officers/" + w.Off103: "/api/v1/officers/LX-9999",
			"/api/v1/matters/" + w.M103:    "/api/v1/matters/M-9999",
			"/api/v1/matters/" + w.MShared: "/api/v1/matters/M-9999",
		} {
			got, want := e.Get(p, tok, http.StatusNotFound), e.Get(missing, tok, http.StatusNotFound)
			if string(got.Body) != string(want.Body) {
				t.Errorf("%s answers %s, but what does not exist answers %s", p, got.Body, want.Body)
			}
		}

		// Lists hold only what is in scope, whatever the filter asks for.
		agKey := func(a webtest.Agency) string { return a.Code }
		offKey := func(o webtest.Officer) string { return o.CertNo }
		mKey := func(m webtest.Matter) string { return m.Code }
		apiWantSet(t, "agencies", apiCodes(t, e, "/api/v1/agencies", tok, agKey), w.A102, w.A102b, mine)
		apiWantSet(t, "agencies region 370103", apiCodes(t, e, "/api/v1/agencies?region_code=370103", tok, agKey))
		apiWantSet(t, "agencies region 370100", apiCodes(t, e, "/api/v1/agencies?region_code=370100", tok, agKey), w.A102, w.A102b, mine)
		apiWantSet(t, "agencies q", apiCodes(t, e, "/api/v1/agencies?q="+w.A103, tok, agKey))
		apiWantSet(t, "officers", apiCodes(t, e, "/api/v1/officers", tok, offKey), w.Off102, w.Off102b, "LX-0010")
		apiWantSet(t, "officers of 370103 agency", apiCodes(t, e, "/api/v1/officers?agency_code="+w.A103, tok, offKey))
		apiWantSet(t, "matters", apiCodes(t, e, "/api/v1/matters", tok, mKey), w.M102, w.M102b, "M-LX-10")
		apiWantSet(t, "matters of 370103 agency", apiCodes(t, e, "/api/v1/matters?agency_code="+w.A103, tok, mKey))
	})
}

func TestAPIJurisdictionAgencyBound(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		e := webtest.Start(t, db)
		w := webtest.SetupAPIWorld(t, e)
		tok := e.Token(auth.RoleIntegration, "370102", w.A102)

		agKey := func(a webtest.Agency) string { return a.Code }
		offKey := func(o webtest.Officer) string { return o.CertNo }
		mKey := func(m webtest.Matter) string { return m.Code }
		apiWantSet(t, "agencies", apiCodes(t, e, "/api/v1/agencies", tok, agKey), w.A102)
		apiWantSet(t, "officers", apiCodes(t, e, "/api/v1/officers", tok, offKey), w.Off102)
		apiWantSet(t, "officers of the other agency", apiCodes(t, e, "/api/v1/officers?agency_code="+w.A102b, tok, offKey))
		apiWantSet(t, "matters", apiCodes(t, e, "/api/v1/matters", tok, mKey), w.M102)

		e.Get("/api/v1/agencies/"+w.A102, tok, http.StatusOK)
		e.Get("/api/v1/officers/"+w.Off102, tok, http.StatusOK)
		e.Get("/api/v1/matters/"+w.M102, tok, http.StatusOK)
		for _, p := range []string{"/api/v1/agencies/" + w.A102b, "/api/v1/officers/" + w.Off102b, "/api/v1/matters/" + w.M102b,
			"/api/v1/agencies/" + w.A103, "/api/v1/officers/" + w.Off103} {
			e.Get(p, tok, http.StatusNotFound).APIErr(t)
		}

		// It may keep its own officers, not its neighbour's.
		e.Put("/api/v1/officers/LX-0100", tok, webtest.OfficerBody("吴百", w.A102), http.StatusCreated)
		before := webtest.Counts(t, db)
		for _, c := range []struct {
			path string
			body any
		}{
			{"/api/v1/officers/LX-0101", webtest.OfficerBody("郑百一", w.A102b)},
			{"/api/v1/officers/" + w.Off102b, webtest.OfficerBody("王二", w.A102)},
			{"/api/v1/agencies/" + webtest.USCC(t, "370102", 20), webtest.AgencyBody("历下区新机关", "370102")},
			{"/api/v1/agencies/" + w.A102b, webtest.AgencyBody("历下区综合行政执法局", "370102")},
			{"/api/v1/matters/M-NEW", map[string]any{"name": "x", "kind": "penalty", "agency_codes": []string{w.A102b}}},
			{"/api/v1/matters/M-NEW2", map[string]any{"name": "x", "kind": "penalty"}},
		} {
			e.Put(c.path, tok, c.body, http.StatusForbidden).APIErr(t)
		}
		webtest.SameCounts(t, db, before, "agency-bound writes outside its agency")
	})
}

func TestAPIRolesAndTokens(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		e := webtest.Start(t, db)
		w := webtest.SetupAPIWorld(t, e)
		before := webtest.Counts(t, db)

		// A role that may read but not write reference data.
		ro := e.Token(auth.RoleOfficer, "370102", "")
		e.Get("/api/v1/agencies/"+w.A102, ro, http.StatusOK)
		e.Get("/api/v1/officers?region_code=370102", ro, http.StatusOK)
		e.Put("/api/v1/agencies/"+w.A102, ro, webtest.AgencyBody("历下区市场监管局", "370102"), http.StatusForbidden).APIErr(t)
		e.Put("/api/v1/officers/LX-0200", ro, webtest.OfficerBody("冯二百", w.A102), http.StatusForbidden).APIErr(t)
		e.Put("/api/v1/matters/M-RO", ro, map[string]any{"name": "x", "kind": "penalty"}, http.StatusForbidden).APIErr(t)
		// An agency admin keeps officers and matters but not agencies.
		aa := e.Token(auth.RoleAgencyAdmin, "370102", w.A102)
		e.Put("/api/v1/agencies/"+w.A102, aa, webtest.AgencyBody("历下区市场监管局", "370102"), http.StatusForbidden).APIErr(t)
		webtest.SameCounts(t, db, before, "read-only roles")
		e.Put("/api/v1/officers/LX-0201", aa, webtest.OfficerBody("陈二百零一", w.A102), http.StatusCreated)

		// No token, bad tokens, revoked tokens: 401 with the error body.
		revoked := e.Token(auth.RoleIntegration, "370102", "")
		if _, err := db.W.ExecContext(webtest.Ctx, `UPDATE api_tokens SET revoked = 1`+
			` WHERE id = (SELECT MAX(id) FROM api_tokens)`); err != nil {
			t.Fatal(err)
		}
		before = webtest.Counts(t, db)
		for _, tok := range []string{"", "zfjd_0000000000000000000000000000000000000000000000", "garbage", revoked} {
			for _, c := range []struct {
				method, path string
				body         any
			}{
				{http.MethodGet, "/api/v1/agencies", nil},
				{http.MethodGet, "/api/v1/agencies/" + w.A102, nil},
				{http.MethodPut, "/api/v1/agencies/" + w.A102, webtest.AgencyBody("x", "370102")},
				{http.MethodGet, "/api/v1/officers", nil},
				{http.MethodGet, "/api/v1/officers/" + w.Off102, nil},
				{http.MethodPut, "/api/v1/officers/" + w.Off102, webtest.OfficerBody("x", w.A102)},
				{http.MethodGet, "/api/v1/matters", nil},
				{http.MethodGet, "/api/v1/matters/" + w.M102, nil},
				{http.MethodPut, "/api/v1/matters/" + w.M102, map[string]any{"name": "x", "kind": "penalty"}},
			} {
				r := e.Call(c.method, c.path, tok, c.body, http.StatusUnauthorized)
				if er := r.APIErr(t); er.Code != "unauthorized" {
					t.Errorf("%s: %+v", r, er)
				}
				if tok == "" && r.ReqErr == nil {
					t.Errorf("%s: openapi.yaml should require the bearer token", r)
				}
			}
		}
		// Other schemes are not bearer tokens.
		for _, h := range []string{"Basic YWRtaW46WmZqZEAyMDI2", "Bearer", "Token " + w.City} {
			req, _ := http.NewRequest(http.MethodGet, e.TS.URL+"/api/v1/agencies", nil)
			req.Header.Set("Authorization", h)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusUnauthorized {
				t.Errorf("Authorization %q: %d, want 401", h, resp.StatusCode)
			}
		}
		webtest.SameCounts(t, db, before, "unauthenticated requests")
	})
}

func TestAPIUnknownPaths(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		e := webtest.Start(t, db)
		tok := e.Token(auth.RoleIntegration, "370102", "")
		for _, c := range []struct{ method, path string }{
			{http.MethodDelete, "/api/v1/cases/zj-scjg/2024-001"},
			{http.MethodPost, "/api/v1/warnings"},
			{http.MethodDelete, "/api/v1/benchmarks/SC-FOOD-001"},
			{http.MethodDelete, "/api/v1/calendar/2025"},
			{http.MethodGet, "/api/v2/agencies"},
			{http.MethodGet, "/api/"},
			{http.MethodGet, "/api/v1/agencies/"},
			{http.MethodDelete, "/api/v1/agencies/" + webtest.USCC(t, "370102", 1)},
			{http.MethodPost, "/api/v1/officers"},
		} {
			for _, tk := range []string{tok, ""} {
				r := e.Call(c.method, c.path, tk, nil, http.StatusNotFound)
				if er := r.APIErr(t); er.Code != "not_found" || !strings.Contains(er.Message, "接口不存在") {
					t.Errorf("%s: %+v", r, er)
				}
			}
		}
	})
}
