package cases

import (
	"slices"
	"strings"
	"time"

	"zfjd/internal/ident"
	"zfjd/internal/law"
)

// ruleRow is one legal rule checked on the clean base case: mut changes the
// case (and the knobs of its environment), want is the exact set of rule
// codes that must then fire, and contains a text the message must hold.
type ruleRow struct {
	name     string // the rule, with its article
	mut      func(c *Case, k *knobs)
	want     []string
	contains string
}

// knobs are what a row may change about the environment; the store test
// turns each into real rows (officers, agency settings, matter threshold).
type knobs struct {
	today         string
	extraOfficers map[string]OfficerCert
	publicityDays int
	statementDays int // 0: the default 5 working days
	reviewMatter  bool
	criminalFen   *int64
	ranges        []benchRange          // benchmark versions for the matter
	multiples     map[string][2]float64 // tier → multiples of illegal income set on its ranges
	statutory     *StatutoryRange       // the matter's statutory fine range (statutoryTable)
	// The agency's hearing settings (处罚法 Art. 63); rows start from 公民
	// 5,000 元 and 法人 10 万元 with no extra kinds, and may unset them (0, nil).
	hearingPersonFen, hearingOrgFen int64
	hearingKinds                    *[]string
	// The region's rule settings and the cross-case rules' data
	// (crossTable; rules_cross_test.go stores them for real).
	rules RulesInForce
	data  RuleData
}

// newKnobs is the environment of the clean base case.
func newKnobs() *knobs {
	return &knobs{today: "2024-12-01", hearingPersonFen: 500_000, hearingOrgFen: 10_000_000, hearingKinds: &[]string{}}
}

type benchRange struct {
	from, tier string
	min, max   int64
}

func (k *knobs) rangeFunc() func(string, law.Date) *FineRange {
	if len(k.ranges) == 0 {
		return nil
	}
	return func(tier string, on law.Date) *FineRange {
		var best *benchRange
		for i := range k.ranges {
			r := &k.ranges[i]
			if r.tier == tier && r.from <= on.String() && (best == nil || r.from > best.from) {
				best = r
			}
		}
		if best == nil {
			return nil
		}
		r := &FineRange{MinFen: &best.min, MaxFen: &best.max, Version: best.from}
		if m, ok := k.multiples[tier]; ok {
			r.IncomeMin, r.IncomeMax = &m[0], &m[1]
		}
		return r
	}
}

// Base officers, valid 2020–2030: two investigators who also hold
// qualifications (so the conflict rows test the conflict alone), a legal
// reviewer and hearing host, and an officer with no qualification.
var baseOfficers = map[string]OfficerCert{
	"T0001": {Name: "王调查", ValidFrom: "2020-01-01", ValidTo: "2030-12-31", Status: "valid", Qualifications: []string{"hearing_host", "legal_review"}},
	"T0002": {Name: "李调查", ValidFrom: "2020-01-01", ValidTo: "2030-12-31", Status: "valid", Qualifications: []string{"legal_review"}},
	"T0009": {Name: "赵审核", ValidFrom: "2020-01-01", ValidTo: "2030-12-31", Status: "valid", Qualifications: []string{"hearing_host", "legal_review"}},
	"T0010": {Name: "钱执法", ValidFrom: "2020-01-01", ValidTo: "2030-12-31", Status: "valid"},
}

var two = []string{"T0001", "T0002"}

func ptr[T any](v T) *T { return &v }

// baseCase is a clean general-procedure case in 2024: no rule fires.
// Dates: filed 03-05 (decision due 06-03, 处罚法 Art. 60), notice 05-20
// (hearing request window to 05-27, Art. 64), decided 06-01 (delivery and
// publicity due 06-12 with 端午 06-10 off, Art. 61, 85), delivered 06-03,
// published 06-06, paid 06-10 (due 06-18, Art. 67).
func baseCase() *Case {
	return &Case{
		SourceSystem: "t", SourceID: "base", AgencyCode: "11370100MB2844944P", RegionCode: "370102", MatterCode: "T-MATTER",
		Procedure: "general",
		Party:     Party{Kind: "org", Name: "某某餐饮有限公司", IDNumber: "91370102MA3C5R2K0M"},
		Facts:     Facts{ActDate: "2024-03-01", FirstOffense: ptr(true), Harm: "slight", Corrected: ptr(true)},
		Events: []Event{
			{Type: "filed", At: "2024-03-05", Officers: two},
			{Type: "investigation", At: "2024-03-10", Officers: two},
			{Type: "notified", At: "2024-05-20", HearingRight: ptr(true), Officers: two},
			{Type: "decided", At: "2024-06-01", Outcome: "penalty", Tier: "ordinary", Penalties: []Penalty{{Kind: "fine", AmountFen: 500000}}},
			{Type: "delivered", At: "2024-06-03", Officers: two},
			{Type: "published", At: "2024-06-06"},
			{Type: "paid", At: "2024-06-10", AmountFen: ptr(int64(500000))},
		},
	}
}

// ev returns the first event of type t in c.
func ev(c *Case, t string) *Event {
	for i := range c.Events {
		if c.Events[i].Type == t {
			return &c.Events[i]
		}
	}
	panic("no event " + t)
}

func drop(c *Case, types ...string) {
	c.Events = slices.DeleteFunc(c.Events, func(e Event) bool { return slices.Contains(types, e.Type) })
}

func add(c *Case, es ...Event) { c.Events = append(c.Events, es...) }

func fine(c *Case, fen int64) {
	ev(c, "decided").Penalties = []Penalty{{Kind: "fine", AmountFen: fen}}
	ev(c, "paid").AmountFen = ptr(fen)
}

// person makes the party a citizen whose 身份证号 gives age on the act date
// (处罚法 Art. 30; exchange v1.1: the birth date decides).
func person(c *Case, age int) {
	act := law.MustParseDate(c.Facts.ActDate)
	birth := time.Date(act.Y-age, act.M, act.D, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -20)
	c.Party = Party{Kind: "person", Name: "张三", IDNumber: ident.MakeIDCard("370102", birth, "001")}
	c.Facts.PartyAge = &age
}

