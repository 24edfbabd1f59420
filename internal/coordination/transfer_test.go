package coordination_test

import (
	"testing"

	"zfjd/internal/apperr"
	"zfjd/internal/coordination"
	"zfjd/internal/flow"
	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/warning"
)

// TestTransfers: an agency sends a case suspected of crime to 公安, who
// review it within three days (移送规定 Art. 8): no answer recorded by then
// is a finding on the agency to follow it up, the late answer keeps it;
// clues to 监察机关 are the supervision body's (条例 Art. 33 ¶1), on the
// 绿色通道 within three days; who may read them.
func TestTransfers(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		svc := coordination.NewService(db)
		agency, sup := testworld.As("agency_admin"), testworld.As("supervisor")
		_, err := svc.Send(w.Ctx, agency, coordination.TransferOpening{Kind: "clue", RecipientKind: "supervisory_commission",
			Recipient: "历下区监察委员会", Subject: "x", Summary: "y"})
		wantCode(t, "an agency sending a clue to 监察", err, apperr.Forbidden, "")
		_, err = svc.Send(w.Ctx, agency, coordination.TransferOpening{Kind: "case_transfer", RecipientKind: "procuratorate",
			Recipient: "x", Subject: "x", Summary: "y"})
		wantCode(t, "a case transfer to the procuratorate", err, apperr.Invalid, "recipient_kind")
		tr, err := svc.Send(w.Ctx, agency, coordination.TransferOpening{Kind: "case_transfer", RecipientKind: "police",
			Recipient: "济南市公安局历下区分局", Subject: "销售假冒注册商标的商品案", Summary: "涉案金额超过追诉标准，移送案卷一宗"})
		if err != nil {
			t.Fatal(err)
		}
		if tr.AnswerDue != "2026-06-18" || tr.Sender != testworld.Agency {
			t.Fatalf("sent: due %s sender %s", tr.AnswerDue, tr.Sender)
		}
		late := at("2026-06-19")
		if n, err := flow.Pass(late, db, "2026-06-19", svc.TransferDueJob()); err != nil || n != 1 {
			t.Fatalf("pass: %d %v", n, err)
		}
		ws, err := warning.NewService(db).List(late, agency, &warning.Filter{Status: "open"})
		if err != nil || len(ws) != 1 || ws[0].Rule != coordination.RuleTransferOverdue {
			t.Fatalf("the sender's warnings: %+v %v", ws, err)
		}
		_, err = svc.ActTransfer(late, agency, tr.ID, coordination.TransferInput{Action: "answer", At: "2026-06-19", Note: "不予立案"})
		wantCode(t, "an answer without its result", err, apperr.Invalid, "answer")
		tr, err = svc.ActTransfer(late, agency, tr.ID, coordination.TransferInput{Action: "answer", At: "2026-06-19", Note: "决定立案",
			Answer: "filed"})
		if err != nil || tr.Status != coordination.TransferAnswered || len(tr.Warnings) != 1 {
			t.Fatalf("answered: %+v %v", tr, err)
		}
		_, err = svc.ActTransfer(late, agency, tr.ID, coordination.TransferInput{Action: "withdraw", At: "2026-06-19", Note: "x"})
		wantCode(t, "withdrawing an answered transfer", err, apperr.Conflict, "")

		clue, err := svc.Send(w.Ctx, sup, coordination.TransferOpening{Kind: "clue", RecipientKind: "supervisory_commission",
			Recipient: "历下区监察委员会", Subject: "执法人员涉嫌违规减免罚款", Summary: "线索材料三份", Urgent: true})
		if err != nil || clue.AnswerDue != "2026-06-18" || clue.Sender != "" {
			t.Fatalf("clue: %+v %v", clue, err)
		}
		if _, err := svc.GetTransfer(w.Ctx, agency, clue.ID); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("an agency reads the supervision body's clue: %v", err)
		}
		if l, _ := svc.ListTransfers(w.Ctx, sup, &registry.Page{}); len(l) != 2 {
			t.Fatalf("supervision lists %d", len(l))
		}
		if l, _ := svc.ListTransfers(w.Ctx, agency, &registry.Page{}); len(l) != 1 {
			t.Fatalf("the agency lists %d", len(l))
		}
	})
}

// TestJudgeTransfer: the answer rule's rows.
func TestJudgeTransfer(t *testing.T) {
	base := func(acts ...coordination.Act) *coordination.Transfer {
		return &coordination.Transfer{Kind: "case_transfer", SenderName: "甲局", Subject: "案", SentOn: "2026-06-15", AnswerDue: "2026-06-18", Acts: acts}
	}
	for _, c := range []struct {
		name, today string
		t           *coordination.Transfer
		findings    int
		next        string
	}{
		{"移送规定 Art. 8: within the three days nothing", "2026-06-18", base(), 0, "2026-06-19"},
		{"移送规定 Art. 8: no answer after them", "2026-06-19", base(), 1, ""},
		{"移送规定 Art. 8: answered in time", "2026-06-30", base(coordination.Act{Type: "answer", At: "2026-06-17"}), 0, ""},
		{"移送规定 Art. 8: answered late keeps it", "2026-06-30", base(coordination.Act{Type: "answer", At: "2026-06-20"}), 1, ""},
		{"条例 Art. 33: withdrawn in time stops the clock", "2026-06-30", base(coordination.Act{Type: "withdraw", At: "2026-06-16"}), 0, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			j, err := coordination.JudgeTransfer(c.t, mustDate(c.today))
			if err != nil || len(j.Findings) != c.findings || j.NextCheck != c.next {
				t.Fatalf("%+v %q %v", j.Findings, j.NextCheck, err)
			}
			for _, f := range j.Findings {
				if f.Basis != "《行政执法机关移送涉嫌犯罪案件的规定》第八条" {
					t.Fatalf("basis %q", f.Basis)
				}
			}
		})
	}
}
