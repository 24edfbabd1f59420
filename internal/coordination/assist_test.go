package coordination_test

import (
	"strconv"
	"strings"
	"testing"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/coordination"
	"zfjd/internal/flow"
	"zfjd/internal/ident"
	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/warning"
)

func mustA(t *testing.T) func(*coordination.Assist, error) *coordination.Assist {
	return func(a *coordination.Assist, err error) *coordination.Assist {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
}

// township adds a street's 综合行政执法 office below the county and returns
// its speaker.
func township(t *testing.T, w *testworld.World, db *store.DB) *auth.Principal {
	t.Helper()
	code, _ := ident.MakeUSCC('1', '1', testworld.Region, "MB285049")
	if _, err := registry.PutAgency(w.Ctx, db, w.Admin, &registry.Agency{Code: code, Name: "济南市历下区解放路街道综合行政执法办公室",
		Kind: "enforcement", RegionCode: "370102001"}); err != nil {
		t.Fatal(err)
	}
	return &auth.Principal{ID: 901, Name: "解放路街道执法办", Username: "town_admin", Role: auth.RoleAgencyAdmin, Region: "370102001", Agency: code}
}

// TestAssistTownshipSilence: a street's enforcement office asks the county
// market regulator to act on a matter beyond its power (the Qinhuangdao
// seed's 乡镇与上级执法部门协作); a request sideways or to itself is
// refused; the regulator's silence past the deadline of working days is a
// finding on it (条例 Art. 25); its late answer keeps it; the other county
// does not see it.
func TestAssistTownshipSilence(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		svc := coordination.NewService(db)
		town, agency := township(t, w, db), testworld.As("agency_admin")
		_, err := svc.SendAssist(w.Ctx, agency, coordination.AssistOpening{Kind: "township", Recipient: testworld.Other, Subject: "x", Summary: "y"})
		wantCode(t, "a county asking another county as a township", err, apperr.Invalid, "recipient")
		_, err = svc.SendAssist(w.Ctx, town, coordination.AssistOpening{Kind: "township", Recipient: testworld.Agency, Subject: "无证经营食品"})
		wantCode(t, "no summary", err, apperr.Invalid, "summary")
		a := mustA(t)(svc.SendAssist(w.Ctx, town, coordination.AssistOpening{Kind: "township", Recipient: testworld.Agency,
			Subject: "辖区内无证经营食品", Summary: "解放路12号商户无证经营食品，超出街道综合执法事项，请依法查处。", AnswerDays: 3}))
		if a.RegionCode != testworld.Region || a.Status != coordination.AssistSent || a.AnswerDue <= testworld.Today {
			t.Fatalf("sent: %+v", a)
		}
		if _, err := svc.GetAssist(w.Ctx, otherAdmin, a.ID); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("the other county reads it: %v", err)
		}
		_, err = svc.ActAssist(w.Ctx, town, a.ID, coordination.AssistInput{Action: "answer", At: testworld.Today, Note: "x", Answer: "acted"})
		wantCode(t, "the sender answering", err, apperr.Forbidden, "")
		a = mustA(t)(svc.ActAssist(w.Ctx, agency, a.ID, coordination.AssistInput{Action: "receipt", At: testworld.Today}))

		lateDay := a.AnswerDue[:8] + "30"
		late := at(lateDay)
		if n, err := flow.Pass(late, db, lateDay, svc.AssistDue()); err != nil || n != 1 {
			t.Fatalf("pass: %d %v", n, err)
		}
		ws, err := warning.NewService(db).List(late, agency, &warning.Filter{Status: "open"})
		if err != nil || len(ws) != 1 || ws[0].Rule != coordination.RuleAssistOverdue || ws[0].AgencyCode != testworld.Agency {
			t.Fatalf("the recipient's warnings: %+v %v", ws, err)
		}
		a = mustA(t)(svc.ActAssist(late, agency, a.ID, coordination.AssistInput{Action: "answer", At: lateDay, Note: "已立案查处", Answer: "acted"}))
		if a.Status != coordination.AssistAnswered || len(a.Warnings) != 1 || !strings.Contains(a.Warnings[0].Message, "逾期") {
			t.Fatalf("after the late answer: %+v", a)
		}
		if list, err := svc.ListAssists(w.Ctx, town, "", pageOf()); err != nil || len(list) != 1 {
			t.Fatalf("the sender's list: %d %v", len(list), err)
		}
		if list, _ := svc.ListAssists(w.Ctx, otherAdmin, "", pageOf()); len(list) != 0 {
			t.Fatalf("the other county lists it")
		}
	})
}

// TestAssistLicenceNotice: a notice to the licensing agency (审批监管处罚衔接,
// 行政许可法 Art. 70) needs a case of the sender whose decision suspends or
// revokes a licence; a fine alone is refused naming case_id.
func TestAssistLicenceNotice(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		svc := coordination.NewService(db)
		agency := testworld.As("agency_admin")
		fine := addDecided(t, db, 31, testworld.Agency, `[{"type":"decided","at":"2026-06-10","penalties":[{"kind":"fine","amount_fen":100000}]}]`)
		revoke := addDecided(t, db, 32, testworld.Agency, `[{"type":"decided","at":"2026-06-10","penalties":[{"kind":"revoke_license"}]}]`)
		others := addDecided(t, db, 33, testworld.Other, `[{"type":"decided","at":"2026-06-10","penalties":[{"kind":"revoke_license"}]}]`)
		in := coordination.AssistOpening{Kind: "licence", Recipient: testworld.Other, Subject: "吊销食品经营许可证", Summary: "请注销许可并纳入监管"}
		_, err := svc.SendAssist(w.Ctx, agency, in)
		wantCode(t, "no case", err, apperr.Invalid, "case_id")
		for _, id := range []int64{fine, others} {
			in.CaseID = id
			_, err = svc.SendAssist(w.Ctx, agency, in)
			wantCode(t, "a fine, or another's case", err, apperr.Invalid, "case_id")
		}
		in.CaseID = revoke
		a := mustA(t)(svc.SendAssist(w.Ctx, agency, in))
		if a.Kind != "licence" || a.RegionCode != "370100" {
			t.Fatalf("notice: %+v", a)
		}
		a = mustA(t)(svc.ActAssist(w.Ctx, otherAdmin, a.ID, coordination.AssistInput{Action: "answer", At: testworld.Today,
			Note: "已注销食品经营许可", Answer: "acted"}))
		if a.Status != coordination.AssistAnswered || len(a.Warnings) != 0 {
			t.Fatalf("answered: %+v", a)
		}
	})
}

// addDecided writes one bare decided case of agency with events and returns its id.
func addDecided(t *testing.T, db *store.DB, n int, agency, events string) int64 {
	t.Helper()
	addCase(t, db, n, agency, testworld.Region, "org", "91370102MA3C5R2K0M", "2026-05-01")
	var id int64
	if err := db.W.QueryRow(`UPDATE cases SET events_json = $1, status = 'decided' WHERE case_no = $2 RETURNING id`, events,
		"案"+strconv.Itoa(n)).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}
