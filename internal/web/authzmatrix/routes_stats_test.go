package authzmatrix_test

// The registry's rows for the statistics of issue 15: the dashboards
// (C15) and the 行政执法统计年报 (C7, spec/supervision-v1.md §7), asked about
// each place's region; and the 评议考核 (C13).

import (
	"bytes"
	"net/url"
	"strconv"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"

	"zfjd/internal/assess"

	"zfjd/internal/report"
)

// reports are, per fixture, the ids of last year's 年报 by agency code,
// drafted while the world is built (addReports), as the hourly job does
// from 1 January.
var reports sync.Map // *fixture → map[string]int64

// addReports drafts the 年报 of every enforcement agency.
func addReports(t *testing.T, f *fixture) {
	t.Helper()
	if _, err := report.NewService(f.DB).Draft(f.Ctx); err != nil {
		t.Fatal(err)
	}
	rows, err := f.DB.R.QueryContext(f.Ctx, `SELECT agency_code, id FROM annual_reports WHERE year = 2025`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	ids := map[string]int64{}
	for rows.Next() {
		var code string
		var id int64
		if err := rows.Scan(&code, &id); err != nil {
			t.Fatal(err)
		}
		ids[code] = id
	}
	for _, p := range f.places {
		if ids[p.agency] == 0 {
			t.Fatalf("no 年报 drafted for %s", p.agency)
		}
	}
	reports.Store(f, ids)
}

func reportPath(f *fixture, p *place, rest string) string {
	v, _ := reports.Load(f)
	ids, _ := v.(map[string]int64)
	return idPath("/statistics/reports/", ids[p.agency], rest)
}

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
	}, append(assessmentRoutes(), reportRoutes()...)...)
}

// reportRoutes: the agencies' 年报 (report.Workflow) — the year's list, and
// each place's agency report read, downloaded, explained and refreshed
// (an act that leaves its state a draft, so every row may take it).
func reportRoutes() []*route {
	return []*route{
		{pattern: "GET /statistics/reports", kind: "reports", verb: list, strict: true, req: get("/statistics/reports?year=2025")},
		{pattern: "GET /statistics/reports/{id}", kind: "report", verb: read, placed: true, strict: true,
			req: func(f *fixture, _ *who, p *place) request { return request{path: reportPath(f, p, "")} }},
		{pattern: "GET /statistics/reports/{id}/export.xlsx", kind: "report", verb: read, placed: true, strict: true,
			req: func(f *fixture, _ *who, p *place) request { return request{path: reportPath(f, p, "/export.xlsx")} }},
		{pattern: "POST /statistics/reports/{id}/notes", kind: "report-agency", verb: change, placed: true, strict: true,
			req: func(f *fixture, _ *who, p *place) request {
				return request{path: reportPath(f, p, "/notes"), form: url.Values{"note_general": {"矩阵说明"}}}
			}},
		{pattern: "POST /statistics/reports/{id}/act", kind: "report-agency", verb: act, act: "refresh", placed: true, strict: true,
			req: func(f *fixture, _ *who, p *place) request {
				return request{path: reportPath(f, p, "/act"), form: url.Values{"type": {"refresh"}}}
			}},
	}
}

func init() {
	notObjects["GET /statistics/stats.css"] = "a stylesheet"
	notObjects["GET /public/annual-reports"] = "public portal"
	notObjects["GET /public/annual-reports/{id}"] = "public portal"
}

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
		{pattern: "GET /assessment/indicators", kind: "assessment", verb: list, strict: true, req: get("/assessment/indicators?year=2026")},
		{pattern: "GET /assessment/values/template.xlsx", kind: "assessment", verb: list, strict: true,
			req: get("/assessment/values/template.xlsx?year=2026")},
		{pattern: "POST /assessment/indicators", kind: "assessment-set", verb: change, strict: true,
			req: func(*fixture, *who, *place) request {
				return request{path: "/assessment/indicators", form: defaultSetForm()}
			}},
		{pattern: "POST /assessment/values/import", kind: "assessment-import", verb: change, placed: true, strict: true,
			req: func(_ *fixture, _ *who, p *place) request {
				return request{path: "/assessment/values/import?year=2026", form: url.Values{"year": {"2026"}},
					files: map[string][]byte{"v.xlsx": valuesXLSX(p.agency)}, field: "file"}
			}},
	}
}

// defaultSetForm is the indicator editor's form of the platform's set.
func defaultSetForm() url.Values {
	v := url.Values{"year": {"2026"}}
	for i, ind := range assess.DefaultSet {
		n := strconv.Itoa(i)
		f := func(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }
		v.Set("code_"+n, ind.Code)
		v.Set("name_"+n, ind.Name)
		v.Set("group_"+n, ind.Group)
		v.Set("source_"+n, ind.Source)
		v.Set("rule_"+n, ind.Rule)
		v.Set("weight_"+n, f(ind.Weight))
		v.Set("target_"+n, f(ind.Target))
		v.Set("step_"+n, f(ind.Step))
		v.Set("step_points_"+n, f(ind.StepPoints))
		v.Set("unit_"+n, ind.Unit)
	}
	for g, w := range assess.GroupSums(assess.DefaultSet) {
		v.Set("group_"+g, strconv.FormatFloat(w, 'f', -1, 64))
	}
	return v
}

// valuesXLSX is a workbook of one 复议纠错 count of agency.
func valuesXLSX(agency string) []byte {
	x := excelize.NewFile()
	defer x.Close()
	for i, r := range [][]any{{"执法主体代码", "执法主体名称", "指标", "数值", "说明"}, {agency, "", "复议纠错、诉讼败诉件数", "1", "矩阵"}} {
		c, _ := excelize.CoordinatesToCellName(1, i+1)
		x.SetSheetRow("Sheet1", c, &r)
	}
	var buf bytes.Buffer
	x.Write(&buf)
	return buf.Bytes()
}
