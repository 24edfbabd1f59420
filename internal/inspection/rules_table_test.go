package inspection

import (
	"slices"
	"testing"

	"zfjd/internal/law"
)

// The visits are around 2026-06-15, a Monday; 2026-06-19 to 06-21 are the
// 端午节 holidays (国办发明电〔2025〕7号).

func yes() *bool { b := true; return &b }
func no() *bool  { b := false; return &b }

func base(events ...Event) *Inspection {
	return &Inspection{ID: 10, SourceSystem: "sys", SourceID: "1", AgencyCode: "11370102MB2850412R", RegionCode: "370102",
		MatterCode: "J-1", Kind: "routine", Enterprise: Enterprise{Name: "某公司", IDNumber: "91370102MA3C5R2K0M"}, Events: events}
}

var goodVisit = []Event{
	{Type: EvApproved, At: "2026-06-12", Actor: "孙立"},
	{Type: EvReported, At: "2026-06-12"},
	{Type: EvCheckedIn, At: "2026-06-15T09:00:00+08:00", Officers: []string{"A", "B"}},
}

func env(today string, others ...Visit) *Env {
	return &Env{Cal: law.Default(), Today: law.MustParseDate(today), Listed: true, Caps: DefaultCaps, Others: others,
		Officers: map[string]Cert{
			"A": {Name: "张明", ValidFrom: "2024-01-01", ValidTo: "2029-12-31", Status: "valid"},
			"B": {Name: "李强", ValidFrom: "2024-01-01", ValidTo: "2029-12-31", Status: "valid"},
			"X": {Name: "过期", ValidFrom: "2020-01-01", ValidTo: "2025-12-31", Status: "valid"},
			"S": {Name: "暂扣", ValidFrom: "2020-01-01", ValidTo: "2029-12-31", Status: "suspended", StatusSince: "2026-06-01"},
		}}
}

// at is a visit instant on day at hour (Shanghai).
func at(day string, hour int) int64 {
	w, _ := parseWhen(day + "T" + string(rune('0'+hour/10)) + string(rune('0'+hour%10)) + ":00:00+08:00")
	return w.millis()
}

func visit(id int64, day string, hour int, problem int, officers ...string) Visit {
	if officers == nil {
		officers = []string{"C", "D"}
	}
	return Visit{ID: id, At: at(day, hour), Day: day, Officers: officers, Problem: problem}
}

