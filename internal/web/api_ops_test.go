package web_test

import (
	"cmp"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"

	"zfjd/internal/auth"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/web/webtest"
)

func TestAPIHealthzAndMetrics(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		e := webtest.Start(t, db)
		if r := e.Call(http.MethodGet, "/healthz", "", nil, http.StatusOK); string(r.Body) != "ok\n" {
			t.Errorf("/healthz body %q", r.Body)
		}
		tok := e.Token(auth.RoleIntegration, "370102", "")
		e.Get("/api/v1/agencies", tok, http.StatusOK)
		e.Get("/api/v1/agencies/"+webtest.USCC(t, "370102", 1), tok, http.StatusNotFound)

		// /metrics needs an administrator's token (or --metrics-token;
		// TestMetricsGuarded).
		status, m := getMetrics(t, e.TS.URL, e.Token(auth.RoleAdmin, "", ""))
		if status != http.StatusOK || !strings.Contains(m, "zfjd_http_requests_total") {
			t.Fatalf("/metrics: %d, zfjd_http_requests_total missing", status)
		}
		for _, want := range []string{
			`zfjd_http_requests_total{route="GET /healthz",status="200"} 1`,
			`zfjd_http_requests_total{route="GET /api/v1/agencies",status="200"} 1`,
			`zfjd_http_requests_total{route="GET /api/v1/agencies/{code}",status="404"} 1`,
			"zfjd_http_request_seconds_bucket",
		} {
			if !strings.Contains(m, want) {
				t.Errorf("/metrics lacks %s", want)
			}
		}
	})
}

// TestAPIOpenAPIDocument checks the served document is the one in the
// repository and names exactly the operations the server has.
func TestAPIOpenAPIDocument(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		e := webtest.Start(t, db)
		r := e.Call(http.MethodGet, "/api/openapi.yaml", "", nil, http.StatusOK)
		file, err := os.ReadFile("openapi.yaml")
		if err != nil {
			t.Fatal(err)
		}
		if string(r.Body) != string(file) {
			t.Error("GET /api/openapi.yaml differs from internal/web/openapi.yaml")
		}
		if e.Doc.OpenAPI != "3.0.3" {
			t.Errorf("openapi %q, want 3.0.3", e.Doc.OpenAPI)
		}
		var ops []string
		for path, item := range e.Doc.Paths.Map() {
			for method := range item.Operations() {
				ops = append(ops, method+" "+path)
			}
		}
		slices.Sort(ops)
		want := []string{
			"GET /api/openapi.yaml",
			"GET /api/v1/agencies", "GET /api/v1/agencies/{code}", "GET /api/v1/calendar", "GET /api/v1/calendar/{year}",
			"GET /api/v1/cases", "GET /api/v1/cases/{source_system}/{source_id}", "GET /api/v1/warnings",
			"GET /api/v1/warnings/{id}", "POST /api/v1/warnings/{id}/actions", "POST /api/v1/warnings/actions",
			"GET /api/v1/matters", "GET /api/v1/matters/{code}",
			"GET /api/v1/officers", "GET /api/v1/officers/{cert_no}", "GET /healthz",
			"PUT /api/v1/agencies/{code}", "PUT /api/v1/calendar/{year}", "PUT /api/v1/matters/{code}", "PUT /api/v1/officers/{cert_no}",
			"PUT /api/v1/cases/{source_system}/{source_id}",
			"GET /api/v1/benchmarks", "GET /api/v1/benchmarks/{matter_code}", "PUT /api/v1/benchmarks/{matter_code}",
			"GET /api/v1/log/checkpoint", "GET /api/v1/log/key", "GET /api/v1/log/leaves", "GET /api/v1/log/proof/inclusion",
			"GET /api/v1/log/proof/consistency", "GET /api/v1/cases/{source_system}/{source_id}/records",
			"GET /api/v1/rules", "PUT /api/v1/rules/{code}/settings/{region_code}", "PUT /api/v1/rules/custom/{code}",
			"GET /api/v1/rules/custom/{code}", "GET /api/v1/rules/custom/{code}/versions", "POST /api/v1/rules/custom/dry-run",
			"GET /api/v1/warnings/stats", "GET /api/v1/inaction", "GET /api/v1/card-proposals", "POST /api/v1/card-proposals/{id}/decision",
			"GET /api/v1/version",
			"GET /api/v1/statistics", "GET /api/v1/reports/annual/{year}",
			// Complaints (§3), inspections (§4), supervision cases (§5), open data (§7).
			"GET /api/v1/public/challenge", "POST /api/v1/public/complaints", "GET /api/v1/public/complaints/{tracking_code}",
			"POST /api/v1/public/complaints/{tracking_code}/rating", "GET /api/v1/complaints", "GET /api/v1/complaints/{id}",
			"POST /api/v1/complaints/{id}/actions",
			"GET /api/v1/inspections", "GET /api/v1/inspections/{source_system}/{source_id}", "PUT /api/v1/inspections/{source_system}/{source_id}",
			"GET /api/v1/public/inspections/{code}", "POST /api/v1/public/inspections/{code}/rating",
			"GET /api/v1/supervision-cases", "POST /api/v1/supervision-cases", "GET /api/v1/supervision-cases/{id}",
			"POST /api/v1/supervision-cases/{id}/actions",
			// Coordination (issue 18): disputes and assists, for the agencies' systems.
			"GET /api/v1/disputes", "GET /api/v1/disputes/{id}", "POST /api/v1/disputes/{id}/actions",
			"GET /api/v1/assists", "POST /api/v1/assists/{id}/actions",
			// Licence decisions: an extension beyond exchange v1.1 (审批监管处罚衔接, issue 18).
			"GET /api/v1/licenses", "GET /api/v1/licenses/{source_system}/{source_id}", "PUT /api/v1/licenses/{source_system}/{source_id}",
			"GET /open/v1/decisions", "GET /open/v1/decisions.csv",
			"GET /open/v1/agencies", "GET /open/v1/agencies.csv", "GET /open/v1/officers", "GET /open/v1/officers.csv",
			"GET /open/v1/matters", "GET /open/v1/matters.csv",
		}
		slices.Sort(want)
		if !slices.Equal(ops, want) {
			t.Errorf("documented operations:\n%v\nwant\n%v", ops, want)
		}
		if s := e.Doc.Components.SecuritySchemes["bearer"]; s == nil || s.Value.Type != "http" || s.Value.Scheme != "bearer" {
			t.Error("no bearer security scheme")
		}
		if len(e.Doc.Security) != 1 {
			t.Error("bearer is not required by default")
		}
	})
}

