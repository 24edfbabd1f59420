package warning_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/flow"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/warning"
)

// at is a context on a clock pinned to day (noon in Asia/Shanghai).
func at(day string) context.Context { return clock.With(context.Background(), clock.Pinned(day)) }

var subject = flow.Subject{Kind: "case", ID: 4242, Region: testworld.Region, Agency: testworld.Agency}

// raise stores fs as the subject's findings on day and returns their ids by rule.
func raise(t *testing.T, db *store.DB, day string, fs ...flow.Finding) map[string]int64 {
	t.Helper()
	ctx := at(day)
	if err := db.Tx(ctx, func(tx *sql.Tx) error { return flow.SyncFindings(ctx, tx, subject, fs, clock.Millis(ctx)) }); err != nil {
		t.Fatal(err)
	}
	out := map[string]int64{}
	rows, err := db.R.QueryContext(ctx, `SELECT rule, id FROM findings WHERE subject_kind = 'case' AND subject_id = $1`, subject.ID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var r string
		var id int64
		rows.Scan(&r, &id)
		out[r] = id
	}
	return out
}

var (
	late  = flow.Finding{Rule: "DELIVERY_OVERDUE", Severity: "yellow", Message: "决定书超期送达", Basis: "处罚法第61条"}
	late2 = flow.Finding{Rule: "PUBLICITY_OVERDUE", Severity: "yellow", Message: "超期公示", Basis: "118号文"}
)

func wantCode(t *testing.T, what string, err error, code string, field string) {
	t.Helper()
	if !apperr.Is(err, code) {
		t.Fatalf("%s: %v, want %s", what, err, code)
	}
	if field != "" {
		if _, ok := apperr.As(err).Fields[field]; !ok {
			t.Fatalf("%s: fields %v lack %s", what, apperr.As(err).Fields, field)
		}
	}
}

func TestHandlingActs(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		testworld.Build(t, db)
		svc := warning.NewService(db)
		ids := raise(t, db, "2026-06-15", late)
		id := ids[late.Rule]
		ctx := at("2026-06-16")
		agency, sup, officer := testworld.As("agency_admin"), testworld.As("supervisor"), testworld.As("officer")
		other := testworld.As("other_officer")
		city := testworld.As("city")

		// Outside the jurisdiction the warning does not exist.
		if _, err := svc.Get(ctx, other, id); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("other agency reads: %v", err)
		}
		_, err := svc.Act(ctx, other, id, "sign", "")
		wantCode(t, "other agency signs", err, apperr.NotFound, "")
		// The right scope but the wrong role, or the wrong side.
		_, err = svc.Act(ctx, officer, id, "sign", "")
		wantCode(t, "officer signs", err, apperr.Forbidden, "")
		_, err = svc.Act(ctx, sup, id, "sign", "")
		wantCode(t, "supervisor signs", err, apperr.Forbidden, "")
		_, err = svc.Act(ctx, agency, id, "verify", "")
		wantCode(t, "agency verifies", err, apperr.Forbidden, "")
		_, err = svc.Act(ctx, agency, id, "approve", "")
		wantCode(t, "unknown action", err, apperr.Invalid, "action")
		// Not yet: 409 for every act the stage does not allow.
		for _, a := range []string{"rectify", "explain"} {
			_, err = svc.Act(ctx, agency, id, a, "已整改")
			wantCode(t, a+" before sign", err, apperr.Conflict, "")
		}
		for _, a := range []string{"verify", "return"} {
			_, err = svc.Act(ctx, sup, id, a, "x")
			wantCode(t, a+" before answer", err, apperr.Conflict, "")
		}

		w, err := svc.Act(ctx, agency, id, "sign", "")
		if err != nil || w.Stage != warning.StageSigned || w.Status != "open" {
			t.Fatalf("sign: %+v %v", w, err)
		}
		_, err = svc.Act(ctx, agency, id, "sign", "")
		wantCode(t, "sign twice", err, apperr.Conflict, "")
		_, err = svc.Act(ctx, agency, id, "rectify", "  ")
		wantCode(t, "rectify without note", err, apperr.Invalid, "note")
		_, err = svc.Act(ctx, agency, id, "explain", "")
		wantCode(t, "explain without note", err, apperr.Invalid, "note")
		if w, err = svc.Act(ctx, agency, id, "rectify", "已补送达并完善送达回证"); err != nil || w.Stage != warning.StageAnswered {
			t.Fatalf("rectify: %+v %v", w, err)
		}
		_, err = svc.Act(ctx, sup, id, "return", "")
		wantCode(t, "return without note", err, apperr.Invalid, "note")
		if w, err = svc.Act(ctx, sup, id, "return", "送达回证缺签名"); err != nil || w.Stage != warning.StageSigned || w.LastAction != "return" {
			t.Fatalf("return: %+v %v", w, err)
		}
		if w, err = svc.Act(ctx, agency, id, "explain", "当事人拒收，已留置送达"); err != nil || w.Stage != warning.StageAnswered {
			t.Fatalf("explain: %+v %v", w, err)
		}
		// A city supervisor contains the district: supervision too.
		if w, err = svc.Act(ctx, city, id, "verify", ""); err != nil || w.Stage != warning.StageClosed || w.Status != "resolved" {
			t.Fatalf("verify: %+v %v", w, err)
		}
		for _, a := range []string{"sign", "rectify", "explain"} {
			_, err = svc.Act(ctx, agency, id, a, "x")
			wantCode(t, a+" after close", err, apperr.Conflict, "")
		}
		want := []string{"issued", "sign", "rectify", "return", "explain", "verify"}
		if len(w.History) != len(want) {
			t.Fatalf("history %+v, want %v", w.History, want)
		}
		for i, st := range w.History {
			if st.Action != want[i] {
				t.Errorf("history[%d] = %s, want %s", i, st.Action, want[i])
			}
		}
		if h := w.History[0]; h.Actor != "system" {
			t.Errorf("issued by %q, want system", h.Actor)
		}
		if h := w.History[3]; h.Actor != "supervisor" || h.Note != "送达回证缺签名" || h.At != "2026-06-16T02:00:00Z" {
			t.Errorf("return step %+v", h)
		}
		// Audited, one row per act.
		var n int
		db.R.QueryRow(`SELECT COUNT(*) FROM audit_log WHERE entity = 'warning'`).Scan(&n)
		if n != 5 {
			t.Errorf("audit rows %d, want 5", n)
		}
		// A closed warning stays closed while its rule still holds, and when it goes away.
		raise(t, db, "2026-06-17", late)
		raise(t, db, "2026-06-18")
		if w, _ = svc.Get(ctx, agency, id); w.Stage != warning.StageClosed || len(w.History) != 6 {
			t.Errorf("closed warning after replays: %s, %d steps", w.Stage, len(w.History))
		}
	})
}