func TestRulesTable(t *testing.T) {
	emergency := func(in *Inspection) *Inspection { in.Emergency = true; return in }
	directed := func(in *Inspection) *Inspection { in.Directed = true; return in }
	unlisted := func(e *Env) *Env { e.Listed = false; return e }
	// av: an inspection handled in zfjd, with its acts recorded on audio or video.
	av := func(e *Env, recorded map[int]string) *Env { e.AV = &AVRecords{Recorded: recorded}; return e }
	checkIn := func(day string, offs ...string) Event {
		return Event{Type: EvCheckedIn, At: day + "T09:00:00+08:00", Officers: offs}
	}
	rows := []struct {
		name, article string
		in            *Inspection
		env           *Env
		want          []string // rule:key
		next          string
	}{
		{"a listed, approved, reported visit by two certified officers raises nothing", "54号; 处罚法 Art. 42",
			base(goodVisit...), env("2026-06-15"), nil, ""},
		{"a matter outside the agency's inspection list", "54号 清单之外无检查",
			base(goodVisit...), unlisted(env("2026-06-15")), []string{RuleNotListed + ":"}, ""},
		{"filed but not yet visited: only the list is judged", "54号",
			base(), env("2026-06-15"), nil, ""},
		{"checked in without any approval", "54号; 司法部 问题解答 (负责人事前批准)",
			base(Event{Type: EvReported, At: "2026-06-12"}, checkIn("2026-06-15", "A", "B")), env("2026-06-15"),
			[]string{RuleNotApproved + ":"}, ""},
		{"approved only after the visit (not an emergency)", "司法部 问题解答",
			base(Event{Type: EvReported, At: "2026-06-12"}, checkIn("2026-06-15", "A", "B"), Event{Type: EvApproved, At: "2026-06-16", Actor: "孙立"}),
			env("2026-06-16"), []string{RuleNotApproved + ":"}, ""},
		{"approval at an earlier instant of the same day is in time", "司法部 问题解答",
			base(Event{Type: EvApproved, At: "2026-06-15T08:00:00+08:00", Actor: "孙立"}, Event{Type: EvReported, At: "2026-06-15T08:10:00+08:00"},
				checkIn("2026-06-15", "A", "B")), env("2026-06-15"), nil, ""},
		{"emergency: no approval yet, within 3 working days — nothing, judged again after the deadline", "司法部 问题解答 (紧急情况事后补办)",
			emergency(base(Event{Type: EvReported, At: "2026-06-15"}, checkIn("2026-06-15", "A", "B"))), env("2026-06-17"), nil, "2026-06-19"},
		{"emergency: no approval after 3 working days (Thu 06-18 the last day)", "司法部 问题解答",
			emergency(base(Event{Type: EvReported, At: "2026-06-15"}, checkIn("2026-06-15", "A", "B"))), env("2026-06-19"),
			[]string{RuleNotApproved + ":"}, ""},
		{"emergency: approval on the third working day is in time", "司法部 问题解答",
			emergency(base(Event{Type: EvReported, At: "2026-06-15"}, checkIn("2026-06-15", "A", "B"), Event{Type: EvApproved, At: "2026-06-18", Actor: "孙立"})),
			env("2026-06-25"), nil, ""},
		{"emergency: approval on the fourth working day is late", "司法部 问题解答",
			emergency(base(Event{Type: EvReported, At: "2026-06-15"}, checkIn("2026-06-15", "A", "B"), Event{Type: EvApproved, At: "2026-06-19", Actor: "孙立"})),
			env("2026-06-25"), []string{RuleNotApproved + ":"}, ""},
		{"checked in without a prior report (no inspection code)", "54号 扫码入企",
			base(Event{Type: EvApproved, At: "2026-06-12", Actor: "孙立"}, checkIn("2026-06-15", "A", "B")), env("2026-06-15"),
			[]string{RuleNotReported + ":"}, ""},
		{"reported only after checking in", "54号 扫码入企",
			base(Event{Type: EvApproved, At: "2026-06-12", Actor: "孙立"}, checkIn("2026-06-15", "A", "B"), Event{Type: EvReported, At: "2026-06-15T10:00:00+08:00"}),
			env("2026-06-15"), []string{RuleNotReported + ":"}, ""},
		{"one officer only", "处罚法 Art. 42 (不得少于两人)",
			base(goodVisit[0], goodVisit[1], checkIn("2026-06-15", "A")), env("2026-06-15"), []string{RuleOfficers + ":"}, ""},
		{"an expired certificate", "处罚法 Art. 42 (持有执法证件)",
			base(goodVisit[0], goodVisit[1], checkIn("2026-06-15", "A", "X")), env("2026-06-15"), []string{RuleOfficers + ":"}, ""},
		{"a certificate suspended before the visit", "处罚法 Art. 42",
			base(goodVisit[0], goodVisit[1], checkIn("2026-06-15", "A", "S")), env("2026-06-15"), []string{RuleOfficers + ":"}, ""},
		{"an unregistered certificate number", "处罚法 Art. 42",
			base(goodVisit[0], goodVisit[1], checkIn("2026-06-15", "A", "Z")), env("2026-06-15"), []string{RuleOfficers + ":"}, ""},
		{"second visit the same day exceeds 1 a day", "54号 频次上限 (成都 >1/日)",
			base(goodVisit...), env("2026-06-15", visit(3, "2026-06-15", 8, 0)), []string{RuleFrequency + ":day"}, ""},
		{"an earlier visit the same day is not the one over the cap", "54号 频次上限",
			base(goodVisit...), env("2026-06-15", visit(30, "2026-06-15", 11, 0)), nil, ""},
		{"third visit in one week (Mon–Sun) exceeds 2 a week", "54号 频次上限 (>2/周)",
			base(goodVisit[0], goodVisit[1], checkIn("2026-06-19", "A", "B")),
			env("2026-06-19", visit(3, "2026-06-15", 9, 0), visit(4, "2026-06-17", 9, 0)), []string{RuleFrequency + ":week"}, ""},
		{"visits of the previous week do not count for this week", "54号 频次上限",
			base(goodVisit[0], goodVisit[1], checkIn("2026-06-15", "A", "B")),
			env("2026-06-15", visit(3, "2026-06-13", 9, 0), visit(4, "2026-06-14", 9, 0)), nil, ""},
		{"fourth visit in a calendar month exceeds 3 a month", "54号 频次上限 (>3/月)",
			base(goodVisit[0], goodVisit[1], checkIn("2026-06-29", "A", "B")),
			env("2026-06-29", visit(3, "2026-06-01", 9, 0), visit(4, "2026-06-10", 9, 0), visit(5, "2026-06-17", 9, 0)),
			[]string{RuleFrequency + ":month"}, ""},
		{"directed visits (上级部署的专项) are not counted", "54号 (上级部署专项除外)",
			base(goodVisit[0], goodVisit[1], checkIn("2026-06-29", "A", "B")),
			env("2026-06-29", Visit{ID: 3, At: at("2026-06-01", 9), Day: "2026-06-01", Directed: true}, visit(4, "2026-06-10", 9, 0), visit(5, "2026-06-17", 9, 0)),
			nil, ""},
		{"a directed visit itself is never over the cap", "54号 (上级部署专项除外)",
			directed(base(goodVisit...)), env("2026-06-15", visit(3, "2026-06-15", 8, 0)), nil, ""},
		{"third consecutive fruitless visit by the same officer within 365 days", "54号 低效检查 (成都 低效检查阻断)",
			base(goodVisit...), env("2026-06-15", visit(3, "2025-09-01", 9, 0, "A", "C"), visit(4, "2026-02-01", 9, 0, "A", "D")),
			[]string{RuleIneffective + ":"}, ""},
		{"a prior visit that found a problem breaks the run", "54号 低效检查",
			base(goodVisit...), env("2026-06-15", visit(3, "2025-09-01", 9, 0, "A", "C"), visit(4, "2026-02-01", 9, 1, "A", "D")), nil, ""},
		{"the first of the run more than 365 days before does not count", "54号 低效检查",
			base(goodVisit...), env("2026-06-15", visit(3, "2025-06-01", 9, 0, "A", "C"), visit(4, "2026-02-01", 9, 0, "A", "D")), nil, ""},
		{"the third visit found a problem: not ineffective", "54号 低效检查",
			base(append(slices.Clone(goodVisit), Event{Type: EvResult, At: "2026-06-15T11:00:00+08:00", ProblemFound: yes(), Summary: "发现问题"})...),
			env("2026-06-15", visit(3, "2025-09-01", 9, 0, "A", "C"), visit(4, "2026-02-01", 9, 0, "A", "D")), nil, ""},
		{"handled in zfjd: the check-in (现场检查) has no audio or video recording", "国办发〔2018〕118号（九）推行音像记录",
			base(goodVisit...), av(env("2026-06-15"), map[int]string{}), []string{RuleAVMissing + ":2"}, ""},
		{"handled in zfjd: a recording of another act does not record the check-in", "国办发〔2018〕118号（九）",
			base(goodVisit...), av(env("2026-06-15"), map[int]string{0: EvApproved}), []string{RuleAVMissing + ":2"}, ""},
		{"handled in zfjd: the check-in recorded on video settles it", "国办发〔2018〕118号（九）",
			base(goodVisit...), av(env("2026-06-15"), map[int]string{2: EvCheckedIn}), nil, ""},
		{"handled in zfjd, not yet checked in: nothing to record", "国办发〔2018〕118号（九）",
			base(goodVisit[0], goodVisit[1]), av(env("2026-06-15"), map[int]string{}), nil, ""},
		{"pushed by another system (no recordings read): never judged", "国办发〔2018〕118号（九）; spec §4 rule table",
			base(goodVisit...), env("2026-06-15"), nil, ""},
	}
	for _, r := range rows {
		t.Run(r.name, func(t *testing.T) {
			if err := r.in.Normalize(); err != nil {
				t.Fatalf("normalize: %v", err)
			}
			j, err := Judge(r.in, r.env)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, w := range j.Warnings {
				got = append(got, w.Rule+":"+w.Key)
				if w.Basis == "" || w.Message == "" {
					t.Errorf("%s: no basis or message", w.Rule)
				}
			}
			if !slices.Equal(got, r.want) {
				t.Errorf("%s (%s): warnings %v, want %v", r.name, r.article, got, r.want)
			}
			if j.NextCheck != r.next {
				t.Errorf("next check %q, want %q", j.NextCheck, r.next)
			}
		})
	}
}

func TestStatusFollowsEvents(t *testing.T) {
	in := base()
	for _, x := range []struct {
		ev   Event
		want string
	}{
		{Event{}, StFiled},
		{Event{Type: EvApproved, At: "2026-06-12", Actor: "孙立"}, StApproved},
		{Event{Type: EvReported, At: "2026-06-12"}, StReported},
		{Event{Type: EvCheckedIn, At: "2026-06-15", Officers: []string{"A", "B"}}, StOnSite},
		{Event{Type: EvResult, At: "2026-06-15", ProblemFound: no()}, StConcluded},
		{Event{Type: EvCheckedOut, At: "2026-06-15"}, StClosed},
	} {
		if x.ev.Type != "" {
			in.Events = append(in.Events, x.ev)
		}
		if got := StatusOf(in); got != x.want {
			t.Errorf("after %q: status %s, want %s", x.ev.Type, got, x.want)
		}
	}
}
