package officercard

import (
	"strconv"
	"strings"
	"time"

	"zfjd/internal/law"
)

// Rule keys.
const (
	RuleNoCertificate = "complaint_no_certificate"
	RuleComplaint     = "complaint_other"
	RuleCriticism     = "proposal_criticism"
	RuleLeave         = "proposal_leave_training"
	RuleTransfer      = "proposal_transfer"
	RuleRevoke        = "proposal_revoke_qualification"
	RuleRepeat        = "repeat_yellow"
	RuleReviewVeto    = "review_file_veto"
)

// Rule is one 红黄牌 rule and its default setting.
type Rule struct {
	Key, Label string
	Setting           // the default
	Basis      string // the article or local practice it rests on
}

// Setting is a rule as a region has it: Colour "" issues no card; Months
// is the repeat rule's window.
type Setting struct {
	Colour string `json:"colour"`
	Points int    `json:"points"`
	Months int    `json:"months,omitempty"`
	SetIn  string `json:"set_in"` // the region whose row applies ("" = the default)
}

// Rules are the built-in rules in the order the settings page lists them.
var Rules = []Rule{
	{Key: RuleNoCertificate, Label: "不亮证投诉经查属实", Setting: Setting{Colour: Yellow, Points: 2},
		Basis: "《中华人民共和国行政处罚法》第五十五条（执法人员应当主动出示执法证件）；《山东省行政执法监督条例》第三十八条第一项"},
	{Key: RuleComplaint, Label: "其他投诉经查属实", Setting: Setting{Colour: "", Points: 1},
		Basis: "《山东省行政执法监督条例》第六条、第三十八条（默认不出牌，由本级监督机构设定）"},
	{Key: RuleCriticism, Label: "监督处理建议：批评教育", Setting: Setting{Colour: Yellow, Points: 2},
		Basis: "《行政执法监督条例》第三十二条"},
	{Key: RuleLeave, Label: "监督处理建议：离岗教育", Setting: Setting{Colour: Red, Points: 6},
		Basis: "《行政执法监督条例》第三十二条"},
	{Key: RuleTransfer, Label: "监督处理建议：调离执法岗位", Setting: Setting{Colour: Red, Points: 12},
		Basis: "《行政执法监督条例》第三十二条"},
	{Key: RuleRevoke, Label: "监督处理建议：取消执法资格", Setting: Setting{Colour: Red, Points: 12},
		Basis: "《行政执法监督条例》第三十二条"},
	{Key: RuleReviewVeto, Label: "案卷评查不合格（基本标准否决项）", Setting: Setting{Colour: Yellow, Points: 2},
		Basis: "《行政执法监督条例》第十八条、第三十四条（监督结果运用）；《山东省行政执法监督条例》第十四条、第三十八条第三项（违反法定程序）"},
	{Key: RuleRepeat, Label: "12个月内再次黄牌", Setting: Setting{Colour: Red, Points: 0, Months: 12},
		Basis: "《济南市行政执法人员履职行为监督管理规定》红黄牌警示制度（地方实践：两张黄牌升为红牌）"},
}

// RuleOf returns the built-in rule key.
func RuleOf(key string) (Rule, bool) {
	for _, r := range Rules {
		if r.Key == key {
			return r, true
		}
	}
	return Rule{}, false
}

// RuleLabel names rule key in Chinese (the key itself when unknown).
func RuleLabel(key string) string {
	if r, ok := RuleOf(key); ok {
		return r.Label
	}
	return key
}

// Settings are the region rows of every rule: rule → region → setting.
type Settings map[string]map[string]Setting

// For is rule key as it applies in region: the most specific of the
// region, its county, city and province rows, else the default.
func (s Settings) For(key, region string) Setting {
	for _, c := range ancestors(region) {
		if st, ok := s[key][c]; ok {
			st.SetIn = c
			return st
		}
	}
	r, _ := RuleOf(key)
	return r.Setting
}

