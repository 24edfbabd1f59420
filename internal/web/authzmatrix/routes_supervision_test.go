package authzmatrix_test

// The registry's rows for supervision cases (spec/supervision-v1.md §5):
// each place has a case opened by supervision, filed, with a 监督意见书
// issued (so it has a document); the rows read it, open new ones and
// record an act of each side on it.

import (
	"net/url"
	"strconv"
	"sync"
	"testing"

	"zfjd/internal/review"
	"zfjd/internal/supervision"
	"zfjd/internal/testworld"
)

// supCases are the places' supervision cases (place → case, act of its opinion).
var supCases sync.Map

type supCase struct{ id, opinion, campaign, file int64 }

func supOf(p *place) supCase {
	v, _ := supCases.Load(p)
	return v.(supCase)
}

func spath(p *place, rest string) string {
	return "/supervision-cases/" + strconv.FormatInt(supOf(p).id, 10) + rest
}

// addSupervisionCases opens, files and issues an opinion on a supervision
// case about each place's agency, as an administrator would.
func addSupervisionCases(t *testing.T, f *fixture) {
	t.Helper()
	svc := supervision.NewService(f.DB)
	if _, err := review.NewService(f.DB).CreateExpert(f.Ctx, f.Admin, review.ExpertInput{Region: testworld.Region, Username: "expert",
		DisplayName: "矩阵评查专家", Password: testworld.Password}); err != nil {
		t.Fatalf("review expert: %v", err)
	}
	if _, err := f.DB.W.ExecContext(f.Ctx, `UPDATE accounts SET must_change_password = 0 WHERE username = 'expert'`); err != nil {
		t.Fatal(err)
	}
	for _, p := range f.places {
		c, err := svc.Open(f.Ctx, f.Admin, supervision.Opening{RegionCode: p.region, AgencyCode: p.agency, Source: "complaint",
			Summary: "矩阵监督案件（" + p.name + "）"})
		if err == nil {
			_, err = svc.Act(f.Ctx, f.Admin, c.ID, supervision.ActInput{Action: "file", At: testworld.Today})
		}
		if err == nil {
			c, err = svc.Act(f.Ctx, f.Admin, c.ID, supervision.ActInput{Action: "opinion", At: testworld.Today, Note: "矩阵意见",
				DeliveredOn: testworld.Today})
		}
		if err != nil {
			t.Fatalf("supervision case of %s: %v", p.name, err)
		}
		sc := supCase{id: c.ID, opinion: c.Acts[len(c.Acts)-1].ID}
		sc.campaign, sc.file = addReview(t, f, p)
		supCases.Store(p, sc)
	}
	addSpecialPlan(t, f)
	addSupervisionCerts(t, f)
}

// addReview sets up a 案卷评查 campaign (draft) of the place's region over
// its agency, with the place's case as a file being scored by the
// accounts "supervisor" and "city" — and at "here" the outside expert
// "expert" — (inserted as a draw would: the place's case is not closed, so
// no draw would pick it).
func addReview(t *testing.T, f *fixture, p *place) (campaign, file int64) {
	t.Helper()
	c, err := review.NewService(f.DB).Create(f.Ctx, f.Admin, review.CampaignInput{Region: p.region, Name: "矩阵评查（" + p.name + "）",
		Year: 2026, AgencyCodes: []string{p.agency}, PerAgency: 1, Seed: "matrix-" + p.name})
	if err != nil {
		t.Fatalf("review campaign of %s: %v", p.name, err)
	}
	err = f.DB.W.QueryRowContext(f.Ctx, `INSERT INTO review_files (campaign_id, case_id, agency_code, region_code, status)
		VALUES ($1, $2, $3, $4, 'scoring') RETURNING id`, c.ID, p.caseID, p.agency, p.region).Scan(&file)
	reviewers := []string{"supervisor", "city"}
	if p.name == "here" {
		reviewers = append(reviewers, "expert")
	}
	for _, r := range reviewers {
		if err == nil {
			_, err = f.DB.W.ExecContext(f.Ctx, `INSERT INTO review_scores (file_id, reviewer) VALUES ($1, $2)`, file, r)
		}
	}
	if err != nil {
		t.Fatalf("review file of %s: %v", p.name, err)
	}
	return c.ID, file
}

func rpath(p *place, rest string) string {
	return "/reviews/" + strconv.FormatInt(supOf(p).campaign, 10) + rest
}

func rfile(p *place, rest string) string {
	return "/reviews/files/" + strconv.FormatInt(supOf(p).file, 10) + rest
}

