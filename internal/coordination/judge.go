package coordination

import (
	"fmt"

	"zfjd/internal/flow"
	"zfjd/internal/law"
)

// RuleAnswerOverdue: a named agency did not answer by the deadline.
const RuleAnswerOverdue = "COORD_ANSWER_OVERDUE"

// answerBasis is the law of the answer deadline: the supervision body
// coordinates (Art. 13) and agencies cooperate with it (Art. 25).
const answerBasis = "《行政执法监督条例》第十三条、第二十五条；《山东省行政执法监督条例》第十八条"

// DefaultAnswerDays is the answer limit in working days when the opener
// sets none; MinAnswerDays and MaxAnswerDays bound the one it sets.
const (
	DefaultAnswerDays = 10
	MinAnswerDays     = 3
	MaxAnswerDays     = 30
)

// Judgement is what judging a dispute gives: its deadlines, the findings
// that hold and the first day on which time alone may change them ("" =
// never).
type Judgement struct {
	Deadlines map[string]string
	Findings  []flow.Finding
	NextCheck string
}

// Judge is the pure judgement of dispute d (its parties, answer deadline
// and acts) on today: each named agency that owes an answer and has not
// given it after the deadline has a finding keyed by its code; an answer
// given late keeps it (lateness is a fact the record keeps); the clock of
// the agencies still silent stops at the outcome or withdrawal.
func Judge(d *Dispute, today law.Date) (Judgement, error) {
	j := Judgement{Deadlines: map[string]string{}, Findings: []flow.Finding{}}
	due, err := law.ParseDate(d.AnswerDue)
	if err != nil {
		return j, fmt.Errorf("dispute %d: answer due %q: %w", d.ID, d.AnswerDue, err)
	}
	j.Deadlines["answer"] = due.String()
	stop, stopped := today, false
	answered := map[string]law.Date{}
	for _, a := range d.Acts {
		on, err := law.ParseDate(a.At)
		if err != nil {
			continue
		}
		switch a.Type {
		case "answer":
			if _, ok := answered[a.AgencyCode]; !ok {
				answered[a.AgencyCode] = on
			}
		case "settle", "decide", "withdraw":
			if !stopped && on.Before(stop) {
				stop = on
			}
			stopped = true
		}
	}
	running := false
	for _, p := range d.Owing() {
		on, ok := answered[p.AgencyCode]
		switch {
		case ok && on.After(due):
			j.Findings = append(j.Findings, answerFinding(d, p, due, fmt.Sprintf("逾期%d日后才答复（%s）", days(due, on), on)))
		case !ok && stop.After(due):
			j.Findings = append(j.Findings, answerFinding(d, p, due, fmt.Sprintf("已逾期%d日未答复", days(due, stop))))
		case !ok && !stopped:
			running = true
		}
	}
	if running {
		j.NextCheck = due.AddDays(1).String()
	}
	return j, nil
}

func answerFinding(d *Dispute, p Party, due law.Date, tail string) flow.Finding {
	return flow.Finding{Rule: RuleAnswerOverdue, Key: p.AgencyCode, Severity: "yellow", Basis: answerBasis, Due: due.String(),
		Message: fmt.Sprintf("%s应于%s前就执法争议“%s”提交书面意见和证据，%s", p.Name, due, d.Title, tail)}
}

func days(from, to law.Date) int {
	n := 0
	for d := from; d.Before(to); d = d.AddDays(1) {
		n++
	}
	return n
}

// AnswerDue is the answer deadline of a dispute opened on opened: n
// working days on the calendar (legal holidays and 调休 counted).
func AnswerDue(cal *law.Calendar, opened law.Date, n int) (law.Date, error) {
	return cal.AddWorkdays(opened, n)
}