// ruleTable has a row for every rule of the spec's warning table except
// SIMILAR_CASE_DISPARITY, firing and just not firing, with its article.
var ruleTable = []ruleRow{
	{name: "clean case: nothing fires", mut: func(c *Case, k *knobs) {}},

	// 处罚法 Art. 36 (exchange v1.1: discovery, not filing or decision; no 民法典 Art. 203)
	{name: "Art. 36: first discovered (filed) after two years (2024-03-01, a Friday)", mut: func(c *Case, k *knobs) {
		c.Facts.ActDate = "2022-03-01"
	}, want: []string{"LIMITATION_EXPIRED"}, contains: "2024-03-01"},
	{name: "Art. 36: discovered within two years, filed after them", mut: func(c *Case, k *knobs) {
		c.Facts.ActDate = "2022-03-01"
		add(c, Event{Type: "discovered", At: "2024-02-26", Officers: two})
	}},
	{name: "Art. 36: discovered in time, decided after the anniversary (Art. 60 governs the decision, not Art. 36)", mut: func(c *Case, k *knobs) {
		c.Facts.ActDate = "2022-05-20"
	}},
	{name: "Art. 36: the bar is not moved by 民法典 Art. 203 — Saturday 2024-03-02 is the last day", mut: func(c *Case, k *knobs) {
		c.Facts.ActDate = "2022-03-02"
		add(c, Event{Type: "discovered", At: "2024-03-04", Officers: two})
	}, want: []string{"LIMITATION_EXPIRED"}, contains: "至2024-03-02届满"},
	{name: "Art. 36: discovered on the last day, a Saturday", mut: func(c *Case, k *knobs) {
		c.Facts.ActDate = "2022-03-02"
		add(c, Event{Type: "discovered", At: "2024-03-02", Officers: two})
	}},
	{name: "Art. 36: continuing act counts from its end", mut: func(c *Case, k *knobs) {
		c.Facts.ActDate = "2021-01-01"
		c.Facts.ActEndDate = ptr("2022-06-01")
	}},
	{name: "Art. 36: five years where life/health/financial safety and harm", mut: func(c *Case, k *knobs) {
		c.Facts.ActDate = "2020-06-01"
		c.Facts.LifeHealthOrFinancial = true
	}},
	{name: "Art. 36: five years need harm (none → two years)", mut: func(c *Case, k *knobs) {
		c.Facts.ActDate = "2020-06-01"
		c.Facts.LifeHealthOrFinancial = true
		c.Facts.Harm = "none"
		c.Facts.Corrected = ptr(false)
	}, want: []string{"LIMITATION_EXPIRED"}},
	{name: "Art. 36: the anniversary in National Day 2025 is the last day; filed 10-09 is too late", mut: func(c *Case, k *knobs) {
		k.today = "2025-10-20"
		c.Facts.ActDate = "2023-10-01"
		drop(c, "decided", "delivered", "published", "paid", "notified")
		ev(c, "filed").At = "2025-10-09"
		ev(c, "investigation").At = "2025-10-10"
	}, want: []string{"LIMITATION_EXPIRED"}, contains: "至2025-10-01届满"},
	{name: "Art. 36: registered on 2025-09-30, before the holiday, filed after it", mut: func(c *Case, k *knobs) {
		k.today = "2025-10-20"
		c.Facts.ActDate = "2023-10-01"
		drop(c, "decided", "delivered", "published", "paid", "notified")
		add(c, Event{Type: "discovered", At: "2025-09-30", Officers: two})
		ev(c, "filed").At = "2025-10-10"
		ev(c, "investigation").At = "2025-10-11"
	}},

	// 处罚法 Art. 60
	{name: "Art. 60: decided on day 91", mut: func(c *Case, k *knobs) {
		ev(c, "decided").At = "2024-06-04"
		ev(c, "delivered").At = "2024-06-04"
	}, want: []string{"DECISION_OVERDUE"}, contains: "2024-06-03"},
	{name: "Art. 60: decided on day 90", mut: func(c *Case, k *knobs) {
		ev(c, "decided").At = "2024-06-03"
	}},
	{name: "Art. 60: approved extension of 30 days", mut: func(c *Case, k *knobs) {
		add(c, Event{Type: "extension_approved", At: "2024-05-30", Days: 30})
		ev(c, "decided").At = "2024-07-01"
		ev(c, "delivered").At = "2024-07-02"
		ev(c, "published").At = "2024-07-02"
		ev(c, "paid").At = "2024-07-03"
	}},
	{name: "Art. 60: an extension approved after day 90 revives nothing", mut: func(c *Case, k *knobs) {
		add(c, Event{Type: "extension_approved", At: "2024-06-20", Days: 30})
		ev(c, "decided").At = "2024-07-01"
		ev(c, "delivered").At = "2024-07-02"
		ev(c, "published").At = "2024-07-02"
		ev(c, "paid").At = "2024-07-03"
	}, want: []string{"DECISION_OVERDUE"}, contains: "2024-06-20批准的延期晚于当时的办案期限，不予计算"},
	{name: "Art. 60: a second extension approved within the first one chains (150 days, to 08-02)", mut: func(c *Case, k *knobs) {
		add(c, Event{Type: "extension_approved", At: "2024-05-30", Days: 30},
			Event{Type: "extension_approved", At: "2024-07-02", Days: 30})
		ev(c, "decided").At = "2024-08-02"
		ev(c, "delivered").At = "2024-08-02"
		ev(c, "published").At = "2024-08-02"
		ev(c, "paid").At = "2024-08-05"
	}},
	{name: "Art. 60: open case past 90 days (red, as time passes)", mut: func(c *Case, k *knobs) {
		k.today = "2024-06-04"
		drop(c, "decided", "delivered", "published", "paid")
	}, want: []string{"DECISION_OVERDUE"}, contains: "已超期1日"},
	{name: "Art. 60: open case on day 90", mut: func(c *Case, k *knobs) {
		k.today = "2024-06-03"
		drop(c, "decided", "delivered", "published", "paid")
	}},
	{name: "Art. 60: a case closed (撤案) without a decision has no decision clock", mut: func(c *Case, k *knobs) {
		drop(c, "notified", "decided", "delivered", "published", "paid")
		add(c, Event{Type: "closed", At: "2024-04-10", Reason: "dropped"})
	}},
	{name: "Art. 60 + 民法典 Art. 203: day 90 in National Day 2024 moves to 10-08", mut: func(c *Case, k *knobs) {
		k.today = "2024-10-08"
		c.Facts.ActDate = "2024-07-01"
		drop(c, "decided", "delivered", "published", "paid", "notified")
		ev(c, "filed").At = "2024-07-03"
		ev(c, "investigation").At = "2024-07-04"
	}},

	// 处罚法 Art. 61, 52, 85
	{name: "Art. 61: delivered on the 7th working day (端午 06-10 off)", mut: func(c *Case, k *knobs) {
		ev(c, "delivered").At = "2024-06-12"
		ev(c, "paid").At = "2024-06-13"
	}},
	{name: "Art. 61: delivered on the 8th working day", mut: func(c *Case, k *knobs) {
		ev(c, "delivered").At = "2024-06-13"
		ev(c, "paid").At = "2024-06-13"
	}, want: []string{"DELIVERY_OVERDUE"}, contains: "2024-06-12"},
	{name: "Art. 61, 85: across Spring Festival 2024 with 调休 Sunday 02-18", mut: func(c *Case, k *knobs) {
		ev(c, "notified").At = "2024-01-22"
		ev(c, "decided").At = "2024-02-08"
		ev(c, "delivered").At = "2024-02-24"
		ev(c, "published").At = "2024-02-19"
		ev(c, "paid").At = "2024-02-26"
	}, want: []string{"DELIVERY_OVERDUE"}, contains: "2024-02-23"},
	{name: "Art. 52: a decision on the spot handed over days later", mut: func(c *Case, k *knobs) {
		summary(c, "person", "fine", 10000)
		ev(c, "delivered").At = "2024-06-05"
	}, want: []string{"DELIVERY_OVERDUE"}, contains: "应当场交付（2024-06-01）"},

	// 国办发〔2018〕118号; 市场监管公示规定 Art. 2
	{name: "118号: published on the 8th working day", mut: func(c *Case, k *knobs) {
		ev(c, "published").At = "2024-06-13"
	}, want: []string{"PUBLICITY_OVERDUE"}},
	{name: "118号: agency period of 20 working days", mut: func(c *Case, k *knobs) {
		k.publicityDays = 20
		ev(c, "published").At = "2024-06-13"
	}},
	{name: "118号: never published (red)", mut: func(c *Case, k *knobs) {
		drop(c, "published")
	}, want: []string{"PUBLICITY_OVERDUE"}},
	{name: "118号: no publicity for a no-penalty decision", mut: func(c *Case, k *knobs) {
		d := ev(c, "decided")
		d.Outcome, d.Tier, d.Penalties = "no_penalty", "none", nil
		drop(c, "published", "paid")
	}},
	{name: "公示规定 Art. 2: a summary-procedure warning is not published", mut: func(c *Case, k *knobs) {
		k.publicityDays = 20
		summary(c, "org", "warning", 0)
		drop(c, "published")
	}},
	{name: "公示规定 Art. 2: a general-procedure warning alone is not published", mut: func(c *Case, k *knobs) {
		ev(c, "decided").Penalties = []Penalty{{Kind: "warning"}}
		drop(c, "published", "paid")
	}},
	{name: "Art. 48: a revoked decision is neither published nor paid", mut: func(c *Case, k *knobs) {
		drop(c, "published", "paid")
		add(c, Event{Type: "annulled", At: "2024-06-05", Kind: "revoke"})
	}},
	{name: "Art. 48: a changed decision (变更) is still published and paid", mut: func(c *Case, k *knobs) {
		drop(c, "published", "paid")
		add(c, Event{Type: "annulled", At: "2024-06-05", Kind: "change"})
	}, want: []string{"PAYMENT_OVERDUE", "PUBLICITY_OVERDUE"}},

	// 处罚法 Art. 67, 72, 73
	{name: "Art. 67: paid on day 15", mut: func(c *Case, k *knobs) {
		ev(c, "paid").At = "2024-06-18"
	}},
	{name: "Art. 67, 72: paid 2 days late, 3 %/day, 可加处", mut: func(c *Case, k *knobs) {
		ev(c, "paid").At = "2024-06-20"
	}, want: []string{"PAYMENT_OVERDUE"}, contains: "可加处罚款300元"},
	{name: "Art. 72: unpaid, late fee capped at the fine", mut: func(c *Case, k *knobs) {
		drop(c, "paid")
	}, want: []string{"PAYMENT_OVERDUE"}, contains: "可加处罚款累计5000元"},
	{name: "Art. 67: partial payments reach the fine late (fee on the 2500元 unpaid)", mut: func(c *Case, k *knobs) {
		ev(c, "paid").AmountFen = ptr(int64(250000))
		add(c, Event{Type: "paid", At: "2024-06-25", AmountFen: ptr(int64(250000))})
	}, want: []string{"PAYMENT_OVERDUE"}, contains: "逾期7日，可加处罚款525元"},
	{name: "Art. 72, 行政强制法 Art. 45: 100元 left unpaid for 30 days adds 90元, not 4500元", mut: func(c *Case, k *knobs) {
		ev(c, "paid").AmountFen = ptr(int64(490000))
		add(c, Event{Type: "paid", At: "2024-07-18", AmountFen: ptr(int64(10000))})
	}, want: []string{"PAYMENT_OVERDUE"}, contains: "可加处罚款90元"},
	{name: "Art. 73 第三款: the days of a 复议 do not add to the fee", mut: func(c *Case, k *knobs) {
		k.today = "2024-07-31"
		drop(c, "paid")
		add(c, Event{Type: "appealed", At: "2024-06-20"}, Event{Type: "appeal_concluded", At: "2024-07-20"})
	}, want: []string{"PAYMENT_OVERDUE"}, contains: "可加处罚款累计1800元（每日按未缴罚款数额的3%，不超过逾期时未缴的数额，复议、诉讼期间31日不计"},
	{name: "Art. 66: approved deferral moves the last day", mut: func(c *Case, k *knobs) {
		add(c, Event{Type: "payment_deferred", At: "2024-06-14", Until: "2024-07-31"})
		ev(c, "paid").At = "2024-07-31"
	}},
	{name: "行政强制法 Art. 53: unpaid and no application to the court three months after the 诉讼 period (请核实)", mut: func(c *Case, k *knobs) {
		k.today = "2025-04-01"
		drop(c, "paid")
	}, want: []string{"PAYMENT_OVERDUE"}, contains: "申请人民法院强制执行的期限已于2025-03-03届满"},
	{name: "行政强制法 Art. 54: applied to the court before ten working days after the 催告", mut: func(c *Case, k *knobs) {
		k.today = "2025-01-10"
		drop(c, "paid")
		add(c, Event{Type: "enforcement_urged", At: "2024-12-10"}, Event{Type: "enforcement_applied", At: "2024-12-16"})
	}, want: []string{"PAYMENT_OVERDUE"}, contains: "未满十日（2024-12-24后方可申请"},
	{name: "行政强制法 Art. 53, 54: applied in the window after the 催告", mut: func(c *Case, k *knobs) {
		k.today = "2025-01-10"
		drop(c, "paid")
		add(c, Event{Type: "enforcement_urged", At: "2024-12-10"}, Event{Type: "enforcement_applied", At: "2024-12-25"})
	}, want: []string{"PAYMENT_OVERDUE"}, contains: "至今未缴清"},

	// 处罚法 Art. 58, 65
	{name: "Art. 58(一): major case decided without review", mut: func(c *Case, k *knobs) {
		c.Facts.Major = true
		add(c, Event{Type: "collective_discussion", At: "2024-05-31"})
	}, want: []string{"LEGAL_REVIEW_MISSING"}},
	{name: "Art. 58: major case with a passed review and a collective discussion", mut: func(c *Case, k *knobs) {
		c.Facts.Major = true
		add(c, Event{Type: "legal_review", At: "2024-05-30", Result: "pass", Reviewer: "T0009"},
			Event{Type: "collective_discussion", At: "2024-05-31"})
	}},
	{name: "Art. 58(一): 涉及重大公共利益 needs review (and no collective discussion)", mut: func(c *Case, k *knobs) {
		c.Facts.PublicInterest = true
	}, want: []string{"LEGAL_REVIEW_MISSING"}, contains: "涉及重大公共利益"},
	{name: "Art. 58: last review failed", mut: func(c *Case, k *knobs) {
		c.Facts.Complex = true
		add(c, Event{Type: "legal_review", At: "2024-05-30", Result: "fail", Reviewer: "T0009"},
			Event{Type: "collective_discussion", At: "2024-05-31"})
	}, want: []string{"LEGAL_REVIEW_MISSING"}, contains: "未通过"},
	{name: "Art. 58(二): hearing held, no review", mut: func(c *Case, k *knobs) {
		add(c, Event{Type: "hearing_requested", At: "2024-05-21"},
			Event{Type: "hearing_noticed", At: "2024-05-21", HearingAt: "2024-05-30"},
			Event{Type: "hearing_held", At: "2024-05-30", Host: "T0009"})
	}, want: []string{"LEGAL_REVIEW_MISSING"}, contains: "经过听证程序"},
	{name: "Art. 58(二), 65: a review before the hearing does not count", mut: func(c *Case, k *knobs) {
		add(c, Event{Type: "legal_review", At: "2024-05-20", Result: "pass", Reviewer: "T0009"},
			Event{Type: "hearing_requested", At: "2024-05-21"},
			Event{Type: "hearing_noticed", At: "2024-05-21", HearingAt: "2024-05-30"},
			Event{Type: "hearing_held", At: "2024-05-30", Host: "T0009"})
	}, want: []string{"LEGAL_REVIEW_MISSING"}, contains: "未根据听证笔录进行法制审核"},
	{name: "Art. 58(四): the agency's review list names the matter", mut: func(c *Case, k *knobs) {
		k.reviewMatter = true
	}, want: []string{"LEGAL_REVIEW_MISSING"}},

	// 处罚法 Art. 64(四); Art. 58 with 118号
	{name: "118号: the reviewer investigated the case (by certificate)", mut: func(c *Case, k *knobs) {
		c.Facts.Major = true
		add(c, Event{Type: "legal_review", At: "2024-05-30", Result: "pass", Reviewer: "T0002"},
			Event{Type: "collective_discussion", At: "2024-05-31"})
	}, want: []string{"REVIEWER_CONFLICT"}},
	{name: "118号: the reviewer investigated the case (by name)", mut: func(c *Case, k *knobs) {
		add(c, Event{Type: "legal_review", At: "2024-05-30", Result: "pass", Reviewer: "王调查"})
	}, want: []string{"REVIEWER_CONFLICT"}},
	{name: "Art. 64(四): the hearing host investigated the case", mut: func(c *Case, k *knobs) {
		add(c, Event{Type: "hearing_requested", At: "2024-05-21"},
			Event{Type: "hearing_noticed", At: "2024-05-21"},
			Event{Type: "hearing_held", At: "2024-05-31", Host: "T0001"},
			Event{Type: "legal_review", At: "2024-05-31", Result: "pass", Reviewer: "T0009"})
	}, want: []string{"REVIEWER_CONFLICT"}, contains: "听证主持人"},

	// 处罚法 Art. 58 第二款; 山东省行政执法监督条例 Art. 11
	{name: "Art. 58 第二款: the reviewer holds no legal-review qualification", mut: func(c *Case, k *knobs) {
		add(c, Event{Type: "legal_review", At: "2024-05-30", Result: "pass", Reviewer: "T0010"})
	}, want: []string{"REVIEWER_UNQUALIFIED"}, contains: "未登记法制审核资格"},
	{name: "Art. 58 第二款: a reviewer not on the register is asked about (请核实)", mut: func(c *Case, k *knobs) {
		add(c, Event{Type: "legal_review", At: "2024-05-30", Result: "pass", Reviewer: "法制科某某"})
	}, want: []string{"REVIEWER_UNQUALIFIED"}, contains: "请核实"},
	{name: "Art. 58 第二款: a qualified reviewer named by name", mut: func(c *Case, k *knobs) {
		add(c, Event{Type: "legal_review", At: "2024-05-30", Result: "pass", Reviewer: "赵审核"})
	}},
	{name: "鲁条例 Art. 11: the hearing host holds no host qualification", mut: func(c *Case, k *knobs) {
		hearing(c, "2024-05-21", "2024-05-30")
		ev(c, "hearing_held").Host = "T0010"
	}, want: []string{"HEARING_HOST_UNQUALIFIED"}, contains: "未取得听证主持人资格"},

	// 处罚法 Art. 42, 55; 行政强制法 Art. 18; 移送规定 Art. 5
	{name: "Art. 42, 55: investigation by one officer", mut: func(c *Case, k *knobs) {
		ev(c, "investigation").Officers = []string{"T0001"}
	}, want: []string{"OFFICERS_INSUFFICIENT"}},
	{name: "Art. 42: direct delivery by one officer", mut: func(c *Case, k *knobs) {
		ev(c, "delivered").Officers, ev(c, "delivered").Method = []string{"T0001"}, "direct"
	}, want: []string{"OFFICERS_INSUFFICIENT"}, contains: "直接送达仅有1名执法人员"},
	{name: "Art. 61: delivery by post needs no officers", mut: func(c *Case, k *knobs) {
		ev(c, "delivered").Officers, ev(c, "delivered").Method = nil, "post"
	}},
	{name: "Art. 42: delivery with no officers and no method is asked about (请核实)", mut: func(c *Case, k *knobs) {
		ev(c, "delivered").Officers = nil
	}, want: []string{"OFFICERS_INSUFFICIENT"}, contains: "未注明送达方式"},
	{name: "Art. 42: the same officer twice counts once", mut: func(c *Case, k *knobs) {
		ev(c, "investigation").Officers = []string{"T0001", "T0001"}
	}, want: []string{"OFFICERS_INSUFFICIENT"}},
	{name: "行政强制法 Art. 18: seizure by one officer", mut: func(c *Case, k *knobs) {
		add(c, Event{Type: "seized", At: "2024-03-10", Officers: []string{"T0002"}},
			Event{Type: "seizure_released", At: "2024-03-20", Officers: two})
	}, want: []string{"OFFICERS_INSUFFICIENT"}},
	{name: "移送规定 Art. 5: a transfer report by one officer", mut: func(c *Case, k *knobs) {
		transfer(c, "2024-06-03", "2024-06-06", "2024-06-07")
		ev(c, "transfer_proposed").Officers = []string{"T0001"}
	}, want: []string{"OFFICERS_INSUFFICIENT"}, contains: "专案组"},
	{name: "Art. 42, 52: a decision on the spot by one officer", mut: func(c *Case, k *knobs) {
		summary(c, "person", "fine", 10000)
		ev(c, "discovered").Officers = []string{"T0001"}
	}, want: []string{"OFFICERS_INSUFFICIENT"}, contains: "当场作出处罚决定的执法人员仅有1名"},
	{name: "Art. 42: notice by one officer is not in the list", mut: func(c *Case, k *knobs) {
		ev(c, "notified").Officers = []string{"T0001"}
	}},

	// 处罚法 Art. 42
	{name: "Art. 42: certificate expired before the act", mut: func(c *Case, k *knobs) {
		k.extraOfficers = map[string]OfficerCert{"T0003": {Name: "过期", ValidFrom: "2019-01-01", ValidTo: "2024-03-01", Status: "valid"}}
		ev(c, "investigation").Officers = []string{"T0001", "T0003"}
	}, want: []string{"CERTIFICATE_INVALID"}, contains: "2024-03-01过期"},
	{name: "Art. 42: revoked after the act is still valid for it", mut: func(c *Case, k *knobs) {
		k.extraOfficers = map[string]OfficerCert{"T0004": {Name: "吊销", ValidFrom: "2019-01-01", ValidTo: "2030-01-01", Status: "revoked", StatusSince: "2024-05-01"}}
		ev(c, "investigation").Officers = []string{"T0001", "T0004"}
	}},
	{name: "Art. 42: acting after revocation", mut: func(c *Case, k *knobs) {
		k.extraOfficers = map[string]OfficerCert{"T0004": {Name: "吊销", ValidFrom: "2019-01-01", ValidTo: "2030-01-01", Status: "revoked", StatusSince: "2024-05-01"}}
		ev(c, "delivered").Officers = []string{"T0001", "T0004"}
	}, want: []string{"CERTIFICATE_INVALID"}, contains: "已吊销"},
	{name: "Art. 42: suspended with no effective day is invalid on every day", mut: func(c *Case, k *knobs) {
		k.extraOfficers = map[string]OfficerCert{"T0005": {Name: "暂扣", ValidFrom: "2019-01-01", ValidTo: "2030-01-01", Status: "suspended"}}
		ev(c, "filed").Officers = []string{"T0001", "T0005"}
	}, want: []string{"CERTIFICATE_INVALID"}},
	{name: "Art. 42: a number not on the register", mut: func(c *Case, k *knobs) {
		ev(c, "investigation").Officers = []string{"T0001", "X9999"}
	}, want: []string{"CERTIFICATE_INVALID"}, contains: "未在平台登记"},
	{name: "Art. 42: heads in a collective discussion are not enforcement officers", mut: func(c *Case, k *knobs) {
		add(c, Event{Type: "collective_discussion", At: "2024-05-31", Officers: []string{"局长甲", "副局长乙"}})
	}},

	// 处罚法 Art. 34; 国办发〔2022〕27号
	{name: "Art. 34: fine above the tier's range", mut: func(c *Case, k *knobs) {
		k.ranges = []benchRange{{"2024-01-01", "ordinary", 100000, 300000}}
	}, want: []string{"FINE_OUT_OF_RANGE"}, contains: "1000元至3000元"},
	{name: "Art. 34: inside the range", mut: func(c *Case, k *knobs) {
		k.ranges = []benchRange{{"2024-01-01", "ordinary", 100000, 300000}}
		fine(c, 300000)
	}},
	{name: "27号: outside the tier with a reason and a prior collective discussion", mut: func(c *Case, k *knobs) {
		k.ranges = []benchRange{{"2024-01-01", "ordinary", 100000, 300000}, {"2024-01-01", "heavier", 300000, 600000}}
		ev(c, "decided").DeviationReason = ptr("情节特殊")
		add(c, Event{Type: "collective_discussion", At: "2024-05-31"})
	}},
	{name: "27号: a reason without a collective discussion is not enough", mut: func(c *Case, k *knobs) {
		k.ranges = []benchRange{{"2024-01-01", "ordinary", 100000, 300000}, {"2024-01-01", "heavier", 300000, 600000}}
		ev(c, "decided").DeviationReason = ptr("情节特殊")
	}, want: []string{"FINE_OUT_OF_RANGE"}, contains: "未经负责人集体讨论"},
	{name: "Art. 34, 76: never beyond the benchmark's span (最高5000元), reason and discussion notwithstanding", mut: func(c *Case, k *knobs) {
		k.ranges = []benchRange{{"2024-01-01", "ordinary", 100000, 300000}, {"2024-01-01", "heavier", 300000, 500000}}
		fine(c, 5_000_000)
		ev(c, "decided").DeviationReason = ptr("情节严重")
		add(c, Event{Type: "collective_discussion", At: "2024-05-31"})
	}, want: []string{"FINE_OUT_OF_RANGE"}, contains: "也超出裁量基准全部阶次的幅度（1000元至5000元）"},
	{name: "Art. 34: a tier in multiples of illegal income is judged by them (2.5 × inside 1–3 ×)", mut: func(c *Case, k *knobs) {
		k.ranges = []benchRange{{"2024-01-01", "ordinary", 0, 5_000_000}}
		k.multiples = map[string][2]float64{"ordinary": {1, 3}}
		c.Facts.IllegalIncomeFen = 10_000_000
		fine(c, 25_000_000)
		ev(c, "decided").Penalties = append(ev(c, "decided").Penalties, Penalty{Kind: "confiscate_income", AmountFen: 10_000_000})
	}},
	{name: "Art. 34: 0.4 × the illegal income is below the tier's 1 ×", mut: func(c *Case, k *knobs) {
		k.ranges = []benchRange{{"2024-01-01", "ordinary", 0, 5_000_000}}
		k.multiples = map[string][2]float64{"ordinary": {1, 3}}
		c.Facts.IllegalIncomeFen = 10_000_000
		fine(c, 4_000_000)
		ev(c, "decided").Penalties = append(ev(c, "decided").Penalties, Penalty{Kind: "confiscate_income", AmountFen: 10_000_000})
	}, want: []string{"FINE_OUT_OF_RANGE"}, contains: "违法所得100000元的1倍至3倍，即100000元至300000元"},
	{name: "Art. 34: the version in force on the decision date (new version from 06-02)", mut: func(c *Case, k *knobs) {
		k.ranges = []benchRange{{"2024-01-01", "ordinary", 100000, 600000}, {"2024-06-02", "ordinary", 100000, 300000}}
	}},
	{name: "Art. 34: the new version applies from its day", mut: func(c *Case, k *knobs) {
		k.ranges = []benchRange{{"2024-01-01", "ordinary", 100000, 600000}, {"2024-06-01", "ordinary", 100000, 300000}}
	}, want: []string{"FINE_OUT_OF_RANGE"}},

	// 处罚法 Art. 30, 31, 33
	{name: "Art. 30: a 13-year-old is not punished", mut: func(c *Case, k *knobs) {
		person(c, 13)
		ev(c, "decided").Tier = "mitigated"
		fine(c, 5000)
	}, want: []string{"NO_PENALTY_DUE"}},
	{name: "Art. 30: the 身份证号 decides the age (born 2010-03-02, 13 on 2024-03-01, stated 14)", mut: func(c *Case, k *knobs) {
		person(c, 14)
		c.Party.IDNumber = ident.MakeIDCard("370102", time.Date(2010, 3, 2, 0, 0, 0, 0, time.UTC), "001")
		ev(c, "decided").Tier = "lighter"
		fine(c, 5000)
	}, want: []string{"NO_PENALTY_DUE"}, contains: "未满十四周岁（13岁）"},
	{name: "Art. 31: 不能辨认或者不能控制自己行为 (mental_incapable)", mut: func(c *Case, k *knobs) {
		person(c, 30)
		c.Facts.MentalIncapable = true
		fine(c, 100000)
	}, want: []string{"NO_PENALTY_DUE"}, contains: "第三十一条"},
	{name: "Art. 33 第二款: no fault proven (no_fault), not a first offence", mut: func(c *Case, k *knobs) {
		c.Facts.NoFault = true
		c.Facts.FirstOffense = ptr(false)
	}, want: []string{"NO_PENALTY_DUE"}, contains: "没有主观过错"},
	{name: "Art. 33 第二款: zfjd's code no_fault counts the same", mut: func(c *Case, k *knobs) {
		c.Facts.Mitigating = []string{"no_fault"}
	}, want: []string{"NO_PENALTY_DUE"}, contains: "没有主观过错"},
	{name: "Art. 33 第一款: corrected in time, no harm, 轻微 not stated (请核实)", mut: func(c *Case, k *knobs) {
		c.Facts.Harm = "none"
	}, want: []string{"NO_PENALTY_DUE"}, contains: "请核实"},
	{name: "Art. 33 第一款: minor act, corrected in time, no harm", mut: func(c *Case, k *knobs) {
		c.Facts.Harm = "none"
		c.Facts.MinorAct = ptr(true)
	}, want: []string{"NO_PENALTY_DUE"}, contains: "违法行为轻微并及时改正"},
	{name: "Art. 33 第一款: no harm and corrected, but not a minor act", mut: func(c *Case, k *knobs) {
		c.Facts.Harm = "none"
		c.Facts.MinorAct = ptr(false)
	}},
	{name: "Art. 33 第一款: first offence, slight harm, corrected — 可以, not mandatory", mut: func(c *Case, k *knobs) {}},

	// 处罚法 Art. 30
	{name: "Art. 30: a 16-year-old at the ordinary tier", mut: func(c *Case, k *knobs) {
		person(c, 16)
		fine(c, 200000)
	}, want: []string{"MINOR_NOT_MITIGATED"}},
	{name: "Art. 30: a 16-year-old at the lighter tier", mut: func(c *Case, k *knobs) {
		person(c, 16)
		fine(c, 200000)
		ev(c, "decided").Tier = "lighter"
	}},
	{name: "Art. 30: an 18-year-old", mut: func(c *Case, k *knobs) {
		person(c, 18)
		fine(c, 200000)
	}},

	// 处罚法 Art. 32, 30–32
	{name: "Art. 32(一): eliminated harm at the ordinary tier", mut: func(c *Case, k *knobs) {
		c.Facts.Mitigating = []string{"eliminated_harm"}
	}, want: []string{"MITIGATION_MISSING"}, contains: "主动消除或者减轻违法行为危害后果"},
	{name: "Art. 32(一): eliminated harm at the lighter tier", mut: func(c *Case, k *knobs) {
		c.Facts.Mitigating = []string{"eliminated_harm"}
		ev(c, "decided").Tier = "lighter"
	}},
	{name: "Art. 30–32: 减轻处罚 for an adult with no ground", mut: func(c *Case, k *knobs) {
		ev(c, "decided").Tier = "mitigated"
		fine(c, 50000)
	}, want: []string{"MITIGATION_UNFOUNDED"}},
	{name: "Art. 31: 减轻处罚 for a party not fully able to control his acts", mut: func(c *Case, k *knobs) {
		person(c, 40)
		c.Facts.Mitigating = []string{"mental_partial"}
		ev(c, "decided").Tier = "mitigated"
		fine(c, 50000)
	}},
	{name: "Art. 30: 减轻处罚 for a 15-year-old", mut: func(c *Case, k *knobs) {
		person(c, 15)
		ev(c, "decided").Tier = "mitigated"
		fine(c, 50000)
	}},

	// 处罚法 Art. 28
	{name: "Art. 28: illegal income not confiscated", mut: func(c *Case, k *knobs) {
		c.Facts.IllegalIncomeFen = 200000
	}, want: []string{"INCOME_NOT_CONFISCATED"}, contains: "违法所得2000元"},
	{name: "Art. 28, 51: illegal income in the summary procedure, which cannot confiscate it", mut: func(c *Case, k *knobs) {
		summary(c, "person", "fine", 20000)
		c.Facts.IllegalIncomeFen = 5000
	}, want: []string{"INCOME_NOT_CONFISCATED"}, contains: "应适用普通程序"},
	{name: "Art. 28: illegal income confiscated", mut: func(c *Case, k *knobs) {
		c.Facts.IllegalIncomeFen = 200000
		ev(c, "decided").Penalties = append(ev(c, "decided").Penalties, Penalty{Kind: "confiscate_income", AmountFen: 200000})
	}},
	{name: "Art. 28: a refund ordered instead (退赔)", mut: func(c *Case, k *knobs) {
		c.Facts.IllegalIncomeFen = 200000
		add(c, Event{Type: "refund_ordered", At: "2024-05-31", Note: "责令退还消费者"})
	}},
	{name: "Art. 28: less confiscated than found, no refund (请核实)", mut: func(c *Case, k *knobs) {
		c.Facts.IllegalIncomeFen = 200000
		ev(c, "decided").Penalties = append(ev(c, "decided").Penalties, Penalty{Kind: "confiscate_income", AmountFen: 50000})
	}, want: []string{"INCOME_NOT_CONFISCATED"}, contains: "请核实"},

	// 处罚法 Art. 57 第二款
	{name: "Art. 57 第二款: a major case with a review but no collective discussion", mut: func(c *Case, k *knobs) {
		c.Facts.Major = true
		add(c, Event{Type: "legal_review", At: "2024-05-30", Result: "pass", Reviewer: "T0009"})
	}, want: []string{"COLLECTIVE_DISCUSSION_MISSING"}},
	{name: "Art. 57 第二款: a complex case discussed after the decision", mut: func(c *Case, k *knobs) {
		c.Facts.Complex = true
		add(c, Event{Type: "legal_review", At: "2024-05-30", Result: "pass", Reviewer: "T0009"},
			Event{Type: "collective_discussion", At: "2024-06-02"})
	}, want: []string{"COLLECTIVE_DISCUSSION_MISSING"}, contains: "情节复杂"},

	// 处罚法 Art. 51
	{name: "Art. 51: 200 元 on the spot for a citizen", mut: func(c *Case, k *knobs) { summary(c, "person", "fine", 20000) }},
	{name: "Art. 51: 201 元 on the spot for a citizen", mut: func(c *Case, k *knobs) { summary(c, "person", "fine", 20100) },
		want: []string{"SUMMARY_OVER_LIMIT"}},
	{name: "Art. 51: 3,000 元 for an organisation", mut: func(c *Case, k *knobs) { summary(c, "org", "fine", 300000) }},
	{name: "Art. 51: 3,000.01 元 for an organisation", mut: func(c *Case, k *knobs) { summary(c, "org", "fine", 300001) },
		want: []string{"SUMMARY_OVER_LIMIT"}},
	{name: "Art. 51: a warning on the spot", mut: func(c *Case, k *knobs) { summary(c, "org", "warning", 0) }},
	{name: "Art. 51: suspending a licence on the spot", mut: func(c *Case, k *knobs) { summary(c, "org", "suspend_license", 0) },
		want: []string{"SUMMARY_OVER_LIMIT"}},

	// 处罚法 Art. 44, 45, 62, 64
	{name: "Art. 44, 62: decided without notice", mut: func(c *Case, k *knobs) {
		drop(c, "notified")
	}, want: []string{"NOTICE_MISSING"}},
	{name: "Art. 44, 45: a notice on the day of the decision is no prior notice", mut: func(c *Case, k *knobs) {
		ev(c, "notified").HearingRight = ptr(false)
		ev(c, "notified").At = "2024-06-01"
	}, want: []string{"NOTICE_MISSING"}, contains: "告知当日即作出处罚决定"},
	{name: "Art. 62: told and waived on the day of the decision", mut: func(c *Case, k *knobs) {
		ev(c, "notified").HearingRight = ptr(false)
		ev(c, "notified").At = "2024-06-01"
		add(c, Event{Type: "rights_waived", At: "2024-06-01", Note: "当事人当场书面放弃陈述、申辩"})
	}},
	{name: "Art. 63: a same-day waiver does not cover a hearing right never told", mut: func(c *Case, k *knobs) {
		ev(c, "notified").HearingRight = ptr(false)
		ev(c, "notified").At = "2024-06-01"
		ev(c, "decided").Penalties = []Penalty{{Kind: "revoke_license"}}
		drop(c, "paid")
		add(c, Event{Type: "rights_waived", At: "2024-06-01"})
	}, want: []string{"HEARING_RIGHT_MISSING"}},
	{name: "Art. 64: decided on the last day of the 5-working-day request period", mut: func(c *Case, k *knobs) {
		ev(c, "decided").At = "2024-05-27"
		ev(c, "published").At = "2024-06-04"
	}, want: []string{"NOTICE_MISSING"}, contains: "2024-05-27"},
	{name: "Art. 64: decided the day after the request period", mut: func(c *Case, k *knobs) {
		ev(c, "decided").At = "2024-05-28"
	}},
	{name: "Art. 63: hearing requested, decided without holding it", mut: func(c *Case, k *knobs) {
		add(c, Event{Type: "hearing_requested", At: "2024-05-22"})
	}, want: []string{"NOTICE_MISSING"}, contains: "申请听证"},
	{name: "Art. 45: no hearing right, decided the next day, inside the 陈述申辩 period (5 working days)", mut: func(c *Case, k *knobs) {
		ev(c, "notified").HearingRight = ptr(false)
		ev(c, "notified").At = "2024-05-31"
	}, want: []string{"NOTICE_MISSING"}, contains: "陈述申辩期至2024-06-07（5个工作日）届满"},
	{name: "Art. 45: no hearing right, decided after the 陈述申辩 period", mut: func(c *Case, k *knobs) {
		ev(c, "notified").HearingRight = ptr(false)
		ev(c, "notified").At = "2024-05-24"
	}},
	{name: "Art. 45: the agency's 陈述申辩 period of 3 working days", mut: func(c *Case, k *knobs) {
		k.statementDays = 3
		ev(c, "notified").HearingRight = ptr(false)
		ev(c, "notified").At = "2024-05-28"
	}},
	{name: "Art. 62: the party waived his rights in writing, decided the next day", mut: func(c *Case, k *knobs) {
		ev(c, "notified").HearingRight = ptr(false)
		ev(c, "notified").At = "2024-05-31"
		add(c, Event{Type: "rights_waived", At: "2024-05-31", Note: "当事人书面声明放弃陈述、申辩"})
	}},
	{name: "Art. 62: a waiver of the hearing right too, decided two days after the notice", mut: func(c *Case, k *knobs) {
		add(c, Event{Type: "rights_waived", At: "2024-05-22", Note: "当事人书面声明放弃陈述、申辩和听证"})
		ev(c, "decided").At = "2024-05-22"
		ev(c, "delivered").At = "2024-05-23"
		ev(c, "published").At = "2024-05-24"
		ev(c, "paid").At = "2024-05-27"
	}},
	{name: "Art. 62: a hearing request withdrawn (waived) needs no hearing", mut: func(c *Case, k *knobs) {
		add(c, Event{Type: "hearing_requested", At: "2024-05-22"}, Event{Type: "rights_waived", At: "2024-05-24"})
	}},
	{name: "Art. 64(六): the party did not come to a hearing noticed in time", mut: func(c *Case, k *knobs) {
		add(c, Event{Type: "hearing_requested", At: "2024-05-22"},
			Event{Type: "hearing_noticed", At: "2024-05-22", HearingAt: "2024-05-31"},
			Event{Type: "hearing_absent", At: "2024-05-31", Note: "当事人无正当理由未到场"})
	}},

	// 处罚法 Art. 63
	{name: "Art. 63(三): revoking a licence, notice without hearing right", mut: func(c *Case, k *knobs) {
		ev(c, "notified").HearingRight = ptr(false)
		ev(c, "decided").Penalties = []Penalty{{Kind: "revoke_license"}}
		drop(c, "paid")
	}, want: []string{"HEARING_RIGHT_MISSING"}},
	{name: "Art. 63: the last notice before the decision gave the right; an earlier one did not", mut: func(c *Case, k *knobs) {
		add(c, Event{Type: "notified", At: "2024-05-10", HearingRight: ptr(false), Officers: two})
		ev(c, "decided").Penalties = []Penalty{{Kind: "revoke_license"}}
		drop(c, "paid")
	}},
	{name: "Art. 63(一): 10万元 fine for an organisation", mut: func(c *Case, k *knobs) {
		ev(c, "notified").HearingRight = ptr(false)
		fine(c, 10_000_000)
	}, want: []string{"HEARING_RIGHT_MISSING"}},
	{name: "Art. 63(一): just under 较大数额 for an organisation", mut: func(c *Case, k *knobs) {
		ev(c, "notified").HearingRight = ptr(false)
		fine(c, 9_999_999)
	}},
	{name: "Art. 63(一): 5,000 元 for a citizen", mut: func(c *Case, k *knobs) {
		person(c, 40)
		ev(c, "notified").HearingRight = ptr(false)
		fine(c, 500_000)
	}, want: []string{"HEARING_RIGHT_MISSING"}},
	{name: "Art. 63(一): 较大数额 not set by the agency — no default, asked about (请核实)", mut: func(c *Case, k *knobs) {
		k.hearingOrgFen = 0
		ev(c, "notified").HearingRight = ptr(false)
		fine(c, 10_000_000)
	}, want: []string{"HEARING_RIGHT_MISSING"}, contains: "本机关未设置对法人或者其他组织“较大数额”的标准"},
	{name: "Art. 63(一), 51: with 较大数额 unset, a fine that could be imposed on the spot (3,000 元) is not asked about", mut: func(c *Case, k *knobs) {
		k.hearingOrgFen = 0
		ev(c, "notified").HearingRight = ptr(false)
		fine(c, 300_000)
	}},
	{name: "Art. 63(五): 暂扣许可证件 where the agency has not said which kinds are 较重 (请核实)", mut: func(c *Case, k *knobs) {
		k.hearingKinds = nil
		ev(c, "notified").HearingRight = ptr(false)
		ev(c, "decided").Penalties = []Penalty{{Kind: "suspend_license"}}
		drop(c, "paid")
	}, want: []string{"HEARING_RIGHT_MISSING"}, contains: "其他较重的行政处罚"},
	{name: "Art. 63(五): the agency counts 限制开展生产经营活动 as 较重", mut: func(c *Case, k *knobs) {
		k.hearingKinds = &[]string{"restrict_business"}
		ev(c, "notified").HearingRight = ptr(false)
		ev(c, "decided").Penalties = []Penalty{{Kind: "restrict_business"}}
		drop(c, "paid")
	}, want: []string{"HEARING_RIGHT_MISSING"}, contains: "限制开展生产经营活动"},
	{name: "Art. 63(五): the agency's list leaves 暂扣许可证件 out", mut: func(c *Case, k *knobs) {
		k.hearingKinds = &[]string{"restrict_business"}
		ev(c, "notified").HearingRight = ptr(false)
		ev(c, "decided").Penalties = []Penalty{{Kind: "suspend_license"}}
		drop(c, "paid")
	}},

	// 处罚法 Art. 64(二), 85
	{name: "Art. 64: hearing 6 working days after its notice", mut: func(c *Case, k *knobs) {
		hearing(c, "2024-05-21", "2024-05-29")
	}, want: []string{"HEARING_NOTICE_LATE"}, contains: "2024-05-30"},
	{name: "Art. 64: hearing 7 working days after its notice", mut: func(c *Case, k *knobs) {
		hearing(c, "2024-05-21", "2024-05-30")
	}},
	{name: "Art. 64(二), (六): a no-show at a hearing noticed too late is no lawful no-show", mut: func(c *Case, k *knobs) {
		add(c, Event{Type: "hearing_requested", At: "2024-05-21"},
			Event{Type: "hearing_noticed", At: "2024-05-21", HearingAt: "2024-05-29"},
			Event{Type: "hearing_absent", At: "2024-05-29"})
	}, want: []string{"HEARING_NOTICE_LATE"}},

	// 处罚法 Art. 56, 85
	{name: "Art. 56: preservation dealt with on the 7th working day across National Day 2024", mut: func(c *Case, k *knobs) {
		preserve(c, "2024-09-27", "2024-10-12")
	}},
	{name: "Art. 56: dealt with on the 8th working day", mut: func(c *Case, k *knobs) {
		preserve(c, "2024-09-27", "2024-10-14")
	}, want: []string{"PRESERVATION_OVERDUE"}, contains: "2024-10-12"},
	{name: "Art. 56: never dealt with (red)", mut: func(c *Case, k *knobs) {
		preserve(c, "2024-09-27", "")
	}, want: []string{"PRESERVATION_OVERDUE"}},

	// 行政强制法 Art. 21, 25, 27, 28
	{name: "强制法 Art. 25: 30 days end on Sunday 03-31, not moved by 民法典 Art. 203", mut: func(c *Case, k *knobs) {
		seize(c, "2024-03-01", "", "2024-04-01")
	}, want: []string{"SEIZURE_OVERDUE"}, contains: "查封扣押期限至2024-03-31"},
	{name: "强制法 Art. 25: released on day 30", mut: func(c *Case, k *knobs) {
		seize(c, "2024-03-01", "", "2024-03-31")
	}},
	{name: "强制法 Art. 25: extended within the period, 60 days", mut: func(c *Case, k *knobs) {
		seize(c, "2024-03-01", "2024-03-20", "2024-04-30")
	}},
	{name: "强制法 Art. 25: extension after the period does not count", mut: func(c *Case, k *knobs) {
		seize(c, "2024-03-01", "2024-04-05", "2024-04-30")
	}, want: []string{"SEIZURE_OVERDUE"}},
	{name: "强制法 Art. 25 第三款: 20 days of testing are not counted (released 04-15, due 04-20)", mut: func(c *Case, k *knobs) {
		seize(c, "2024-03-01", "", "2024-04-15")
		add(c, Event{Type: "testing", At: "2024-03-05", From: "2024-03-05", To: "2024-03-24", Note: "送检"})
	}},
	{name: "强制法 Art. 25 第三款: testing counted, released after it ran out", mut: func(c *Case, k *knobs) {
		seize(c, "2024-03-01", "", "2024-04-22")
		add(c, Event{Type: "testing", At: "2024-03-05", From: "2024-03-05", To: "2024-03-24"})
	}, want: []string{"SEIZURE_OVERDUE"}, contains: "2024-04-20（不含检测检验鉴定20日）"},
	{name: "强制法 Art. 25: two seizures, one extension and two releases are matched in order", mut: func(c *Case, k *knobs) {
		seize(c, "2024-03-01", "2024-03-20", "2024-04-30")
		add(c, Event{Type: "seized", At: "2024-03-15", Officers: two}, Event{Type: "seizure_released", At: "2024-05-13", Officers: two})
	}, want: []string{"SEIZURE_OVERDUE"}, contains: "2024-04-14"},
	{name: "强制法 Art. 25: an extension and releases naming their seizure (ref)", mut: func(c *Case, k *knobs) {
		add(c, Event{Type: "seized", At: "2024-03-01", Officers: two, DocNo: "扣1"},
			Event{Type: "seized", At: "2024-03-15", Officers: two, DocNo: "扣2"},
			Event{Type: "seizure_extended", At: "2024-03-20", Officers: two, Ref: "扣2"},
			Event{Type: "seizure_released", At: "2024-03-30", Officers: two, Ref: "扣1"},
			Event{Type: "seizure_released", At: "2024-05-13", Officers: two, Ref: "扣2"})
	}},
	{name: "强制法 Art. 27: a decision confiscating the seized goods ends the seizure", mut: func(c *Case, k *knobs) {
		ev(c, "filed").At = "2024-05-01"
		ev(c, "investigation").At = "2024-05-02"
		seize(c, "2024-05-10", "", "")
		ev(c, "decided").Penalties = append(ev(c, "decided").Penalties, Penalty{Kind: "confiscate_property", Note: "没收扣押的过期食品"})
	}},
	{name: "强制法 Art. 28(三): a fine decided in between does not end it; released on day 36", mut: func(c *Case, k *knobs) {
		ev(c, "filed").At = "2024-05-01"
		ev(c, "investigation").At = "2024-05-02"
		seize(c, "2024-05-10", "", "2024-06-15")
	}, want: []string{"SEIZURE_OVERDUE"}, contains: "2024-06-09"},
	{name: "强制法 Art. 28(一): a no-penalty decision does not release the goods", mut: func(c *Case, k *knobs) {
		ev(c, "filed").At = "2024-05-01"
		ev(c, "investigation").At = "2024-05-02"
		seize(c, "2024-05-10", "", "")
		d := ev(c, "decided")
		d.Outcome, d.Tier, d.Penalties = "no_penalty", "none", nil
		drop(c, "published", "paid")
	}, want: []string{"SEIZURE_OVERDUE"}, contains: "至今未解除"},
	{name: "强制法 Art. 27: 没收违法所得 takes money, not the seized goods: still seized (red)", mut: func(c *Case, k *knobs) {
		ev(c, "filed").At = "2024-05-01"
		ev(c, "investigation").At = "2024-05-02"
		seize(c, "2024-05-10", "", "")
		c.Facts.IllegalIncomeFen = 30000
		ev(c, "decided").Penalties = append(ev(c, "decided").Penalties, Penalty{Kind: "confiscate_income", AmountFen: 30000})
	}, want: []string{"SEIZURE_OVERDUE"}, contains: "至今未解除、随案移送或决定没收"},
	{name: "强制法 Art. 21: the transfer takes the seized goods with the case", mut: func(c *Case, k *knobs) {
		transfer(c, "2024-06-03", "2024-06-06", "2024-06-07")
		seize(c, "2024-05-10", "", "")
	}},
	{name: "强制法 Art. 21, 25: transferred after the seizure ran out", mut: func(c *Case, k *knobs) {
		transfer(c, "2024-06-03", "2024-06-06", "2024-06-07")
		seize(c, "2024-05-02", "", "")
	}, want: []string{"SEIZURE_OVERDUE"}, contains: "2024-06-01"},

	// 移送规定 Art. 5, 8
	{name: "移送规定 Art. 5: approved on day 3", mut: func(c *Case, k *knobs) {
		transfer(c, "2024-06-03", "2024-06-06", "2024-06-07")
	}},
	{name: "移送规定 Art. 5: approved on day 4", mut: func(c *Case, k *knobs) {
		transfer(c, "2024-06-03", "2024-06-07", "2024-06-08")
	}, want: []string{"TRANSFER_OVERDUE"}},
	{name: "移送规定 Art. 5: sent 23 hours after approval", mut: func(c *Case, k *knobs) {
		transfer(c, "2024-06-03", "2024-06-06T10:00:00+08:00", "2024-06-07T09:00:00+08:00")
	}},
	{name: "移送规定 Art. 5: sent 25 hours after approval", mut: func(c *Case, k *knobs) {
		transfer(c, "2024-06-03", "2024-06-06T10:00:00+08:00", "2024-06-07T11:00:00+08:00")
	}, want: []string{"TRANSFER_OVERDUE"}, contains: "24小时"},
	{name: "移送规定 Art. 5: approval as a bare date, sent the next morning — in time", mut: func(c *Case, k *knobs) {
		transfer(c, "2024-06-03", "2024-06-06", "2024-06-07T09:00:00+08:00")
	}},
	{name: "移送规定 Art. 5: bare dates, sent two days after", mut: func(c *Case, k *knobs) {
		transfer(c, "2024-06-03", "2024-06-05", "2024-06-07")
	}, want: []string{"TRANSFER_OVERDUE"}},
	{name: "移送规定 Art. 8: no answer of public security 3 days after (06-10 端午 → 06-11)", mut: func(c *Case, k *knobs) {
		transfer(c, "2024-06-03", "2024-06-06", "2024-06-07T09:00:00+08:00")
		drop(c, "transfer_receipt")
	}, want: []string{"TRANSFER_OVERDUE"}, contains: "公安机关应于2024-06-11前"},
	{name: "移送规定 Art. 7, 8: a bare acknowledgement is not the answer", mut: func(c *Case, k *knobs) {
		transfer(c, "2024-06-03", "2024-06-06", "2024-06-07")
		ev(c, "transfer_receipt").Result = "accepted"
	}, want: []string{"TRANSFER_OVERDUE"}, contains: "书面通知立案或者不予立案"},

	// 处罚法 Art. 27, 57(四); 移送规定 Art. 11, 16
	{name: "Art. 27: suspected crime, penalised without transfer", mut: func(c *Case, k *knobs) {
		c.Facts.SuspectedCrime = true
	}, want: []string{"TRANSFER_MISSING"}},
	{name: "移送规定 Art. 16: suspected crime, decided no penalty without transfer", mut: func(c *Case, k *knobs) {
		c.Facts.SuspectedCrime = true
		d := ev(c, "decided")
		d.Outcome, d.Tier, d.Penalties = "no_penalty", "none", nil
		drop(c, "published", "paid")
	}, want: []string{"TRANSFER_MISSING"}, contains: "决定不予行政处罚"},
	{name: "移送规定 Art. 11: transferred, then penalised", mut: func(c *Case, k *knobs) {
		c.Facts.SuspectedCrime = true
		add(c, Event{Type: "transferred", At: "2024-04-01", Officers: two},
			Event{Type: "transfer_receipt", At: "2024-04-03", Result: "not_filed"})
	}},
	{name: "移送规定: case amount at the matter's criminal threshold", mut: func(c *Case, k *knobs) {
		k.criminalFen = ptr(int64(5_000_000))
		c.Facts.CaseAmountFen = 5_000_000
	}, want: []string{"TRANSFER_MISSING"}, contains: "追诉标准"},
	{name: "移送规定: case amount under the threshold", mut: func(c *Case, k *knobs) {
		k.criminalFen = ptr(int64(5_000_000))
		c.Facts.CaseAmountFen = 4_999_999
	}},

	// 处罚法 Art. 48, 85
	{name: "Art. 48: withdrawn on the 3rd working day across National Day 2024", mut: func(c *Case, k *knobs) {
		add(c, Event{Type: "annulled", At: "2024-09-27"}, Event{Type: "publication_withdrawn", At: "2024-10-08"})
	}},
	{name: "Art. 48: withdrawn on the 4th working day", mut: func(c *Case, k *knobs) {
		add(c, Event{Type: "annulled", At: "2024-09-27"}, Event{Type: "publication_withdrawn", At: "2024-10-09"})
	}, want: []string{"WITHDRAWAL_OVERDUE"}, contains: "2024-10-08"},
	{name: "Art. 48: never withdrawn (red)", mut: func(c *Case, k *knobs) {
		add(c, Event{Type: "annulled", At: "2024-09-27", Kind: "confirm_illegal"})
	}, want: []string{"WITHDRAWAL_OVERDUE"}},
}

