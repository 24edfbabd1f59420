package inspectionweb_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"zfjd/internal/calendar"
	"zfjd/internal/inspection"
	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/web/webtest"
)

// 综合查一次 on the inspection's page: the officer picks another agency
// holding an inspection matter; an empty choice is refused next to the
// field; once invited it reads on the page; a supervisor sees no form.
func TestJointInviteForm(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := start(t, db)
		joins := webtest.USCC(t, testworld.Region, 71)
		if _, err := registry.PutAgency(w.Ctx, w.DB, w.Admin, &registry.Agency{Code: joins, Name: "济南市历下区应急管理局",
			Kind: "enforcement", RegionCode: testworld.Region}); err != nil {
			t.Fatal(err)
		}
		if _, err := registry.PutMatter(w.Ctx, w.DB, w.Admin, &registry.Matter{Code: "J-SAFE-001", Name: "安全生产日常监督检查",
			Kind: "inspection", LegalBasis: "《中华人民共和国安全生产法》第六十五条", AgencyCodes: []string{joins}}); err != nil {
			t.Fatal(err)
		}
		svc := inspection.NewService(w.DB, calendar.RulesCalendar)
		officer := testworld.As("officer")
		in, err := svc.Create(w.Ctx, officer, &inspection.Inspection{AgencyCode: testworld.Agency, RegionCode: testworld.Region,
			MatterCode: Matter, Kind: "routine", Enterprise: inspection.Enterprise{Name: "济南某某便利店有限公司", IDNumber: Enterprise}})
		if err == nil {
			_, err = svc.Act(w.Ctx, testworld.As("head"), in.ID, inspection.ActApprove, inspection.ActInput{Note: "同意"})
		}
		if err != nil {
			t.Fatal(err)
		}
		page := fmt.Sprintf("/inspections/%d", in.ID)
		b := w.Login(t, "officer")
		pg := b.Get(page)
		if pg.Status != http.StatusOK || pg.Doc.Find(`#joint-agency option[value="`+joins+`"]`).Length() != 1 ||
			pg.Doc.Find(`#joint-agency option[value="`+testworld.Agency+`"]`).Length() != 0 {
			t.Fatalf("the form: %d %q", pg.Status, webtest.Text(pg.Doc.Find("#act-joint")))
		}
		pg = b.Post(page+"/joint/new", url.Values{"joint_agency_code": {""}})
		if pg.Status != http.StatusBadRequest || !strings.Contains(webtest.Text(pg.Doc.Find("#act-joint .field-error")), "请选择联合检查的执法主体") {
			t.Errorf("no agency chosen: %d %q", pg.Status, webtest.Text(pg.Doc.Find("#act-joint")))
		}
		if pg = b.Post(page+"/joint/new", url.Values{"joint_agency_code": {joins}}); pg.Status != http.StatusSeeOther {
			t.Fatalf("invite: %d %q", pg.Status, webtest.Text(pg.Doc.Find("main")))
		}
		if pg = b.Get(page); !strings.Contains(webtest.Text(pg.Doc.Find("main")), "联合："+joins) ||
			pg.Doc.Find(`#joint-agency option[value="`+joins+`"]`).Length() != 0 {
			t.Errorf("after the invitation: %q", webtest.Text(pg.Doc.Find("main dl")))
		}
		if pg = w.Login(t, "supervisor").Get(page); pg.Status != http.StatusOK || pg.Doc.Find("#act-joint").Length() != 0 {
			t.Errorf("supervision's view: %d, form %d", pg.Status, pg.Doc.Find("#act-joint").Length())
		}
	})
}
