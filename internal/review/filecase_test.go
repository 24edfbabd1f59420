package review_test

import (
	"testing"

	"zfjd/internal/apperr"
	"zfjd/internal/cases"
	"zfjd/internal/review"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/web/webtest"
)

// TestOutsideReviewer: an account of another agency assigned to one file
// of a campaign (交叉评查, 条例 Art. 15) reads that file's case for the
// scoring and scores it, but not the other file's case, not the case
// through the case pages (its jurisdiction is unchanged), and sees only
// its own file of the campaign.
func TestOutsideReviewer(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := &webtest.World{World: testworld.Build(t, db)}
		for range 2 {
			w.Case(t, "", nil)
		}
		svc := review.NewService(db)
		sup, out := testworld.As("supervisor"), testworld.As("other_officer")
		c, err := svc.Create(w.Ctx, sup, review.CampaignInput{Region: testworld.Region, Name: "交叉评查", Year: 2026,
			AgencyCodes: []string{testworld.Agency}, PerAgency: 2, Seed: "cross"})
		ok(t, "create", err)
		c, err = svc.Draw(w.Ctx, sup, c.ID)
		ok(t, "draw", err)
		files, err := svc.Files(w.Ctx, sup, c)
		ok(t, "files", err)
		mine, other := files[0], files[1]
		ok(t, "assign", svc.Assign(w.Ctx, sup, mine.ID, []string{"supervisor", "other_officer"}))
		ok(t, "assign", svc.Assign(w.Ctx, sup, other.ID, []string{"supervisor", "city"}))

		_, cf, err := svc.FileCase(w.Ctx, out, mine.ID)
		ok(t, "the assigned file's case", err)
		if cf.CaseNo != mine.CaseNo || len(cf.Events) == 0 {
			t.Fatalf("case file %+v", cf)
		}
		_, _, err = svc.FileCase(w.Ctx, out, other.ID)
		wantCode(t, "another file's case", err, apperr.NotFound)
		_, _, err = svc.FileCase(w.Ctx, testworld.As("social"), mine.ID)
		wantCode(t, "a social supervisor", err, apperr.NotFound)
		_, err = cases.NewService(db, nil, nil).Get(w.Ctx, out, mine.CaseID)
		wantCode(t, "the case page", err, apperr.NotFound)
		seen, err := svc.Files(w.Ctx, out, c)
		ok(t, "files of the campaign", err)
		if len(seen) != 1 || seen[0].ID != mine.ID {
			t.Fatalf("the outside reviewer sees %d files", len(seen))
		}
		ok(t, "score", svc.Submit(w.Ctx, out, mine.ID, review.Sheet{Deductions: map[string]int{"C2": 5}}, "交叉评查意见"))
		wantCode(t, "score another file", svc.Submit(w.Ctx, out, other.ID, review.Sheet{}, ""), apperr.NotFound)
	})
}
