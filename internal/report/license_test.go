package report_test

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/xuri/excelize/v2"

	"zfjd/internal/auth"
	"zfjd/internal/ident"
	"zfjd/internal/license"
	"zfjd/internal/registry"
	"zfjd/internal/report"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
)

// TestAnnualLicenseTable: the 2025 行政许可 table counts the licence
// decisions the approval bureau's system reported, each step in the year
// of its date (申请, 受理, 准予许可, 不予许可, 撤销 under 行政许可法 Art. 69);
// an agency holding a licence matter that decided nothing shows 0, one
// without such a duty the note; the total adds the lines.
func TestAnnualLicenseTable(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		bureau, _ := ident.MakeUSCC('1', '1', testworld.Region, "MB285047")
		if _, err := registry.PutAgency(w.Ctx, db, w.Admin, &registry.Agency{Code: bureau, Name: "济南市历下区行政审批服务局",
			Kind: "enforcement", RegionCode: testworld.Region}); err != nil {
			t.Fatal(err)
		}
		for code, holder := range map[string]string{"XK-1": bureau, "XK-2": testworld.Other} {
			if _, err := registry.PutMatter(w.Ctx, db, w.Admin, &registry.Matter{Code: code, Name: "食品经营许可" + code, Kind: "license",
				LegalBasis: "《中华人民共和国食品安全法》第三十五条第一款", AgencyCodes: []string{holder}}); err != nil {
				t.Fatal(err)
			}
		}
		robot := &auth.Principal{Name: "行政审批系统", Username: "xzsp", Role: auth.RoleIntegration, Region: testworld.Region, Agency: bureau}
		ev := func(pairs ...string) []license.Event {
			var out []license.Event
			for i := 0; i < len(pairs); i += 2 {
				out = append(out, license.Event{Type: pairs[i], At: pairs[i+1], Reason: "理由"})
			}
			return out
		}
		svc := license.NewService(db)
		for i, es := range [][]license.Event{
			ev("applied", "2024-12-28", "accepted", "2025-01-03", "granted", "2025-01-10"),
			ev("applied", "2025-02-01", "accepted", "2025-02-02", "refused", "2025-02-20"),
			ev("applied", "2025-03-01", "accepted", "2025-03-02", "granted", "2025-03-10", "revoked", "2025-11-01"),
			ev("applied", "2025-04-01", "not_accepted", "2025-04-02"),
			ev("applied", "2025-05-01", "accepted", "2025-05-02", "granted", "2025-05-10", "cancelled", "2025-12-01"),
			ev("applied", "2026-01-05"),
		} {
			if _, _, err := svc.Put(w.Ctx, robot, "xzsp", fmt.Sprint("L-", i), &license.Body{AgencyCode: bureau, RegionCode: testworld.Region,
				MatterCode: "XK-1", Party: license.Party{Kind: "org", Name: "某某餐饮有限公司", IDNumber: "91370102MA3C5R2K0M"}, Events: es}); err != nil {
				t.Fatal(err)
			}
		}
		tb, err := report.GetTables(w.Ctx, db, testworld.As("city"), "2025", "")
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]string{bureau: "[4 4 3 1 1]", testworld.Other: "[0 0 0 0 0]", testworld.Agency: "[" + report.NoDuty + "]"}
		for _, a := range tb.Agencies {
			if got := fmt.Sprint(a.LicenseCells()); got != want[a.Code] {
				t.Errorf("%s: %s, want %s", a.Name, got, want[a.Code])
			}
		}
		if got := fmt.Sprint(tb.License.Cells()); got != "[4 4 3 1 1]" {
			t.Errorf("total %s", got)
		}
		var buf bytes.Buffer
		if err := tb.WriteXLSX(&buf); err != nil {
			t.Fatal(err)
		}
		x, err := excelize.OpenReader(&buf)
		if err != nil {
			t.Fatal(err)
		}
		rows, _ := x.GetRows("行政许可")
		if got := fmt.Sprint(rows[len(rows)-1]); got != "[合计 4 4 3 1 1]" {
			t.Errorf("xlsx total row %s", got)
		}
		county, err := report.GetTables(w.Ctx, db, testworld.As("supervisor"), "2024", "")
		if err != nil || fmt.Sprint(county.License.Cells()) != "[1 0 0 0 0]" {
			t.Fatalf("2024 历下区: %v %v", county.License, err)
		}
	})
}
