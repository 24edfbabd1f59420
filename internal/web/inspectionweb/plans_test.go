package inspectionweb_test

import (
	"net/http"
	"strings"
	"testing"

	"zfjd/internal/calendar"
	"zfjd/internal/inspection"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
)

// 鲁政办发〔2025〕3号 (plans filed by the end of March): on the plans page
// supervision sees the county's subjects with no plan of the year, named
// overdue after March; a filed plan takes the agency off; an agency's own
// page has no such list.
func TestPlansPageUnfiled(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := start(t, db)
		sup := w.Login(t, "supervisor")
		pg := sup.Get("/inspections/plans?year=2026")
		if got := pg.Doc.Find("#unfiled").Text(); pg.Status != http.StatusOK || !strings.Contains(got, "逾期未报备") ||
			!strings.Contains(got, testworld.Agency) {
			t.Fatalf("plans page: %d %q", pg.Status, got)
		}
		if pg := w.Login(t, "agency_admin").Get("/inspections/plans?year=2026"); pg.Doc.Find("#unfiled").Length() != 0 {
			t.Error("an agency's page lists the unfiled subjects")
		}
		svc := inspection.NewService(db, calendar.RulesCalendar)
		if _, err := svc.PutPlan(w.Ctx, testworld.As("agency_admin"), &inspection.Plan{AgencyCode: testworld.Agency, Year: 2026,
			Title: "2026年度涉企行政检查计划", Tasks: []inspection.Task{{MatterCode: Matter, Objects: "便利店", Month: "2026-07"}}}); err != nil {
			t.Fatal(err)
		}
		pg = sup.Get("/inspections/plans?year=2026")
		if strings.Contains(pg.Doc.Find("#unfiled").Text(), testworld.Agency) || !strings.Contains(pg.Doc.Find("main").Text(), "2026年度涉企行政检查计划") {
			t.Errorf("after the plan: %q", pg.Doc.Find("main").Text())
		}
		if got := sup.Get("/inspections/plans?year=2027").Doc.Find("#unfiled").Text(); !strings.Contains(got, "尚未报备") {
			t.Errorf("2027, before its March: %q", got)
		}
	})
}