func summary(c *Case, kind, penalty string, fen int64) {
	c.Procedure = "summary"
	if kind == "person" {
		person(c, 30)
	}
	c.Events = []Event{
		{Type: "discovered", At: "2024-06-01", Officers: two},
		{Type: "decided", At: "2024-06-01", Outcome: "penalty", Tier: "ordinary", Penalties: []Penalty{{Kind: penalty, AmountFen: fen}}},
		{Type: "delivered", At: "2024-06-01", Officers: two},
		{Type: "published", At: "2024-06-03"},
	}
	if fen > 0 && penalty == "fine" {
		add(c, Event{Type: "paid", At: "2024-06-01"})
	}
}

func hearing(c *Case, noticed, held string) {
	add(c, Event{Type: "hearing_requested", At: "2024-05-21"},
		Event{Type: "hearing_noticed", At: noticed, HearingAt: held},
		Event{Type: "hearing_held", At: held, Host: "T0009"},
		Event{Type: "legal_review", At: "2024-05-31", Result: "pass", Reviewer: "赵审核"})
}

func preserve(c *Case, at, decided string) {
	c.Facts.ActDate = "2024-09-01"
	c.Events = []Event{
		{Type: "filed", At: "2024-09-20", Officers: two},
		{Type: "evidence_preserved", At: at, Officers: two},
	}
	if decided != "" {
		add(c, Event{Type: "preservation_decided", At: decided, Officers: two})
	}
}

