package review_test

import (
	"testing"

	"zfjd/internal/apperr"
	"zfjd/internal/review"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/web/webtest"
)

// TestCampaignChoosesStandard: a campaign scores each case kind on the
// standard (version) it chose when it was set up — not the newest one —
// and refuses a standard of another kind, of another body, or a kind the
// platform does not draw, naming the field.
func TestCampaignChoosesStandard(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := &webtest.World{World: testworld.Build(t, db)}
		w.Case(t, "", nil)
		svc := review.NewService(db)
		sup := testworld.As("supervisor")
		v1, err := svc.SaveStandard(w.Ctx, sup, testworld.Region, "历下区处罚案卷标准", review.DefaultItems)
		ok(t, "v1", err)
		v2, err := svc.SaveStandard(w.Ctx, sup, testworld.Region, "历下区处罚案卷标准", review.DefaultItems)
		ok(t, "v2", err)
		tpl, err := review.Template()
		ok(t, "template", err)
		insp, _, err := svc.ImportStandard(w.Ctx, sup, testworld.Region, "行政检查案卷标准", "inspection", tpl)
		ok(t, "inspection standard", err)
		far, err := svc.SaveStandard(w.Ctx, w.Admin, "370200", "青岛标准", review.DefaultItems)
		ok(t, "far", err)

		in := review.CampaignInput{Region: testworld.Region, Name: "选标准", Year: 2026, AgencyCodes: []string{testworld.Agency},
			PerAgency: 1, Seed: "std"}
		for _, c := range []struct {
			name   string
			choice map[string]int64
			field  string
		}{
			{"a standard of another kind", map[string]int64{"penalty": insp.ID}, "standard.penalty"},
			{"another city's standard", map[string]int64{"penalty": far.ID}, "standard.penalty"},
			{"no such standard", map[string]int64{"penalty": 999999}, "standard.penalty"},
			{"a kind not drawn", map[string]int64{"license": insp.ID}, "standard.license"},
			{"a standard of another kind for inspection files", map[string]int64{"inspection": v1.ID}, "standard.inspection"},
		} {
			in.Standards = c.choice
			_, err := svc.Create(w.Ctx, sup, in)
			if !apperr.Is(err, apperr.Invalid) || apperr.As(err).Fields[c.field] == "" {
				t.Errorf("%s: %v, want 400 naming %s", c.name, err, c.field)
			}
		}
		in.Standards = map[string]int64{"penalty": v1.ID}
		c, err := svc.Create(w.Ctx, sup, in)
		ok(t, "create with v1", err)
		if c.StandardID != v1.ID || c.Standards["penalty"] != v1.ID {
			t.Fatalf("campaign standard %d %v, want v1 %d", c.StandardID, c.Standards, v1.ID)
		}
		stds, err := svc.CampaignStandards(w.Ctx, c)
		ok(t, "standards", err)
		if len(stds) != 1 || stds[0].Version != 1 {
			t.Fatalf("campaign standards %+v", stds)
		}
		in.Standards = nil
		c2, err := svc.Create(w.Ctx, sup, in)
		ok(t, "create with none chosen", err)
		if c2.StandardID != v2.ID && c2.StandardID < v2.ID {
			t.Fatalf("no choice: standard %d, want the newest (%d or later)", c2.StandardID, v2.ID)
		}
		choices, err := svc.StandardChoices(w.Ctx, sup)
		ok(t, "choices", err)
		if len(choices["penalty"]) < 2 || !choices["penalty"][0].Current || len(choices["inspection"]) != 1 ||
			choices["inspection"][0].ID != insp.ID {
			t.Fatalf("choices %+v", choices)
		}
	})
}
