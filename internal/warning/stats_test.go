package warning_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"zfjd/internal/apperr"
	"zfjd/internal/cases"
	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/warning"
)

// statsWorld is the dashboard's small fixture: two cases of the world's
// agency (370102), one of them with six warnings in its stages; two
// warnings of the other agency (370103); one of last year.
func dashStatsWorld(t *testing.T, db *store.DB) *testworld.World {
	t.Helper()
	w := testworld.Build(t, db)
	c1 := w.Register(t, testworld.Today)
	w.Register(t, testworld.Today)
	dashClean(t, db)
	here := func(sev, stage, last, day string, esc, closedAfter int) {
		dashAddFinding(t, db, dashFinding{caseID: c1.ID, region: testworld.Region, agency: testworld.Agency, sev: sev, stage: stage,
			lastAction: last, day: day, escalated: esc, closedAfterDays: closedAfter})
	}
	here("red", "issued", "", "2026-01-10", 1, 0)        // overdue: escalated, unsigned
	here("yellow", "signed", "sign", "2026-02-10", 0, 0) // overdue: signed, not answered in 30 days
	here("yellow", "answered", "rectify", "2026-02-11", 0, 0)
	here("red", "closed", "verify", "2026-03-01", 0, 4)
	here("yellow", "closed", "verify", "2026-03-05", 0, 2)
	here("yellow", "cured", "", "2026-04-01", 0, 1) // cured before anyone signed
	here("red", "issued", "", "2025-12-01", 0, 0)   // last year
	for _, f := range []dashFinding{{sev: "red", day: "2026-05-01"}, {sev: "yellow", day: "2026-06-01"}} {
		f.caseID, f.region, f.agency = 999_999, "370103", testworld.Other
		dashAddFinding(t, db, f)
	}
	// The findings were written here, not by the case service that keeps
	// the rollups in the case's save (预警率: case_rollup_warned).
	if err := cases.RebuildRollup(w.Ctx, db); err != nil {
		t.Fatal(err)
	}
	return w
}