func seize(c *Case, at, extended, released string) {
	add(c, Event{Type: "seized", At: at, Officers: two})
	if extended != "" {
		add(c, Event{Type: "seizure_extended", At: extended, Officers: two})
	}
	if released != "" {
		add(c, Event{Type: "seizure_released", At: released, Officers: two})
	}
}

func transfer(c *Case, proposed, approved, sent string) {
	c.Facts.SuspectedCrime = true
	c.Events = []Event{
		{Type: "filed", At: "2024-05-01", Officers: two},
		{Type: "transfer_proposed", At: proposed, Officers: two},
		{Type: "transfer_approved", At: approved},
		{Type: "transferred", At: sent, Officers: two},
		{Type: "transfer_receipt", At: sent[:10], Result: "filed", Note: "公安机关立案通知书"},
	}
}

// codes lists the rule codes of ws, sorted.
func codes(ws []Warning) []string {
	var out []string
	for _, w := range ws {
		if !slices.Contains(out, w.Rule) {
			out = append(out, w.Rule)
		}
	}
	slices.Sort(out)
	return out
}

func messages(ws []Warning) string {
	var b strings.Builder
	for _, w := range ws {
		b.WriteString(w.Rule + ": " + w.Message + "\n")
	}
	return b.String()
}

// 食品安全法 Art. 124 第一款 (经营超过保质期的食品): 货值金额不足一万元的，并处
// 五万元以上十万元以下罚款；货值金额一万元以上的，并处货值金额十倍以上二十倍以下罚款.
func art124() *StatutoryRange {
	return &StatutoryRange{MinFen: ptr(int64(5_000_000)), MaxFen: ptr(int64(10_000_000)), MultipleMin: ptr(10.0), MultipleMax: ptr(20.0),
		MultipleOf: "goods_value", MultipleFromFen: ptr(int64(1_000_000)), Basis: "《中华人民共和国食品安全法》第一百二十四条第一款"}
}

