package review_test

import (
	"testing"

	"zfjd/internal/apperr"
	"zfjd/internal/review"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/warning"
	"zfjd/internal/web/webtest"
)

// TestItemsFoundWrongRaiseWarnings: on publication (条例 Art. 18: 督促整改),
// a file that is not 不合格 raises a warning for each item deducted in its
// final sheet — the items both reviewers deducted, or the reconciliation's
// — which the agency then handles in warning handling; a 不合格 file opens
// a supervision case instead and raises none.
func TestItemsFoundWrongRaiseWarnings(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := &webtest.World{World: testworld.Build(t, db)}
		for range 3 {
			w.Case(t, "", nil)
		}
		svc := review.NewService(db)
		sup, city, ag := testworld.As("supervisor"), testworld.As("city"), testworld.As("agency_admin")
		c, err := svc.Create(w.Ctx, sup, review.CampaignInput{Region: testworld.Region, Name: "整改评查", Year: 2026,
			AgencyCodes: []string{testworld.Agency}, PerAgency: 3, Seed: "rectify"})
		ok(t, "create", err)
		c, err = svc.Draw(w.Ctx, sup, c.ID)
		ok(t, "draw", err)
		files, _ := svc.Files(w.Ctx, sup, c)
		if len(files) != 3 {
			t.Fatalf("drawn %d", len(files))
		}
		for _, f := range files {
			ok(t, "assign", svc.Assign(w.Ctx, sup, f.ID, []string{"supervisor", "city"}))
		}
		score := func(id int64, a, b review.Sheet) {
			ok(t, "score", svc.Submit(w.Ctx, sup, id, a, ""))
			ok(t, "score", svc.Submit(w.Ctx, city, id, b, ""))
		}
		// Agreed: both deduct C8, only one C2 (not agreed: no warning for it).
		score(files[0].ID, review.Sheet{Deductions: map[string]int{"C8": 4, "C2": 3}}, review.Sheet{Deductions: map[string]int{"C8": 6}})
		// Reconciled: 20 apart; the reconciliation deducts C9.
		score(files[1].ID, review.Sheet{}, review.Sheet{Deductions: map[string]int{"C2": 15, "C6": 5}})
		ok(t, "reconcile", svc.Reconcile(w.Ctx, sup, files[1].ID, review.Sheet{Deductions: map[string]int{"C9": 3}}, "合议：送达不规范"))
		// 不合格 by a veto: a supervision case, no item warnings.
		score(files[2].ID, review.Sheet{Vetoes: []string{"V5"}, Deductions: map[string]int{"C8": 2}},
			review.Sheet{Vetoes: []string{"V5"}, Deductions: map[string]int{"C8": 2}})
		ok(t, "publish", svc.Publish(w.Ctx, sup, c.ID))

		rows, err := db.R.QueryContext(w.Ctx, `SELECT subject_id, fkey, stage, agency_code FROM findings WHERE subject_kind = $1
			AND rule = $2 ORDER BY subject_id, fkey`, review.SubjectFile, review.RuleItemDeducted)
		ok(t, "findings", err)
		var got []string
		var first int64
		for rows.Next() {
			var id int64
			var key, stage, agency string
			ok(t, "scan", rows.Scan(&id, &key, &stage, &agency))
			if stage != "issued" || agency != testworld.Agency {
				t.Errorf("warning %d/%s: stage %s agency %s", id, key, stage, agency)
			}
			switch id {
			case files[0].ID:
				got = append(got, "0:"+key)
			case files[1].ID:
				got = append(got, "1:"+key)
			default:
				got = append(got, "?:"+key)
			}
			if first == 0 {
				first = id
			}
		}
		rows.Close()
		if len(got) != 2 || got[0] != "0:C8" || got[1] != "1:C9" {
			t.Fatalf("item warnings %v, want 0:C8 and 1:C9", got)
		}
		// The agency handles it like any warning: it sees it and signs it.
		var wid int64
		ok(t, "warning id", db.R.QueryRowContext(w.Ctx, `SELECT id FROM findings WHERE subject_kind = $1 AND subject_id = $2`,
			review.SubjectFile, files[0].ID).Scan(&wid))
		ws := warning.NewService(db)
		wr, err := ws.Get(w.Ctx, ag, wid)
		ok(t, "the agency reads the warning", err)
		if wr.Rule != review.RuleItemDeducted || wr.Message == "" {
			t.Fatalf("warning %+v", wr)
		}
		_, err = ws.Get(w.Ctx, testworld.As("other_officer"), wid)
		wantCode(t, "another agency", err, apperr.NotFound)
	})
}
