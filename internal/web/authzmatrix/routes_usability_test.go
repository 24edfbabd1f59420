package authzmatrix_test

// The registry's rows for everyday usability (issue 16): every list's
// xlsx export answers exactly as its list (the same object kind and verb:
// filtered to the jurisdiction), the accounts' edit, disable and the
// signed-in person's own sessions.

import (
	"net/url"
	"strconv"
)

func apath(p *place, rest string) string {
	return "/accounts/" + strconv.FormatInt(p.account, 10) + rest
}

func usabilityRoutes() []*route {
	return []*route{
		{pattern: "GET /cases/export.xlsx", kind: "case", verb: list, req: get("/cases/export.xlsx")},
		{pattern: "GET /officers/export.xlsx", kind: "officer", verb: list, req: get("/officers/export.xlsx")},
		{pattern: "GET /matters/export.xlsx", kind: "matter", verb: list, req: get("/matters/export.xlsx")},
		{pattern: "GET /agencies/export.xlsx", kind: "agency", verb: list, req: get("/agencies/export.xlsx")},
		{pattern: "GET /audit/export.xlsx", kind: "audit", verb: list, req: get("/audit/export.xlsx")},
		{pattern: "GET /accounts/export.xlsx", kind: "account", verb: list, req: get("/accounts/export.xlsx")},
		{pattern: "GET /accounts/{id}/edit", kind: "account", verb: change, placed: true,
			req: placed(func(p *place) string { return apath(p, "/edit") })},
		// An edit without a role is refused by the form once authorised (pass).
		{pattern: "POST /accounts/{id}/edit", kind: "account", verb: change, placed: true,
			req: func(_ *fixture, _ *who, p *place) request {
				return request{path: apath(p, "/edit"), form: url.Values{"display_name": {"矩阵账号"}, "region_code": {p.region}}}
			}},
		// Enabling an enabled account changes nothing, so the rows leave the place's account usable.
		{pattern: "POST /accounts/{id}/disable", kind: "account", verb: change, placed: true,
			req: func(_ *fixture, _ *who, p *place) request {
				return request{path: apath(p, "/disable"), form: url.Values{"disabled": {"0"}}}
			}},
	}
}

func init() {
	notObjects["GET /account/sessions"] = "the signed-in person's own sessions (adminweb/sessions_test.go)"
	notObjects["POST /account/sessions/end"] = "ends one of the signed-in person's own sessions only (adminweb/sessions_test.go)"
}
