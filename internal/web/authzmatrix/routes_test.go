package authzmatrix_test

// The registry of object kinds: every route of the server's route table is
// classified here as one object kind and verb with the request that asks
// for it (or named as no object route, with the reason). A new capability
// adds its routes here and its kinds' rules in rules_test.go; the matrix
// fails on a route it does not know.

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"zfjd/internal/ident"
	"zfjd/internal/testworld"
	"zfjd/internal/web/webtest"
)

// Verbs.
const (
	list   = "list"
	read   = "read"
	create = "create"
	change = "change"
	act    = "act"
)

// request is one request a row sends: a path, and a form (UI POST), a
// JSON body (API PUT) or files (multipart, field "file" or ev_files).
type request struct {
	path  string
	form  url.Values
	body  any
	files map[string][]byte
	field string // the file field of a multipart form
}

// route is one classified route.
type route struct {
	pattern string // as registered: "POST /agencies/{code}/edit"
	kind    string // object kind (rules_test.go)
	verb    string
	placed  bool // asked about an object of each place (else once)
	// strict: an allowed row must succeed (2xx, 3xx); otherwise an allowed
	// row must only get past authorization (the state of the object or the
	// form may still refuse with 400, 409 or 422).
	strict bool
	req    func(f *fixture, w *who, p *place) request
	// sideEffects are tables a request that is no write may still change,
	// with why (the record bundle signs a checkpoint covering its leaves).
	sideEffects []string
	// batch: a batch act answers for each object in its body (the API:
	// results[0].error.code stands for the status) or in a flash message
	// after a redirect (the UI: a refusal answers 303 and writes nothing).
	batch bool
	// act is the warning handling act a warning-act row takes.
	act string
}

func (r *route) method() string { m, _, _ := strings.Cut(r.pattern, " "); return m }
func (r *route) api() bool      { return strings.Contains(r.pattern, " /api/") }

func get(path string) func(*fixture, *who, *place) request {
	return func(*fixture, *who, *place) request { return request{path: path} }
}

func placed(f func(p *place) string) func(*fixture, *who, *place) request {
	return func(_ *fixture, _ *who, p *place) request { return request{path: f(p)} }
}

func cpath(p *place, rest string) string { return "/cases/" + strconv.FormatInt(p.caseID, 10) + rest }

// officerForm is a valid officer of p's agency.
func officerForm(cert string, p *place) url.Values {
	return url.Values{"cert_no": {cert}, "name": {"矩阵执法员"}, "agency_code": {p.agency}, "cert_valid_from": {"2024-01-01"},
		"cert_valid_to": {"2028-12-31"}, "cert_status": {"valid"}}
}

func matterForm(code string, p *place) url.Values {
	return url.Values{"code": {code}, "name": {"矩阵测试事项" + code}, "kind": {"penalty"}, "legal_basis": {"《中华人民共和国食品安全法》第一百二十四条"},
		"agency_codes": {p.agency}}
}

func benchForm(w *who) url.Values {
	region := w.region
	if region == "" {
		region = "370000"
	}
	return url.Values{"region_code": {region}, "effective_from": {testworld.Today}, "t.ordinary.on": {"1"},
		"t.ordinary.conditions": {"矩阵测试情形"}, "t.ordinary.fine_min": {"100"}, "t.ordinary.fine_max": {"200"}}
}

func itemForm(p *place) url.Values {
	return url.Values{"kind": {"no_penalty"}, "matter_code": {p.matter}, "region_code": {p.region}, "title": {"矩阵清单"},
		"conditions": {"初次违法\r\n危害后果轻微"}, "first_offense": {"1"}, "harm_max": {"slight"}, "measures": {"correct"},
		"effective_from": {"2026-01-01"}}
}

// actForm is a form every act's own parser accepts (eventFromForm): the
// service then decides.
func actForm() url.Values {
	return url.Values{"at": {testworld.Today}, "officers": webtest.Team, "note": {"矩阵测试"}, "result": {"pass"},
		"hearing_at": {testworld.Today}, "days": {"30"}, "outcome": {"no_penalty"}, "amount": {"1"}, "until": {testworld.Today},
		"method": {"post"}, "kind": {"revoke"}, "from": {testworld.Today}, "to": {testworld.Today}}
}

