package inspection

import (
	"fmt"
	"slices"
	"strings"

	"zfjd/internal/law"
)

// Rule codes of §4, each with its basis.
const (
	RuleNotListed   = "INSPECTION_NOT_LISTED"
	RuleNotApproved = "INSPECTION_NOT_APPROVED"
	RuleNotReported = "INSPECTION_NOT_REPORTED"
	RuleOfficers    = "INSPECTION_OFFICERS"
	RuleFrequency   = "INSPECTION_FREQUENCY"
	RuleIneffective = "INSPECTION_INEFFECTIVE"
	RuleAVMissing   = "INSPECTION_AV_RECORD_MISSING"
)

// Rules are the inspection rules in their order, with their basis and label.
var Rules = []struct{ Code, Label, Basis string }{
	{RuleNotListed, "清单之外检查", "国办发〔2024〕54号（清单之外无检查）"},
	{RuleNotApproved, "未经审批检查", "国办发〔2024〕54号；司法部《关于涉企行政检查有关问题的解答》（负责人事前批准，紧急情况3个工作日内补办）"},
	{RuleNotReported, "未事前报备入企", "国办发〔2024〕54号（扫码入企）"},
	{RuleOfficers, "检查人员不足或无证", "《中华人民共和国行政处罚法》第四十二条；国办发〔2024〕54号"},
	{RuleFrequency, "检查频次超限", "国办发〔2024〕54号（频次上限）"},
	{RuleIneffective, "低效重复检查", "国办发〔2024〕54号（低效检查）"},
	{RuleAVMissing, "现场检查无音像记录", "国办发〔2018〕118号（九）推行音像记录"},
}

func basisOf(rule string) string {
	for _, r := range Rules {
		if r.Code == rule {
			return r.Basis
		}
	}
	return ""
}

// RuleLabel is the rule's short Chinese name.
func RuleLabel(rule string) string {
	for _, r := range Rules {
		if r.Code == rule {
			return r.Label
		}
	}
	return rule
}

// EmergencyApprovalDays is the working days after a check-in within which
// an emergency inspection's approval may follow (司法部 问题解答: 事后补办).
const EmergencyApprovalDays = 3

// IneffectiveRun and IneffectiveDays: the third consecutive fruitless
// inspection of one enterprise by one officer within 365 days (54号 低效检查;
// 成都「一码检查」低效检查阻断).
const (
	IneffectiveRun  = 3
	IneffectiveDays = 365
)

// Caps are the frequency caps of a region (54号: published per-enterprise caps).
type Caps struct{ Day, Week, Month int }

// DefaultCaps: more than 1 a day, 2 a week, 3 a month (成都「一码检查」).
var DefaultCaps = Caps{Day: 1, Week: 2, Month: 3}

// Cert is an officer's certificate as the rules read it.
type Cert struct {
	Name, ValidFrom, ValidTo, Status, StatusSince string
}

// ValidOn reports whether the certificate allowed enforcement on day d.
func (c Cert) ValidOn(d string) bool {
	if d < c.ValidFrom || d > c.ValidTo {
		return false
	}
	return c.Status == "valid" || (c.StatusSince != "" && d < c.StatusSince)
}

// Visit is another checked-in inspection of the same enterprise, as the
// frequency and repeat rules read it.
type Visit struct {
	ID       int64
	At       int64 // check-in, unix ms
	Day      string
	Directed bool
	Officers []string
	Problem  int // -1 no result yet, 0 none found, 1 found
}

// Env is what the rules read beside the inspection, gathered once.
type Env struct {
	Cal      *law.Calendar
	Today    law.Date
	Listed   bool // the matter is an inspection matter held by the agency
	Officers map[string]Cert
	Caps     Caps
	Others   []Visit    // the enterprise's other visits within IneffectiveDays before this one's day (and the same day)
	AV       *AVRecords // the recorded acts of an inspection handled in zfjd; nil: INSPECTION_AV_RECORD_MISSING not judged
}

// Judgement is what the rules derive from an inspection.
type Judgement struct {
	Status    string
	Deadlines map[string]string
	Warnings  []Warning
	NextCheck string // first day the passage of time alone may change the warnings
}