// statutoryTable judges FINE_OUT_OF_RANGE by the matter's statutory range
// (法定罚款幅度) where no benchmark applies (spec: FINE_OUT_OF_RANGE, "or the
// matter's statutory range where no benchmark applies"). It runs on the
// pure engine (TestStatutoryRules); the stored path reads the range with
// loadStatutory.
var statutoryTable = []ruleRow{
	{name: "食品安全法 Art. 124: 货值326元, 罚款5000元 below the 5万元 minimum", mut: func(c *Case, k *knobs) {
		k.statutory = art124()
		c.Facts.CaseAmountFen = 32600
	}, want: []string{"FINE_OUT_OF_RANGE"}, contains: "货值金额326元，不足10000元，50000元至100000元，依据《中华人民共和国食品安全法》第一百二十四条第一款"},
	{name: "食品安全法 Art. 124: 5万元 is the minimum, inside", mut: func(c *Case, k *knobs) {
		k.statutory = art124()
		c.Facts.CaseAmountFen = 32600
		fine(c, 5_000_000)
	}},
	{name: "食品安全法 Art. 124: 10万元 is the maximum, inside", mut: func(c *Case, k *knobs) {
		k.statutory = art124()
		c.Facts.CaseAmountFen = 999_999
		fine(c, 10_000_000)
	}},
	{name: "食品安全法 Art. 124: 货值一万元以上 (exactly 1万) → 10–20倍, 罚款5万元 too low", mut: func(c *Case, k *knobs) {
		k.statutory = art124()
		c.Facts.CaseAmountFen = 1_000_000
		fine(c, 5_000_000)
	}, want: []string{"FINE_OUT_OF_RANGE"}, contains: "货值金额10000元的10倍至20倍，即100000元至200000元"},
	{name: "食品安全法 Art. 124: 货值2万元 → 20万–40万元, 30万元 inside", mut: func(c *Case, k *knobs) {
		k.statutory = art124()
		c.Facts.CaseAmountFen = 2_000_000
		fine(c, 30_000_000)
	}},
	{name: "食品安全法 Art. 124: 货值2万元, 罚款41万元 above 20倍", mut: func(c *Case, k *knobs) {
		k.statutory = art124()
		c.Facts.CaseAmountFen = 2_000_000
		fine(c, 41_000_000)
	}, want: []string{"FINE_OUT_OF_RANGE"}, contains: "超过法定罚款幅度"},
	{name: "食品安全法 Art. 124: no 货值 given → the fixed amounts, 20万元 above them", mut: func(c *Case, k *knobs) {
		k.statutory = art124()
		fine(c, 20_000_000)
	}, want: []string{"FINE_OUT_OF_RANGE"}, contains: "未填写货值金额，按不足10000元计"},
	{name: "处罚法 Art. 30, 32: 减轻处罚 is below the statutory minimum — allowed", mut: func(c *Case, k *knobs) {
		k.statutory = art124()
		c.Facts.CaseAmountFen = 32600
		c.Facts.Mitigating = []string{"eliminated_harm"}
		ev(c, "decided").Tier = "mitigated"
	}},
	{name: "处罚法 Art. 32: 减轻处罚 never above the statutory maximum", mut: func(c *Case, k *knobs) {
		k.statutory = art124()
		c.Facts.CaseAmountFen = 32600
		c.Facts.Mitigating = []string{"eliminated_harm"}
		ev(c, "decided").Tier = "mitigated"
		fine(c, 10_000_100)
	}, want: []string{"FINE_OUT_OF_RANGE"}, contains: "裁量阶次为“减轻处罚”"},
	{name: "处罚法 Art. 32: 从轻 stays inside the range; below the minimum only as 减轻", mut: func(c *Case, k *knobs) {
		k.statutory = art124()
		c.Facts.CaseAmountFen = 32600
		ev(c, "decided").Tier = "lighter"
	}, want: []string{"FINE_OUT_OF_RANGE"}, contains: "只能是有法定情节的减轻处罚"},
	{name: "处罚法 Art. 30, 31, 33: 不予处罚 has no fine", mut: func(c *Case, k *knobs) {
		k.statutory = art124()
		ev(c, "decided").Tier = "none"
		fine(c, 5_000_000)
	}, want: []string{"FINE_OUT_OF_RANGE"}, contains: "不予处罚的，不得处以罚款"},
	{name: "处罚法 Art. 34: a reason and a collective discussion do not leave the statutory range", mut: func(c *Case, k *knobs) {
		k.statutory = art124()
		c.Facts.CaseAmountFen = 32600
		add(c, Event{Type: "collective_discussion", At: "2024-05-30"})
		ev(c, "decided").DeviationReason = ptr("经集体讨论，当事人经营规模小")
	}, want: []string{"FINE_OUT_OF_RANGE"}, contains: "低于法定罚款幅度"},
	{name: "处罚法 Art. 34: a benchmark in force is the range, not the statute", mut: func(c *Case, k *knobs) {
		k.statutory = art124()
		k.ranges = []benchRange{{"2024-01-01", "ordinary", 100000, 1000000}}
	}},
	{name: "处罚法 Art. 34: a benchmark with other tiers only still applies (the tier is unset there)", mut: func(c *Case, k *knobs) {
		k.statutory = art124()
		k.ranges = []benchRange{{"2024-01-01", "lighter", 100000, 300000}}
	}},
	{name: "处罚法 Art. 34: a benchmark not yet in force on the decision day leaves the statute", mut: func(c *Case, k *knobs) {
		k.statutory = art124()
		k.ranges = []benchRange{{"2024-06-02", "ordinary", 100000, 1000000}}
	}, want: []string{"FINE_OUT_OF_RANGE"}},
	// 违法所得 multiples with a fixed range for "没有违法所得的" (e.g. 处违法所得一倍以上
	// 五倍以下的罚款；没有违法所得的，处五万元以下的罚款).
	{name: "违法所得 multiples: 违法所得1万元 → 1万–5万元, 5000元 too low", mut: func(c *Case, k *knobs) {
		k.statutory = &StatutoryRange{MaxFen: ptr(int64(5_000_000)), MultipleMin: ptr(1.0), MultipleMax: ptr(5.0), MultipleOf: "illegal_income"}
		c.Facts.IllegalIncomeFen = 1_000_000
		c.Facts.CaseAmountFen = 20_000_000 // 货值 is not the base here
		ev(c, "decided").Penalties = append(ev(c, "decided").Penalties, Penalty{Kind: "confiscate_income", AmountFen: 1_000_000})
	}, want: []string{"FINE_OUT_OF_RANGE"}, contains: "违法所得10000元的1倍至5倍，即10000元至50000元"},
	{name: "违法所得 multiples: 没有违法所得 → 5万元以下, 5000元 inside", mut: func(c *Case, k *knobs) {
		k.statutory = &StatutoryRange{MaxFen: ptr(int64(5_000_000)), MultipleMin: ptr(1.0), MultipleMax: ptr(5.0), MultipleOf: "illegal_income"}
	}},
	// 产品质量法 Art. 49: 并处违法生产、销售产品货值金额等值以上三倍以下的罚款.
	{name: "产品质量法 Art. 49: 货值4.2万元 → 4.2万–12.6万元, 3万元 too low", mut: func(c *Case, k *knobs) {
		k.statutory = &StatutoryRange{MultipleMin: ptr(1.0), MultipleMax: ptr(3.0), MultipleOf: "goods_value", Basis: "《中华人民共和国产品质量法》第四十九条"}
		c.Facts.CaseAmountFen = 4_200_000
		fine(c, 3_000_000)
	}, want: []string{"FINE_OUT_OF_RANGE"}, contains: "42000元至126000元"},
	{name: "产品质量法 Art. 49: multiples only and no 货值 given: nothing to judge by", mut: func(c *Case, k *knobs) {
		k.statutory = &StatutoryRange{MultipleMin: ptr(1.0), MultipleMax: ptr(3.0), MultipleOf: "goods_value"}
		fine(c, 3_000_000)
	}},
	{name: "no fine, no check: a warning only", mut: func(c *Case, k *knobs) {
		k.statutory = art124()
		ev(c, "decided").Penalties = []Penalty{{Kind: "warning"}}
		drop(c, "paid")
	}},
}

