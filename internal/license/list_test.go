package license_test

import (
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"

	"zfjd/internal/apperr"
	"zfjd/internal/cases"
	"zfjd/internal/ident"
	"zfjd/internal/license"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
)

// TestLicenseListFilters: the list's filters (a row each) over three
// licences — agency, status, 申请日期 range, holder by name or id number —
// scoped to who may see them (auth.FilterRegion, an agency its own as
// licensing or supervising agency); a refused filter names its field;
// ByID hides another agency's licence; the notices are listed both ways
// (granted: licensing → supervising; a revoking penalty: the penalty
// agency → licensing) and the export carries the rows.
func TestLicenseListFilters(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w, svc := buildLic(t, db)
		decide(t, w.Ctx, w, "P-1", "2026-06-01", cases.Penalty{Kind: "revoke_license"})
		_, a, err := svc.Put(w.Ctx, approvalRobot, "xzsp", "L-A", granted(testworld.Agency))
		if err != nil {
			t.Fatal(err)
		}
		b := granted("")
		second, _ := ident.MakeUSCC('9', '1', testworld.Region, "MA3C5R3K")
		b.Party = license.Party{Kind: "org", Name: "济南另一家餐饮有限公司", IDNumber: second}
		b.Events, b.LicenseNo = b.Events[:1], ""
		b.Events[0].At = "2026-06-02"
		if _, _, err := svc.Put(w.Ctx, approvalRobot, "xzsp", "L-B", b); err != nil {
			t.Fatal(err)
		}
		c := granted("")
		c.Party.Name, c.Events[0].At = "济南第三家商店", "2026-04-01"
		if _, _, err := svc.Put(w.Ctx, approvalRobot, "xzsp", "L-C", c); err != nil {
			t.Fatal(err)
		}
		rows := []struct {
			name string
			f    license.Filter
			who  string // "" = the county supervisor
			want int
		}{
			{"all of the county", license.Filter{}, "", 3},
			{"by status", license.Filter{Status: license.Applied}, "", 1},
			{"applied from June", license.Filter{From: "2026-06-01"}, "", 1},
			{"applied up to April", license.Filter{To: "2026-04-30"}, "", 1},
			{"holder by part of the name", license.Filter{Holder: "餐饮"}, "", 1},
			{"holder by id number, lower case", license.Filter{Holder: "91370102ma3c5r2k0m"}, "", 2},
			{"a wildcard is a character", license.Filter{Holder: "%"}, "", 0},
			{"the supervising agency sees what it supervises", license.Filter{}, "agency_admin", 1},
			{"another county's supervisor sees none", license.Filter{}, "other_admin", 0},
		}
		for _, row := range rows {
			t.Run(row.name, func(t *testing.T) {
				p := testworld.As("supervisor")
				switch row.who {
				case "agency_admin":
					p = testworld.As(row.who)
				case "other_admin":
					p = otherAdmin
				}
				f := row.f
				list, err := svc.List(w.Ctx, p, &f)
				if err != nil || len(list) != row.want || f.Page.Total != row.want {
					t.Fatalf("%d (total %d) %v, want %d", len(list), f.Page.Total, err, row.want)
				}
			})
		}
		_, err = svc.List(w.Ctx, testworld.As("supervisor"), &license.Filter{From: "2026-06-10", To: "2026-06-01"})
		wantCode(t, "a reversed range", err, apperr.Invalid, "from")
		_, err = svc.List(w.Ctx, testworld.As("supervisor"), &license.Filter{To: "6月"})
		wantCode(t, "a bad date", err, apperr.Invalid, "to")

		if _, err := svc.ByID(w.Ctx, otherAdmin, a.ID); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("another agency reads the licence: %v", err)
		}
		l, err := svc.ByID(w.Ctx, testworld.As("agency_admin"), a.ID)
		if err != nil {
			t.Fatal(err)
		}
		ns, err := svc.Notices(w.Ctx, l)
		if err != nil || len(ns) != 2 {
			t.Fatalf("notices %+v %v", ns, err)
		}
		kinds := map[string]license.NoticeRow{}
		for _, n := range ns {
			kinds[n.Kind] = n
		}
		if g := kinds[license.NoticeGranted]; g.Sender != approval || g.Recipient != testworld.Agency || g.RecipientName != "济南市历下区市场监督管理局" {
			t.Fatalf("the grant's notice %+v", g)
		}
		if pn := kinds[license.NoticePenalty]; pn.Sender != testworld.Agency || pn.Recipient != approval || pn.CaseID == 0 {
			t.Fatalf("the penalty's notice %+v", pn)
		}
		var buf bytes.Buffer
		if err := svc.Export(w.Ctx, testworld.As("supervisor"), license.Filter{Holder: "餐饮"}, &buf); err != nil {
			t.Fatal(err)
		}
		x, err := excelize.OpenReader(&buf)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := x.GetRows("行政许可")
		if len(got) != 2 || got[1][8] != "济南另一家餐饮有限公司" || got[1][12] != "已申请" {
			t.Fatalf("export rows %v", got)
		}
	})
}
