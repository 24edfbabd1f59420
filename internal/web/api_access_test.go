package web_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"zfjd/internal/auth"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
)

// apiWorld is two districts of 济南, each with agencies, officers and
// matters, written through the API by a city-wide token.
type apiWorld struct {
	city              string // token for 370100
	a102, a102b, a103 string // agency codes: two in 历下区 (370102), one in 市中区 (370103)
	off102, off102b   string // officers of a102 and a102b
	off103            string // officer of a103
	m102, m102b, m103 string // matters held by a102, a102b, a103
	mShared           string // held by a102 and a103 (region 370100)
}

func apiSetupWorld(t *testing.T, e *thEnv) *apiWorld {
	t.Helper()
	w := &apiWorld{city: e.token(auth.RoleIntegration, "370100", "")}
	w.a102, w.a102b, w.a103 = thUSCC(t, "370102", 1), thUSCC(t, "370102", 2), thUSCC(t, "370103", 3)
	e.put("/api/v1/agencies/"+w.a102, w.city, thAgencyBody("历下区市场监管局", "370102"), http.StatusCreated)
	e.put("/api/v1/agencies/"+w.a102b, w.city, thAgencyBody("历下区综合行政执法局", "370102"), http.StatusCreated)
	e.put("/api/v1/agencies/"+w.a103, w.city, thAgencyBody("市中区市场监管局", "370103"), http.StatusCreated)
	w.off102, w.off102b, w.off103 = "LX-0001", "LX-0002", "SZ-0001"
	e.put("/api/v1/officers/"+w.off102, w.city, thOfficerBody("王一", w.a102), http.StatusCreated)
	e.put("/api/v1/officers/"+w.off102b, w.city, thOfficerBody("王二", w.a102b), http.StatusCreated)
	e.put("/api/v1/officers/"+w.off103, w.city, thOfficerBody("赵三", w.a103), http.StatusCreated)
	w.m102, w.m102b, w.m103, w.mShared = "M-102", "M-102B", "M-103", "M-SHARED"
	for code, holders := range map[string][]string{w.m102: {w.a102}, w.m102b: {w.a102b}, w.m103: {w.a103}, w.mShared: {w.a102, w.a103}} {
		e.put("/api/v1/matters/"+code, w.city, map[string]any{"name": "事项" + code, "kind": "penalty", "agency_codes": holders}, http.StatusCreated)
	}
	return w
}