func caseForm(p *place) url.Values {
	return url.Values{"agency_code": {p.agency}, "procedure": {"general"}, "title": {"矩阵登记案"}, "matter_code": {p.matter},
		"party.kind": {"person"}, "party.name": {"张砚秋"}, "party.id_number": {webtest.PartyID("031")},
		"party.address": {"济南市历下区泉城路1号"}, "facts.act_date": {webtest.DaysAgo(60)}, "facts.first_offense": {"1"},
		"facts.harm": {"slight"}, "facts.corrected": {"0"}, "officers": webtest.Team, "at": {testworld.Today}, "note": {"日常检查发现"},
		"facts.description": {"当事人销售超过保质期的预包装食品12件。"}}
}

func apiCase(p *place, officers []string) map[string]any {
	return webtest.CaseBody(p.agency, p.region, p.matter, officers)
}

// routes is the registry.
func routes() []*route {
	return slices.Concat([]*route{
		{pattern: "GET /regions", kind: "region", verb: list, req: get("/regions")},

		{pattern: "GET /agencies", kind: "agency", verb: list, req: get("/agencies")},
		{pattern: "GET /agencies/new", kind: "agency", verb: create, req: get("/agencies/new")},
		{pattern: "POST /agencies/new", kind: "agency", verb: create, placed: true, strict: true,
			req: func(f *fixture, _ *who, p *place) request {
				return request{path: "/agencies/new", form: agencyForm(uscc(p.region, 5000+f.next()), p.region)}
			}},
		{pattern: "GET /agencies/{code}", kind: "agency", verb: read, placed: true, req: placed(func(p *place) string { return "/agencies/" + p.agency })},
		{pattern: "GET /agencies/{code}/edit", kind: "agency", verb: change, placed: true, req: placed(func(p *place) string { return "/agencies/" + p.agency + "/edit" })},
		{pattern: "POST /agencies/{code}/edit", kind: "agency", verb: change, placed: true, strict: true,
			req: func(f *fixture, _ *who, p *place) request {
				v := agencyForm(p.agency, p.region)
				v.Set("name", fmt.Sprintf("矩阵改名执法局%d", f.next()))
				return request{path: "/agencies/" + p.agency + "/edit", form: v}
			}},
		{pattern: "POST /agencies/{code}/case-rules", kind: "agency-rules", verb: change, placed: true,
			req: func(_ *fixture, _ *who, p *place) request {
				return request{path: "/agencies/" + p.agency + "/case-rules", form: url.Values{"statement_days": {"5"}}}
			}},
		{pattern: "GET /agencies/{code}/doc-prefix", kind: "doc-prefix", verb: change, placed: true,
			req: placed(func(p *place) string { return "/agencies/" + p.agency + "/doc-prefix" })},
		{pattern: "POST /agencies/{code}/doc-prefix", kind: "doc-prefix", verb: change, placed: true,
			req: func(_ *fixture, _ *who, p *place) request {
				return request{path: "/agencies/" + p.agency + "/doc-prefix", form: url.Values{"prefix": {"矩阵"}}}
			}},

		{pattern: "GET /officers", kind: "officer", verb: list, req: get("/officers")},
		{pattern: "GET /officers/new", kind: "officer", verb: create, req: get("/officers/new")},
		{pattern: "POST /officers/new", kind: "officer", verb: create, placed: true, strict: true,
			req: func(f *fixture, _ *who, p *place) request {
				return request{path: "/officers/new", form: officerForm(fmt.Sprintf("%s%05d", p.region, 70000+f.next()), p)}
			}},
		{pattern: "GET /officers/import", kind: "officer", verb: create, req: get("/officers/import")},
		{pattern: "POST /officers/import", kind: "officer", verb: create,
			req: func(*fixture, *who, *place) request {
				return request{path: "/officers/import", field: "file", files: map[string][]byte{"officers.csv": []byte("执法证号,姓名\n")}}
			}},
		{pattern: "GET /officers/{cert}", kind: "officer", verb: read, placed: true, req: placed(func(p *place) string { return "/officers/" + p.officer })},
		{pattern: "GET /officers/{cert}/qr.png", kind: "officer", verb: read, placed: true, req: placed(func(p *place) string { return "/officers/" + p.officer + "/qr.png" })},
		{pattern: "GET /officers/{cert}/edit", kind: "officer", verb: change, placed: true, req: placed(func(p *place) string { return "/officers/" + p.officer + "/edit" })},
		{pattern: "POST /officers/{cert}/edit", kind: "officer", verb: change, placed: true, strict: true,
			req: func(f *fixture, _ *who, p *place) request {
				v := officerForm(p.officer, p)
				v.Set("name", fmt.Sprintf("矩阵改名%d", f.next()))
				return request{path: "/officers/" + p.officer + "/edit", form: v}
			}},
		{pattern: "POST /officers/{cert}/status", kind: "officer", verb: change, placed: true,
			req: func(_ *fixture, _ *who, p *place) request {
				return request{path: "/officers/" + p.officer + "/status", form: url.Values{"cert_status": {"suspended"}, "reason": {"矩阵测试"}}}
			}},
		{pattern: "POST /officers/{cert}/years", kind: "officer", verb: change, placed: true,
			req: func(_ *fixture, _ *who, p *place) request {
				return request{path: "/officers/" + p.officer + "/years", form: url.Values{"year": {"2025"}, "training_hours": {"40"}, "review_result": {"pass"}}}
			}},

		{pattern: "GET /matters", kind: "matter", verb: list, req: get("/matters")},
		{pattern: "GET /matters/new", kind: "matter", verb: create, req: get("/matters/new")},
		{pattern: "POST /matters/new", kind: "matter", verb: create, placed: true, strict: true,
			req: func(f *fixture, _ *who, p *place) request {
				return request{path: "/matters/new", form: matterForm(fmt.Sprintf("MX-%03d", f.next()), p)}
			}},
		{pattern: "GET /matters/import", kind: "matter", verb: create, req: get("/matters/import")},
		{pattern: "POST /matters/import", kind: "matter", verb: create,
			req: func(*fixture, *who, *place) request {
				return request{path: "/matters/import", field: "file", files: map[string][]byte{"matters.csv": []byte("事项编码,事项名称\n")}}
			}},
		{pattern: "GET /matters/{code}", kind: "matter", verb: read, placed: true, req: placed(func(p *place) string { return "/matters/" + p.matter })},
		{pattern: "GET /matters/{code}/edit", kind: "matter", verb: change, placed: true, req: placed(func(p *place) string { return "/matters/" + p.matter + "/edit" })},
		{pattern: "POST /matters/{code}/edit", kind: "matter", verb: change, placed: true, strict: true,
			req: func(f *fixture, _ *who, p *place) request {
				v := matterForm(p.matter, p)
				v.Set("name", fmt.Sprintf("矩阵改名事项%d", f.next()))
				return request{path: "/matters/" + p.matter + "/edit", form: v}
			}},

		{pattern: "GET /discretion", kind: "benchmark", verb: list, req: get("/discretion")},
		{pattern: "GET /discretion/export.xlsx", kind: "benchmark", verb: list, req: get("/discretion/export.xlsx")},
		{pattern: "GET /discretion/import", kind: "benchmark", verb: create, req: get("/discretion/import")},
		{pattern: "POST /discretion/import", kind: "benchmark", verb: create,
			req: func(*fixture, *who, *place) request {
				return request{path: "/discretion/import", field: "file", files: map[string][]byte{"b.xlsx": []byte("PK not a workbook")}}
			}},
		{pattern: "GET /discretion/{matter_code}", kind: "benchmark", verb: read, placed: true, req: placed(func(p *place) string { return "/discretion/" + p.matter })},
		{pattern: "POST /discretion/{matter_code}", kind: "benchmark", verb: change, placed: true,
			req: func(_ *fixture, w *who, p *place) request {
				return request{path: "/discretion/" + p.matter, form: benchForm(w)}
			}},
		{pattern: "GET /lists", kind: "list-item", verb: list, req: get("/lists")},
		{pattern: "GET /lists/new", kind: "list-item", verb: create, req: get("/lists/new")},
		{pattern: "POST /lists/new", kind: "list-item", verb: create, placed: true,
			req: func(_ *fixture, _ *who, p *place) request { return request{path: "/lists/new", form: itemForm(p)} }},
		{pattern: "GET /lists/{id}/edit", kind: "list-item", verb: change, placed: true,
			req: placed(func(p *place) string { return "/lists/" + strconv.FormatInt(p.itemID, 10) + "/edit" })},
		{pattern: "POST /lists/{id}/edit", kind: "list-item", verb: change, placed: true,
			req: func(_ *fixture, _ *who, p *place) request {
				return request{path: "/lists/" + strconv.FormatInt(p.itemID, 10) + "/edit", form: itemForm(p)}
			}},
		{pattern: "POST /lists/{id}/delete", kind: "list-item", verb: change, placed: true,
			req: func(f *fixture, _ *who, p *place) request {
				return request{path: "/lists/" + strconv.FormatInt(f.item(p), 10) + "/delete", form: url.Values{}}
			}},

		{pattern: "GET /calendar/{year}", kind: "calendar", verb: read, req: get("/calendar/2026")},
		{pattern: "POST /calendar/{year}", kind: "calendar", verb: change, strict: true,
			req: func(*fixture, *who, *place) request {
				return request{path: "/calendar/2031", form: url.Values{"holidays": {"2031-01-01"}, "workdays": {""}, "source": {"矩阵测试"}}}
			}},

		{pattern: "GET /cases", kind: "case", verb: list, req: get("/cases")},
		{pattern: "GET /cases/new", kind: "case", verb: create, req: get("/cases/new")},
		{pattern: "POST /cases/new", kind: "case", verb: create, placed: true,
			req: func(_ *fixture, _ *who, p *place) request { return request{path: "/cases/new", form: caseForm(p)} }},
		{pattern: "GET /cases/{id}", kind: "case", verb: read, placed: true, req: placed(func(p *place) string { return cpath(p, "") })},
		{pattern: "GET /cases/{id}/edit", kind: "case", verb: change, placed: true, req: placed(func(p *place) string { return cpath(p, "/edit") })},
		{pattern: "POST /cases/{id}/edit", kind: "case", verb: change, placed: true,
			req: func(_ *fixture, _ *who, p *place) request { return request{path: cpath(p, "/edit"), form: caseForm(p)} }},
		{pattern: "POST /cases/{id}/act/{type}", kind: "case-act", verb: act, placed: true}, // one row per act: acts()
		{pattern: "POST /cases/{id}/evidence", kind: "evidence", verb: create, placed: true,
			req: func(_ *fixture, _ *who, p *place) request {
				return request{path: cpath(p, "/evidence"), field: "ev_files", files: map[string][]byte{"照片.txt": []byte("现场照片")},
					form: url.Values{"ev_kind": {"documentary"}, "ev_title": {"矩阵证据"}, "ev_collected_on": {testworld.Today}}}
			}},
		{pattern: "GET /cases/{id}/evidence/{file}", kind: "evidence", verb: read, placed: true,
			req: placed(func(p *place) string { return cpath(p, "/evidence/"+strconv.FormatInt(p.fileID, 10)) })},
		{pattern: "GET /cases/{id}/docs", kind: "document", verb: list, placed: true, req: placed(func(p *place) string { return cpath(p, "/docs") })},
		{pattern: "GET /cases/{id}/docs/{kind}", kind: "document", verb: read, placed: true, req: placed(func(p *place) string { return cpath(p, "/docs/filing") })},
		{pattern: "POST /cases/{id}/docs/{kind}/issue", kind: "document", verb: act, placed: true,
			req: func(_ *fixture, _ *who, p *place) request {
				return request{path: cpath(p, "/docs/filing/issue"), form: url.Values{}}
			}},
		{pattern: "GET /cases/{id}/records.json", kind: "records", verb: read, placed: true, req: placed(func(p *place) string { return cpath(p, "/records.json") }),
			sideEffects: []string{"log_checkpoints"}}, // signed on demand when the tree has grown
		{pattern: "GET /cases/{id}/records", kind: "records", verb: read, placed: true, req: placed(func(p *place) string { return cpath(p, "/records") })},

		{pattern: "GET /accounts", kind: "account", verb: list, req: get("/accounts")},
		{pattern: "POST /accounts", kind: "account", verb: create, placed: true, strict: true,
			req: func(f *fixture, _ *who, p *place) request {
				return request{path: "/accounts", form: url.Values{"username": {fmt.Sprintf("mx%d", f.next())}, "display_name": {"矩阵账号"},
					"password": {"Matrix#Test2026"}, "role": {"supervisor"}, "region_code": {p.region}}}
			}},
		{pattern: "POST /accounts/{id}/password", kind: "account", verb: change, placed: true, strict: true,
			req: func(_ *fixture, _ *who, p *place) request {
				return request{path: "/accounts/" + strconv.FormatInt(p.account, 10) + "/password", form: url.Values{"new_password": {"Matrix#Reset2026"}}}
			}},
		{pattern: "GET /audit", kind: "audit", verb: list, req: get("/audit")},

		// The API.
		{pattern: "GET /api/v1/agencies", kind: "agency", verb: list, req: get("/api/v1/agencies")},
		{pattern: "GET /api/v1/agencies/{code}", kind: "agency", verb: read, placed: true, req: placed(func(p *place) string { return "/api/v1/agencies/" + p.agency })},
		{pattern: "PUT /api/v1/agencies/{code}", kind: "agency", verb: create, placed: true, strict: true,
			req: func(f *fixture, _ *who, p *place) request {
				return request{path: "/api/v1/agencies/" + uscc(p.region, 6000+f.next()), body: webtest.AgencyBody("矩阵新增执法局", p.region)}
			}},
		{pattern: "PUT /api/v1/agencies/{code}", kind: "agency", verb: change, placed: true, strict: true,
			req: func(f *fixture, _ *who, p *place) request {
				return request{path: "/api/v1/agencies/" + p.agency, body: webtest.AgencyBody(fmt.Sprintf("矩阵改名执法局%d", f.next()), p.region)}
			}},
		{pattern: "GET /api/v1/officers", kind: "officer", verb: list, req: get("/api/v1/officers")},
		{pattern: "GET /api/v1/officers/{cert}", kind: "officer", verb: read, placed: true, req: placed(func(p *place) string { return "/api/v1/officers/" + p.officer })},
		{pattern: "PUT /api/v1/officers/{cert}", kind: "officer", verb: create, placed: true, strict: true,
			req: func(f *fixture, _ *who, p *place) request {
				return request{path: fmt.Sprintf("/api/v1/officers/%s%05d", p.region, 80000+f.next()), body: webtest.OfficerBody("矩阵新增", p.agency)}
			}},
		{pattern: "PUT /api/v1/officers/{cert}", kind: "officer", verb: change, placed: true, strict: true,
			req: func(f *fixture, _ *who, p *place) request {
				return request{path: "/api/v1/officers/" + p.officer, body: webtest.OfficerBody(fmt.Sprintf("矩阵改名%d", f.next()), p.agency)}
			}},
		{pattern: "GET /api/v1/matters", kind: "matter", verb: list, req: get("/api/v1/matters")},
		{pattern: "GET /api/v1/matters/{code}", kind: "matter", verb: read, placed: true, req: placed(func(p *place) string { return "/api/v1/matters/" + p.matter })},
		{pattern: "PUT /api/v1/matters/{code}", kind: "matter", verb: create, placed: true, strict: true,
			req: func(f *fixture, _ *who, p *place) request {
				return request{path: fmt.Sprintf("/api/v1/matters/MXA-%03d", f.next()),
					body: map[string]any{"name": "矩阵事项", "kind": "penalty", "agency_codes": []string{p.agency}}}
			}},
		{pattern: "PUT /api/v1/matters/{code}", kind: "matter", verb: change, placed: true, strict: true,
			req: func(f *fixture, _ *who, p *place) request {
				return request{path: "/api/v1/matters/" + p.matter,
					body: map[string]any{"name": fmt.Sprintf("矩阵改名事项%d", f.next()), "kind": "penalty", "agency_codes": []string{p.agency}}}
			}},
		{pattern: "GET /api/v1/benchmarks", kind: "benchmark", verb: list, req: get("/api/v1/benchmarks")},
		{pattern: "GET /api/v1/benchmarks/{matter_code}", kind: "benchmark", verb: read, placed: true,
			req: placed(func(p *place) string { return "/api/v1/benchmarks/" + p.matter })},
		{pattern: "PUT /api/v1/benchmarks/{matter_code}", kind: "benchmark", verb: change, placed: true,
			req: func(f *fixture, _ *who, p *place) request {
				return request{path: "/api/v1/benchmarks/" + p.matter,
					body: webtest.BenchBody(fmt.Sprintf("2026-%02d-01", 1+f.next()%12), webtest.Tier("ordinary", 10000, 20000))}
			}},
		{pattern: "GET /api/v1/calendar/{year}", kind: "calendar", verb: read, req: get("/api/v1/calendar/2026")},
		{pattern: "PUT /api/v1/calendar/{year}", kind: "calendar", verb: change, strict: true,
			req: func(f *fixture, _ *who, _ *place) request {
				return request{path: "/api/v1/calendar/2032", body: map[string]any{"holidays": []string{fmt.Sprintf("2032-01-%02d", 1+f.next()%28)}, "workdays": []string{}}}
			}},
		{pattern: "GET /api/v1/cases", kind: "case", verb: list, req: get("/api/v1/cases")},
		{pattern: "GET /api/v1/cases/{source_system}/{source_id}", kind: "case", verb: read, placed: true,
			req: placed(func(p *place) string { return "/api/v1/cases/" + p.source })},
		{pattern: "PUT /api/v1/cases/{source_system}/{source_id}", kind: "case", verb: create, placed: true,
			req: func(f *fixture, _ *who, p *place) request {
				return request{path: fmt.Sprintf("/api/v1/cases/matrix/MX-%04d", f.next()), body: apiCase(p, officersOf(p))}
			}},
		{pattern: "GET /api/v1/cases/{source_system}/{source_id}/records", kind: "records", verb: read, placed: true,
			req: placed(func(p *place) string { return "/api/v1/cases/" + p.source + "/records" })},
		{pattern: "GET /api/v1/warnings", kind: "warnings", verb: list, req: get("/api/v1/warnings")},
		{pattern: "GET /warnings", kind: "warnings", verb: list, req: get("/warnings")},
		{pattern: "GET /warnings/export.xlsx", kind: "warnings", verb: list, req: get("/warnings/export.xlsx")},
		{pattern: "GET /api/v1/warnings/stats", kind: "supervision", verb: list, req: get("/api/v1/warnings/stats")},
		{pattern: "GET /supervision/dashboard", kind: "supervision", verb: list, req: get("/supervision/dashboard")},
		{pattern: "GET /supervision/dashboard.xlsx", kind: "supervision", verb: list, req: get("/supervision/dashboard.xlsx")},
		{pattern: "GET /supervision/cards", kind: "supervision", verb: list, req: get("/supervision/cards")},
		{pattern: "GET /supervision/inaction", kind: "supervision", verb: list, req: get("/supervision/inaction")},
		{pattern: "GET /supervision/inaction.xlsx", kind: "supervision", verb: list, req: get("/supervision/inaction.xlsx")},
		{pattern: "GET /api/v1/inaction", kind: "supervision", verb: list, req: get("/api/v1/inaction")},
		{pattern: "GET /api/v1/card-proposals", kind: "supervision", verb: list, req: get("/api/v1/card-proposals")},
	}, warningRoutes(), ruleRoutes(), avListRoutes(), usabilityRoutes(), supervisionCaseRoutes(), coordinationRoutes(), complaintRoutes(), inspectionRoutes(), trainingRoutes(), statsRoutes(), upwardRoutes(), officerCardRoutes())
}

// officersOf are two officers of p's agency.
func officersOf(p *place) []string {
	switch p.name {
	case "here":
		return webtest.Team
	case "peer":
		return []string{"37010299001", "37010299002"}
	case "sibling":
		return []string{testworld.CertOther, testworld.CertOther2}
	}
	return []string{testworld.CertFar, "37020200002"}
}

// uscc is a valid 统一社会信用代码 registered in region.
func uscc(region string, n int) string {
	c, err := ident.MakeUSCC('1', '1', region, fmt.Sprintf("%08d", n))
	if err != nil {
		panic(err)
	}
	return c
}

func agencyForm(code, region string) url.Values {
	v := webtest.AgencyForm(code)
	v.Set("region_code", region)
	return v
}
