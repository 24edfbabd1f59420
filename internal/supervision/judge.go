package supervision

import (
	"fmt"

	"zfjd/internal/flow"
	"zfjd/internal/law"
)

// Limits are a region's time limits in calendar days, counted from the
// day after delivery (民法典 Art. 201) and ending on a working day (Art. 203).
type Limits struct {
	Fulfilment int `json:"fulfilment_days"` // 督办函: report the duty performed (条例 Art. 27 "在规定时限内")
	Correction int `json:"correction_days"` // 意见书: correct and report (鲁条例 Art. 28: 三十日)
	Execution  int `json:"execution_days"`  // 决定书: report the execution (鲁条例 Art. 29: 三十日)
}

// DefaultLimits are the Shandong limits (domain-research §2.6).
var DefaultLimits = Limits{Fulfilment: 30, Correction: 30, Execution: 30}

// deadline is one clock of spec §5: started by a document's delivery,
// met by the agency's report.
type deadline struct {
	Name, Trigger, MetBy, Rule, Basis, Doc, Report string
	limit                                          func(Limits) int
}

// Deadlines are the three clocks of spec §5, each with its warning.
var deadlines = []deadline{
	{Name: "fulfilment", Trigger: "letter", MetBy: "corrected", Rule: "SUPERVISION_FULFILMENT_OVERDUE",
		Basis: "《行政执法监督条例》第二十七条第二款", Doc: "行政执法监督督办函", Report: "履职情况",
		limit: func(l Limits) int { return l.Fulfilment }},
	{Name: "correction", Trigger: "opinion", MetBy: "corrected", Rule: "SUPERVISION_CORRECTION_OVERDUE",
		Basis: "《行政执法监督条例》第二十八条第二款；《山东省行政执法监督条例》第二十八条", Doc: "行政执法监督意见书", Report: "纠正情况",
		limit: func(l Limits) int { return l.Correction }},
	{Name: "execution_report", Trigger: "decision", MetBy: "execution_reported", Rule: "SUPERVISION_REPORT_OVERDUE",
		Basis: "《行政执法监督条例》第二十九条；《山东省行政执法监督条例》第二十九条第二款", Doc: "行政执法监督决定书", Report: "执行情况",
		limit: func(l Limits) int { return l.Execution }},
}

// Judgement is what judging a case gives: its deadlines (spec §5 names),
// the findings that hold, and the first day on which time alone may
// change them ("" = never).
type Judgement struct {
	Deadlines map[string]string
	Findings  []flow.Finding
	NextCheck string
}

// Judge is the pure judgement of a case's acts on today. A clock stops at
// the agency's report, at a later 决定书 (which supersedes a letter or an
// opinion) and at 结案; a report made after the limit keeps its warning,
// for lateness is a fact the record keeps.
func Judge(acts []Act, lim Limits, cal *law.Calendar, today law.Date) (Judgement, error) {
	j := Judgement{Deadlines: map[string]string{}, Findings: []flow.Finding{}}
	var next law.Date
	for _, d := range deadlines {
		i := lastOf(acts, d.Trigger)
		if i < 0 {
			continue
		}
		on, ok := deliveredOn(acts, i)
		if !ok {
			continue // not delivered yet: the limit runs from receipt
		}
		due, err := cal.AddCalendarDays(on, d.limit(lim))
		if err != nil {
			return j, err
		}
		j.Deadlines[d.Name] = due.String()
		met, metOn := firstAfter(acts, i, d.MetBy)
		stop := today
		if s, ok := stopAfter(acts, i, d.Trigger); ok && s.Before(stop) {
			stop = s
		}
		switch {
		case met && metOn.After(due):
			j.Findings = append(j.Findings, d.finding(on, due, fmt.Sprintf("逾期%d日后才报送%s（%s）", days(due, metOn), d.Report, metOn)))
		case !met && stop.After(due):
			j.Findings = append(j.Findings, d.finding(on, due, fmt.Sprintf("已逾期%d日未报送%s", days(due, stop), d.Report)))
		case !met && !stop.Before(today):
			// still running: judge again the day after it ends
			if n := due.AddDays(1); next == (law.Date{}) || n.Before(next) {
				next = n
			}
		}
	}
	if n := materials(acts, today, &j); n != (law.Date{}) && (next == (law.Date{}) || n.Before(next)) {
		next = n
	}
	if next != (law.Date{}) {
		j.NextCheck = next.String()
	}
	return j, nil
}

// materialsRule is the warning of a request for explanations or documents
// (a measure of Art. 22 with a due date) that the agency did not answer in
// time: it must cooperate (Art. 25). Requests are answered in order, each
// by the first 报送说明材料 after it not answering an earlier one. Not one of
// spec §5's deadlines (the spec's acts make no request), so it keeps out
// of the answer's deadlines and only warns.
const materialsRule = "SUPERVISION_MATERIALS_OVERDUE"

const materialsBasis = "《行政执法监督条例》第二十二条、第二十五条"