func apiCodes[T any](t *testing.T, e *thEnv, path, tok string, key func(T) string) []string {
	t.Helper()
	var l thList[T]
	e.get(path, tok, http.StatusOK).decode(t, &l)
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
		e := thStart(t, db)
		w := apiSetupWorld(t, e)
		tok := e.token(auth.RoleIntegration, "370102", "")

		// Inside 370102: writes work.
		mine := thUSCC(t, "370102", 10)
		e.put("/api/v1/agencies/"+mine, tok, thAgencyBody("历下区应急管理局", "370102"), http.StatusCreated)
		e.put("/api/v1/officers/LX-0010", tok, thOfficerBody("孙十", mine), http.StatusCreated)
		e.put("/api/v1/matters/M-LX-10", tok, map[string]any{"name": "安全生产检查", "kind": "inspection", "agency_codes": []string{mine}}, http.StatusCreated)
		e.put("/api/v1/officers/"+w.off102, tok, thOfficerBody("王一一", w.a102), http.StatusOK)

		// Outside: 403 and nothing written.
		before := thCounts(t, db)
		oldA103 := string(e.get("/api/v1/agencies/"+w.a103, w.city, http.StatusOK).Body)
		oldO103 := string(e.get("/api/v1/officers/"+w.off103, w.city, http.StatusOK).Body)
		for _, c := range []struct {
			name, path string
			body       any
		}{
			{"new agency in 370103", "/api/v1/agencies/" + thUSCC(t, "370103", 11), thAgencyBody("市中区应急管理局", "370103")},
			{"replace agency in 370103", "/api/v1/agencies/" + w.a103, thAgencyBody("市中区市场监管局（改）", "370103")},
			{"move agency of 370103 into 370102", "/api/v1/agencies/" + w.a103, thAgencyBody("市中区市场监管局", "370102")},
			{"move own agency out to 370103", "/api/v1/agencies/" + w.a102, thAgencyBody("历下区市场监管局", "370103")},
			{"new agency for the whole city", "/api/v1/agencies/" + thUSCC(t, "370100", 12), thAgencyBody("济南市应急管理局", "370100")},
			{"new officer of an agency in 370103", "/api/v1/officers/SZ-0011", thOfficerBody("周十一", w.a103)},
			{"replace officer of an agency in 370103", "/api/v1/officers/" + w.off103, thOfficerBody("赵三三", w.a103)},
			{"move own officer to an agency in 370103", "/api/v1/officers/" + w.off102, thOfficerBody("王一", w.a103)},
			{"take over an officer of 370103", "/api/v1/officers/" + w.off103, thOfficerBody("赵三", w.a102)},
			{"new matter held in 370103", "/api/v1/matters/M-SZ-11", map[string]any{"name": "x", "kind": "penalty", "agency_codes": []string{w.a103}}},
			{"new matter in region 370103", "/api/v1/matters/M-SZ-12", map[string]any{"name": "x", "kind": "penalty", "region_code": "370103"}},
			{"replace matter of 370103", "/api/v1/matters/" + w.m103, map[string]any{"name": "x", "kind": "penalty", "agency_codes": []string{w.a102}}},
			{"drop co-holder of 370103", "/api/v1/matters/" + w.mShared, map[string]any{"name": "x", "kind": "penalty", "agency_codes": []string{w.a102}}},
		} {
			t.Run(c.name, func(t *testing.T) {
				er := e.callT(t, http.MethodPut, c.path, tok, c.body, http.StatusForbidden).apiErr(t)
				if er.Code != "forbidden" {
					t.Errorf("code %q", er.Code)
				}
				thSameCounts(t, db, before, c.name)
			})
		}
		if now := string(e.get("/api/v1/agencies/"+w.a103, w.city, http.StatusOK).Body); now != oldA103 {
			t.Errorf("agency of 370103 changed: %s", now)
		}
		if now := string(e.get("/api/v1/officers/"+w.off103, w.city, http.StatusOK).Body); now != oldO103 {
			t.Errorf("officer of 370103 changed: %s", now)
		}

		// Reads outside: 404, the same answer as for what does not exist.
		for p, missing := range map[string]string{
			"/api/v1/agencies/" + w.a103:   "/api/v1/agencies/" + thUSCC(t, "370102", 99),
			"/api/v1/officers/" + w.off103: "/api/v1/officers/LX-9999",
			"/api/v1/matters/" + w.m103:    "/api/v1/matters/M-9999",
			"/api/v1/matters/" + w.mShared: "/api/v1/matters/M-9999",
		} {
			got, want := e.get(p, tok, http.StatusNotFound), e.get(missing, tok, http.StatusNotFound)
			if string(got.Body) != string(want.Body) {
				t.Errorf("%s answers %s, but what does not exist answers %s", p, got.Body, want.Body)
			}
		}

		// Lists hold only what is in scope, whatever the filter asks for.
		agKey := func(a thAgency) string { return a.Code }
		offKey := func(o thOfficer) string { return o.CertNo }
		mKey := func(m thMatter) string { return m.Code }
		apiWantSet(t, "agencies", apiCodes(t, e, "/api/v1/agencies", tok, agKey), w.a102, w.a102b, mine)
		apiWantSet(t, "agencies region 370103", apiCodes(t, e, "/api/v1/agencies?region_code=370103", tok, agKey))
		apiWantSet(t, "agencies region 370100", apiCodes(t, e, "/api/v1/agencies?region_code=370100", tok, agKey), w.a102, w.a102b, mine)
		apiWantSet(t, "agencies q", apiCodes(t, e, "/api/v1/agencies?q="+w.a103, tok, agKey))
		apiWantSet(t, "officers", apiCodes(t, e, "/api/v1/officers", tok, offKey), w.off102, w.off102b, "LX-0010")
		apiWantSet(t, "officers of 370103 agency", apiCodes(t, e, "/api/v1/officers?agency_code="+w.a103, tok, offKey))
		apiWantSet(t, "matters", apiCodes(t, e, "/api/v1/matters", tok, mKey), w.m102, w.m102b, "M-LX-10")
		apiWantSet(t, "matters of 370103 agency", apiCodes(t, e, "/api/v1/matters?agency_code="+w.a103, tok, mKey))
	})
}

