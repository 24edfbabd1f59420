package registryweb_test

import (
	"net/http"
	"strings"
	"testing"

	"zfjd/internal/auth"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/web/webtest"
)

// apiBadCase is one request the server must refuse with the spec's error
// body, writing nothing.
type apiBadCase struct {
	name  string
	path  string
	body  any    // raw string or a value to marshal
	field string // a key fields must name ("" when the problem is the whole body)
	// docRejects: openapi.yaml already rejects the request; otherwise the
	// request is well-formed for the document and only the server's own
	// checks (checksums, real dates, known regions, existing agencies) catch it.
	docRejects bool
}

// apiWith returns a copy of base with the given key/value pairs set (nil sets JSON null).
func apiWith(base map[string]any, kv ...any) map[string]any {
	out := map[string]any{}
	for k, v := range base {
		out[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out[kv[i].(string)] = kv[i+1]
	}
	return out
}

func TestAPIBadInputWritesNothing(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		e := webtest.Start(t, db)
		tok := e.Token(auth.RoleIntegration, "370100", "")
		ag := webtest.USCC(t, "370102", 1)
		sup := webtest.USCC(t, "370102", 2)
		e.Put("/api/v1/agencies/"+ag, tok, webtest.AgencyBody("历下区市场监管局", "370102"), http.StatusCreated)
		e.Put("/api/v1/agencies/"+sup, tok, map[string]any{"name": "历下区司法局", "kind": "supervision", "region_code": "370102"}, http.StatusCreated)
		e.Put("/api/v1/officers/LX-0001", tok, webtest.OfficerBody("王一", ag), http.StatusCreated)
		e.Put("/api/v1/matters/M-001", tok, map[string]any{"name": "食品安全处罚", "kind": "penalty", "agency_codes": []string{ag}}, http.StatusCreated)
		// An agency that exists outside the token's scope (青岛市市南区).
		far := webtest.USCC(t, "370202", 1)
		e.Put("/api/v1/agencies/"+far, e.Token(auth.RoleAdmin, "", ""), webtest.AgencyBody("市南区市场监管局", "370202"), http.StatusCreated)

		newAg := "/api/v1/agencies/" + webtest.USCC(t, "370102", 3)
		oldAg := "/api/v1/agencies/" + ag
		agBody := webtest.AgencyBody("历下区综合行政执法局", "370102")
		offBody := webtest.OfficerBody("王二", ag)
		newOff, oldOff := "/api/v1/officers/LX-0002", "/api/v1/officers/LX-0001"
		mBody := map[string]any{"name": "查封扣押", "kind": "coercion", "agency_codes": []string{ag}}
		newM, oldM := "/api/v1/matters/M-002", "/api/v1/matters/M-001"

		cases := []apiBadCase{
			// Agencies.
			{"agency broken JSON", newAg, `{"name": "历下区", "kind":`, "", true},
			{"agency not JSON", newAg, `name=历下区`, "", true},
			{"agency empty body", newAg, ``, "", true},
			// kin-openapi's decoder stops after the first value, so only the server sees the second.
			{"agency two objects", newAg, `{"name":"a","kind":"enforcement","region_code":"370102"}{}`, "", false},
			{"agency array body", newAg, `[]`, "$", true},
			{"agency body over 1 MB", newAg, apiWith(agBody, "legal_basis", strings.Repeat("法", 400_000)), "", false},
			{"agency region_code number", newAg, apiWith(agBody, "region_code", 370102), "region_code", true},
			{"agency publicity_days string", newAg, apiWith(agBody, "publicity_days", "7"), "publicity_days", true},
			{"agency missing required", newAg, map[string]any{"domain": "市场监管"}, "region_code", true},
			{"agency name null", newAg, apiWith(agBody, "name", nil), "name", true},
			{"agency blank name", newAg, apiWith(agBody, "name", "   "), "name", false},
			{"agency USCC checksum", "/api/v1/agencies/" + webtest.BadCheck(webtest.USCC(t, "370102", 3)), agBody, "code", false},
			{"agency USCC checksum on replace", "/api/v1/agencies/" + webtest.BadCheck(ag), agBody, "code", false},
			{"agency USCC malformed", "/api/v1/agencies/ABC", agBody, "code", true},
			{"agency body code differs", newAg, apiWith(agBody, "code", webtest.USCC(t, "370102", 4)), "code", false},
			{"agency impossible date", newAg, apiWith(agBody, "announced_on", "2024-02-30"), "announced_on", false},
			{"agency date format", newAg, apiWith(agBody, "announced_on", "2024/01/05"), "announced_on", true},
			{"agency unknown region", newAg, apiWith(agBody, "region_code", "379999"), "region_code", false},
			{"agency unknown province", newAg, apiWith(agBody, "region_code", "990101"), "region_code", false},
			{"agency short region", newAg, apiWith(agBody, "region_code", "3701"), "region_code", true},
			{"agency unknown kind", newAg, apiWith(agBody, "kind", "court"), "kind", true},
			{"agency unknown status", newAg, apiWith(agBody, "status", "closed"), "status", true},
			{"agency publicity_days 61", newAg, apiWith(agBody, "publicity_days", 61), "publicity_days", true},
			{"agency parent checksum", newAg, apiWith(agBody, "parent_code", webtest.BadCheck(ag)), "parent_code", false},
			{"agency parent is itself", oldAg, apiWith(agBody, "parent_code", ag), "parent_code", false},
			{"agency replace with bad kind", oldAg, apiWith(agBody, "kind", "police"), "kind", true},

			// Officers.
			{"officer broken JSON", newOff, `{"name":"王二",`, "", true},
			{"officer missing required", newOff, map[string]any{"domain": "市场监管"}, "cert_valid_from", true},
			{"officer invalid 身份证号", newOff, apiWith(offBody, "id_number", "110105195001010014"), "id_number", false},
			{"officer 身份证号 on replace", oldOff, apiWith(offBody, "id_number", "110105195001010014"), "id_number", false},
			{"officer impossible date", newOff, apiWith(offBody, "cert_valid_from", "2024-02-30"), "cert_valid_from", false},
			{"officer impossible valid_to", newOff, apiWith(offBody, "cert_valid_to", "2023-02-29"), "cert_valid_to", false},
			{"officer valid_to before from", newOff, apiWith(offBody, "cert_valid_from", "2024-01-01", "cert_valid_to", "2023-12-31"), "cert_valid_to", false},
			{"officer of a supervision body", newOff, apiWith(offBody, "agency_code", sup), "agency_code", false},
			{"officer agency code number", newOff, apiWith(offBody, "agency_code", 42), "agency_code", true},
			{"officer unknown qualification", newOff, apiWith(offBody, "qualifications", []string{"boss"}), "qualifications", true},
			{"officer qualifications string", newOff, apiWith(offBody, "qualifications", "hearing_host"), "qualifications", true},
			{"officer unknown cert_status", newOff, apiWith(offBody, "cert_status", "lost"), "cert_status", true},
			{"officer exam_score 101", newOff, apiWith(offBody, "exam_score", 101), "exam_score", true},
			{"officer exam_score string", newOff, apiWith(offBody, "exam_score", "90"), "exam_score", true},
			{"officer impossible oath date", newOff, apiWith(offBody, "oath_date", "2022-13-01"), "oath_date", true},
			{"officer cert_no too short", "/api/v1/officers/AB", offBody, "cert_no", true},
			{"officer body cert_no differs", newOff, apiWith(offBody, "cert_no", "LX-0003"), "cert_no", false},
			{"officer name too long", newOff, apiWith(offBody, "name", strings.Repeat("王", 41)), "name", true},

			// Matters.
			{"matter broken JSON", newM, `{"name"}`, "", true},
			{"matter missing required", newM, map[string]any{"legal_basis": "《食品安全法》"}, "kind", true},
			{"matter unknown kind", newM, apiWith(mBody, "kind", "fine"), "kind", true},
			{"matter holder checksum", newM, apiWith(mBody, "agency_codes", []string{webtest.BadCheck(ag)}), "agency_codes", false},
			{"matter holders not an array", newM, apiWith(mBody, "agency_codes", ag), "agency_codes", true},
			{"matter negative threshold", newM, apiWith(mBody, "criminal_threshold_fen", -1), "criminal_threshold_fen", true},
			{"matter threshold string", newM, apiWith(mBody, "criminal_threshold_fen", "5000"), "criminal_threshold_fen", true},
			{"matter threshold fraction", newM, apiWith(mBody, "criminal_threshold_fen", 12.5), "criminal_threshold_fen", true},
			{"matter impossible basis date", newM, apiWith(mBody, "basis_effective", "2023-02-29"), "basis_effective", false},
			{"matter unknown region", newM, apiWith(mBody, "region_code", "379999"), "region_code", false},
			{"matter code malformed", "/api/v1/matters/-bad", mBody, "code", true},
			{"matter body code differs", newM, apiWith(mBody, "code", "M-003"), "code", false},
		}
		// No existence oracle (registry/keyspace.go): a referenced agency the
		// caller cannot see — one that does not exist, or one outside the
		// caller's scope — is refused alike, 403 with the field named.
		unseen := []apiBadCase{
			{"officer of a non-existent agency", newOff, apiWith(offBody, "agency_code", webtest.USCC(t, "370102", 77)), "agency_code", false},
			{"officer of an agency out of scope", newOff, apiWith(offBody, "agency_code", far), "agency_code", false},
			{"matter holder does not exist", newM, apiWith(mBody, "agency_codes", []string{webtest.USCC(t, "370102", 88)}), "agency_codes", false},
			{"matter holder out of scope", newM, apiWith(mBody, "agency_codes", []string{ag, far}), "agency_codes", false},
			{"matter replace with unknown holder", oldM, apiWith(mBody, "agency_codes", []string{webtest.USCC(t, "370102", 89)}), "agency_codes", false},
		}
		before := webtest.Counts(t, db)
		oldBodies := map[string]string{}
		for _, p := range []string{oldAg, oldOff, oldM} {
			oldBodies[p] = string(e.Get(p, tok, http.StatusOK).Body)
		}
		for i, c := range append(cases, unseen...) {
			hidden := i >= len(cases)
			t.Run(c.name, func(t *testing.T) {
				status, code := http.StatusBadRequest, "invalid"
				if hidden {
					status, code = http.StatusForbidden, "forbidden"
				}
				r := e.CallT(t, http.MethodPut, c.path, tok, c.body, status)
				er := r.APIErr(t)
				if er.Code != code {
					t.Errorf("code %q, want %s", er.Code, code)
				}
				if hidden && !strings.Contains(er.Fields[c.field], "不存在或不在您的管辖范围内") {
					t.Errorf("fields %v: %q must read as missing or out of scope alike", er.Fields, c.field)
				}
				if c.field != "" && er.Fields[c.field] == "" {
					t.Errorf("fields %v, want a message for %q", er.Fields, c.field)
				}
				if er.Fields == nil {
					t.Errorf("fields missing: %s", r.Body)
				}
				if c.docRejects && r.ReqErr == nil {
					t.Errorf("openapi.yaml accepts this request; the document should say why it is wrong")
				}
				if !c.docRejects && r.ReqErr != nil {
					t.Errorf("openapi.yaml rejects this request (%v); expected only the server's own checks to", r.ReqErr)
				}
				webtest.SameCounts(t, db, before, c.name)
			})
		}
		for p, b := range oldBodies {
			if now := string(e.Get(p, tok, http.StatusOK).Body); now != b {
				t.Errorf("%s changed by refused requests:\n%s\n%s", p, b, now)
			}
		}
	})
}
