package authzmatrix_test

// Operations routes (issue 20) that are no object of the matrix.
func init() {
	notObjects["GET /api/v1/version"] = "public build and schema version (web/version_test.go)"
	notObjects["GET /livez"] = "public liveness (web/ready_test.go)"
	notObjects["GET /readyz"] = "public readiness (web/ready_test.go)"
}