func TestAPIJurisdictionAgencyBound(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		e := thStart(t, db)
		w := apiSetupWorld(t, e)
		tok := e.token(auth.RoleIntegration, "370102", w.a102)

		agKey := func(a thAgency) string { return a.Code }
		offKey := func(o thOfficer) string { return o.CertNo }
		mKey := func(m thMatter) string { return m.Code }
		apiWantSet(t, "agencies", apiCodes(t, e, "/api/v1/agencies", tok, agKey), w.a102)
		apiWantSet(t, "officers", apiCodes(t, e, "/api/v1/officers", tok, offKey), w.off102)
		apiWantSet(t, "officers of the other agency", apiCodes(t, e, "/api/v1/officers?agency_code="+w.a102b, tok, offKey))
		apiWantSet(t, "matters", apiCodes(t, e, "/api/v1/matters", tok, mKey), w.m102)

		e.get("/api/v1/agencies/"+w.a102, tok, http.StatusOK)
		e.get("/api/v1/officers/"+w.off102, tok, http.StatusOK)
		e.get("/api/v1/matters/"+w.m102, tok, http.StatusOK)
		for _, p := range []string{"/api/v1/agencies/" + w.a102b, "/api/v1/officers/" + w.off102b, "/api/v1/matters/" + w.m102b,
			"/api/v1/agencies/" + w.a103, "/api/v1/officers/" + w.off103} {
			e.get(p, tok, http.StatusNotFound).apiErr(t)
		}

		// It may keep its own officers, not its neighbour's.
		e.put("/api/v1/officers/LX-0100", tok, thOfficerBody("吴百", w.a102), http.StatusCreated)
		before := thCounts(t, db)
		for _, c := range []struct {
			path string
			body any
		}{
			{"/api/v1/officers/LX-0101", thOfficerBody("郑百一", w.a102b)},
			{"/api/v1/officers/" + w.off102b, thOfficerBody("王二", w.a102)},
			{"/api/v1/agencies/" + thUSCC(t, "370102", 20), thAgencyBody("历下区新机关", "370102")},
			{"/api/v1/agencies/" + w.a102b, thAgencyBody("历下区综合行政执法局", "370102")},
			{"/api/v1/matters/M-NEW", map[string]any{"name": "x", "kind": "penalty", "agency_codes": []string{w.a102b}}},
			{"/api/v1/matters/M-NEW2", map[string]any{"name": "x", "kind": "penalty"}},
		} {
			e.put(c.path, tok, c.body, http.StatusForbidden).apiErr(t)
		}
		thSameCounts(t, db, before, "agency-bound writes outside its agency")
	})
}