// StatusOf is the status the events reach.
func StatusOf(in *Inspection) string {
	switch {
	case in.Has(EvCheckedOut):
		return StClosed
	case in.Has(EvResult):
		return StConcluded
	case in.Has(EvCheckedIn):
		return StOnSite
	case in.Has(EvReported):
		return StReported
	case in.Has(EvApproved):
		return StApproved
	}
	return StFiled
}

// Judge applies the rules of §4 to in (normalized: events parsed) in env.
// Pure: the same inspection and env give the same judgement.
func Judge(in *Inspection, env *Env) (*Judgement, error) {
	j := &Judgement{Status: StatusOf(in), Deadlines: map[string]string{}}
	add := func(rule, key, sev, msg, due string) {
		j.Warnings = append(j.Warnings, Warning{Rule: rule, Key: key, Severity: sev, Message: msg, Basis: basisOf(rule), Due: due})
	}
	if !env.Listed {
		add(RuleNotListed, "", "red", fmt.Sprintf("检查事项%s不在执法主体的涉企行政检查事项清单中（清单之外无检查）", in.MatterCode), "")
	}
	ci := in.first(EvCheckedIn)
	if ci == nil {
		return j, nil
	}
	if err := judgeApproval(in, env, ci, j, add); err != nil {
		return nil, err
	}
	if rep := in.first(EvReported); rep == nil || ci.when.before(rep.when) {
		add(RuleNotReported, "", "red", "检查人员"+ci.when.Date.String()+"入企检查前未事前报备、未取得检查码（扫码入企）", "")
	}
	if msg := officersProblem(ci, env); msg != "" {
		add(RuleOfficers, "", "red", msg, "")
	}
	if !in.Directed {
		for _, p := range frequencyProblems(in, ci, env) {
			add(RuleFrequency, p[0], "yellow", p[1], "")
		}
	}
	if msg := ineffective(in, ci, env); msg != "" {
		add(RuleIneffective, "", "yellow", msg, "")
	}
	judgeAV(in, env, add)
	return j, nil
}

type addFn func(rule, key, sev, msg, due string)

// judgeApproval: an inspection is approved by the subject's head before the
// visit; an emergency one within EmergencyApprovalDays working days after.
func judgeApproval(in *Inspection, env *Env, ci *Event, j *Judgement, add addFn) error {
	ap := in.first(EvApproved)
	if !in.Emergency {
		if ap == nil {
			add(RuleNotApproved, "", "red", ci.when.Date.String()+"入企检查未经执法主体负责人审批", "")
		} else if ci.when.before(ap.when) {
			add(RuleNotApproved, "", "red", fmt.Sprintf("%s入企检查，审批在其后（%s）：非紧急检查须事前审批", ci.when.Date, ap.when.Date), "")
		}
		return nil
	}
	due, err := env.Cal.AddWorkdays(ci.when.Date, EmergencyApprovalDays)
	if err != nil {
		return err
	}
	j.Deadlines["approval"] = due.String()
	switch {
	case ap == nil && env.Today.After(due):
		add(RuleNotApproved, "", "red", fmt.Sprintf("紧急检查%s入企，至%s（3个工作日）仍未补办审批", ci.when.Date, due), due.String())
	case ap == nil:
		j.NextCheck = due.AddDays(1).String()
	case ap.when.Date.After(due):
		add(RuleNotApproved, "", "red", fmt.Sprintf("紧急检查%s入企，审批%s补办，超过3个工作日（应于%s前）", ci.when.Date, ap.when.Date, due), due.String())
	}
	return nil
}

// officersProblem: at least two officers with certificates valid that day.
func officersProblem(ci *Event, env *Env) string {
	if len(ci.Officers) < 2 {
		return fmt.Sprintf("入企检查的执法人员仅%d名，应不少于两名持证执法人员", len(ci.Officers))
	}
	var bad []string
	day := ci.when.Date.String()
	for _, no := range ci.Officers {
		c, ok := env.Officers[no]
		if !ok {
			bad = append(bad, no+"（未登记的执法证）")
		} else if !c.ValidOn(day) {
			bad = append(bad, c.Name+"（"+no+"，当日执法证无效）")
		}
	}
	if len(bad) == 0 {
		return ""
	}
	return "入企检查的执法人员" + strings.Join(bad, "、") + "不具备执法资格"
}