// reviewRoutes: the campaign and file pages of 案卷评查.
func reviewRoutes() []*route {
	out := []*route{
		{pattern: "GET /reviews", kind: "review", verb: list, req: get("/reviews")},
		{pattern: "POST /reviews", kind: "review", verb: create, placed: true,
			req: func(f *fixture, _ *who, p *place) request {
				return request{path: "/reviews", form: url.Values{"name": {"矩阵评查" + strconv.Itoa(f.next())}, "year": {"2026"},
					"agency": {p.agency}, "per_agency": {"1"}, "seed": {"matrix"}}}
			}},
		{pattern: "GET /reviews/{id}", kind: "review", verb: read, placed: true, req: placed(func(p *place) string { return rpath(p, "") })},
		{pattern: "GET /reviews/files/{id}", kind: "review-file", verb: read, placed: true, req: placed(func(p *place) string { return rfile(p, "") })},
	}
	out = append(out, reviewStandardRoutes()...)
	for _, a := range []string{"draw", "publish"} {
		out = append(out, &route{pattern: "POST /reviews/{id}/" + a, kind: "review", verb: act, act: a, placed: true,
			req: func(_ *fixture, _ *who, p *place) request { return request{path: rpath(p, "/"+a), form: url.Values{}} }})
	}
	for _, a := range []string{"assign", "score", "reconcile"} {
		out = append(out, &route{pattern: "POST /reviews/files/{id}/" + a, kind: "review-file", verb: act, act: a, placed: true,
			req: func(_ *fixture, _ *who, p *place) request {
				return request{path: rfile(p, "/"+a), form: url.Values{"reviewer": {"supervisor", "city"}, "d.C2": {"3"}, "note": {"矩阵"}}}
			}})
	}
	return out
}

func openForm(p *place) url.Values {
	return url.Values{"agency": {p.agency}, "region": {p.region}, "source": {"hotline_12345"}, "summary": {"矩阵受理"}}
}

func openBody(p *place) map[string]any {
	return map[string]any{"region_code": p.region, "agency_code": p.agency, "source": "hotline_12345", "summary": "矩阵受理"}
}

// supervisionCaseRoutes: notice (通报) is supervision's and always open
// while the case runs (strict); objection (异议) is the agency's, taken
// once (later allowed rows answer 409).
func supervisionCaseRoutes() []*route {
	out := append(reviewRoutes(), []*route{
		{pattern: "GET /supervision-cases", kind: "supervision-case", verb: list, req: get("/supervision-cases")},
		{pattern: "GET /supervision-cases/export.xlsx", kind: "supervision-case", verb: list, req: get("/supervision-cases/export.xlsx")},
		{pattern: "GET /api/v1/supervision-cases", kind: "supervision-case", verb: list, req: get("/api/v1/supervision-cases")},
		{pattern: "GET /supervision-cases/new", kind: "supervision-case", verb: create, req: get("/supervision-cases/new")},
		{pattern: "POST /supervision-cases/settings", kind: "supervision-setting", verb: change, placed: true, strict: true,
			req: func(f *fixture, _ *who, p *place) request {
				return request{path: "/supervision-cases/settings", form: url.Values{"region": {p.region},
					"fulfilment_days": {strconv.Itoa(20 + f.next()%10)}, "correction_days": {"30"}, "execution_days": {"30"}}}
			}},
		{pattern: "POST /supervision-cases", kind: "supervision-case", verb: create, placed: true, strict: true,
			req: func(_ *fixture, _ *who, p *place) request {
				return request{path: "/supervision-cases", form: openForm(p)}
			}},
		{pattern: "POST /api/v1/supervision-cases", kind: "supervision-case", verb: create, placed: true, strict: true,
			req: func(_ *fixture, _ *who, p *place) request {
				return request{path: "/api/v1/supervision-cases", body: openBody(p)}
			}},
		{pattern: "GET /supervision-cases/{id}", kind: "supervision-case", verb: read, placed: true,
			req: placed(func(p *place) string { return spath(p, "") })},
		{pattern: "GET /api/v1/supervision-cases/{id}", kind: "supervision-case", verb: read, placed: true,
			req: placed(func(p *place) string { return "/api/v1" + spath(p, "") })},
		{pattern: "GET /supervision-cases/{id}/docs/{act}/{kind}", kind: "supervision-case", verb: read, placed: true,
			req: placed(func(p *place) string { return spath(p, "/docs/"+strconv.FormatInt(supOf(p).opinion, 10)+"/opinion") })},
	}...)
	out = append(out, specialRoutes()...)
	out = append(out, supervisionCertRoutes()...)
	// assist_request (请司法所协助) is supervision's; assist (协助情况) is
	// the named township's 司法所's, which no actor of the matrix is.
	for _, a := range []string{"notice", "objection", "assist_request", "assist"} {
		strict := a == "notice" || a == "assist_request"
		out = append(out,
			&route{pattern: "POST /supervision-cases/{id}/act/{type}", kind: "supervision-act", verb: act, act: a, placed: true, strict: strict,
				req: func(_ *fixture, _ *who, p *place) request {
					return request{path: spath(p, "/act/"+a), form: url.Values{"at": {testworld.Today}, "note": {"矩阵测试"}, "scope": {"internal"},
						"township_code": {p.region + "001"}, "kind": {"visit"}}}
				}},
			&route{pattern: "POST /api/v1/supervision-cases/{id}/actions", kind: "supervision-act", verb: act, act: a, placed: true, strict: strict,
				req: func(_ *fixture, _ *who, p *place) request {
					return request{path: "/api/v1" + spath(p, "/actions"),
						body: map[string]any{"action": a, "at": testworld.Today, "note": "矩阵测试", "scope": "internal",
							"township_code": p.region + "001", "kind": "visit"}}
				}},
		)
	}
	return out
}
