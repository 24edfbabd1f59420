package training

import "testing"

// TestCredit: each honest limit on counted study time (credit.go), one row each.
func TestCredit(t *testing.T) {
	const t0 = int64(1_000_000_000)
	at := func(s int) int64 { return t0 + int64(s)*1000 }
	live := Clock{LastBeat: t0, Day: "2026-06-15"}
	for _, c := range []struct {
		name  string
		clk   Clock
		beat  Beat
		now   int64
		left  int
		want  int
		moved bool
	}{
		{"first beat only starts the clock", Clock{}, Beat{Visible: true}, at(0), 600, 0, true},
		{"a beat on time counts its interval", live, Beat{Visible: true, Idle: 5}, at(30), 600, 30, true},
		{"a second tab's beat within MinGap counts nothing and leaves the clock", live, Beat{Visible: true}, at(10), 600, 0, false},
		{"a hidden page counts nothing", live, Beat{Visible: false}, at(30), 600, 0, true},
		{"an idle page (no input for 2 minutes) counts nothing", live, Beat{Visible: true, Idle: 121}, at(30), 600, 0, true},
		{"a page asleep past MaxGap restarts without credit", live, Beat{Visible: true}, at(91), 600, 0, true},
		{"one beat counts at most MaxCredit", live, Beat{Visible: true}, at(85), 600, 60, true},
		{"a course counts at most its minutes", live, Beat{Visible: true}, at(30), 12, 12, true},
		{"a full course counts nothing", live, Beat{Visible: true}, at(30), 0, 0, true},
		{"a day counts at most DayCap", Clock{LastBeat: t0, Day: "2026-06-15", DaySeconds: DayCap - 7}, Beat{Visible: true}, at(30), 600, 7, true},
		{"a new day starts the day's count again", Clock{LastBeat: t0, Day: "2026-06-14", DaySeconds: DayCap}, Beat{Visible: true}, at(30), 600, 30, true},
	} {
		n, nc, why := Credit(c.clk, c.beat, c.now, "2026-06-15", c.left)
		if n != c.want {
			t.Errorf("%s: credited %d, want %d (%s)", c.name, n, c.want, why)
		}
		if moved := nc.LastBeat != c.clk.LastBeat; moved != c.moved {
			t.Errorf("%s: clock moved %v, want %v", c.name, moved, c.moved)
		}
		if n == 0 && why == "" {
			t.Errorf("%s: nothing counted and no reason given", c.name)
		}
	}
}

// TestDecide: a session's result in the certificate's lifecycle, one row
// per rule, each with its basis.
func TestDecide(t *testing.T) {
	region := FailRule{FirstFail: "record", SecondFail: "suspended", Basis: "某市规定"}
	for _, c := range []struct {
		name string
		seat Seat
		rule FailRule
		want Outcome
	}{
		{"行政执法监督条例 Art. 17: a 资格考试 passed issues the certificate", Seat{Kind: "qualify", Passed: true}, DefaultFailRule,
			Outcome{Issue: true}},
		{"鲁条例 Art. 10: a 资格考试 failed issues none", Seat{Kind: "qualify"}, DefaultFailRule, Outcome{}},
		{"an absent candidate's certificate is not touched", Seat{Kind: "annual", Absent: true, CertStatus: "valid"}, DefaultFailRule, Outcome{}},
		{"年检 passed: 年审 passed", Seat{Kind: "annual", Passed: true, CertStatus: "valid"}, DefaultFailRule, Outcome{Review: "pass"}},
		{"补考 passed restores what an exam suspended", Seat{Kind: "annual", Passed: true, CertStatus: "suspended", CertReason: ExamReason + "（2026）"},
			DefaultFailRule, Outcome{Review: "pass", Status: "valid"}},
		{"a suspension for another reason is not lifted by an exam", Seat{Kind: "annual", Passed: true, CertStatus: "suspended", CertReason: "红牌"},
			DefaultFailRule, Outcome{Review: "pass"}},
		{"淄博 Art. 13 (default): first failure 暂扣 and 离岗培训", Seat{Kind: "annual", CertStatus: "valid"}, DefaultFailRule,
			Outcome{Review: "fail", Status: "suspended"}},
		{"淄博 Art. 13 (default): failing again 吊销", Seat{Kind: "annual", PrevFailed: true, CertStatus: "suspended"}, DefaultFailRule,
			Outcome{Review: "fail", Status: "revoked"}},
		{"a region's own rule: first failure only recorded", Seat{Kind: "annual", CertStatus: "valid"}, region, Outcome{Review: "fail"}},
		{"a region's own rule: second failure 暂扣", Seat{Kind: "annual", PrevFailed: true, CertStatus: "valid"}, region,
			Outcome{Review: "fail", Status: "suspended"}},
		{"already suspended stays so without a second change", Seat{Kind: "annual", PrevFailed: true, CertStatus: "suspended"}, region,
			Outcome{Review: "fail"}},
	} {
		got := Decide(c.seat, c.rule)
		if got.Review != c.want.Review || got.Status != c.want.Status || got.Issue != c.want.Issue || got.Note == "" {
			t.Errorf("%s: got %+v, want %+v", c.name, got, c.want)
		}
	}
}

func TestScore(t *testing.T) {
	qs := []*Question{{ID: 1, Kind: "single", Answer: "B"}, {ID: 2, Kind: "multi", Answer: "AC"}, {ID: 3, Kind: "judge", Answer: "F"}, {ID: 4, Kind: "multi", Answer: "BD"}}
	ans := map[string]string{"1": "B", "2": NormalizeAnswer("multi", []string{"C", "A", "A"}), "3": "T", "4": NormalizeAnswer("multi", []string{"B"})}
	score, wrong := Score(qs, ans)
	if score != 50 || len(wrong) != 2 || wrong[0].Q.ID != 3 || wrong[1].Q.ID != 4 {
		t.Fatalf("score %d wrong %+v", score, wrong)
	}
	if NormalizeAnswer("single", []string{"A", "B"}) != "" {
		t.Error("two answers to a single question count as one")
	}
}
