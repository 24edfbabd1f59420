package inspection_test

import (
	"testing"

	"zfjd/internal/apperr"
	"zfjd/internal/inspection"
	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
)

func TestItemsPlansAndJoint(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		admin := testworld.As("agency_admin")
		if err := f.svc.PutItem(f.Ctx, admin, Matter, "食品经营者", []string{"许可证照", "从业人员健康证明", " "}); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.PutItem(f.Ctx, testworld.As("officer"), Matter, "", nil); apperr.As(err).Code != apperr.Forbidden {
			t.Errorf("officer keeps the list: %v", err)
		}
		items, err := inspection.Items(f.Ctx, db.R, inspection.ItemFilter{Region: "370100"})
		if err != nil || len(items) != 1 || len(items[0].Checklist) != 2 || items[0].AgencyNames[0] == "" {
			t.Fatalf("items: %v %+v", err, items)
		}
		// The other county's agency holds the same matter and plans the same enterprise in July.
		if _, err := registry.PutMatter(f.Ctx, db, f.Admin, &registry.Matter{Code: Matter, Name: "食品经营者日常监督检查", Kind: "inspection",
			LegalBasis: "《中华人民共和国食品安全法》第一百一十条", AgencyCodes: []string{testworld.Agency, testworld.Other}}); err != nil {
			t.Fatal(err)
		}
		task := inspection.Task{MatterCode: Matter, Objects: "便利店", EnterpriseID: Enterprise, EnterpriseName: "济南某某便利店有限公司", Month: "2026-07"}
		pl, err := f.svc.PutPlan(f.Ctx, admin, &inspection.Plan{AgencyCode: testworld.Agency, Year: 2026, Title: "2026年度涉企行政检查计划",
			Tasks: []inspection.Task{task}})
		if err != nil || !pl.Late() {
			t.Fatalf("plan: %v late=%v (filed %s, after 03-31)", err, pl != nil && pl.Late(), pl.FiledOn)
		}
		if _, err := f.svc.PutPlan(f.Ctx, admin, &inspection.Plan{AgencyCode: testworld.Agency, Year: 2026, Title: "x",
			Tasks: []inspection.Task{{MatterCode: testworld.Matter, Objects: "x", Month: "2026-07"}}}); apperr.As(err).Code != apperr.Invalid {
			t.Errorf("a penalty matter as a plan task: %v", err)
		}
		if _, err := f.svc.PutPlan(f.Ctx, f.Admin, &inspection.Plan{AgencyCode: testworld.Other, Year: 2026, Title: "市中区计划",
			Tasks: []inspection.Task{task}}); err != nil {
			t.Fatal(err)
		}
		plans, err := inspection.Plans(f.Ctx, db.R, "370100", 2026)
		if err != nil || len(plans) != 2 || len(plans[0].Tasks) != 1 {
			t.Fatalf("plans: %v %d", err, len(plans))
		}
		props, err := inspection.JointProposals(f.Ctx, db.R, "370100", "2026-01", "2026-12")
		if err != nil || len(props) != 1 || len(props[0].Agencies()) != 2 {
			t.Fatalf("joint proposals: %v %+v", err, props)
		}
	})
}

func TestDrawStoredAndReplayed(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		objs := []inspection.PoolObject{
			{ID: Enterprise, Name: "济南某某便利店有限公司", Type: "企业", Field: "食品", Tier: "high"},
			{ID: "91370102MA3C5R2K0M", Name: "重复行", Type: "企业", Field: "食品", Tier: "high"},
		}
		if _, err := f.svc.ImportObjects(f.Ctx, testworld.As("officer"), testworld.Region, objs); apperr.As(err).Code != apperr.Forbidden {
			t.Errorf("officer imports the pool: %v", err)
		}
		if _, err := f.svc.ImportObjects(f.Ctx, testworld.As("agency_admin"), testworld.Region, objs); err != nil {
			t.Fatal(err)
		}
		d, err := f.svc.RunDraw(f.Ctx, testworld.As("head"), testworld.Agency, "2026年食品经营双随机抽查", "", "", map[string]int{"high": 100})
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Result.Assignments) != 1 || len(d.Result.Assignments[0].Inspectors) != 2 {
			t.Fatalf("draw: %+v", d.Result)
		}
		got, err := inspection.GetDraw(f.Ctx, db.R, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		if ok, why := got.Replay(); !ok {
			t.Fatalf("the published draw does not replay: %s", why)
		}
		if _, err := f.svc.RunDraw(f.Ctx, testworld.As("officer"), testworld.Agency, "x", "", "", nil); apperr.As(err).Code != apperr.Forbidden {
			t.Errorf("officer draws: %v", err)
		}
	})
}

// 鲁政办发〔2025〕3号: every enforcement subject holding inspection matters
// files its yearly plan by the end of March; supervision sees those that
// have not (the region's, not another county's), and a filed plan takes
// the agency off the list.
func TestUnfiledPlans(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		if _, err := registry.PutMatter(f.Ctx, db, f.Admin, &registry.Matter{Code: Matter, Name: "食品经营者日常监督检查", Kind: "inspection",
			LegalBasis: "《中华人民共和国食品安全法》第一百一十条", AgencyCodes: []string{testworld.Agency, testworld.Other}}); err != nil {
			t.Fatal(err)
		}
		un, total, err := inspection.Unfiled(f.Ctx, db.R, "370100", 2026)
		if err != nil || total != 2 || len(un) != 2 {
			t.Fatalf("unfiled in the city: %v %d %+v", err, total, un)
		}
		if un, total, _ := inspection.Unfiled(f.Ctx, db.R, testworld.Region, 2026); total != 1 || un[0].Code != testworld.Agency {
			t.Errorf("unfiled in the county: %d %+v", total, un)
		}
		if _, err := f.svc.PutPlan(f.Ctx, testworld.As("agency_admin"), &inspection.Plan{AgencyCode: testworld.Agency, Year: 2026,
			Title: "2026年度涉企行政检查计划", Tasks: []inspection.Task{{MatterCode: Matter, Objects: "便利店", Month: "2026-07"}}}); err != nil {
			t.Fatal(err)
		}
		if un, total, _ := inspection.Unfiled(f.Ctx, db.R, "370100", 2026); total != 1 || un[0].Code != testworld.Other {
			t.Errorf("after the county's plan: %d %+v", total, un)
		}
		if _, total, _ := inspection.Unfiled(f.Ctx, db.R, "370100", 2027); total != 2 {
			t.Errorf("2027: %d unfiled, want 2", total)
		}
	})
}
