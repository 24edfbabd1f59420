package authzmatrix_test

// Operations routes (issue 20) that are no object of the matrix.
func init() {
	notObjects["GET /api/v1/version"] = "public build and schema version (web/version_test.go)"
}
