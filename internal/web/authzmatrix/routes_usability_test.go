package authzmatrix_test

// The registry's rows for everyday usability (issue 16): every list's
// xlsx export answers exactly as its list (the same object kind and verb:
// filtered to the jurisdiction), the accounts' edit, disable and the
// signed-in person's own sessions.

func usabilityRoutes() []*route {
	return []*route{
		{pattern: "GET /cases/export.xlsx", kind: "case", verb: list, req: get("/cases/export.xlsx")},
		{pattern: "GET /officers/export.xlsx", kind: "officer", verb: list, req: get("/officers/export.xlsx")},
		{pattern: "GET /matters/export.xlsx", kind: "matter", verb: list, req: get("/matters/export.xlsx")},
		{pattern: "GET /agencies/export.xlsx", kind: "agency", verb: list, req: get("/agencies/export.xlsx")},
		{pattern: "GET /audit/export.xlsx", kind: "audit", verb: list, req: get("/audit/export.xlsx")},
	}
}
