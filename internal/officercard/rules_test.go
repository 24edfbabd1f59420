package officercard

import (
	"testing"

	"zfjd/internal/law"
)

// TestDecide: one row per rule, each citing its basis.
func TestDecide(t *testing.T) {
	today := law.MustParseDate("2026-06-15")
	yellow := func(on string) Prior { return Prior{Colour: Yellow, Status: InForce, IssuedOn: on} }
	jinan := Settings{RuleComplaint: {"370100": {Colour: Yellow, Points: 1}}, RuleRepeat: {"370102": {Colour: "", Months: 0}}}
	rows := []struct {
		name   string
		cause  Cause
		region string
		s      Settings
		prior  []Prior
		colour string // "" = no card
		points int
		rep    bool
	}{
		{"行政处罚法 Art. 55: a 不亮证 complaint found true is a yellow card",
			Cause{Kind: SourceComplaint, Category: "no_certificate"}, "370102", nil, nil, Yellow, 2, false},
		{"鲁条例 Art. 6/38: another complaint found true issues nothing by default",
			Cause{Kind: SourceComplaint, Category: "rude"}, "370102", nil, nil, "", 0, false},
		{"a city that cards every complaint found true (its own rule applies in its counties)",
			Cause{Kind: SourceComplaint, Category: "rude"}, "370103", jinan, nil, Yellow, 1, false},
		{"条例 Art. 32: 批评教育 is a yellow card",
			Cause{Kind: SourceProposal, Measure: "criticism"}, "370102", nil, nil, Yellow, 2, false},
		{"条例 Art. 32: 离岗教育 is a red card",
			Cause{Kind: SourceProposal, Measure: "leave_training"}, "370102", nil, nil, Red, 6, false},
		{"条例 Art. 32: 调离执法岗位 is a red card",
			Cause{Kind: SourceProposal, Measure: "transfer"}, "370102", nil, nil, Red, 12, false},
		{"条例 Art. 32: 取消执法资格 is a red card",
			Cause{Kind: SourceProposal, Measure: "revoke_qualification"}, "370102", nil, nil, Red, 12, false},
		{"Jinan 红黄牌警示制度: a second yellow within 12 months is red",
			Cause{Kind: SourceComplaint, Category: "no_certificate"}, "370103", nil, []Prior{yellow("2025-06-16")}, Red, 2, true},
		{"Jinan: a yellow 12 months ago to the day is outside the window",
			Cause{Kind: SourceComplaint, Category: "no_certificate"}, "370103", nil, []Prior{yellow("2025-06-15")}, Yellow, 2, false},
		{"Jinan: a lifted yellow does not count",
			Cause{Kind: SourceProposal, Measure: "criticism"}, "370103", nil,
			[]Prior{{Colour: Yellow, Status: Lifted, IssuedOn: "2026-05-01"}}, Yellow, 2, false},
		{"Jinan: an earlier red is no yellow to repeat",
			Cause{Kind: SourceProposal, Measure: "criticism"}, "370103", nil,
			[]Prior{{Colour: Red, Status: InForce, IssuedOn: "2026-05-01"}}, Yellow, 2, false},
		{"a county that turned the repeat rule off keeps the yellow",
			Cause{Kind: SourceComplaint, Category: "no_certificate"}, "370102", jinan, []Prior{yellow("2026-01-10")}, Yellow, 2, false},
		{"条例 Arts. 18/34, 鲁条例 Arts. 14/38(3): a reviewed file 不合格 by a veto item is a yellow card for its officers",
			Cause{Kind: SourceReview, Veto: true}, "370102", nil, nil, Yellow, 2, false},
		{"a reviewed file 不合格 only by its score (below 60, no veto item) issues nothing",
			Cause{Kind: SourceReview}, "370102", nil, nil, "", 0, false},
		{"Jinan: a veto-failed file while a yellow is in force is red",
			Cause{Kind: SourceReview, Veto: true}, "370103", nil, []Prior{yellow("2026-03-01")}, Red, 2, true},
		{"a region that turned the review rule off issues nothing",
			Cause{Kind: SourceReview, Veto: true}, "370102", Settings{RuleReviewVeto: {"370102": {Colour: ""}}}, nil, "", 0, false},
		{"an unknown proposal measure issues nothing",
			Cause{Kind: SourceProposal, Measure: "praise"}, "370102", nil, nil, "", 0, false},
	}
	for _, r := range rows {
		t.Run(r.name, func(t *testing.T) {
			d, ok := Decide(r.cause, r.region, r.s, r.prior, today)
			if r.colour == "" {
				if ok {
					t.Fatalf("want no card, got %+v", d)
				}
				return
			}
			if !ok || d.Colour != r.colour || d.Points != r.points || d.Repeated != r.rep || d.Basis == "" {
				t.Fatalf("got %+v %v, want %s %d repeated=%v", d, ok, r.colour, r.points, r.rep)
			}
		})
	}
}

// TestRulesCiteBasis: every rule names its article or local practice.
func TestRulesCiteBasis(t *testing.T) {
	for _, r := range Rules {
		if r.Basis == "" || r.Label == "" {
			t.Errorf("rule %s has no label or basis", r.Key)
		}
	}
}

func TestMonthsBefore(t *testing.T) {
	for _, r := range [][3]any{{"2026-06-15", 12, "2025-06-15"}, {"2026-03-31", 1, "2026-02-28"}, {"2028-02-29", 12, "2027-02-28"},
		{"2026-01-10", 1, "2025-12-10"}} {
		if got := monthsBefore(law.MustParseDate(r[0].(string)), r[1].(int)).String(); got != r[2] {
			t.Errorf("%v months before %v: %s, want %v", r[1], r[0], got, r[2])
		}
	}
}

func TestSettingsFor(t *testing.T) {
	s := Settings{RuleCriticism: {"370000": {Colour: Red, Points: 3}, "370102": {Colour: Yellow, Points: 1}}}
	if st := s.For(RuleCriticism, "370102"); st.Points != 1 || st.SetIn != "370102" {
		t.Fatalf("county: %+v", st)
	}
	if st := s.For(RuleCriticism, "370103"); st.Colour != Red || st.SetIn != "370000" {
		t.Fatalf("province: %+v", st)
	}
	if st := s.For(RuleCriticism, "370000"); st.Colour != Red || st.SetIn != "370000" {
		t.Fatalf("province itself: %+v", st)
	}
	if st := s.For(RuleLeave, "370102"); st.Colour != Red || st.Points != 6 || st.SetIn != "" {
		t.Fatalf("default: %+v", st)
	}
}