// TestAPIDocumentCoverage makes the server give every answer the document
// lists — each status of each operation — so that nothing in openapi.yaml
// is fiction. The 5xx answers come last, with the database closed.
func TestAPIDocumentCoverage(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		e := webtest.Start(t, db)
		w := webtest.SetupAPIWorld(t, e) // 201 for every PUT
		tok := e.Token(auth.RoleIntegration, "370102", "")
		caseBody := webtest.CaseBody(w.A102, "370102", w.M102, []string{w.Off102, w.Off102})
		e.Put("/api/v1/cases/sc/C-1", tok, caseBody, http.StatusCreated)
		bench := webtest.BenchBody("2024-01-01", webtest.Tier("ordinary", 100, 200))
		e.Put("/api/v1/benchmarks/"+w.M102, tok, bench, http.StatusCreated)
		// The national calendar is written by a province-level integration
		// (authz: KindCalendar), the rest by the county's.
		prov := e.Token(auth.RoleIntegration, "370000", "")
		agencyTok := e.Token(auth.RoleIntegration, "370102", w.A102)
		// Rules as data (supervision-v1 §2) are set by the city's supervision.
		sup := e.Token(auth.RoleSupervisor, "370100", "")
		rule := map[string]any{"name": "大额罚款", "region_code": "370100", "severity": "red", "expression": "true", "enabled": true}
		e.Put("/api/v1/rules/DECISION_OVERDUE/settings/370100", sup, map[string]any{"enabled": true}, http.StatusCreated)
		e.Put("/api/v1/rules/custom/C_RULE", sup, rule, http.StatusCreated)
		// The supervision view (issue 8): a 红牌 proposal for the county's officer, decided by the city.
		if _, err := db.W.Exec(`INSERT INTO card_proposals (cert_no, agency_code, region_code, year, warnings, threshold, status,
			created_at) VALUES ($1, $2, '370102', 2026, 6, 6, 'pending', 0)`, w.Off102, w.A102); err != nil {
			t.Fatal(err)
		}
		ops := []struct {
			method, path string
			good         any    // a body the token may write
			token        string // "" = tok
		}{
			{http.MethodGet, "/api/v1/agencies", nil, ""},
			{http.MethodGet, "/api/v1/statistics", nil, sup},
			{http.MethodGet, "/api/v1/reports/annual/2025", nil, sup},
			{http.MethodGet, "/api/v1/agencies/" + w.A102, nil, ""},
			{http.MethodPut, "/api/v1/agencies/" + w.A102, webtest.AgencyBody("历下区市场监管局", "370102"), ""},
			{http.MethodGet, "/api/v1/officers", nil, ""},
			{http.MethodGet, "/api/v1/officers/" + w.Off102, nil, ""},
			{http.MethodPut, "/api/v1/officers/" + w.Off102, webtest.OfficerBody("王一", w.A102), ""},
			{http.MethodGet, "/api/v1/matters", nil, ""},
			{http.MethodGet, "/api/v1/matters/" + w.M102, nil, ""},
			{http.MethodPut, "/api/v1/matters/" + w.M102, map[string]any{"name": "事项" + w.M102, "kind": "penalty", "agency_codes": []string{w.A102}}, ""},
			{http.MethodGet, "/api/v1/calendar", nil, ""},
			{http.MethodGet, "/api/v1/calendar/2024", nil, ""},
			{http.MethodPut, "/api/v1/calendar/2024", map[string]any{"holidays": []string{"2024-10-01"}, "workdays": []string{}}, prov},
			{http.MethodGet, "/api/v1/cases", nil, ""},
			{http.MethodGet, "/api/v1/cases/sc/C-1", nil, ""},
			{http.MethodPut, "/api/v1/cases/sc/C-1", caseBody, ""},
			{http.MethodGet, "/api/v1/warnings?source_system=sc", nil, ""},
			{http.MethodGet, "/api/v1/benchmarks", nil, ""},
			{http.MethodGet, "/api/v1/benchmarks/" + w.M102, nil, ""},
			{http.MethodPut, "/api/v1/benchmarks/" + w.M102, bench, ""},
			// Warning handling (supervision-v1 §1): the case's agency signs warnings 1 and 2 of case C-1.
			{http.MethodGet, "/api/v1/warnings/1", nil, ""},
			{http.MethodPost, "/api/v1/warnings/1/actions", map[string]any{"action": "sign"}, agencyTok},
			{http.MethodPost, "/api/v1/warnings/actions", map[string]any{"action": "sign", "ids": []int64{2}}, agencyTok},
			{http.MethodGet, "/api/v1/rules?region_code=370102", nil, sup},
			{http.MethodPut, "/api/v1/rules/DECISION_OVERDUE/settings/370100", map[string]any{"enabled": true}, sup},
			{http.MethodPut, "/api/v1/rules/custom/C_RULE", rule, sup},
			{http.MethodGet, "/api/v1/rules/custom/C_RULE", nil, sup},
			{http.MethodGet, "/api/v1/rules/custom/C_RULE/versions", nil, sup},
			{http.MethodPost, "/api/v1/rules/custom/dry-run", map[string]any{"region_code": "370100", "expression": "true"}, sup},
			{http.MethodGet, "/api/v1/warnings/stats?region_code=370102", nil, sup},
			{http.MethodGet, "/api/v1/inaction?region_code=370102", nil, sup},
			{http.MethodGet, "/api/v1/card-proposals", nil, sup},
			{http.MethodPost, "/api/v1/card-proposals/1/decision", map[string]any{"decision": "accept", "reason": "红牌：暂扣执法证"}, sup},
		}
		for _, op := range ops {
			e.Call(op.method, op.path, cmp.Or(op.token, tok), op.good, http.StatusOK)
			e.Call(op.method, op.path, "", op.good, http.StatusUnauthorized)
		}
		e.Get("/api/v1/agencies/"+w.A103, tok, http.StatusNotFound)
		e.Get("/api/v1/officers/"+w.Off103, tok, http.StatusNotFound)
		e.Get("/api/v1/matters/"+w.M103, tok, http.StatusNotFound)
		e.Put("/api/v1/agencies/"+w.A103, tok, webtest.AgencyBody("市中区市场监管局", "370103"), http.StatusForbidden)
		e.Put("/api/v1/officers/"+w.Off103, tok, webtest.OfficerBody("赵三", w.A103), http.StatusForbidden)
		e.Put("/api/v1/matters/"+w.M103, tok, map[string]any{"name": "x", "kind": "penalty", "agency_codes": []string{w.A103}}, http.StatusForbidden)
		e.Put("/api/v1/agencies/"+w.A102, tok, `{`, http.StatusBadRequest)
		e.Put("/api/v1/officers/"+w.Off102, tok, `{`, http.StatusBadRequest)
		e.Put("/api/v1/matters/"+w.M102, tok, `{`, http.StatusBadRequest)
		e.Put("/api/v1/calendar/2027", prov, map[string]any{"holidays": []string{"2027-01-01"}, "workdays": []string{}}, http.StatusCreated)
		e.Put("/api/v1/calendar/2027", tok, map[string]any{"holidays": []string{}, "workdays": []string{}}, http.StatusForbidden)
		e.Get("/api/v1/calendar/2019", tok, http.StatusNotFound)
		e.Put("/api/v1/calendar/2027", e.Token(auth.RoleOfficer, "370102", ""), map[string]any{"holidays": []string{}, "workdays": []string{}}, http.StatusForbidden)
		e.Put("/api/v1/calendar/2027", prov, `{`, http.StatusBadRequest)
		e.Put("/api/v1/cases/sc/C-2", tok, `{`, http.StatusBadRequest)
		e.Put("/api/v1/cases/sc/C-3", tok, webtest.CaseBody(w.A103, "370103", w.M103, nil), http.StatusForbidden)
		e.Get("/api/v1/cases/sc/NO-SUCH", tok, http.StatusNotFound)
		e.Get("/api/v1/warnings?severity=purple", tok, http.StatusBadRequest)
		e.Get("/api/v1/warnings/999999", tok, http.StatusNotFound)
		e.Call(http.MethodPost, "/api/v1/warnings/999999/actions", agencyTok, map[string]any{"action": "sign"}, http.StatusNotFound)
		e.Call(http.MethodPost, "/api/v1/warnings/1/actions", agencyTok, map[string]any{"action": "sign"}, http.StatusConflict)
		e.Call(http.MethodPost, "/api/v1/warnings/1/actions", agencyTok, map[string]any{"action": "rectify"}, http.StatusBadRequest)
		e.Call(http.MethodPost, "/api/v1/warnings/1/actions", tok, map[string]any{"action": "rectify", "note": "x"}, http.StatusForbidden)
		e.Call(http.MethodPost, "/api/v1/warnings/actions", agencyTok, `{`, http.StatusBadRequest)
		e.Get("/api/v1/benchmarks/"+w.M103, tok, http.StatusNotFound)
		e.Put("/api/v1/benchmarks/"+w.M103, tok, bench, http.StatusNotFound)
		e.Put("/api/v1/benchmarks/"+w.M102, tok, map[string]any{"region_code": "370103", "effective_from": "2024-01-01", "tiers": bench["tiers"]}, http.StatusForbidden)
		e.Put("/api/v1/benchmarks/"+w.M102, tok, `{`, http.StatusBadRequest)
		e.Get("/api/v1/rules", sup, http.StatusBadRequest)
		e.Get("/api/v1/rules?region_code=370200", sup, http.StatusNotFound)
		e.Put("/api/v1/rules/DECISION_OVERDUE/settings/370100", sup, `{`, http.StatusBadRequest)
		e.Put("/api/v1/rules/DECISION_OVERDUE/settings/370100", tok, map[string]any{"enabled": true}, http.StatusForbidden)
		e.Put("/api/v1/rules/NO_SUCH/settings/370100", sup, map[string]any{"enabled": true}, http.StatusNotFound)
		e.Put("/api/v1/rules/custom/C_RULE", sup, `{`, http.StatusBadRequest)
		e.Put("/api/v1/rules/custom/C_RULE", tok, rule, http.StatusForbidden)
		e.Get("/api/v1/rules/custom/NOPE", sup, http.StatusNotFound)
		e.Get("/api/v1/rules/custom/NOPE/versions", sup, http.StatusNotFound)
		e.Call(http.MethodPost, "/api/v1/rules/custom/dry-run", sup, `{`, http.StatusBadRequest)
		e.Get("/api/v1/warnings/stats?group_by=party", sup, http.StatusBadRequest)
		e.Get("/api/v1/warnings/stats?region_code=370200", sup, http.StatusNotFound)
		e.Get("/api/v1/warnings/stats", tok, http.StatusForbidden)
		e.Get("/api/v1/statistics?group_by=party", sup, http.StatusBadRequest)
		e.Get("/api/v1/statistics?region_code=370200", sup, http.StatusNotFound)
		e.Get("/api/v1/statistics", tok, http.StatusForbidden)
		e.Get("/api/v1/reports/annual/20x", sup, http.StatusBadRequest)
		e.Get("/api/v1/reports/annual/2025?region_code=370200", sup, http.StatusNotFound)
		e.Get("/api/v1/reports/annual/2025", tok, http.StatusForbidden)
		e.Get("/api/v1/inaction?year=2031", sup, http.StatusBadRequest)
		e.Get("/api/v1/inaction?region_code=370200", sup, http.StatusNotFound)
		e.Get("/api/v1/inaction", tok, http.StatusForbidden)
		e.Get("/api/v1/card-proposals?status=maybe", sup, http.StatusBadRequest)
		e.Get("/api/v1/card-proposals", tok, http.StatusForbidden)
		e.Call(http.MethodPost, "/api/v1/card-proposals/1/decision", sup, map[string]any{"decision": "reject"}, http.StatusBadRequest)
		e.Call(http.MethodPost, "/api/v1/card-proposals/1/decision", agencyTok, map[string]any{"decision": "reject", "reason": "x"}, http.StatusForbidden)
		e.Call(http.MethodPost, "/api/v1/card-proposals/999999/decision", sup, map[string]any{"decision": "reject", "reason": "x"}, http.StatusNotFound)
		e.Call(http.MethodPost, "/api/v1/card-proposals/1/decision", sup, map[string]any{"decision": "reject", "reason": "x"}, http.StatusConflict)
		e.Call(http.MethodPost, "/api/v1/rules/custom/dry-run", tok, map[string]any{"region_code": "370100", "expression": "true"}, http.StatusForbidden)
		e.Call(http.MethodGet, "/healthz", "", nil, http.StatusOK)
		e.Call(http.MethodGet, "/api/openapi.yaml", "", nil, http.StatusOK)
		e.Call(http.MethodGet, "/api/v1/version", "", nil, http.StatusOK)
		e.Call(http.MethodGet, "/api/v1/version", "bad-token", nil, http.StatusUnauthorized)
		// The record log (§6): open to everyone, a case's records to its scope.
		logOps := []string{"/api/v1/log/checkpoint", "/api/v1/log/leaves?start=0&end=5", "/api/v1/log/proof/inclusion?index=0&size=1",
			"/api/v1/log/proof/consistency?from=1&to=1"}
		for _, p := range append(logOps, "/api/v1/log/key") {
			e.Call(http.MethodGet, p, "", nil, http.StatusOK)
			e.Call(http.MethodGet, p, "bad-token", nil, http.StatusUnauthorized)
		}
		e.Call(http.MethodGet, "/api/v1/log/leaves?start=x&end=5", "", nil, http.StatusBadRequest)
		e.Call(http.MethodGet, "/api/v1/log/proof/inclusion?index=0&size=999999", "", nil, http.StatusBadRequest)
		e.Call(http.MethodGet, "/api/v1/log/proof/consistency?from=2&to=1", "", nil, http.StatusBadRequest)
		e.Get("/api/v1/cases/sc/C-1/records", tok, http.StatusOK)
		e.Call(http.MethodGet, "/api/v1/cases/sc/C-1/records", "", nil, http.StatusUnauthorized)
		e.Get("/api/v1/cases/sc/NO-SUCH/records", tok, http.StatusNotFound)
		// A bad bearer token is refused on every API path, even the open
		// ones; off the API a token is no credential and is ignored.
		e.Call(http.MethodGet, "/api/openapi.yaml", "bad-token", nil, http.StatusUnauthorized)
		e.Call(http.MethodGet, "/healthz", "bad-token", nil, http.StatusOK)

		// Database gone: JSON 500 on the API, 503 on /healthz.
		db.Close()
		for _, op := range ops {
			r := e.Call(op.method, op.path, cmp.Or(op.token, tok), op.good, http.StatusInternalServerError)
			if er := r.APIErr(t); er.Code != "internal" || strings.Contains(er.Message, "sql") {
				t.Errorf("%s: %+v (no internals on the wire)", r, er)
			}
		}
		e.Call(http.MethodGet, "/healthz", "", nil, http.StatusServiceUnavailable)
		e.Call(http.MethodGet, "/api/v1/version", "", nil, http.StatusInternalServerError)
		for _, p := range logOps {
			e.Call(http.MethodGet, p, "", nil, http.StatusInternalServerError)
		}
		e.Get("/api/v1/cases/sc/C-1/records", tok, http.StatusInternalServerError)

		// The capabilities of supervision-v1 §3–§5 and §7's open data are
		// called, OpenAPI-validated, by their own packages' API tests
		// (complaintweb, inspectionweb, supervisionweb, openweb, coordweb, the
		// licences' TestAPILicenses); this
		// every-status check does not cover them yet.
		later := []string{"/api/v1/public/", "/api/v1/complaints", "/api/v1/inspections", "/api/v1/supervision-cases", "/open/",
			"/api/v1/disputes", "/api/v1/assists", "/api/v1/licenses"}
		missing := slices.DeleteFunc(e.Missing(), func(k string) bool {
			path := strings.Fields(k)[1]
			return slices.ContainsFunc(later, func(p string) bool { return strings.HasPrefix(path, p) })
		})
		if len(missing) > 0 {
			t.Errorf("documented but never answered:\n%s", strings.Join(missing, "\n"))
		}
	})
}