func TestHandlingCured(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		testworld.Build(t, db)
		svc := warning.NewService(db)
		ids := raise(t, db, "2026-06-15", late, late2)
		ctx := at("2026-06-16")
		agency := testworld.As("agency_admin")
		if _, err := svc.Act(ctx, agency, ids[late.Rule], "sign", "收到"); err != nil {
			t.Fatal(err)
		}
		raise(t, db, "2026-06-16", late2) // the late delivery was done: its cause went away
		w, err := svc.Get(ctx, agency, ids[late.Rule])
		if err != nil || w.Stage != warning.StageCured || w.Status != "resolved" {
			t.Fatalf("cured: %+v %v", w, err)
		}
		if last := w.History[len(w.History)-1]; last.Action != "cured" || last.Actor != "system" || len(w.History) != 3 {
			t.Errorf("history %+v", w.History)
		}
		_, err = svc.Act(ctx, agency, ids[late.Rule], "rectify", "x")
		wantCode(t, "rectify a cured warning", err, apperr.Conflict, "")
		// The cause comes back: issued again, history kept.
		raise(t, db, "2026-06-17", late, late2)
		if w, _ = svc.Get(ctx, agency, ids[late.Rule]); w.Stage != warning.StageIssued || w.Status != "open" || len(w.History) != 4 {
			t.Errorf("reissued: %s %s %d", w.Stage, w.Status, len(w.History))
		}
	})
}

func TestBatch(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		testworld.Build(t, db)
		svc := warning.NewService(db)
		ids := raise(t, db, "2026-06-15", late, late2)
		ctx := at("2026-06-16")
		agency, sup := testworld.As("agency_admin"), testworld.As("supervisor")
		if _, err := svc.Act(ctx, agency, ids[late2.Rule], "sign", ""); err != nil {
			t.Fatal(err)
		}
		res, err := svc.Batch(ctx, agency, []int64{ids[late.Rule], ids[late2.Rule], ids[late.Rule], 999999}, "sign", "批量签收")
		if err != nil || len(res) != 3 {
			t.Fatalf("batch: %+v %v", res, err)
		}
		if !res[0].OK || res[0].Stage != warning.StageSigned || res[1].OK || res[1].Error.Code != apperr.Conflict ||
			res[2].OK || res[2].Error.Code != apperr.NotFound {
			t.Errorf("batch results %+v", res)
		}
		_, err = svc.Batch(ctx, agency, []int64{ids[late.Rule]}, "rectify", "x")
		wantCode(t, "batch rectify", err, apperr.Invalid, "action")
		_, err = svc.Batch(ctx, agency, nil, "sign", "")
		wantCode(t, "batch nothing", err, apperr.Invalid, "ids")
		for _, r := range []string{late.Rule, late2.Rule} {
			if _, err := svc.Act(ctx, agency, ids[r], "rectify", "已整改"); err != nil {
				t.Fatal(err)
			}
		}
		res, err = svc.Batch(ctx, sup, []int64{ids[late.Rule], ids[late2.Rule]}, "verify", "")
		if err != nil || !res[0].OK || !res[1].OK || res[1].Stage != warning.StageClosed {
			t.Fatalf("batch verify: %+v %v", res, err)
		}
	})
}