// assistRule is the warning of a request for assistance (提请协助, 鲁条例
// Art. 24: 有关单位应当在职责范围内及时予以协助) not answered by its
// deadline, judged as the materials requests are.
const assistRule = "SUPERVISION_ASSIST_OVERDUE"

const assistBasis = "《山东省行政执法监督条例》第二十四条"

// request is one kind of dated request and the act that answers it.
type request struct {
	Ask, Answer, Rule, Basis, Verb string
	what                           func(a Act, due law.Date) string // what was asked, for the message
}

var requests = []request{
	{Ask: "measure", Answer: "reply", Rule: materialsRule, Basis: materialsBasis, Verb: "报送",
		what: func(a Act, due law.Date) string { return a.At + "要求于" + due.String() + "前报送说明材料" }},
	{Ask: "assist_ask", Answer: "assist_reply", Rule: assistRule, Basis: assistBasis, Verb: "答复",
		what: func(a Act, due law.Date) string {
			return a.At + "提请" + a.Str("unit") + "协助，要求于" + due.String() + "前答复"
		}},
}

// materials adds the warnings of requests answered late or not at all and
// returns the day after the earliest running request's due date ("" none).
func materials(acts []Act, today law.Date, j *Judgement) law.Date {
	var next law.Date
	for _, r := range requests {
		if n := r.judge(acts, today, j); n != (law.Date{}) && (next == (law.Date{}) || n.Before(next)) {
			next = n
		}
	}
	return next
}

// judge judges the requests of r: each answered by the first answer after
// it not answering an earlier one; only 结案 stops a clock.
func (r request) judge(acts []Act, today law.Date, j *Judgement) law.Date {
	var next law.Date
	used := map[int]bool{}
	for i, a := range acts {
		if a.Type != r.Ask || a.Str("due") == "" {
			continue
		}
		due, err := law.ParseDate(a.Str("due"))
		if err != nil {
			continue
		}
		stop, stopped := stopAfter(acts, i, "decision") // only 结案 stops it
		answered, on := false, law.Date{}
		for k := i + 1; k < len(acts); k++ {
			if acts[k].Type == r.Answer && !used[k] {
				if d, err := law.ParseDate(acts[k].At); err == nil {
					used[k], answered, on = true, true, d
				}
				break
			}
		}
		if !stopped || today.Before(stop) {
			stop = today
		}
		f := flow.Finding{Rule: r.Rule, Severity: "yellow", Basis: r.Basis, Due: due.String(), Key: fmt.Sprint(i)}
		switch what := r.what(a, due); {
		case answered && on.After(due):
			f.Message = fmt.Sprintf("%s，逾期%d日后才%s（%s）", what, days(due, on), r.Verb, on)
		case !answered && stop.After(due):
			f.Message = fmt.Sprintf("%s，已逾期%d日未%s", what, days(due, stop), r.Verb)
		case !answered && !stop.Before(today):
			if n := due.AddDays(1); next == (law.Date{}) || n.Before(next) {
				next = n
			}
			continue
		default:
			continue
		}
		j.Findings = append(j.Findings, f)
	}
	return next
}

func (d deadline) finding(on, due law.Date, tail string) flow.Finding {
	return flow.Finding{Rule: d.Rule, Severity: "yellow", Basis: d.Basis, Due: due.String(),
		Message: fmt.Sprintf("%s于%s送达，应于%s前报送%s，%s", d.Doc, on, due, d.Report, tail)}
}

func days(from, to law.Date) int {
	n := 0
	for d := from; d.Before(to); d = d.AddDays(1) {
		n++
	}
	return n
}

func lastOf(acts []Act, t string) int {
	for i := len(acts) - 1; i >= 0; i-- {
		if acts[i].Type == t {
			return i
		}
	}
	return -1
}

// deliveredOn is the delivery date of the document of acts[i]: its own
// delivered_on, or the first 登记送达 after it.
func deliveredOn(acts []Act, i int) (law.Date, bool) {
	s := acts[i].Str("delivered_on")
	for k := i + 1; s == "" && k < len(acts); k++ {
		if acts[k].Type == "delivered" {
			s = acts[k].Str("delivered_on")
		}
	}
	d, err := law.ParseDate(s)
	return d, err == nil
}

func firstAfter(acts []Act, i int, t string) (bool, law.Date) {
	for _, a := range acts[i+1:] {
		if a.Type == t {
			d, err := law.ParseDate(a.At)
			return err == nil, d
		}
	}
	return false, law.Date{}
}

// stopAfter is when the clock of acts[i] stops without a report: a later
// 决定书 (for a letter or an opinion) or 结案.
func stopAfter(acts []Act, i int, trigger string) (law.Date, bool) {
	for _, a := range acts[i+1:] {
		if a.Type == "close" || (a.Type == "decision" && trigger != "decision") {
			d, err := law.ParseDate(a.At)
			return d, err == nil
		}
	}
	return law.Date{}, false
}