func TestStatsNumbers(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := dashStatsWorld(t, db)
		ctx := w.Ctx
		sup := testworld.As("supervisor")
		s, err := warning.GetStats(ctx, db, sup, &warning.StatsFilter{})
		if err != nil {
			t.Fatal(err)
		}
		want := warning.StatsTotals{Warnings: 6, Red: 2, Yellow: 4, Open: 3, Closed: 2, Overdue: 2, Cases: 2, CasesWithWarnings: 1,
			NeedSign: 5, Signed: 4, Rectified: 3, WarningRate: 0.5, SignedRate: 0.8, RectifiedRate: 0.6, AvgDaysToClose: 3}
		if s.Totals != want {
			t.Errorf("county totals\n got %+v\nwant %+v", s.Totals, want)
		}
		if tt, err := warning.GetTotals(ctx, db, sup, &warning.StatsFilter{}); err != nil || *tt != want {
			t.Errorf("GetTotals = %+v, %v; want GetStats's totals %+v", tt, err, want)
		}
		if s.From != "2026-01-01" || s.To != testworld.Today || s.Region != testworld.Region || s.RegionName != "历下区" {
			t.Errorf("period/region %s..%s %s %s", s.From, s.To, s.Region, s.RegionName)
		}
		if len(s.Groups) != 1 || s.Groups[0].Key != testworld.Region || s.Groups[0].Drill != "" || s.Groups[0].Total != 6 {
			t.Errorf("county's own groups %+v, want one 本级 group of 6", s.Groups)
		}

		city := testworld.As("city")
		s, err = warning.GetStats(ctx, db, city, &warning.StatsFilter{GroupBy: "region"})
		if err != nil {
			t.Fatal(err)
		}
		got := dashGroupsOf(s)
		if got != "370102:6/2/2,370103:2/1/0" || s.Groups[0].Drill != "370102" || s.Groups[1].Label != "市中区" {
			t.Errorf("city by region = %s %+v", got, s.Groups)
		}
		if s.Totals.Warnings != 8 || s.Totals.Overdue != 2 {
			t.Errorf("city totals %+v", s.Totals)
		}
		s, _ = warning.GetStats(ctx, db, city, &warning.StatsFilter{GroupBy: "month"})
		if got := dashGroupsOf(s); got != "2026-01:1/1/0,2026-02:2/0/0,2026-03:2/1/2,2026-04:1/0/0,2026-05:1/1/0,2026-06:1/0/0" {
			t.Errorf("city by month = %s", got)
		}
		s, _ = warning.GetStats(ctx, db, city, &warning.StatsFilter{GroupBy: "severity"})
		if got := dashGroupsOf(s); got != "red:3/3/1,yellow:5/0/1" {
			t.Errorf("city by severity = %s", got)
		}
		s, _ = warning.GetStats(ctx, db, city, &warning.StatsFilter{GroupBy: "agency"})
		if got := dashGroupsOf(s); got != testworld.Agency+":6/2/2,"+testworld.Other+":2/1/0" || s.Groups[0].Label != "济南市历下区市场监督管理局" {
			t.Errorf("city by agency = %s", got)
		}
		s, _ = warning.GetStats(ctx, db, city, &warning.StatsFilter{From: "2025-01-01", To: "2025-12-31"})
		if s.Totals.Warnings != 1 || s.Totals.Cases != 0 {
			t.Errorf("2025 totals %+v", s.Totals)
		}
		// The city drills into a county; the county's supervisor may not drill sideways.
		if s, err = warning.GetStats(ctx, db, city, &warning.StatsFilter{Region: "370103"}); err != nil || s.Totals.Warnings != 2 {
			t.Errorf("city drills into 370103: %+v %v", s, err)
		}
		if _, err = warning.GetStats(ctx, db, sup, &warning.StatsFilter{Region: "370103"}); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("county drills into another county: %v, want 404", err)
		}
		if _, err = warning.GetStats(ctx, db, sup, &warning.StatsFilter{Region: "370100"}); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("county drills up into the city: %v, want 404", err)
		}
		for f, field := range map[*warning.StatsFilter]string{
			{Region: "37"}: "region_code", {GroupBy: "party"}: "group_by", {From: "2026-13-01"}: "from",
			{From: "2026-06-01", To: "2026-05-01"}: "to",
		} {
			if _, err := warning.GetStats(ctx, db, sup, f); !apperr.Is(err, apperr.Invalid) || apperr.As(err).Fields[field] == "" {
				t.Errorf("%+v: %v, want 400 field %s", f, err, field)
			}
		}
		if _, err = warning.GetStats(ctx, db, testworld.As("officer"), &warning.StatsFilter{}); !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("officer: %v, want 403", err)
		}
		if s, _ = warning.GetStats(ctx, db, testworld.As("agency_admin"), &warning.StatsFilter{}); s.Totals.Warnings != 6 {
			t.Errorf("agency admin sees %d warnings, want its own 6", s.Totals.Warnings)
		}
		od, err := warning.DashOverdue(ctx, db, city, &warning.StatsFilter{}, 100)
		if err != nil || len(od) != 2 || od[0].Why() != "超期未签收" || od[1].Why() != "超期未整改" {
			t.Errorf("overdue %+v %v", od, err)
		}
	})
}

func dashGroupsOf(s *warning.Stats) string {
	var b []string
	for _, g := range s.Groups {
		b = append(b, fmt.Sprintf("%s:%d/%d/%d", g.Key, g.Total, g.Red, g.Closed))
	}
	return strings.Join(b, ",")
}

// The export is the chart's table: same rows, same numbers.
func TestStatsExport(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := dashStatsWorld(t, db)
		city := testworld.As("city")
		f := &warning.StatsFilter{GroupBy: "region"}
		s, err := warning.GetStats(w.Ctx, db, city, f)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := warning.ExportStats(w.Ctx, db, city, &warning.StatsFilter{GroupBy: "region"}, &buf); err != nil {
			t.Fatal(err)
		}
		rows := dashXLSXRows(t, buf.Bytes())
		if len(rows) != len(s.Groups)+1 || rows[0][0] != "代码" {
			t.Fatalf("rows %v", rows)
		}
		for i, g := range s.Groups {
			r := rows[i+1]
			if r[0] != g.Key || r[1] != g.Label || r[2] != fmt.Sprint(g.Total) || r[3] != fmt.Sprint(g.Red) {
				t.Errorf("row %d = %v, want %+v", i+1, r, g)
			}
		}
	})
}

