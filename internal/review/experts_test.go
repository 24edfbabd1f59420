package review_test

import (
	"testing"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/review"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/web/webtest"
)

// TestOutsideExpert: a supervision body creates an outside expert's
// account (外聘评查专家); assigned one drawn file, the expert lists that
// campaign, reads and scores that file and reads its case, and nothing
// else: not the other file, not the case through the case rules, not a
// campaign of another body. An agency cannot create experts, and an
// expert of another city's body is not assigned.
func TestOutsideExpert(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := &webtest.World{World: testworld.Build(t, db)}
		for range 2 {
			w.Case(t, "", nil)
		}
		svc := review.NewService(db)
		sup, city := testworld.As("supervisor"), testworld.As("city")
		in := review.ExpertInput{Region: testworld.Region, Username: "expert_wang", DisplayName: "王教授", Password: testworld.Password}
		_, err := svc.CreateExpert(w.Ctx, testworld.As("agency_admin"), in)
		wantCode(t, "an agency creating an expert", err, apperr.Forbidden)
		_, err = svc.CreateExpert(w.Ctx, sup, review.ExpertInput{Region: "370200", Username: "x", DisplayName: "x", Password: testworld.Password})
		wantCode(t, "an expert of another city's body", err, apperr.Forbidden)
		id, err := svc.CreateExpert(w.Ctx, sup, in)
		ok(t, "create expert", err)
		acc, err := auth.GetAccount(w.Ctx, db, id)
		ok(t, "account", err)
		if acc.Role != auth.RoleExpert || acc.Agency != "" || !acc.MustChangePassword {
			t.Fatalf("expert account %+v", acc)
		}
		far := &auth.Principal{Role: auth.RoleSupervisor, Region: "370200", Username: "qd"}
		_, err = svc.CreateExpert(w.Ctx, far, review.ExpertInput{Region: "370200", Username: "expert_qd", DisplayName: "青岛专家",
			Password: testworld.Password})
		ok(t, "another city's expert", err)
		list, err := svc.Experts(w.Ctx, sup)
		ok(t, "experts", err)
		if len(list) != 1 || list[0].Username != "expert_wang" {
			t.Fatalf("the body's experts: %+v", list)
		}

		c, err := svc.Create(w.Ctx, sup, review.CampaignInput{Region: testworld.Region, Name: "专家评查", Year: 2026,
			AgencyCodes: []string{testworld.Agency}, PerAgency: 2, Seed: "experts"})
		ok(t, "create", err)
		c, err = svc.Draw(w.Ctx, sup, c.ID)
		ok(t, "draw", err)
		files, _ := svc.Files(w.Ctx, sup, c)
		f1, f2 := files[0], files[1]
		wantCode(t, "another city's expert", svc.Assign(w.Ctx, sup, f1.ID, []string{"city", "expert_qd"}), apperr.Invalid)
		wantCode(t, "a social supervisor", svc.Assign(w.Ctx, sup, f1.ID, []string{"city", "social"}), apperr.Invalid)
		ok(t, "assign", svc.Assign(w.Ctx, sup, f1.ID, []string{"city", "expert_wang"}))
		ok(t, "assign", svc.Assign(w.Ctx, sup, f2.ID, []string{"city", "supervisor"}))

		ex := &auth.Principal{ID: id, Role: auth.RoleExpert, Region: testworld.Region, Username: "expert_wang", Name: "王教授"}
		mine, err := svc.List(w.Ctx, ex)
		ok(t, "expert's campaigns", err)
		if len(mine) != 1 || mine[0].ID != c.ID {
			t.Fatalf("expert lists %+v", mine)
		}
		seen, err := svc.Files(w.Ctx, ex, c)
		ok(t, "expert's files", err)
		if len(seen) != 1 || seen[0].ID != f1.ID {
			t.Fatalf("expert sees files %+v", seen)
		}
		_, _, err = svc.File(w.Ctx, ex, f2.ID)
		wantCode(t, "the file not assigned", err, apperr.NotFound)
		_, _, err = svc.FileCase(w.Ctx, ex, f2.ID)
		wantCode(t, "the case of the file not assigned", err, apperr.NotFound)
		_, cf, err := svc.FileCase(w.Ctx, ex, f1.ID)
		ok(t, "the case of the assigned file", err)
		if cf.ID != f1.CaseID {
			t.Fatalf("case %d, want %d", cf.ID, f1.CaseID)
		}
		// Nothing through its region: the case itself, the agency, the region.
		target := auth.Target{Region: f1.RegionCode, Agencies: []string{f1.AgencyCode}}
		if auth.CanSee(ex, target) || auth.CanSeeCase(ex, target) || auth.CanReadRules(ex, testworld.Region) {
			t.Fatal("an expert sees through its region")
		}
		where := &store.Where{}
		auth.FilterCases(ex, where, "region_code", "agency_code")
		if where.SQL() != " WHERE (1 = 0)" {
			t.Fatalf("an expert's case filter: %q", where.SQL())
		}
		ok(t, "expert scores", svc.Submit(w.Ctx, ex, f1.ID, review.Sheet{Deductions: map[string]int{"C2": 4}}, "取证不全面"))
		ok(t, "city scores", svc.Submit(w.Ctx, city, f1.ID, review.Sheet{Deductions: map[string]int{"C2": 6}}, "取证不全面"))
		got, _, _ := svc.File(w.Ctx, sup, f1.ID)
		if got.Status != review.FileFinal || got.FinalScore != 95 {
			t.Fatalf("file scored by the expert and the city: %+v", got)
		}
	})
}
