package authzmatrix_test

// The registry's rows for 案卷评查's standards (issue 13, C12): the
// standards page, its template, the export of a standard and the import
// of a file as a new version. The rules: standards are their supervision
// body's — supervision (a supervisor or administrator bound to no agency)
// lists the standards of its region and below, downloads the template and
// imports; a standard exported is read only by supervision of its body's
// region (to anyone else it does not exist); every other role is refused.

import (
	"strconv"

	"zfjd/internal/review"
	"zfjd/internal/testworld"
)

func reviewStandardRoutes() []*route {
	tpl, err := review.Template()
	if err != nil {
		panic(err)
	}
	return []*route{
		// The case of a drawn file, as its reviewers read it (an outside
		// reviewer's only way to its case): the review-file read rule.
		{pattern: "GET /reviews/files/{id}/case", kind: "review-file", verb: read, placed: true, strict: true,
			req: placed(func(p *place) string { return rfile(p, "/case") })},
		// Outside experts (外聘评查专家): made and listed by a supervision body.
		{pattern: "GET /reviews/experts", kind: "review-expert", verb: list, strict: true, req: get("/reviews/experts")},
		{pattern: "POST /reviews/experts", kind: "review-expert", verb: create, strict: true,
			req: func(f *fixture, _ *who, _ *place) request {
				n := strconv.Itoa(f.next())
				return request{path: "/reviews/experts", form: map[string][]string{"username": {"matrix_expert" + n},
					"display_name": {"矩阵专家" + n}, "password": {testworld.Password}}}
			}},
		{pattern: "GET /reviews/standards", kind: "review-standard", verb: list, strict: true, req: get("/reviews/standards")},
		{pattern: "GET /reviews/standards/template.xlsx", kind: "review-standard", verb: list, strict: true, req: get("/reviews/standards/template.xlsx")},
		{pattern: "GET /reviews/standards/{id}/export.xlsx", kind: "review-standard", verb: read, placed: true, strict: true,
			req: func(f *fixture, _ *who, p *place) request {
				var id int64
				f.DB.R.QueryRowContext(f.Ctx, `SELECT standard_id FROM review_campaigns WHERE id = $1`, supOf(p).campaign).Scan(&id)
				return request{path: "/reviews/standards/" + strconv.FormatInt(id, 10) + "/export.xlsx"}
			}},
		{pattern: "POST /reviews/standards/import", kind: "review-standard", verb: create, strict: true,
			req: func(f *fixture, _ *who, _ *place) request {
				return request{path: "/reviews/standards/import", field: "file", files: map[string][]byte{"标准.xlsx": tpl},
					form: map[string][]string{"name": {"矩阵标准" + strconv.Itoa(f.next())}, "case_kind": {"penalty"}}}
			}},
	}
}

// reviewStandardRules answer for the standards' rows.
func reviewStandardRules(w *who, r *route, p *place) (string, string) {
	if !isSupervision(w) {
		if r.verb == read {
			return hidden, "a standard is its supervision body's (to others it does not exist)"
		}
		return forbid, "standards are supervision's"
	}
	if r.verb == read && !within(w, p.region) {
		return hidden, "the standard's body is outside the caller's region"
	}
	return ok, "supervision (standards of its region and below; an import is a new version of its own)"
}
