package coordination

import (
	"testing"

	"zfjd/internal/law"
)

func dispute(acts ...Act) *Dispute {
	return &Dispute{ID: 1, Title: "食品摊贩监管职责", AnswerDue: "2026-06-30", Applicant: "A", Parties: []Party{
		{AgencyCode: "A", Name: "甲局", Applicant: true}, {AgencyCode: "B", Name: "乙局"}, {AgencyCode: "C", Name: "丙局"}}, Acts: acts}
}

func answer(agency, at string) Act { return Act{Type: "answer", AgencyCode: agency, At: at} }

// TestJudgeAnswerDeadline: one row per case of the answer rule. Every
// named agency but the applicant answers by the deadline set under
// 行政执法监督条例 Art. 13 (the body coordinates) and Art. 25 (agencies
// cooperate with supervision; 山东省行政执法监督条例 Art. 18).
func TestJudgeAnswerDeadline(t *testing.T) {
	for _, c := range []struct {
		name, today string
		d           *Dispute
		overdue     []string // agencies with a finding
		next        string
	}{
		{"Art. 13/25: before the deadline nobody is late; judge again the day after it", "2026-06-20", dispute(), nil, "2026-07-01"},
		{"Art. 13/25: on the deadline day itself nobody is late", "2026-06-30", dispute(), nil, "2026-07-01"},
		{"Art. 13/25: the day after, both silent agencies are overdue; the applicant owes nothing", "2026-07-01", dispute(),
			[]string{"B", "C"}, ""},
		{"Art. 13/25: an answer on time clears its agency only", "2026-07-02", dispute(answer("B", "2026-06-29")), []string{"C"}, ""},
		{"Art. 13/25: an answer given late keeps its finding", "2026-07-10",
			dispute(answer("B", "2026-06-29"), answer("C", "2026-07-03")), []string{"C"}, ""},
		{"Art. 13/25: all answered on time, no finding and no further check", "2026-07-10",
			dispute(answer("B", "2026-06-20"), answer("C", "2026-06-30")), nil, ""},
		{"Art. 13: an outcome before the deadline stops the clock of the silent", "2026-08-01",
			dispute(Act{Type: "settle", At: "2026-06-25"}), nil, ""},
		{"Art. 13: an outcome after the deadline keeps the lateness found by then", "2026-08-01",
			dispute(answer("B", "2026-06-20"), Act{Type: "decide", At: "2026-07-05"}), []string{"C"}, ""},
		{"Art. 13: opened ex officio, every named agency owes an answer", "2026-07-01",
			func() *Dispute { d := dispute(); d.Applicant = ""; d.Parties[0].Applicant = false; return d }(), []string{"A", "B", "C"}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			j, err := Judge(c.d, law.MustParseDate(c.today))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range j.Findings {
				if f.Rule != RuleAnswerOverdue || f.Basis == "" || f.Due != "2026-06-30" {
					t.Errorf("finding %+v", f)
				}
				got = append(got, f.Key)
			}
			if len(got) != len(c.overdue) {
				t.Fatalf("overdue %v, want %v", got, c.overdue)
			}
			for i := range got {
				if got[i] != c.overdue[i] {
					t.Fatalf("overdue %v, want %v", got, c.overdue)
				}
			}
			if j.NextCheck != c.next {
				t.Errorf("next check %q, want %q", j.NextCheck, c.next)
			}
			if j.Deadlines["answer"] != "2026-06-30" {
				t.Errorf("deadlines %v", j.Deadlines)
			}
		})
	}
}

// TestDefinitionSteps: who may do what when (Art. 13: coordinate first,
// then propose to the government; an outcome ends the dispute).
func TestDefinitionSteps(t *testing.T) {
	for _, c := range []struct {
		name  string
		acts  []Act
		owing int
		act   string
		ok    bool
	}{
		{"Art. 13: answers are taken while answers are owed", nil, 2, "answer", true},
		{"Art. 13: no answer once all have answered", []Act{{Type: "answer"}}, 1, "answer", false},
		{"Art. 13: an outcome needs a coordination meeting first", nil, 1, "settle", false},
		{"Art. 13: a proposal to the government needs a meeting first", nil, 1, "propose", false},
		{"Art. 13: after a meeting the outcome may be recorded", []Act{{Type: "meeting"}}, 1, "settle", true},
		{"Art. 13: the government's decision follows a proposal only", []Act{{Type: "meeting"}}, 1, "decide", false},
		{"Art. 13: proposal, then decision", []Act{{Type: "meeting"}, {Type: "propose"}}, 1, "decide", true},
		{"Art. 13: nothing after the outcome", []Act{{Type: "meeting"}, {Type: "settle"}}, 1, "meeting", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			a, _ := Handling.Act(c.act)
			if ok := a.Why(Fold(c.acts, c.owing)) == ""; ok != c.ok {
				t.Fatalf("%s allowed %v, want %v (%s)", c.act, ok, c.ok, a.Why(Fold(c.acts, c.owing)))
			}
		})
	}
}