func TestEscalationOnWorkingDays(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		testworld.Build(t, db)
		svc := warning.NewService(db)
		// Issued Wednesday 2026-06-17; 端午节 is Fri 19 – Sun 21, so the third
		// working day after is Tue 23, not Mon 22.
		ids := raise(t, db, "2026-06-17", late, late2)
		red := flow.Finding{Rule: "SEIZURE_OVERDUE", Severity: "red", Message: "超期查封", Basis: "强制法第25条"}
		ids = raise(t, db, "2026-06-17", late, late2, red)
		agency := testworld.As("agency_admin")
		if _, err := svc.Act(at("2026-06-18"), agency, ids[late2.Rule], "sign", ""); err != nil {
			t.Fatal(err)
		}
		for _, day := range []string{"2026-06-18", "2026-06-22", "2026-06-23"} {
			if n, err := warning.Escalate(at(day), db); err != nil || n != 0 {
				t.Fatalf("%s: escalated %d, %v; want none before the period ends", day, n, err)
			}
		}
		w, _ := svc.Get(at("2026-06-23"), agency, ids[late.Rule])
		if w.SignBy != "2026-06-23" || w.Severity != "yellow" || w.Escalated {
			t.Fatalf("before: %+v", w)
		}
		in, err := svc.Counts(at("2026-06-23"), agency)
		if err != nil || in.SoonRed != 1 || in.ToSign != 2 || in.ToAnswer != 1 {
			t.Fatalf("inbox on the last day: %+v %v", in, err)
		}
		if n, err := warning.Escalate(at("2026-06-24"), db); err != nil || n != 1 {
			t.Fatalf("2026-06-24: escalated %d, %v; want 1", n, err)
		}
		w, _ = svc.Get(at("2026-06-24"), agency, ids[late.Rule])
		if w.Severity != "red" || !w.Escalated || w.Stage != warning.StageIssued {
			t.Fatalf("after: %+v", w)
		}
		if last := w.History[len(w.History)-1]; last.Action != "escalated" || last.Actor != "system" {
			t.Errorf("history %+v", w.History)
		}
		if in, err := svc.Counts(at("2026-06-24"), testworld.As("supervisor")); err != nil || in.Escalated != 1 || in.ToVerify != 0 {
			t.Errorf("supervisor's inbox after escalation: %+v %v", in, err)
		}
		if n, _ := warning.Escalate(at("2026-06-25"), db); n != 0 {
			t.Errorf("escalated again: %d", n)
		}
		// A replay that still judges it yellow keeps it red.
		raise(t, db, "2026-06-25", late, late2, red)
		if w, _ = svc.Get(at("2026-06-25"), agency, ids[late.Rule]); w.Severity != "red" || !w.Escalated {
			t.Errorf("after replay: %s escalated=%v", w.Severity, w.Escalated)
		}
		// The signed one and the red one never escalate.
		for _, r := range []string{late2.Rule, red.Rule} {
			if w, _ = svc.Get(at("2026-06-25"), agency, ids[r]); w.Escalated {
				t.Errorf("%s escalated", r)
			}
		}
	})
}

func TestEscalationSetting(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		testworld.Build(t, db)
		ctx := at("2026-06-15")
		err := warning.SetEscalateAfter(ctx, db, testworld.As("agency_admin"), "370102", 1)
		wantCode(t, "agency sets", err, apperr.Forbidden, "")
		err = warning.SetEscalateAfter(ctx, db, testworld.As("supervisor"), "370103", 1)
		wantCode(t, "another county", err, apperr.NotFound, "")
		err = warning.SetEscalateAfter(ctx, db, testworld.As("city"), "370100", 0)
		wantCode(t, "zero days", err, apperr.Invalid, "escalate_after_workdays")
		if err := warning.SetEscalateAfter(ctx, db, testworld.As("city"), "370100", 5); err != nil {
			t.Fatal(err)
		}
		if err := warning.SetEscalateAfter(ctx, db, testworld.As("supervisor"), "370102", 1); err != nil {
			t.Fatal(err)
		}
		s, err := warning.LoadSettings(ctx, db.R)
		if err != nil {
			t.Fatal(err)
		}
		for region, want := range map[string]int{"370102": 1, "370103": 5, "370200": 3} {
			if n, _ := s.EscalateAfter(region); n != want {
				t.Errorf("%s: %d, want %d", region, n, want)
			}
		}
		// With 1 working day: issued Mon 2026-06-15, red on Wed 17.
		ids := raise(t, db, "2026-06-15", late)
		if n, _ := warning.Escalate(at("2026-06-16"), db); n != 0 {
			t.Error("escalated on the last day")
		}
		if n, _ := warning.Escalate(at("2026-06-17"), db); n != 1 {
			t.Error("not escalated after one working day")
		}
		_ = ids
		_ = auth.RoleAdmin
		_ = time.Second
	})
}