func dashXLSXRows(t *testing.T, b []byte) [][]string {
	t.Helper()
	x, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("the export does not open: %v", err)
	}
	defer x.Close()
	rows, err := x.GetRows(x.GetSheetName(0))
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestInaction(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		ctx := w.Ctx
		for _, m := range []registry.Matter{
			{Code: "T-FOOD-002", Name: "对未按规定公示食品经营许可的行政处罚", Kind: "penalty", AgencyCodes: []string{testworld.Agency, testworld.Other}},
			{Code: "T-LIC-001", Name: "食品经营许可", Kind: "license", AgencyCodes: []string{testworld.Agency}},
			{Code: "T-INS-001", Name: "食品经营日常监督检查", Kind: "inspection", AgencyCodes: []string{testworld.Other}},
		} {
			m.LegalBasis = "《中华人民共和国食品安全法》"
			if _, err := registry.PutMatter(ctx, db, w.Admin, &m); err != nil {
				t.Fatal(err)
			}
		}
		w.Register(t, testworld.Today) // the agency used T-FOOD-001 this year
		city := testworld.As("city")
		keys := func(f *warning.InactionFilter, p string) string {
			t.Helper()
			pr := city
			if p != "" {
				pr = testworld.As(p)
			}
			list, err := warning.ListInaction(ctx, db, pr, f)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, it := range list {
				out = append(out, it.AgencyCode[len(it.AgencyCode)-4:]+"/"+it.MatterCode+"/"+it.Explanation)
			}
			if f.Page.Total != len(list) {
				t.Errorf("total %d, listed %d", f.Page.Total, len(list))
			}
			return strings.Join(out, ",")
		}
		ag, ot := testworld.Agency[len(testworld.Agency)-4:], testworld.Other[len(testworld.Other)-4:]
		if got, want := keys(&warning.InactionFilter{}, ""), ag+"/T-FOOD-002/,"+ot+"/T-FOOD-002/,"+ot+"/T-INS-001/"; got != want {
			t.Errorf("city 2026 = %s, want %s", got, want)
		}
		if got := keys(&warning.InactionFilter{Year: 2025}, ""); !strings.Contains(got, ag+"/T-FOOD-001/") {
			t.Errorf("2025 (no case that year) misses the agency's T-FOOD-001: %s", got)
		}
		if got, want := keys(&warning.InactionFilter{}, "supervisor"), ag+"/T-FOOD-002/"; got != want {
			t.Errorf("county 2026 = %s, want %s", got, want)
		}
		if _, err := warning.ListInaction(ctx, db, testworld.As("supervisor"), &warning.InactionFilter{Region: "370103"}); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("another county: %v, want 404", err)
		}
		if _, err := warning.ListInaction(ctx, db, city, &warning.InactionFilter{Year: 2031}); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("future year: %v, want 400", err)
		}

		admin := testworld.As("agency_admin")
		if err := warning.ExplainInaction(ctx, db, admin, testworld.Agency, "T-FOOD-002", 2026, "本年度辖区内未发现此类违法行为"); err != nil {
			t.Fatal(err)
		}
		if got := keys(&warning.InactionFilter{}, "agency_admin"); got != ag+"/T-FOOD-002/本年度辖区内未发现此类违法行为" {
			t.Errorf("agency's own list = %s", got)
		}
		if err := warning.ExplainInaction(ctx, db, testworld.As("supervisor"), testworld.Agency, "T-FOOD-002", 2026, "x"); !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("supervisor explains: %v, want 403", err)
		}
		if err := warning.ExplainInaction(ctx, db, admin, testworld.Other, "T-FOOD-002", 2026, "x"); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("explains another agency's: %v, want 404", err)
		}
		if err := warning.ExplainInaction(ctx, db, admin, testworld.Agency, "T-FOOD-002", 2026, strings.Repeat("长", 6000)); !apperr.Is(err, apperr.Invalid) ||
			apperr.As(err).Fields["explanation"] == "" {
			t.Errorf("too long: %v, want 400 field explanation", err)
		}
		var n int
		db.R.QueryRow(`SELECT COUNT(*) FROM audit_log WHERE entity = 'inaction'`).Scan(&n)
		if n != 1 {
			t.Errorf("inaction audit rows = %d, want 1", n)
		}

		var buf bytes.Buffer
		if err := warning.ExportInaction(ctx, db, city, &warning.InactionFilter{}, &buf); err != nil {
			t.Fatal(err)
		}
		rows := dashXLSXRows(t, buf.Bytes())
		if len(rows) != 4 || rows[1][4] != "对未按规定公示食品经营许可的行政处罚" || rows[1][6] != "本年度辖区内未发现此类违法行为" {
			t.Errorf("export rows %v", rows)
		}
	})
}
