package promise_test

import (
	"context"
	"testing"
	"time"

	"zfjd/internal/apperr"
	"zfjd/internal/clock"
	"zfjd/internal/flow"
	"zfjd/internal/ident"
	"zfjd/internal/law"
	"zfjd/internal/promise"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
)

// TestJudge: the two findings of a promise, one row per rule.
func TestJudge(t *testing.T) {
	day := law.MustParseDate("2026-06-22")
	for _, c := range []struct {
		name  string
		p     promise.Promise
		rules []string
		next  string
	}{
		{"not sent: nothing to judge", promise.Promise{}, nil, ""},
		{"sent, due not passed: checked again the day after it", promise.Promise{SentOn: "2026-06-15", Due: "2026-06-22"}, nil, "2026-06-23"},
		{"鲁协助核查办法: unanswered after the due day is overdue", promise.Promise{SentOn: "2026-06-12", Due: "2026-06-19"},
			[]string{promise.RuleOverdue}, ""},
		{"answered true: nothing", promise.Promise{SentOn: "2026-06-12", Due: "2026-06-19", Result: "true"}, nil, ""},
		{"优化营商环境条例 Art. 44: a false promise is a red finding", promise.Promise{SentOn: "2026-06-12", Due: "2026-06-19", Result: "false"},
			[]string{promise.RuleFalse}, ""},
	} {
		fs, next := promise.Judge(&c.p, day)
		var rules []string
		for _, f := range fs {
			rules = append(rules, f.Rule)
		}
		if len(rules) != len(c.rules) || (len(rules) > 0 && rules[0] != c.rules[0]) || next != c.next {
			t.Errorf("%s: rules %v next %q, want %v %q", c.name, rules, next, c.rules, c.next)
		}
	}
}

func TestPromiseVerification(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		s := promise.NewService(db)
		it := &promise.Item{AgencyCode: testworld.Agency, Kind: "promise", Name: "无违法犯罪记录证明",
			Basis: "《食品安全法》第一百三十五条", PromiseText: "本人承诺无食品安全犯罪记录", VerifyRule: "向公安机关协助核查",
			VerifyAgency: testworld.Other, VerifyDays: 5}
		if _, err := s.PutItem(w.Ctx, testworld.As("officer"), it); err == nil {
			t.Error("an officer kept the catalogue")
		}
		if _, err := s.PutItem(w.Ctx, testworld.As("supervisor"), it); err != nil {
			t.Fatal(err)
		}
		if cat, err := s.Catalogue(w.Ctx, "370100", ""); err != nil || len(cat) != 1 {
			t.Fatalf("catalogue %v %v", cat, err)
		}
		officer, verifier := testworld.As("officer"), testworld.As("other_officer")
		record := func(name string) *promise.Promise {
			pr := &promise.Promise{ItemID: it.ID, Applicant: name, ApplicantID: applicantID(t), Application: "食品经营许可 " + name}
			if err := s.Record(w.Ctx, officer, pr); err != nil {
				t.Fatal(err)
			}
			return pr
		}
		p1, p2, p3 := record("甲公司"), record("乙公司"), record("丙公司")
		if _, err := s.Get(w.Ctx, verifier, p1.ID); err == nil {
			t.Error("the verifier reads a promise before it was asked")
		}
		for _, p := range []*promise.Promise{p1, p2, p3} {
			got, err := s.Act(w.Ctx, officer, p.ID, "send", "")
			if err != nil || got.Due != "2026-06-23" { // five working days; 2026-06-19 is 端午节
				t.Fatalf("send: %+v %v", got, err)
			}
		}
		if _, err := s.Act(w.Ctx, testworld.As("officer2"), p1.ID, "confirm", ""); !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("the receiving agency answered its own check: %v", err)
		}
		if got, err := s.Act(w.Ctx, verifier, p1.ID, "confirm", "与户籍信息一致"); err != nil || got.Result != "true" {
			t.Fatalf("confirm: %+v %v", got, err)
		}
		if _, err := s.Act(w.Ctx, verifier, p2.ID, "refute", ""); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("a refutation without its note: %v", err)
		}
		if _, err := s.Act(w.Ctx, verifier, p2.ID, "refute", "存在食品安全犯罪记录"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Act(w.Ctx, officer, p2.ID, "dispose", "撤销食品经营许可，记入信用记录"); err != nil {
			t.Fatal(err)
		}
		fs, _ := s.Findings(w.Ctx, p2.ID)
		if len(fs) != 1 || fs[0].Rule != promise.RuleFalse || fs[0].Severity != "red" {
			t.Fatalf("false promise findings %+v", fs)
		}
		// The due day passes with p3 unanswered: the daily pass raises it.
		late := clock.With(context.Background(), clock.Fixed(clock.Now(w.Ctx).Add(9*24*time.Hour)))
		if n, err := flow.Pass(late, db, clock.TodayString(late), s.Due()); err != nil || n != 1 {
			t.Fatalf("pass judged %d %v", n, err)
		}
		fs, _ = s.Findings(w.Ctx, p3.ID)
		if len(fs) != 1 || fs[0].Rule != promise.RuleOverdue {
			t.Fatalf("overdue findings %+v", fs)
		}
		rows, total, err := s.Stats(w.Ctx, testworld.As("supervisor"))
		if err != nil || len(rows) != 1 || total.Promises != 3 || total.Verified != 1 || total.False != 1 || total.Closed != 1 {
			t.Fatalf("stats %+v %+v %v", rows, total, err)
		}
		list, _, err := s.List(w.Ctx, verifier, promise.Filter{Verify: true})
		if err != nil || len(list) != 3 {
			t.Fatalf("verifier's list %d %v", len(list), err)
		}
	})
}

func applicantID(t *testing.T) string {
	code, err := ident.MakeUSCC('9', '1', "370102", "MA3C8XPL")
	if err != nil {
		t.Fatal(err)
	}
	return code
}
