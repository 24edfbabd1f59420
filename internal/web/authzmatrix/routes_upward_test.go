package authzmatrix_test

// The registry's rows for the upward push's reconciliation (issue 20,
// C16): the platform's own connections to the systems above it, read
// only by a system administrator (README 运维: the targets are configured
// on the command line; as /metrics, they are the operator's).

import "zfjd/internal/auth"

func upwardRoutes() []*route {
	return []*route{
		{pattern: "GET /admin/upward", kind: "upward", verb: list, strict: true, req: get("/admin/upward?days=7")},
		{pattern: "GET /admin/upward/export.xlsx", kind: "upward", verb: list, strict: true, req: get("/admin/upward/export.xlsx?days=7")},
	}
}

func init() { rules["upward"] = kindRule{readers: []auth.Role{admin}} }
