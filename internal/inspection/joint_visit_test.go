package inspection_test

import (
	"sync"
	"testing"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/inspection"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
)

// 国办发〔2024〕54号 综合查一次: from a proposal (two agencies of the county
// planned the same enterprise in July) one click files the joint visit —
// one record of the user's agency with the other as joint agency, 待审批 —
// and a second click answers the same visit; an agency outside the
// proposal is refused, a month without one is 404.
func TestJointVisitFromProposal(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		joins, _ := joinWorld(t, f)
		task := func(matter string) []inspection.Task {
			return []inspection.Task{{MatterCode: matter, Objects: "便利店", EnterpriseID: Enterprise, EnterpriseName: "济南某某便利店有限公司", Month: "2026-07"}}
		}
		for _, pl := range []*inspection.Plan{{AgencyCode: testworld.Agency, Tasks: task(Matter)}, {AgencyCode: joins, Tasks: task("J-SAFE-001")}} {
			pl.Year, pl.Title = 2026, "2026年度涉企行政检查计划"
			if _, err := f.svc.PutPlan(f.Ctx, f.Admin, pl); err != nil {
				t.Fatal(err)
			}
		}
		officer := testworld.As("officer")
		in, existed, err := f.svc.JointVisit(f.Ctx, officer, Enterprise, "2026-07")
		if err != nil || existed {
			t.Fatalf("joint visit: %v existed=%v", err, existed)
		}
		if in.AgencyCode != testworld.Agency || in.MatterCode != Matter || len(in.JointAgency) != 1 || in.JointAgency[0] != joins ||
			in.Status != inspection.StFiled || in.Enterprise.IDNumber != Enterprise {
			t.Fatalf("the joint visit: %+v", in)
		}
		again, existed, err := f.svc.JointVisit(f.Ctx, officer, Enterprise, "2026-07")
		if err != nil || !existed || again.ID != in.ID {
			t.Errorf("second click: %v existed=%v id %d (first %d)", err, existed, again.ID, in.ID)
		}
		if _, _, err := f.svc.JointVisit(f.Ctx, officer, Enterprise, "2026-08"); apperr.As(err).Code != apperr.NotFound {
			t.Errorf("no proposal in August: %v", err)
		}
		if _, _, err := f.svc.JointVisit(f.Ctx, testworld.As("supervisor"), Enterprise, "2026-07"); apperr.As(err).Code != apperr.Forbidden {
			t.Errorf("supervision files a visit: %v", err)
		}
		if _, _, err := f.svc.JointVisit(f.Ctx, testworld.As("other_officer"), Enterprise, "2026-07"); apperr.As(err).Code != apperr.NotFound {
			t.Errorf("another county's officer: %v", err)
		}
	})
}

// 回避 (优化营商环境条例 第五十四条): a declared conflict of interest is listed
// with the agency's officers and every later draw leaves the officer out
// of that enterprise's inspectors.
func TestConflictExcludedFromDraw(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		if _, err := f.svc.ImportObjects(f.Ctx, testworld.As("agency_admin"), testworld.Region, []inspection.PoolObject{
			{ID: Enterprise, Name: "济南某某便利店有限公司", Type: "企业", Field: "食品", Tier: "high"}}); err != nil {
			t.Fatal(err)
		}
		head := testworld.As("head")
		if err := f.svc.DeclareConflict(f.Ctx, testworld.As("officer"), testworld.CertA, Enterprise); apperr.As(err).Code != apperr.Forbidden {
			t.Errorf("an officer declares: %v", err)
		}
		if err := f.svc.DeclareConflict(f.Ctx, head, testworld.CertA, "not-a-code"); apperr.As(err).Fields["enterprise_id"] == "" {
			t.Errorf("bad credit code: %v", err)
		}
		if err := f.svc.DeclareConflict(f.Ctx, head, testworld.CertOther, Enterprise); apperr.As(err).Code != apperr.NotFound {
			t.Errorf("another county's officer: %v", err)
		}
		for range 2 { // declared twice: once
			if err := f.svc.DeclareConflict(f.Ctx, head, testworld.CertA, Enterprise); err != nil {
				t.Fatal(err)
			}
		}
		cs, err := inspection.Conflicts(f.Ctx, db.R, testworld.Agency)
		if err != nil || len(cs) != 1 || cs[0].OfficerName != "张明" || cs[0].EnterpriseName != "济南某某便利店有限公司" {
			t.Fatalf("conflicts: %v %+v", err, cs)
		}
		for range 5 {
			d, err := f.svc.RunDraw(f.Ctx, head, testworld.Agency, "回避抽查", "", "", map[string]int{"high": 100})
			if err != nil {
				t.Fatal(err)
			}
			for _, a := range d.Result.Assignments {
				for _, o := range a.Inspectors {
					if o == testworld.CertA {
						t.Fatal("the officer with a conflict of interest was drawn for the enterprise")
					}
				}
			}
			if ok, why := d.Replay(); !ok {
				t.Fatalf("replay: %s", why)
			}
		}
	})
}

// 综合查一次 is one visit (国办发〔2024〕54号): eight clicks at the same time
// — officers of both agencies of the proposal — file one joint visit, and
// every click is answered with it.
func TestJointVisitConcurrentClicks(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		joins, _ := joinWorld(t, f)
		task := func(matter string) []inspection.Task {
			return []inspection.Task{{MatterCode: matter, Objects: "便利店", EnterpriseID: Enterprise, EnterpriseName: "济南某某便利店有限公司", Month: "2026-07"}}
		}
		for _, pl := range []*inspection.Plan{{AgencyCode: testworld.Agency, Tasks: task(Matter)}, {AgencyCode: joins, Tasks: task("J-SAFE-001")}} {
			pl.Year, pl.Title = 2026, "2026年度涉企行政检查计划"
			if _, err := f.svc.PutPlan(f.Ctx, f.Admin, pl); err != nil {
				t.Fatal(err)
			}
		}
		clickers := []*auth.Principal{testworld.As("officer"), testworld.As("head"),
			{ID: 950, Name: "李安", Username: "safe_officer", Role: auth.RoleOfficer, Region: testworld.Region, Agency: joins}}
		const n = 8
		ids := make([]int64, n)
		filed := make([]bool, n)
		errs := make([]error, n)
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				in, existed, err := f.svc.JointVisit(f.Ctx, clickers[i%len(clickers)], Enterprise, "2026-07")
				if errs[i] = err; err == nil {
					ids[i], filed[i] = in.ID, !existed
				}
			}()
		}
		close(start)
		wg.Wait()
		newOnes := 0
		for i := range n {
			if errs[i] != nil {
				t.Fatalf("click %d: %v", i, errs[i])
			}
			if ids[i] != ids[0] {
				t.Errorf("click %d answered visit %d, click 0 visit %d", i, ids[i], ids[0])
			}
			if filed[i] {
				newOnes++
			}
		}
		if newOnes != 1 {
			t.Errorf("%d clicks filed a new visit, want 1", newOnes)
		}
		if c := count(t, db, `SELECT COUNT(*) FROM inspections WHERE enterprise_id = $1`, Enterprise); c != 1 {
			t.Errorf("%d inspections of the enterprise, want the one joint visit", c)
		}
	})
}
