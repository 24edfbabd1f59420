package warning_test

import (
	"database/sql"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"zfjd/internal/clock"
	"zfjd/internal/flow"
	"zfjd/internal/ledger"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/warning"
)

// TestStepsVerifyAgainstTheLog: every handling step of a warning is a leaf
// (spec §6), and LedgerSource reads the last one back from the finding
// and its history — through a cure, a reopening and a return — so `zfjd
// log verify` finds the warning whole, and names it when a step's note is
// changed or the warning is deleted.
func TestStepsVerifyAgainstTheLog(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		testworld.Build(t, db)
		svc := warning.NewService(db)
		id := raise(t, db, "2026-06-15", late)[late.Rule]
		ctx := at("2026-06-16")
		agency, sup := testworld.As("agency_admin"), testworld.As("supervisor")
		if _, err := svc.Act(ctx, agency, id, "sign", ""); err != nil {
			t.Fatal(err)
		}
		raise(t, db, "2026-06-16")       // cured
		raise(t, db, "2026-06-17", late) // and back: issued again
		ctx = at("2026-06-17")
		for _, st := range []struct{ who, act, note string }{{"agency_admin", "sign", ""}, {"agency_admin", "rectify", "已整改"},
			{"supervisor", "return", "不到位"}, {"agency_admin", "explain", "已留置送达"}} {
			p := agency
			if st.who == "supervisor" {
				p = sup
			}
			if _, err := svc.Act(ctx, p, id, st.act, st.note); err != nil {
				t.Fatalf("%s: %v", st.act, err)
			}
		}
		ref := strconv.FormatInt(id, 10)
		recs, err := ledger.Records(ctx, db.R, warning.StepKind, ref)
		if err != nil || len(recs) != 5 {
			t.Fatalf("step leaves %d (%v), want 5", len(recs), err)
		}
		got, found, err := warning.LedgerSource(ctx, db.R, ref)
		if err != nil || !found || string(got) != recs[len(recs)-1].Content {
			t.Fatalf("read back %s (%v %v), want %s", got, found, err, recs[len(recs)-1].Content)
		}
		k, err := ledger.LoadOrCreateKeys(filepath.Join(t.TempDir(), "log.key"), "zfjd.test/log")
		if err != nil {
			t.Fatal(err)
		}
		src := map[string]ledger.Source{warning.StepKind: warning.LedgerSource}
		if rep, err := ledger.Verify(ctx, db, k, src); err != nil || len(rep.Problems) != 0 || rep.Records != 1 {
			t.Fatalf("verify: %v %+v", err, rep)
		}
		tamper := func(q string) {
			t.Helper()
			if err := db.Tx(ctx, func(tx *sql.Tx) error { _, err := tx.ExecContext(ctx, q, id); return err }); err != nil {
				t.Fatal(err)
			}
		}
		tamper(`UPDATE finding_history SET note = '已整改完毕' WHERE finding_id = $1 AND action = 'explain'`)
		rep, err := ledger.Verify(ctx, db, k, src)
		if err != nil || len(rep.Problems) != 1 || !strings.Contains(rep.Problems[0].What, "被改动") {
			t.Fatalf("a changed step: %v %+v", err, rep)
		}
		tamper(`DELETE FROM finding_history WHERE finding_id = $1`)
		tamper(`DELETE FROM findings WHERE id = $1`)
		rep, err = ledger.Verify(ctx, db, k, src)
		if err != nil || len(rep.Problems) != 1 || !strings.Contains(rep.Problems[0].What, "删除") {
			t.Fatalf("a deleted warning: %v %+v", err, rep)
		}
	})
}

// TestStepOfANonCaseWarning: a step on a warning about another workflow's
// subject (here a complaint's) names that subject in its leaf — it said
// "complaint/0" — and reads back equal for `zfjd log verify`.
func TestStepOfANonCaseWarning(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		testworld.Build(t, db)
		ctx := at("2026-06-15")
		sub := flow.Subject{Kind: "complaint", ID: 77, Region: testworld.Region, Agency: testworld.Agency}
		if err := db.Tx(ctx, func(tx *sql.Tx) error {
			return flow.SyncFindings(ctx, tx, sub, []flow.Finding{late}, clock.Millis(ctx))
		}); err != nil {
			t.Fatal(err)
		}
		var id int64
		if err := db.R.QueryRowContext(ctx, `SELECT id FROM findings WHERE subject_kind = 'complaint' AND subject_id = 77`).Scan(&id); err != nil {
			t.Fatal(err)
		}
		w, err := warning.NewService(db).Act(at("2026-06-16"), testworld.As("agency_admin"), id, "sign", "")
		if err != nil {
			t.Fatal(err)
		}
		if w.SubjectKind != "complaint" || w.SubjectID != 77 {
			t.Fatalf("warning names %s/%d", w.SubjectKind, w.SubjectID)
		}
		ref := strconv.FormatInt(id, 10)
		recs, _ := ledger.Records(ctx, db.R, warning.StepKind, ref)
		if len(recs) != 1 || !strings.Contains(recs[0].Content, `"subject":"complaint/77"`) {
			t.Fatalf("step leaf: %+v", recs)
		}
		got, found, err := warning.LedgerSource(ctx, db.R, ref)
		if err != nil || !found || string(got) != recs[0].Content {
			t.Fatalf("read back %s (%v %v)", got, found, err)
		}
	})
}
