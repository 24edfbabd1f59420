package coordweb_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"zfjd/internal/auth"
	"zfjd/internal/ident"
	"zfjd/internal/license"
	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/web/webtest"
)

var approvalBureau, _ = ident.MakeUSCC('1', '1', testworld.Region, "MB285047")

// addLicences has the county's 行政审批服务局 report n licences of holders
// named 某某便利店1…n (the first granted, supervised by the market
// regulator, so a notice goes to it; the others applied on later days).
// It returns the licences' ids and the grant's notice (an assist).
func addLicences(t *testing.T, w *testworld.World, n int) ([]int64, int64) {
	t.Helper()
	if _, err := registry.PutAgency(w.Ctx, w.DB, w.Admin, &registry.Agency{Code: approvalBureau, Name: "济南市历下区行政审批服务局",
		Kind: "enforcement", RegionCode: testworld.Region, Domain: "行政审批"}); err != nil {
		t.Fatal(err)
	}
	if _, err := registry.PutMatter(w.Ctx, w.DB, w.Admin, &registry.Matter{Code: "T-LIC-001", Name: "食品经营许可", Kind: "license",
		LegalBasis: "《中华人民共和国食品安全法》第三十五条第一款", AgencyCodes: []string{approvalBureau}}); err != nil {
		t.Fatal(err)
	}
	robot := &auth.Principal{ID: 3, Name: "行政审批系统", Username: "xzsp", Role: auth.RoleIntegration, Region: testworld.Region,
		Agency: approvalBureau}
	svc := license.NewService(w.DB)
	var ids []int64
	var notice int64
	for i := 1; i <= n; i++ {
		b := &license.Body{AgencyCode: approvalBureau, RegionCode: testworld.Region, MatterCode: "T-LIC-001",
			Party:  license.Party{Kind: "org", Name: fmt.Sprintf("济南某某便利店%d", i), IDNumber: "91370102MA3C5R2K0M"},
			Events: []license.Event{{Type: "applied", At: fmt.Sprintf("2026-05-%02d", i)}}}
		if i == 1 {
			b.SupervisorCode, b.LicenseNo = testworld.Agency, "JY13701020012345"
			b.Events = append(b.Events, license.Event{Type: "accepted", At: "2026-05-06"},
				license.Event{Type: "granted", At: "2026-05-20", ValidTo: "2031-05-19"})
		}
		_, l, err := svc.Put(w.Ctx, robot, "xzsp", fmt.Sprintf("XK-%d", i), b)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, l.ID)
		if i == 1 {
			if len(l.Notices) != 1 {
				t.Fatalf("the grant's notices %v", l.Notices)
			}
			notice = l.Notices[0]
		}
	}
	return ids, notice
}

// TestUILicenses: the licences page for the supervising agency and the
// county body — filters (agency, status, 申请日期 range, holder), a
// refused filter named, pagination, the xlsx of the filtered rows, the
// detail with its steps and the notice to the supervising agency; another
// county's agency sees none and not the detail.
func TestUILicenses(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := webtest.StartWorld(t, db)
		webtest.AddAccount(t, db, otherAdmin)
		ids, _ := addLicences(t, w.World, 23)
		sup, agency, other := w.Login(t, "supervisor"), w.Login(t, "agency_admin"), w.Login(t, "other_admin")
		rows := []struct {
			name  string
			c     *webtest.Browser
			query string
			want  int // rows on the page
		}{
			{"the county body, first page of 23", sup, "", 20},
			{"second page", sup, "?page=2", 3},
			{"by status", sup, "?status=granted", 1},
			{"by 申请日期", sup, "?from=2026-05-10&to=2026-05-12", 3},
			{"by holder", sup, "?holder=" + "便利店2", 5}, // 2, 20–23
			{"by agency", sup, "?agency=" + approvalBureau, 20},
			{"the supervising agency sees what it supervises", agency, "", 1},
			{"another county's agency sees none", other, "", 0},
		}
		for _, row := range rows {
			t.Run(row.name, func(t *testing.T) {
				p := row.c.Get("/licenses" + row.query)
				webtest.PageOK(t, "licences", p)
				if n := p.Doc.Find("#license-table tbody tr").Length(); n != row.want {
					t.Fatalf("%d rows, want %d", n, row.want)
				}
			})
		}
		p := sup.Get("/licenses?from=2026-13-01")
		if !strings.Contains(webtest.Text(p.Doc.Find(".error-box")), "申请日期应为 YYYY-MM-DD") {
			t.Fatalf("a bad date is not named: %s", webtest.Text(p.Doc.Find(".error-box")))
		}
		x := sup.Get("/licenses/export.xlsx?holder=便利店2")
		if x.Status != http.StatusOK {
			t.Fatalf("export %d", x.Status)
		}
		book, err := excelize.OpenReader(strings.NewReader(x.Body))
		if err != nil {
			t.Fatal(err)
		}
		got, _ := book.GetRows("行政许可")
		if len(got) != 6 || got[0][8] != "申请人" {
			t.Fatalf("export rows %d: %v", len(got), got[:1])
		}
		path := fmt.Sprintf("/licenses/%d", ids[0])
		p = agency.Get(path)
		webtest.PageOK(t, "licence", p)
		if steps := webtest.Text(p.Doc.Find("#license-steps")); !strings.Contains(steps, "准予行政许可") || !strings.Contains(steps, "2031-05-19") {
			t.Fatalf("steps: %s", steps)
		}
		if n := webtest.Text(p.Doc.Find("#license-notices")); !strings.Contains(n, "许可机关告知监管机关") ||
			!strings.Contains(n, "济南市历下区市场监督管理局") {
			t.Fatalf("notices: %s", n)
		}
		if p := other.Get(path); p.Status != http.StatusNotFound {
			t.Fatalf("another county's agency reads the licence: %d", p.Status)
		}
		if p := agency.Get("/disputes"); p.Doc.Find(`#licenses-link[href="/licenses"]`).Length() != 1 {
			t.Fatal("the coordination pages do not link the licences")
		}
	})
}
