package complaint

import (
	"testing"

	"zfjd/internal/law"
)

// Each row is one deadline of the complaint workflow with its basis. The
// world's calendar is the built-in one (2026: 端午 06-19, a Friday).
func TestJudgeTable(t *testing.T) {
	cal := law.Default()
	rows := []struct {
		basis         string
		status, today string
		replyDue      string
		want          []string
		nextCheck     string
	}{
		{"spec §3: accept within 5 working days (06-15 Mon → 06-23 Tue, 端午 06-19 off)", StatusReceived, "2026-06-23", "", nil, "2026-06-24"},
		{"spec §3: the sixth working day is late", StatusReceived, "2026-06-24", "", []string{RuleAcceptOverdue}, "2026-08-15"},
		{"accepted: the accept deadline is met", StatusAccepted, "2026-06-30", "", nil, "2026-08-15"},
		{"信访工作条例 Art. 32 / spec §3: answer within 60 days (06-15 + 60 = 08-14)", StatusAccepted, "2026-08-14", "", nil, "2026-08-15"},
		{"信访工作条例 Art. 32: the 61st day is late", StatusAccepted, "2026-08-15", "", []string{RuleAnswerOverdue}, ""},
		{"forwarded: the agency's reply deadline runs", StatusForwarded, "2026-07-07", "2026-07-06", []string{RuleReplyOverdue}, "2026-08-15"},
		{"forwarded, in time", StatusForwarded, "2026-07-06", "2026-07-06", nil, "2026-07-07"},
		{"replied: the reply deadline is met, the answer one runs", StatusReplied, "2026-07-30", "2026-07-06", nil, "2026-08-15"},
		{"answered: nothing runs", StatusAnswered, "2026-12-01", "", nil, ""},
		{"rejected: 不予受理 ends the deadlines", StatusRejected, "2026-12-01", "", nil, ""},
		{"received and both late: both findings", StatusReceived, "2026-09-01", "", []string{RuleAcceptOverdue, RuleAnswerOverdue}, ""},
	}
	for _, r := range rows {
		t.Run(r.basis, func(t *testing.T) {
			j, err := Judge(Facts{Code: "TSX", Status: r.status, ReceivedOn: "2026-06-15", ReplyDue: r.replyDue}, DefaultSettings, cal, law.MustParseDate(r.today))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range j.Findings {
				got = append(got, f.Rule)
				if f.Basis == "" || f.Message == "" {
					t.Errorf("%s: no basis or message", f.Rule)
				}
			}
			if len(got) != len(r.want) {
				t.Fatalf("findings %v, want %v", got, r.want)
			}
			for i := range got {
				if got[i] != r.want[i] {
					t.Fatalf("findings %v, want %v", got, r.want)
				}
			}
			if j.NextCheck != r.nextCheck {
				t.Errorf("next check %q, want %q", j.NextCheck, r.nextCheck)
			}
		})
	}
}

func TestDeadlinesFollowRegionSettings(t *testing.T) {
	st := DefaultSettings
	st.AcceptWorkdays = 3
	j, err := Judge(Facts{Status: StatusReceived, ReceivedOn: "2026-06-15"}, st, law.Default(), law.MustParseDate("2026-06-15"))
	if err != nil {
		t.Fatal(err)
	}
	if j.Deadlines.Accept != "2026-06-18" {
		t.Fatalf("accept by %s, want 2026-06-18 (3 working days)", j.Deadlines.Accept)
	}
}

func TestHandlingOrder(t *testing.T) {
	// spec §3: statuses outside the order answer 409.
	for _, r := range []struct {
		status, act string
		ok          bool
	}{
		{StatusReceived, "accept", true}, {StatusReceived, "reject", true}, {StatusReceived, "forward", false},
		{StatusReceived, "answer", false}, {StatusAccepted, "forward", true}, {StatusAccepted, "answer", true},
		{StatusForwarded, "answer", false}, {StatusReplied, "answer", true}, {StatusAnswered, "close", true},
		{StatusClosed, "accept", false}, {StatusRejected, "close", true}, {StatusForwarded, "reply", true},
		{StatusAccepted, "reply", false},
	} {
		a, _ := Handling.Act(r.act)
		if got := a.Why(&State{Status: r.status}) == ""; got != r.ok {
			t.Errorf("%s in %s: allowed %v, want %v", r.act, r.status, got, r.ok)
		}
	}
}

func mustDate(s string) law.Date { return law.MustParseDate(s) }