// ancestors lists region and the codes above it, most specific first.
func ancestors(region string) []string {
	var out []string
	if len(region) == 12 {
		out = append(out, region, region[:6])
	} else if len(region) == 6 {
		out = append(out, region)
	}
	if len(region) >= 6 {
		for _, c := range []string{region[:4] + "00", region[:2] + "0000"} {
			if c != out[len(out)-1] {
				out = append(out, c)
			}
		}
	}
	return out
}

// Cause is what happened to an officer that may earn a card.
type Cause struct {
	Kind string // SourceComplaint | SourceProposal
	// Category is a complaint's category found true (complaint.Categories).
	Category string
	// Measure is a proposal's measure (supervision.OfficerMeasures).
	Measure string
	// Veto: a reviewed file was judged 不合格 by a 基本标准 (veto) item,
	// not merely scored below 60.
	Veto bool
}

// Prior is an earlier card of the officer.
type Prior struct {
	Colour, Status, IssuedOn string
}

// Decision is the card a cause earns.
type Decision struct {
	Rule     string // the cause's rule
	Colour   string
	Points   int
	Repeated bool   // yellow by the cause's rule, red by RuleRepeat
	Months   int    // RuleRepeat's window when Repeated
	Basis    string // of the cause's rule (and of RuleRepeat when Repeated)
}

// ruleFor is the rule a cause falls under ("" = none).
func ruleFor(c Cause) string {
	switch c.Kind {
	case SourceComplaint:
		if c.Category == "no_certificate" {
			return RuleNoCertificate
		}
		return RuleComplaint
	case SourceProposal:
		switch c.Measure {
		case "criticism":
			return RuleCriticism
		case "leave_training":
			return RuleLeave
		case "transfer":
			return RuleTransfer
		case "revoke_qualification":
			return RuleRevoke
		}
	case SourceReview:
		if c.Veto {
			return RuleReviewVeto
		}
	}
	return ""
}

// Decide is the card cause earns on today for an officer of region with
// the earlier cards prior, under s (pure). ok is false when it earns none.
func Decide(c Cause, region string, s Settings, prior []Prior, today law.Date) (d Decision, ok bool) {
	key := ruleFor(c)
	if key == "" {
		return Decision{}, false
	}
	st := s.For(key, region)
	if st.Colour != Yellow && st.Colour != Red {
		return Decision{}, false
	}
	r, _ := RuleOf(key)
	d = Decision{Rule: key, Colour: st.Colour, Points: st.Points, Basis: r.Basis}
	if d.Colour != Yellow {
		return d, true
	}
	rep := s.For(RuleRepeat, region)
	if rep.Colour != Red || rep.Months <= 0 {
		return d, true
	}
	from := monthsBefore(today, rep.Months).String()
	for _, p := range prior {
		if p.Colour == Yellow && p.Status == InForce && p.IssuedOn > from && p.IssuedOn <= today.String() {
			rr, _ := RuleOf(RuleRepeat)
			d.Colour, d.Repeated, d.Points, d.Months = Red, true, d.Points+rep.Points, rep.Months
			d.Basis += "；" + rr.Basis
			break
		}
	}
	return d, true
}

// Reason is the card's reason as the officer's record shows it.
func (d Decision) Reason(what string) string {
	var b strings.Builder
	b.WriteString(RuleLabel(d.Rule))
	if what != "" {
		b.WriteString("：" + what)
	}
	if d.Repeated {
		b.WriteString("（" + strconv.Itoa(d.Months) + "个月内已有黄牌，升为红牌）")
	}
	return b.String()
}

// monthsBefore is the same day n months before d (the month's last day
// when it has no such day): a card issued after it is "within n months".
func monthsBefore(d law.Date, n int) law.Date {
	first := time.Date(d.Y, d.M-time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return law.NewDate(first.Year(), first.Month(), min(d.D, last))
}
