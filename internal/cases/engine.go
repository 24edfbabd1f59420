package cases

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"zfjd/internal/law"
)

// Env is everything the rules read besides the case itself. The store
// gathers it (load.go); the rules are pure functions of (case, env), so the
// same facts and events give the same deadlines and warnings whether they
// came through the API or the UI, today or in a replay.
type Env struct {
	Cal   *law.Calendar // lenient: unloaded years count weekends only
	Today law.Date      // Asia/Shanghai

	Officers map[string]OfficerCert // by certificate number; absent = not on the register

	PublicityDays int    // agency's 公示 period in working days (国办发〔2018〕118号: 7)
	StatementDays int    // agency's 陈述申辩 period in working days; 0 = DefaultStatementDays
	ReviewFineFen int64  // agency review list: fines at or above need legal review (Art. 58(四))
	ReviewMatter  bool   // agency review list names the case's matter
	CriminalFen   *int64 // matter's criminal threshold (移送规定 Art. 3)

	// 较大数额 for hearings (处罚法 Art. 63(一)(二)), set by each province and
	// department: 0 = the agency has not set it, and then no amount is
	// presumed (HEARING_RIGHT_MISSING asks to verify instead).
	HearingPersonFen int64
	HearingOrgFen    int64
	// HearingKinds are the penalty kinds the agency's rules count as 其他较重的
	// 行政处罚 (Art. 63(五)(六)) besides the kinds of Art. 63(三)(四);
	// HearingKindsSet is false while the agency has not said.
	HearingKinds    []string
	HearingKindsSet bool

	// Range returns the benchmark range of tier in force on a date for the
	// case's matter and region (C4), or nil when none applies.
	Range func(tier string, on law.Date) *FineRange

	// Statutory is the matter's statutory fine range (法定罚款幅度), or nil;
	// it binds a fine when Range gives no tier at all (statutory.go).
	Statutory *StatutoryRange

	// Rules are the region's rule settings in force (nil: the defaults);
	// the data of the rules that read more than the case are beside them
	// (rule_settings.go).
	Rules RulesInForce
	Data  RuleData

	// AV is the agency's 音像记录清单 and the case's recordings (rules_av.go);
	// nil for a case not handled in zfjd.
	AV *AVRecords
}

// FineRange is one tier's fine range of a benchmark version.
type FineRange struct {
	MinFen, MaxFen       *int64
	IncomeMin, IncomeMax *float64 // multiples of illegal income, when the tier is set so
	Version              string   // the benchmark version, for messages
}

// OfficerCert is what the rules need of an officer's certificate.
type OfficerCert struct {
	Name        string
	ValidFrom   string
	ValidTo     string
	Status      string // valid | suspended | revoked | cancelled
	StatusSince string // day the status took effect; "" = unknown (not valid on any day)
	// Qualifications from the register: hearing_host (山东省行政执法监督条例
	// Art. 11), legal_review (处罚法 Art. 58 第二款), supervision.
	Qualifications []string
}

// holds reports whether the officer holds qualification q.
func (o OfficerCert) holds(q string) bool { return slices.Contains(o.Qualifications, q) }

// validOn reports whether the certificate allowed enforcement on day d.
func (o OfficerCert) validOn(d string) bool {
	if d < o.ValidFrom || d > o.ValidTo {
		return false
	}
	return o.Status == "valid" || o.Status == "" || (o.StatusSince != "" && d < o.StatusSince)
}

// Defaults when an agency has set nothing. There is deliberately none for
// the hearing thresholds: 较大数额 is set by each province and department.
const (
	DefaultPublicityDays = 7 // 国办发〔2018〕118号: decisions public within 7 working days
	// 处罚法 sets no period for 陈述、申辩 (Art. 44, 45); the departments' rules
	// do, e.g. 市场监督管理行政处罚程序规定: 告知书送达之日起五个工作日内.
	DefaultStatementDays = 5
)

// Judgement is what the engine derives from a case.
type Judgement struct {
	Status    string
	Deadlines map[string]string
	Warnings  []Warning
	NextCheck string // first day on which the passage of time alone may change the warnings
}

// judge holds one evaluation.
type judge struct {
	c      *Case
	env    *Env
	ev     []*Event // sorted by date, stable
	out    Judgement
	checks []law.Date
}

