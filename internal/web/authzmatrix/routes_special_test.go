package authzmatrix_test

// The registry's rows for 专项监督 work plans (行政执法监督条例 Art. 21):
// one plan of the province per engine, made by the administrator; the
// rows list and read it, make new ones, approve and close it.

import (
	"net/url"
	"strconv"
	"sync"
	"testing"

	"zfjd/internal/supervision"
	"zfjd/internal/testworld"
)

// specialPlans are the fixtures' plans (fixture → plan id).
var specialPlans sync.Map

func addSpecialPlan(t *testing.T, f *fixture) {
	t.Helper()
	pl, err := supervision.NewService(f.DB).CreatePlan(f.Ctx, f.Admin, supervision.Plan{RegionCode: "370000", Title: "矩阵专项监督",
		Departments: "省司法厅", Focus: "重复检查", Schedule: "三季度", Requirements: "按月报送"})
	if err != nil {
		t.Fatalf("special supervision plan: %v", err)
	}
	specialPlans.Store(f, pl.ID)
}

func planPath(f *fixture, rest string) string {
	v, _ := specialPlans.Load(f)
	return "/special-supervisions/" + strconv.FormatInt(v.(int64), 10) + rest
}

func specialRoutes() []*route {
	return []*route{
		{pattern: "GET /special-supervisions", kind: "special", verb: list, req: get("/special-supervisions")},
		{pattern: "GET /special-supervisions/{id}", kind: "special", verb: read,
			req: func(f *fixture, _ *who, _ *place) request { return request{path: planPath(f, "")} }},
		{pattern: "POST /special-supervisions", kind: "special", verb: create, strict: true,
			req: func(_ *fixture, _ *who, _ *place) request {
				return request{path: "/special-supervisions", form: url.Values{"region": {"370000"}, "title": {"矩阵方案"}, "departments": {"省司法厅"},
					"focus": {"以罚代管"}, "schedule": {"四季度"}, "requirements": {"按月报送"}}}
			}},
		{pattern: "POST /special-supervisions/{id}/approve", kind: "special", verb: change,
			req: func(f *fixture, _ *who, _ *place) request {
				return request{path: planPath(f, "/approve"), form: url.Values{"approved_on": {testworld.Today}, "approval_doc": {"鲁政字〔2026〕1号"}}}
			}},
		{pattern: "POST /special-supervisions/{id}/close", kind: "special", verb: change,
			req: func(f *fixture, _ *who, _ *place) request { return request{path: planPath(f, "/close")} }},
	}
}

// specialRules: lists for whoever reads supervision (an agency's list is
// empty); a plan is read by the province's supervision bodies at every
// level (they carry it out) and hidden from everyone else; only the
// province-level supervision body makes, approves and closes one (Art.
// 21: 省级以上人民政府行政执法监督机构).
func specialRules(w *who, r *route) (want, why string) {
	province := isSupervision(w) && (w.region == "" || w.region == "370000")
	switch r.verb {
	case list:
		if isSupervision(w) || ((w.role == agencyAdmin || w.role == head) && w.agency != "") {
			return ok, "supervision reads the plans; an agency's list is empty"
		}
		return forbid, "the role reads no supervision work"
	case read:
		if isSupervision(w) {
			return ok, "the province's supervision bodies carry the plan out"
		}
		return hidden, "not supervision"
	case create:
		if province {
			return ok, "Art. 21: 省级以上 supervision makes the plan"
		}
		return forbid, "Art. 21: only province-level supervision"
	}
	if province {
		return pass, "the plan's maker approves and closes it (a second approval or close is a 409)"
	}
	if isSupervision(w) {
		return forbid, "Art. 21: the province's plan is approved and closed by the province"
	}
	return hidden, "not supervision"
}
