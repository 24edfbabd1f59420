package authzmatrix_test

// The registry's rows for the statistics of issue 15: the dashboards
// (C15) and the 行政执法统计年报 (C7, spec/supervision-v1.md §7), asked about
// each place's region; and the 评议考核 (C13).

import "net/url"

func statsRoutes() []*route {
	dash := func(path string) func(*fixture, *who, *place) request {
		return placed(func(p *place) string { return path + "?region_code=" + p.region })
	}
	annual := func(path string) func(*fixture, *who, *place) request {
		return placed(func(p *place) string { return path + "?year=2025&region_code=" + p.region })
	}
	return append([]*route{
		{pattern: "GET /statistics", kind: "statistics", verb: read, placed: true, strict: true, req: dash("/statistics")},
		{pattern: "GET /statistics/export.xlsx", kind: "statistics", verb: read, placed: true, strict: true, req: dash("/statistics/export.xlsx")},
		{pattern: "GET /api/v1/statistics", kind: "statistics", verb: read, placed: true, strict: true, req: dash("/api/v1/statistics")},
		{pattern: "GET /statistics/annual", kind: "annual-report", verb: read, placed: true, strict: true, req: annual("/statistics/annual")},
		{pattern: "GET /statistics/annual/export.xlsx", kind: "annual-report", verb: read, placed: true, strict: true,
			req: annual("/statistics/annual/export.xlsx")},
		{pattern: "GET /api/v1/reports/annual/{year}", kind: "annual-report", verb: read, placed: true, strict: true,
			req: placed(func(p *place) string { return "/api/v1/reports/annual/2025?region_code=" + p.region })},
	}, assessmentRoutes()...)
}

func init() { notObjects["GET /statistics/stats.css"] = "a stylesheet" }

// assessmentRoutes: the 评议考核 sheet of the caller's region, and an
// adjustment of each place's agency.
func assessmentRoutes() []*route {
	return []*route{
		{pattern: "GET /assessment", kind: "assessment", verb: list, strict: true, req: get("/assessment?year=2026")},
		{pattern: "GET /assessment/export.xlsx", kind: "assessment", verb: list, strict: true, req: get("/assessment/export.xlsx?year=2026")},
		{pattern: "POST /assessment", kind: "assessment-adjust", verb: change, placed: true, strict: true,
			req: func(_ *fixture, _ *who, p *place) request {
				return request{path: "/assessment", form: url.Values{"year": {"2026"}, "agency_code": {p.agency}, "points": {"0.5"}, "reason": {"矩阵测试"}}}
			}},
	}
}
