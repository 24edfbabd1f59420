package review_test

import (
	"testing"

	"zfjd/internal/apperr"
	"zfjd/internal/review"
	"zfjd/internal/store"
	"zfjd/internal/supervision"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/web/webtest"
)

func wantCode(t *testing.T, what string, err error, code string) {
	t.Helper()
	if !apperr.Is(err, code) {
		t.Fatalf("%s: %v, want %s", what, err, code)
	}
}

func ok(t *testing.T, what string, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// TestCampaign: a campaign (条例 Arts. 15, 18; 鲁条例 Art. 14) draws its
// sample, fixed once drawn; two reviewers score a file 20 points apart and
// the reconciliation settles it; a veto item makes another file 不合格,
// which opens a supervision case; the agency sees its score only once
// the results are published.
func TestCampaign(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := &webtest.World{World: testworld.Build(t, db)}
		for range 3 {
			w.Case(t, "", nil) // archived, decided 2026-06-08
		}
		svc := review.NewService(db)
		sup, city, ag := testworld.As("supervisor"), testworld.As("city"), testworld.As("agency_admin")
		in := review.CampaignInput{Region: testworld.Region, Name: "2026年度行政处罚案卷评查", Year: 2026,
			AgencyCodes: []string{testworld.Agency}, PerAgency: 2, Seed: "历下-2026-评查"}
		_, err := svc.Create(w.Ctx, ag, in)
		wantCode(t, "an agency organising a review", err, apperr.Forbidden)
		c, err := svc.Create(w.Ctx, sup, in)
		ok(t, "create", err)
		c, err = svc.Draw(w.Ctx, sup, c.ID)
		ok(t, "draw", err)
		_, err = svc.Draw(w.Ctx, sup, c.ID)
		wantCode(t, "a second draw", err, apperr.Conflict)
		files, err := svc.Files(w.Ctx, sup, c)
		ok(t, "files", err)
		if len(files) != 2 || c.PoolSHA256 == "" {
			t.Fatalf("drawn %d files, pool %q", len(files), c.PoolSHA256)
		}
		// Anyone replays the draw from the seed and the pool.
		var pool []review.Candidate
		rows, _ := db.R.QueryContext(w.Ctx, `SELECT id, agency_code, EXISTS (SELECT 1 FROM findings f
			WHERE f.subject_kind = 'case' AND f.subject_id = cases.id) FROM cases ORDER BY id`)
		for rows.Next() {
			var x review.Candidate
			rows.Scan(&x.CaseID, &x.Agency, &x.Warning)
			pool = append(pool, x)
		}
		rows.Close()
		if review.PoolDigest(pool) != c.PoolSHA256 {
			t.Fatal("the published pool digest does not match the pool")
		}
		replay := review.Draw(c.Seed, pool, review.Plan{PerAgency: 2})
		for i, f := range files {
			if replay[i].CaseID != f.CaseID {
				t.Fatalf("replay %v, drawn %+v", replay, files)
			}
		}
		_, err = svc.Campaign(w.Ctx, ag, c.ID)
		wantCode(t, "the agency before publication", err, apperr.NotFound)

		f1, f2 := files[0].ID, files[1].ID
		wantCode(t, "one reviewer", svc.Assign(w.Ctx, sup, f1, []string{"supervisor"}), apperr.Invalid)
		ok(t, "assign", svc.Assign(w.Ctx, sup, f1, []string{"supervisor", "city"}))
		ok(t, "assign", svc.Assign(w.Ctx, sup, f2, []string{"supervisor", "city"}))
		wantCode(t, "an unassigned reviewer", svc.Submit(w.Ctx, ag, f1, review.Sheet{}, ""), apperr.NotFound)
		ok(t, "score 95", svc.Submit(w.Ctx, sup, f1, review.Sheet{Deductions: map[string]int{"C2": 5}}, "取证基本完整"))
		mine, _, err := svc.File(w.Ctx, city, f1)
		ok(t, "reviewer's view", err)
		if len(mine.Scores) != 1 || mine.Scores[0].Reviewer != "city" {
			t.Fatalf("a reviewer sees the other's sheet before settling: %+v", mine.Scores)
		}
		ok(t, "score 75", svc.Submit(w.Ctx, city, f1, review.Sheet{Deductions: map[string]int{"C2": 15, "C8": 10}}, "决定书不规范"))
		got, _, _ := svc.File(w.Ctx, sup, f1)
		if got.Status != review.FileReconcile {
			t.Fatalf("20 points apart (threshold 10): %s", got.Status)
		}
		wantCode(t, "publish before all are final", svc.Publish(w.Ctx, sup, c.ID), apperr.Conflict)
		wantCode(t, "reconcile without a note", svc.Reconcile(w.Ctx, sup, f1, review.Sheet{}, ""), apperr.Invalid)
		ok(t, "reconcile", svc.Reconcile(w.Ctx, sup, f1, review.Sheet{Deductions: map[string]int{"C2": 10}}, "合议：取证部分扣10分"))
		ok(t, "veto 1", svc.Submit(w.Ctx, sup, f2, review.Sheet{Vetoes: []string{"V5"}}, "适用法律错误"))
		ok(t, "veto 2", svc.Submit(w.Ctx, city, f2, review.Sheet{Vetoes: []string{"V5"}, Deductions: map[string]int{"F1": 2}}, "同意"))
		got, _, _ = svc.File(w.Ctx, sup, f2)
		if got.Status != review.FileFinal || got.FinalScore != 0 || got.Verdict != review.VerdictFail {
			t.Fatalf("veto file: %+v", got)
		}
		ok(t, "publish", svc.Publish(w.Ctx, sup, c.ID))

		c2, err := svc.Campaign(w.Ctx, ag, c.ID)
		ok(t, "the agency after publication", err)
		res, err := svc.Results(w.Ctx, ag, c2)
		ok(t, "results", err)
		if len(res) != 1 || res[0].Files != 2 || res[0].Failed != 1 || res[0].Average != 45 {
			t.Fatalf("the agency's results: %+v", res)
		}
		got, _, _ = svc.File(w.Ctx, ag, f2)
		if got.SupervisionCaseID == 0 {
			t.Fatal("no supervision case for the 不合格 file")
		}
		sc, err := supervision.NewService(db).Get(w.Ctx, sup, got.SupervisionCaseID)
		ok(t, "supervision case", err)
		if sc.Source != "review" || sc.PenaltyCaseID != got.CaseID {
			t.Fatalf("rectification case %+v", sc)
		}
	})
}
