package review_test

import (
	"strings"
	"testing"

	"zfjd/internal/apperr"
	"zfjd/internal/review"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/web/webtest"
)

// TestPublishAllOrNothing: publication and the rectification cases of
// its 不合格 files (条例 Arts. 18, 26) are one transaction. With two files
// 不合格, the second's case cannot be opened (its recorded region is not
// its agency's, outside the body's region): nothing is published and no case is opened, not even the
// first's; once the file is right, publication opens both.
func TestPublishAllOrNothing(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := &webtest.World{World: testworld.Build(t, db)}
		for range 2 {
			w.Case(t, "", nil)
		}
		svc := review.NewService(db)
		sup, city := testworld.As("supervisor"), testworld.As("city")
		c, err := svc.Create(w.Ctx, sup, review.CampaignInput{Region: testworld.Region, Name: "2026年度评查", Year: 2026,
			AgencyCodes: []string{testworld.Agency}, PerAgency: 2, Seed: "all-or-nothing"})
		ok(t, "create", err)
		c, err = svc.Draw(w.Ctx, sup, c.ID)
		ok(t, "draw", err)
		files, err := svc.Files(w.Ctx, sup, c)
		ok(t, "files", err)
		if len(files) != 2 {
			t.Fatalf("drawn %d", len(files))
		}
		for _, f := range files {
			ok(t, "assign", svc.Assign(w.Ctx, sup, f.ID, []string{"supervisor", "city"}))
			for _, r := range []string{"supervisor", "city"} {
				p := sup
				if r == "city" {
					p = city
				}
				ok(t, "veto", svc.Submit(w.Ctx, p, f.ID, review.Sheet{Vetoes: []string{"V6"}}, "证据不足"))
			}
		}
		last := files[len(files)-1]
		if _, err := db.W.ExecContext(w.Ctx, `UPDATE review_files SET region_code = '370103' WHERE id = $1`, last.ID); err != nil {
			t.Fatal(err)
		}
		count := func(q string, args ...any) (n int) {
			if err := db.R.QueryRowContext(w.Ctx, q, args...).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		before := count(`SELECT COUNT(*) FROM supervision_cases`)
		err = svc.Publish(w.Ctx, sup, c.ID)
		if err == nil || !strings.Contains(apperr.As(err).Message, "评查结果未公布") {
			t.Fatalf("publish with a bad file: %v", err)
		}
		if n := count(`SELECT COUNT(*) FROM supervision_cases`); n != before {
			t.Errorf("a failed publication opened %d cases", n-before)
		}
		if n := count(`SELECT COUNT(*) FROM review_files WHERE campaign_id = $1 AND supervision_case_id <> 0`, c.ID); n != 0 {
			t.Errorf("%d files linked to a case", n)
		}
		if got, _ := svc.Campaign(w.Ctx, sup, c.ID); got.Status != review.CampaignDrawn {
			t.Errorf("status after a failed publication: %s", got.Status)
		}
		if _, err := db.W.ExecContext(w.Ctx, `UPDATE review_files SET region_code = $2 WHERE id = $1`, last.ID, testworld.Region); err != nil {
			t.Fatal(err)
		}
		ok(t, "publish", svc.Publish(w.Ctx, sup, c.ID))
		if n := count(`SELECT COUNT(*) FROM supervision_cases WHERE source = 'review'`); n != 2 {
			t.Errorf("rectification cases: %d", n)
		}
		if n := count(`SELECT COUNT(*) FROM review_files WHERE campaign_id = $1 AND supervision_case_id <> 0`, c.ID); n != 2 {
			t.Errorf("files linked: %d", n)
		}
		wantCode(t, "publish twice", svc.Publish(w.Ctx, sup, c.ID), apperr.Conflict)
	})
}
