package demo

import (
	"context"
	"testing"

	"zfjd/internal/auth"
	"zfjd/internal/review"
	"zfjd/internal/store"
)

// checkReview: the demo's 案卷评查 campaign is published with a drawn sample
// (seed and pool digest), every file scored by two reviewers, one settled
// by reconciliation, one 不合格 by a veto item with its rectification
// supervision case; the outside expert scored and sees only its files;
// the agency sees its result.
func checkReview(t *testing.T, ctx context.Context, db *store.DB) {
	t.Helper()
	svc := review.NewService(db)
	body := &auth.Principal{Username: "admin", Role: auth.RoleAdmin, Region: "370000"}
	list, err := svc.List(ctx, body)
	if err != nil || len(list) != 1 {
		t.Fatalf("review campaigns %v %v, want one", list, err)
	}
	c := list[0]
	if c.Status != review.CampaignPublished || c.Seed == "" || c.PoolSHA256 == "" {
		t.Fatalf("campaign %+v", c)
	}
	files, err := svc.Files(ctx, body, c)
	if err != nil || len(files) < 2 {
		t.Fatalf("files %d %v, want at least 2", len(files), err)
	}
	reconciled, vetoed, scoredByExpert := 0, 0, 0
	for _, f := range files {
		f, _, err := svc.File(ctx, body, f.ID) // with its sheets
		if err != nil {
			t.Fatal(err)
		}
		if f.Status != review.FileFinal || len(f.Scores) != 2 {
			t.Errorf("file %d: %s with %d sheets", f.ID, f.Status, len(f.Scores))
		}
		if f.Note != "" {
			reconciled++
		}
		if f.Verdict == review.VerdictFail && len(f.FinalVeto) > 0 && f.FinalScore == 0 {
			vetoed++
			if f.SupervisionCaseID == 0 {
				t.Errorf("不合格 file %d opened no supervision case", f.ID)
			}
		}
		for _, m := range f.Scores {
			if m.Reviewer == DemoExpert && m.Submitted {
				scoredByExpert++
			}
		}
	}
	if reconciled != 1 || vetoed != 1 || scoredByExpert == 0 {
		t.Errorf("%d reconciled, %d 不合格 by a veto, %d scored by the expert; want 1, 1, some", reconciled, vetoed, scoredByExpert)
	}
	var role string
	db.R.QueryRowContext(ctx, `SELECT role FROM accounts WHERE username = $1`, DemoExpert).Scan(&role)
	if role != string(auth.RoleExpert) {
		t.Errorf("the demo expert's role %q", role)
	}
	expert := &auth.Principal{Username: DemoExpert, Role: auth.RoleExpert, Region: c.BodyRegion}
	mine, _ := svc.Files(ctx, expert, c)
	if len(mine) != scoredByExpert || len(mine) == len(files) {
		t.Errorf("the expert sees %d of %d files, scored %d", len(mine), len(files), scoredByExpert)
	}
	agency := &auth.Principal{Username: "agency", Role: auth.RoleAgencyAdmin, Region: files[0].RegionCode, Agency: files[0].AgencyCode}
	res, err := svc.Results(ctx, agency, c)
	if err != nil || len(res) != 1 || res[0].Files != len(files) || res[0].Failed != 1 {
		t.Errorf("the agency's results %+v %v", res, err)
	}
}