func TestAPIRolesAndTokens(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		e := thStart(t, db)
		w := apiSetupWorld(t, e)
		before := thCounts(t, db)

		// A role that may read but not write reference data.
		ro := e.token(auth.RoleOfficer, "370102", "")
		e.get("/api/v1/agencies/"+w.a102, ro, http.StatusOK)
		e.get("/api/v1/officers?region_code=370102", ro, http.StatusOK)
		e.put("/api/v1/agencies/"+w.a102, ro, thAgencyBody("历下区市场监管局", "370102"), http.StatusForbidden).apiErr(t)
		e.put("/api/v1/officers/LX-0200", ro, thOfficerBody("冯二百", w.a102), http.StatusForbidden).apiErr(t)
		e.put("/api/v1/matters/M-RO", ro, map[string]any{"name": "x", "kind": "penalty"}, http.StatusForbidden).apiErr(t)
		// An agency admin keeps officers and matters but not agencies.
		aa := e.token(auth.RoleAgencyAdmin, "370102", w.a102)
		e.put("/api/v1/agencies/"+w.a102, aa, thAgencyBody("历下区市场监管局", "370102"), http.StatusForbidden).apiErr(t)
		thSameCounts(t, db, before, "read-only roles")
		e.put("/api/v1/officers/LX-0201", aa, thOfficerBody("陈二百零一", w.a102), http.StatusCreated)

		// No token, bad tokens, revoked tokens: 401 with the error body.
		revoked := e.token(auth.RoleIntegration, "370102", "")
		if _, err := db.W.ExecContext(thCtx, `UPDATE api_tokens SET revoked = 1`+
			` WHERE id = (SELECT MAX(id) FROM api_tokens)`); err != nil {
			t.Fatal(err)
		}
		before = thCounts(t, db)
		for _, tok := range []string{"", "zfjd_0000000000000000000000000000000000000000000000", "garbage", revoked} {
			for _, c := range []struct {
				method, path string
				body         any
			}{
				{http.MethodGet, "/api/v1/agencies", nil},
				{http.MethodGet, "/api/v1/agencies/" + w.a102, nil},
				{http.MethodPut, "/api/v1/agencies/" + w.a102, thAgencyBody("x", "370102")},
				{http.MethodGet, "/api/v1/officers", nil},
				{http.MethodGet, "/api/v1/officers/" + w.off102, nil},
				{http.MethodPut, "/api/v1/officers/" + w.off102, thOfficerBody("x", w.a102)},
				{http.MethodGet, "/api/v1/matters", nil},
				{http.MethodGet, "/api/v1/matters/" + w.m102, nil},
				{http.MethodPut, "/api/v1/matters/" + w.m102, map[string]any{"name": "x", "kind": "penalty"}},
			} {
				r := e.call(c.method, c.path, tok, c.body, http.StatusUnauthorized)
				if er := r.apiErr(t); er.Code != "unauthorized" {
					t.Errorf("%s: %+v", r, er)
				}
				if tok == "" && r.ReqErr == nil {
					t.Errorf("%s: openapi.yaml should require the bearer token", r)
				}
			}
		}
		// Other schemes are not bearer tokens.
		for _, h := range []string{"Basic YWRtaW46WmZqZEAyMDI2", "Bearer", "Token " + w.city} {
			req, _ := http.NewRequest(http.MethodGet, e.ts.URL+"/api/v1/agencies", nil)
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
		thSameCounts(t, db, before, "unauthenticated requests")
	})
}

func TestAPIUnknownPaths(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		e := thStart(t, db)
		tok := e.token(auth.RoleIntegration, "370102", "")
		for _, c := range []struct{ method, path string }{
			{http.MethodDelete, "/api/v1/cases/zj-scjg/2024-001"},
			{http.MethodPost, "/api/v1/warnings"},
			{http.MethodDelete, "/api/v1/benchmarks/SC-FOOD-001"},
			{http.MethodDelete, "/api/v1/calendar/2025"},
			{http.MethodGet, "/api/v2/agencies"},
			{http.MethodGet, "/api/"},
			{http.MethodGet, "/api/v1/agencies/"},
			{http.MethodDelete, "/api/v1/agencies/" + thUSCC(t, "370102", 1)},
			{http.MethodPost, "/api/v1/officers"},
		} {
			for _, tk := range []string{tok, ""} {
				r := e.call(c.method, c.path, tk, nil, http.StatusNotFound)
				if er := r.apiErr(t); er.Code != "not_found" || !strings.Contains(er.Message, "接口不存在") {
					t.Errorf("%s: %+v", r, er)
				}
			}
		}
	})
}