// Judge applies every rule to c. c's events must have been normalized.
func Judge(c *Case, env *Env) Judgement {
	j := &judge{c: c, env: env, out: Judgement{Deadlines: map[string]string{}}}
	for i := range c.Events {
		j.ev = append(j.ev, &c.Events[i])
	}
	slices.SortStableFunc(j.ev, func(a, b *Event) int { return a.when.Date.Compare(b.when.Date) })
	for _, r := range rules {
		if env.Rules.On(r.Code) {
			r.check(j)
		}
	}
	j.extra() // custom rules (rule_settings.go)
	j.out.Status = j.status()
	sortWarnings(j.out.Warnings)
	if len(j.checks) > 0 {
		j.out.NextCheck = slices.MinFunc(j.checks, law.Date.Compare).String()
	}
	return j.out
}

func sortWarnings(ws []Warning) {
	slices.SortStableFunc(ws, func(a, b Warning) int {
		return cmp.Or(cmp.Compare(orderOf(a.Rule), orderOf(b.Rule)), strings.Compare(a.Rule, b.Rule), strings.Compare(a.key, b.key))
	})
}

// rule is one warning code of the spec's table with its basis, and the
// parameters a region's setting may change (rule_settings.go).
type rule struct {
	Code, Basis, Label string
	check              func(*judge)
	params             []Param
}

// def is one row of the rule table.
func def(code, basis, label string, check func(*judge), params ...[]Param) rule {
	return rule{Code: code, Basis: basis, Label: label, check: check, params: slices.Concat(params...)}
}

var (
	ruleOrder = map[string]int{}
	ruleBasis = map[string]string{}
)

func init() {
	for i, r := range rules {
		ruleOrder[r.Code] = i
		ruleBasis[r.Code] = r.Basis
	}
}

// Rules lists the rule codes with their basis and Chinese label, for the UI.
func Rules() []struct{ Code, Basis, Label string } {
	out := make([]struct{ Code, Basis, Label string }, len(rules))
	for i, r := range rules {
		out[i] = struct{ Code, Basis, Label string }{r.Code, r.Basis, r.Label}
	}
	return out
}

// fire adds a warning of rule code. key tells apart several firings of one
// rule on one case; due is the date the rule is about.
func (j *judge) fire(code, severity, key string, due law.Date, format string, args ...any) {
	basis, ok := ruleBasis[code]
	if !ok {
		panic("cases: unknown rule " + code)
	}
	w := Warning{Rule: code, Severity: severity, Basis: basis, key: key,
		Message: fmt.Sprintf(format, args...) + "（" + basis + "）"}
	if due.Valid() {
		w.Due = due.String()
	}
	j.out.Warnings = append(j.out.Warnings, w)
}

// check fires a yellow 请核实: the recorded facts do not settle whether the
// rule is broken, so the warning asks a person to look and never blocks an
// act (act.go).
func (j *judge) check(code, key string, due law.Date, format string, args ...any) {
	j.fire(code, "yellow", key, due, format+"，请核实", args...)
	j.out.Warnings[len(j.out.Warnings)-1].verify = true
}

// deadline records a named deadline (the last allowed day).
func (j *judge) deadline(name string, d law.Date) {
	if d.Valid() {
		j.out.Deadlines[name] = d.String()
	}
}

// clock judges one period: an act due by deadline, done on done (nil: not
// yet). Late but done is yellow; still open past the deadline is red. An
// open clock asks the daily pass to look again the day after its deadline.
// Once red, its message says 已超期若干日 (flow.OverdueMark) and the days
// are counted when the warning is read (flow.Message), so its finding is
// not rewritten each day; but it still asks for a check the next day:
// next_check is also the case list's nearest-deadline key (list_cursor.go
// deadlineExpr, indexed), where an overdue case must sort before every
// case still in time, and a pass that finds it unchanged must not find it
// due again the same day. So the pass moves its check date each day (one
// narrow UPDATE of the case row, no finding write). A sort key of its own
// for overdue cases would let the pass leave them alone; not built yet.
func (j *judge) clock(code, key string, deadline law.Date, done *Event, lateMsg, openMsg string) {
	switch {
	case done != nil && done.when.Date.After(deadline):
		j.fire(code, "yellow", key, deadline, lateMsg, done.when.Date, deadline)
	case done == nil && j.env.Today.After(deadline):
		j.fire(code, "red", key, deadline, openMsg, deadline)
		j.checks = append(j.checks, j.env.Today.AddDays(1))
	case done == nil:
		j.checks = append(j.checks, deadline.AddDays(1))
		j.leadWarning(code, key, deadline)
	}
}

