package supervision_test

import (
	"testing"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/supervision"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
)

func plan() supervision.Plan {
	return supervision.Plan{RegionCode: "370000", Title: "涉企行政执法专项监督", Origin: "省人大代表建议第123号",
		Departments: "省司法厅行政执法监督处；各市司法局", Focus: "重复检查、以罚代管", Schedule: "6月部署，7—9月实施，10月总结",
		Requirements: "各市每月报送进展"}
}

// TestSpecialSupervisionPlan: 专项监督 (行政执法监督条例 Art. 21) is the
// province's: a county or a city may not make a plan; a plan lacking a
// part of Art. 21 ¶2 is refused naming it; approval by the government
// (date, 文号) is recorded once; the cities and counties read the plan,
// another province's body does not; a case opened under the plan is
// linked to it.
func TestSpecialSupervisionPlan(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		svc := supervision.NewService(db)
		prov := &auth.Principal{ID: 900, Name: "山东省司法厅监督处", Username: "province", Role: auth.RoleSupervisor, Region: "370000"}
		city, county := testworld.As("city"), testworld.As("supervisor")
		as := func(u string) *auth.Principal {
			if u == "province" {
				return prov
			}
			return testworld.As(u)
		}
		rows := []struct {
			name  string
			in    func() supervision.Plan
			by    string
			code  string
			field string
		}{
			{"a county's plan (Art. 21: 省级以上)", plan, "supervisor", apperr.Forbidden, ""},
			{"a city's plan (Art. 21: 省级以上)", func() supervision.Plan { p := plan(); p.RegionCode = "370100"; return p }, "city", apperr.Forbidden, ""},
			{"no departments (Art. 21 ¶2: 责任部门)", func() supervision.Plan { p := plan(); p.Departments = " "; return p }, "province", apperr.Invalid, "departments"},
			{"no focus (Art. 21 ¶2: 监督重点)", func() supervision.Plan { p := plan(); p.Focus = ""; return p }, "province", apperr.Invalid, "focus"},
			{"no schedule (Art. 21 ¶2: 进度安排)", func() supervision.Plan { p := plan(); p.Schedule = ""; return p }, "province", apperr.Invalid, "schedule"},
			{"no requirements (Art. 21 ¶2: 工作要求)", func() supervision.Plan { p := plan(); p.Requirements = ""; return p }, "province", apperr.Invalid, "requirements"},
		}
		for _, r := range rows {
			_, err := svc.CreatePlan(w.Ctx, as(r.by), r.in())
			wantCode(t, r.name, err, r.code, r.field)
		}
		pl, err := svc.CreatePlan(w.Ctx, prov, plan())
		if err != nil || pl.Status != supervision.PlanDraft || pl.Code == "" {
			t.Fatalf("create: %+v %v", pl, err)
		}
		_, err = svc.ApprovePlan(w.Ctx, city, pl.ID, testworld.Today, "鲁政字〔2026〕88号")
		wantCode(t, "a city approving the province's plan", err, apperr.Forbidden, "")
		_, err = svc.ApprovePlan(w.Ctx, prov, pl.ID, "2026-07-01", "鲁政字〔2026〕88号")
		wantCode(t, "approved in the future", err, apperr.Invalid, "approved_on")
		_, err = svc.ApprovePlan(w.Ctx, prov, pl.ID, testworld.Today, "")
		wantCode(t, "no 文号", err, apperr.Invalid, "approval_doc")
		if pl, err = svc.ApprovePlan(w.Ctx, prov, pl.ID, testworld.Today, "鲁政字〔2026〕88号"); err != nil || pl.Status != supervision.PlanApproved {
			t.Fatalf("approve: %+v %v", pl, err)
		}
		_, err = svc.ApprovePlan(w.Ctx, prov, pl.ID, testworld.Today, "鲁政字〔2026〕89号")
		wantCode(t, "approved twice", err, apperr.Conflict, "")

		if _, err := svc.GetPlan(w.Ctx, county, pl.ID); err != nil {
			t.Errorf("the county reads the province's plan: %v", err)
		}
		_, err = svc.GetPlan(w.Ctx, testworld.As("agency_admin"), pl.ID)
		wantCode(t, "an agency", err, apperr.NotFound, "")
		if list, err := svc.Plans(w.Ctx, city, &registry.Page{}); err != nil || len(list) != 1 {
			t.Errorf("the city's list: %d %v", len(list), err)
		}

		c := must(t)(svc.Open(w.Ctx, county, supervision.Opening{RegionCode: testworld.Region, AgencyCode: testworld.Agency,
			Source: "campaign", SourceRef: pl.Code, Summary: "专项监督发现重复检查"}))
		linked, err := svc.Linked(w.Ctx, prov, supervision.Link{Source: "campaign", Ref: pl.Code})
		if err != nil || len(linked) != 1 || linked[0].ID != c.ID {
			t.Errorf("the plan's cases: %+v %v", linked, err)
		}
		if pl, err = svc.ClosePlan(w.Ctx, prov, pl.ID); err != nil || pl.Status != supervision.PlanClosed {
			t.Fatalf("close: %+v %v", pl, err)
		}
	})
}