// leadOn is a region's setting of a deadline rule's 临期预警.
func leadOn(code string, n int64) RulesInForce {
	return RulesInForce{code: {Enabled: true, Params: map[string]int64{"lead_workdays": n}, SetIn: "370100"}}
}

// similar is a group of 30 decided fines around 5000元: 4000, 5000 and
// 6000元 ten times each — median 5000元, MAD of the log fines ln 1.2, so
// three robust standard deviations reach about 2.25 times the median.
func similar(n int64) *FineStats {
	return StatsOf([]fineCount{{400_000, n / 3}, {500_000, n - 2*(n/3)}, {600_000, n / 3}})
}

// crossTable has the rows of the rules that read a region's settings, the
// register or other cases (spec/supervision-v1.md §2); the pure engine
// runs them with the data in the knobs (TestCrossRules) and
// rules_cross_test.go stores the same situations for real.
var crossTable = []ruleRow{
	// Rules as data: settings of the region (supervision-v1 §2)
	{name: "§2 settings: a rule switched off in the region fires nothing (Art. 60 decided on day 91)", mut: func(c *Case, k *knobs) {
		k.rules = RulesInForce{"DECISION_OVERDUE": {Enabled: false, SetIn: "370100"}}
		ev(c, "decided").At = "2024-06-04"
		ev(c, "delivered").At = "2024-06-04"
	}},
	{name: "§2 临期预警, Art. 60: 3 working days ahead, 2 left (05-31, 06-03) — yellow", mut: func(c *Case, k *knobs) {
		k.today = "2024-05-30"
		k.rules = leadOn("DECISION_OVERDUE", 3)
		drop(c, "decided", "delivered", "published", "paid")
	}, want: []string{"DECISION_OVERDUE"}, contains: "临期预警：期限至2024-06-03届满，尚余2个工作日"},
	{name: "§2 临期预警, Art. 60: the day before the window opens (05-28; it opens 05-29)", mut: func(c *Case, k *knobs) {
		k.today = "2024-05-28"
		k.rules = leadOn("DECISION_OVERDUE", 3)
		drop(c, "decided", "delivered", "published", "paid")
	}},
	{name: "§2 临期预警, Art. 60: the window's first day (05-29)", mut: func(c *Case, k *knobs) {
		k.today = "2024-05-29"
		k.rules = leadOn("DECISION_OVERDUE", 3)
		drop(c, "decided", "delivered", "published", "paid")
	}, want: []string{"DECISION_OVERDUE"}, contains: "尚余3个工作日"},
	{name: "§2 临期预警 off by default: Art. 60 open on 05-30 warns nothing", mut: func(c *Case, k *knobs) {
		k.today = "2024-05-30"
		drop(c, "decided", "delivered", "published", "paid")
	}},
	{name: "§2 临期预警, Art. 61: 7 working days to deliver, 2 ahead, on the last day", mut: func(c *Case, k *knobs) {
		k.today = "2024-06-12"
		k.rules = leadOn("DELIVERY_OVERDUE", 2)
		drop(c, "delivered", "paid")
	}, want: []string{"DELIVERY_OVERDUE"}, contains: "尚余0个工作日"},
	{name: "§2 临期预警, Art. 60: past the deadline it is red as before", mut: func(c *Case, k *knobs) {
		k.today = "2024-06-04"
		k.rules = leadOn("DECISION_OVERDUE", 3)
		drop(c, "decided", "delivered", "published", "paid")
	}, want: []string{"DECISION_OVERDUE"}, contains: "已超期1日"},
	{name: "§2 临期预警: a deadline met needs no lead warning", mut: func(c *Case, k *knobs) {
		k.rules = leadOn("DECISION_OVERDUE", 30)
	}},

	// 处罚法 Art. 17; 行政执法监督条例 Art. 11(一)
	{name: "Art. 17: the matter is not held by the case's agency (主体不适格)", mut: func(c *Case, k *knobs) {
		k.data = RuleData{MatterKnown: true, MatterHolders: []string{"11370100MB28449000"}}
	}, want: []string{"MATTER_NOT_HELD"}, contains: "不在本执法主体11370100MB2844944P的权责清单内"},
	{name: "Art. 17: the agency holds the matter", mut: func(c *Case, k *knobs) {
		k.data = RuleData{MatterKnown: true, MatterHolders: []string{"11370100MB28449000", "11370100MB2844944P"}}
	}},
	{name: "Art. 17: a matter not on the register is not judged here", mut: func(c *Case, k *knobs) {
		k.data = RuleData{}
	}},

	// 处罚法 Art. 29
	{name: "Art. 29: another agency fined the same act on 05-20; this later fine is the second", mut: func(c *Case, k *knobs) {
		k.data = RuleData{Fined: []PriorFine{{CaseID: 7, Ref: "other/1", Agency: "11370100MB28449000", DecidedOn: "2024-05-20", FineFen: 300_000}}}
	}, want: []string{"DOUBLE_FINE"}, contains: "已由11370100MB28449000于2024-05-20作出罚款3000元的决定（other/1）"},
	{name: "Art. 29: the other fine came later — it is the one marked", mut: func(c *Case, k *knobs) {
		k.data = RuleData{Fined: []PriorFine{{CaseID: 7, Ref: "other/1", DecidedOn: "2024-06-05", FineFen: 300_000}}}
	}},
	{name: "Art. 29: the same day, this case registered later", mut: func(c *Case, k *knobs) {
		k.data = RuleData{Fined: []PriorFine{{CaseID: 7, Ref: "other/1", DecidedOn: "2024-06-01", FineFen: 300_000}}}
	}, want: []string{"DOUBLE_FINE"}},
	{name: "Art. 29: a warning only is no second fine", mut: func(c *Case, k *knobs) {
		k.data = RuleData{Fined: []PriorFine{{CaseID: 7, Ref: "other/1", DecidedOn: "2024-05-20", FineFen: 300_000}}}
		ev(c, "decided").Penalties = []Penalty{{Kind: "warning"}}
		drop(c, "paid")
	}},
	{name: "Art. 29: this decision annulled (撤销) is no second fine", mut: func(c *Case, k *knobs) {
		k.data = RuleData{Fined: []PriorFine{{CaseID: 7, Ref: "other/1", DecidedOn: "2024-05-20", FineFen: 300_000}}}
		add(c, Event{Type: "annulled", At: "2024-06-20", Kind: "revoke"}, Event{Type: "publication_withdrawn", At: "2024-06-21"})
	}},

	// 国办发〔2022〕27号 (类案不同罚)
	{name: "27号: 12000元 against a median of 5000元 in 30 similar cases (2.4×, beyond 3 robust SD)", mut: func(c *Case, k *knobs) {
		k.data = RuleData{Similar: similar(30)}
		fine(c, 1_200_000)
	}, want: []string{"SIMILAR_CASE_DISPARITY"}, contains: "明显高于本省同一事项、同一裁量阶次2024年其他30件案件的罚款中位数5000元"},
	{name: "27号: 10000元 is twice the median but within 3 robust SD", mut: func(c *Case, k *knobs) {
		k.data = RuleData{Similar: similar(30)}
		fine(c, 1_000_000)
	}},
	{name: "27号: 2000元 (0.4×) far below the median", mut: func(c *Case, k *knobs) {
		k.data = RuleData{Similar: similar(30)}
		fine(c, 200_000)
	}, want: []string{"SIMILAR_CASE_DISPARITY"}, contains: "明显低于"},
	{name: "27号: fewer than 20 similar cases judge nothing", mut: func(c *Case, k *knobs) {
		k.data = RuleData{Similar: similar(19)}
		fine(c, 1_200_000)
	}},
	{name: "27号: a region's min_cases of 10 judges 19", mut: func(c *Case, k *knobs) {
		k.data = RuleData{Similar: similar(19)}
		k.rules = RulesInForce{"SIMILAR_CASE_DISPARITY": {Enabled: true, Params: map[string]int64{"min_cases": 10, "robust_sd": 3}}}
		fine(c, 1_200_000)
	}, want: []string{"SIMILAR_CASE_DISPARITY"}},
	{name: "27号: all similar cases fined the same: any fine twice as high is beyond", mut: func(c *Case, k *knobs) {
		k.data = RuleData{Similar: StatsOf([]fineCount{{500_000, 25}})}
		fine(c, 1_000_000)
	}, want: []string{"SIMILAR_CASE_DISPARITY"}},
}