// frequencyProblems counts the enterprise's counted visits (not directed;
// a joint visit is one record, so counted once) that came before this one
// on its day, week (Mon–Sun) and calendar month; this one exceeds a cap
// when that many already reached it.
func frequencyProblems(in *Inspection, ci *Event, env *Env) [][2]string {
	self := Visit{ID: in.ID, At: ci.when.millis(), Day: ci.when.Date.String()}
	d := ci.when.Date
	weekStart := d.AddDays(-((int(d.Weekday()) + 6) % 7)).String()
	weekEnd := d.AddDays(6 - (int(d.Weekday())+6)%7).String()
	month := self.Day[:7]
	var day, week, mon int
	for _, v := range env.Others {
		if v.Directed || v.ID == in.ID || !earlier(v, self) {
			continue
		}
		if v.Day == self.Day {
			day++
		}
		if v.Day >= weekStart && v.Day <= weekEnd {
			week++
		}
		if strings.HasPrefix(v.Day, month) {
			mon++
		}
	}
	var out [][2]string
	c := env.Caps
	if day >= c.Day {
		out = append(out, [2]string{"day", fmt.Sprintf("企业%s当日第%d次被入企检查，超过每日%d次的上限", self.Day, day+1, c.Day)})
	}
	if week >= c.Week {
		out = append(out, [2]string{"week", fmt.Sprintf("企业本周（%s至%s）第%d次被入企检查，超过每周%d次的上限", weekStart, weekEnd, week+1, c.Week)})
	}
	if mon >= c.Month {
		out = append(out, [2]string{"month", fmt.Sprintf("企业%s月第%d次被入企检查，超过每月%d次的上限", month, mon+1, c.Month)})
	}
	return out
}

// earlier orders visits by check-in instant, then id (the first pushed).
func earlier(a, b Visit) bool {
	if a.At != b.At {
		return a.At < b.At
	}
	return a.ID != 0 && (b.ID == 0 || a.ID < b.ID)
}

// ineffective: for an officer of this visit, the two visits of the same
// enterprise they made before it, within 365 days, found no problem, and
// this one found none (or has no result yet: it is the one to be blocked).
func ineffective(in *Inspection, ci *Event, env *Env) string {
	if in.Problem() == 1 {
		return ""
	}
	self := Visit{ID: in.ID, At: ci.when.millis(), Day: ci.when.Date.String()}
	from := ci.when.Date.AddDays(-IneffectiveDays).String()
	for _, no := range ci.Officers {
		last := FruitlessBefore(env.Others, self, no, from)
		if last == nil {
			continue
		}
		name := no
		if c, ok := env.Officers[no]; ok {
			name = c.Name + "（" + no + "）"
		}
		return fmt.Sprintf("执法人员%s一年内第%d次连续检查该企业，此前%d次均未发现问题（%s、%s）", name, IneffectiveRun,
			IneffectiveRun-1, last[0].Day, last[1].Day)
	}
	return ""
}

// FruitlessBefore are the last IneffectiveRun-1 visits officer no made of
// the enterprise before self and on or after from, when there are that many
// and none found a problem; else nil.
func FruitlessBefore(others []Visit, self Visit, no, from string) []Visit {
	prior := priorVisits(others, self, no, from)
	if len(prior) < IneffectiveRun-1 {
		return nil
	}
	last := prior[len(prior)-(IneffectiveRun-1):]
	if slices.ContainsFunc(last, func(v Visit) bool { return v.Problem != 0 }) {
		return nil
	}
	return last
}

// priorVisits are the visits of others made by officer no before self and
// on or after from, oldest first.
func priorVisits(others []Visit, self Visit, no, from string) []Visit {
	var out []Visit
	for _, v := range others {
		if v.ID != self.ID && v.Day >= from && earlier(v, self) && slices.Contains(v.Officers, no) {
			out = append(out, v)
		}
	}
	slices.SortFunc(out, func(a, b Visit) int {
		if earlier(a, b) {
			return -1
		}
		return 1
	})
	return out
}