// daysBetween is b − a in days.
func daysBetween(a, b law.Date) int {
	ta := time.Date(a.Y, a.M, a.D, 0, 0, 0, 0, time.UTC)
	tb := time.Date(b.Y, b.M, b.D, 0, 0, 0, 0, time.UTC)
	return int(tb.Sub(ta).Hours() / 24)
}

// first returns the first event of one of the types on or after from
// (zero date: any), or nil.
func (j *judge) first(from law.Date, types ...string) *Event {
	for _, e := range j.ev {
		if slices.Contains(types, e.Type) && !e.when.Date.Before(from) {
			return e
		}
	}
	return nil
}

// all returns every event of the types, in date order.
func (j *judge) all(types ...string) []*Event {
	var out []*Event
	for _, e := range j.ev {
		if slices.Contains(types, e.Type) {
			out = append(out, e)
		}
	}
	return out
}

// decision is the case's (first) decision, or nil.
func (j *judge) decision() *Event { return j.first(zeroDate, "decided") }

// penalised reports whether d imposes a penalty.
func penalised(d *Event) bool { return d != nil && d.Outcome == "penalty" }

// fineOf sums the fines of a decision.
func fineOf(d *Event) int64 {
	var n int64
	if d == nil {
		return 0
	}
	for _, p := range d.Penalties {
		if p.Kind == "fine" {
			n += p.AmountFen
		}
	}
	return n
}

// Period helpers: on a calendar error (a date beyond any year the lenient
// calendar can handle) the deadline is left out rather than guessed.
func (j *judge) workdays(start law.Date, n int) (law.Date, bool) {
	d, err := j.env.Cal.AddWorkdays(start, n)
	return d, err == nil
}

func (j *judge) days(start law.Date, n int) (law.Date, bool) {
	d, err := j.env.Cal.AddCalendarDays(start, n)
	return d, err == nil
}

// yuan formats fen as 元 for messages.
func yuan(fen int64) string {
	if fen%100 == 0 {
		return fmt.Sprintf("%d元", fen/100)
	}
	return fmt.Sprintf("%d.%02d元", fen/100, fen%100)
}

// status is the case's stage, from the furthest event reached.
func (j *judge) status() string {
	st := "registered"
	rank := 0
	for _, e := range j.ev {
		s, r := statusOf(e)
		if r >= rank && s != "" {
			st, rank = s, r
		}
	}
	return st
}

var statusRank = map[string]int{
	"registered": 1, "filed": 2, "investigating": 3, "reviewing": 4, "notified": 5, "hearing": 6,
	"decided": 7, "transfer_pending": 7, "delivered": 8, "executed": 9, "transferred": 10,
	"annulled": 11, "closed": 12, "archived": 13,
}

// StatusLabels are the Chinese names of case statuses.
var StatusLabels = map[string]string{
	"registered": "已登记", "filed": "已立案", "investigating": "调查取证", "reviewing": "审核讨论",
	"notified": "已告知", "hearing": "听证", "decided": "已决定", "transfer_pending": "移送审批",
	"delivered": "已送达待履行", "executed": "已履行", "transferred": "已移送", "annulled": "已撤销",
	"closed": "已结案", "archived": "已归档",
}

func statusOf(e *Event) (string, int) {
	s := ""
	switch e.Type {
	case "discovered":
		s = "registered"
	case "filed":
		s = "filed"
	case "investigation", "investigation_concluded", "evidence_preserved", "preservation_decided", "seized", "seizure_extended", "seizure_released", "testing":
		s = "investigating"
	case "legal_review", "collective_discussion":
		s = "reviewing"
	case "notified", "rights_waived":
		s = "notified"
	case "hearing_requested", "hearing_noticed", "hearing_held", "hearing_absent":
		s = "hearing"
	case "decided":
		s = "decided"
		if e.Outcome == "transfer" {
			s = "transfer_pending"
		}
	case "transfer_proposed", "transfer_approved":
		s = "transfer_pending"
	case "delivered":
		s = "delivered"
	case "paid":
		s = "executed"
	case "transferred", "transfer_receipt":
		s = "transferred"
	case "annulled":
		s = "annulled"
	case "closed":
		s = "closed"
	case "archived":
		s = "archived"
	}
	return s, statusRank[s]
}
