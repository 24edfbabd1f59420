package supervision

import (
	"strings"
	"testing"

	"zfjd/internal/law"
)

func act(t, at string, kv ...string) Act {
	a := Act{Type: t, At: at, Data: map[string]any{}}
	for i := 0; i+1 < len(kv); i += 2 {
		a.Data[kv[i]] = kv[i+1]
	}
	return a
}

// TestJudge: one row per rule of spec §5, each citing its article. Limits
// are calendar days from the day after delivery (民法典 Art. 201), a last
// day off rolls to the next working day (民法典 Art. 203).
func TestJudge(t *testing.T) {
	filed := act("file", "2026-05-20")
	rows := []struct {
		name, basis string
		acts        []Act
		lim         Limits
		today       string
		deadlines   map[string]string
		rules       []string // findings that hold
		msg         string   // part of the first finding's message
		next        string
	}{
		{name: "opinion running", basis: "条例 Art. 28 ¶2; 鲁条例 Art. 28 (三十日)",
			acts: []Act{filed, act("opinion", "2026-06-01", "delivered_on", "2026-06-01")}, today: "2026-06-15",
			deadlines: map[string]string{"correction": "2026-07-01"}, next: "2026-07-02"},
		{name: "opinion overdue", basis: "条例 Art. 28 ¶2; 鲁条例 Art. 28",
			acts: []Act{filed, act("opinion", "2026-06-01", "delivered_on", "2026-06-01")}, today: "2026-07-02",
			deadlines: map[string]string{"correction": "2026-07-01"}, rules: []string{"SUPERVISION_CORRECTION_OVERDUE"}, msg: "已逾期1日"},
		{name: "correction reported late keeps the warning", basis: "条例 Art. 28 ¶2",
			acts: []Act{filed, act("opinion", "2026-06-01", "delivered_on", "2026-06-01"), act("corrected", "2026-07-05")}, today: "2026-07-10",
			deadlines: map[string]string{"correction": "2026-07-01"}, rules: []string{"SUPERVISION_CORRECTION_OVERDUE"}, msg: "逾期4日后才报送"},
		{name: "correction in time", basis: "条例 Art. 28 ¶2",
			acts: []Act{filed, act("opinion", "2026-06-01", "delivered_on", "2026-06-01"), act("corrected", "2026-07-01")}, today: "2026-08-01",
			deadlines: map[string]string{"correction": "2026-07-01"}},
		{name: "letter ends on a holiday: next working day", basis: "条例 Art. 27 ¶2; 民法典 Art. 203",
			acts: []Act{filed, act("letter", "2026-09-01", "delivered_on", "2026-09-01")}, today: "2026-09-02",
			deadlines: map[string]string{"fulfilment": "2026-10-08"}, next: "2026-10-09"},
		{name: "letter not fulfilled", basis: "条例 Art. 27 ¶2",
			acts: []Act{filed, act("letter", "2026-06-01"), act("delivered", "2026-06-02", "delivered_on", "2026-06-02")}, today: "2026-07-10",
			deadlines: map[string]string{"fulfilment": "2026-07-02"}, rules: []string{"SUPERVISION_FULFILMENT_OVERDUE"}, msg: "已逾期8日"},
		{name: "undelivered document starts no clock", basis: "鲁条例 Art. 28 (自收到之日起)",
			acts: []Act{filed, act("opinion", "2026-06-01")}, today: "2026-09-01", deadlines: map[string]string{}},
		{name: "decision stops the opinion's clock before its end", basis: "条例 Art. 29; 鲁条例 Art. 29 ¶2",
			acts: []Act{filed, act("opinion", "2026-06-01", "delivered_on", "2026-06-01"),
				act("decision", "2026-06-20", "delivered_on", "2026-06-22", "kind", "revoke")}, today: "2026-07-10",
			deadlines: map[string]string{"correction": "2026-07-01", "execution_report": "2026-07-22"}, next: "2026-07-23"},
		{name: "execution not reported", basis: "鲁条例 Art. 29 ¶2 (三十日内报告执行情况)",
			acts: []Act{filed, act("decision", "2026-06-01", "delivered_on", "2026-06-01", "kind", "perform")}, today: "2026-07-03",
			deadlines: map[string]string{"execution_report": "2026-07-01"}, rules: []string{"SUPERVISION_REPORT_OVERDUE"}, msg: "已逾期2日"},
		{name: "region's own limit", basis: "条例 Art. 28 (在规定时限内): a per-region setting",
			acts: []Act{filed, act("opinion", "2026-06-01", "delivered_on", "2026-06-01")}, lim: Limits{30, 15, 30}, today: "2026-06-17",
			deadlines: map[string]string{"correction": "2026-06-16"}, rules: []string{"SUPERVISION_CORRECTION_OVERDUE"}},
		{name: "materials requested, still running", basis: "条例 Art. 22 (要求自查、说明情况), Art. 25 (应当予以配合)",
			acts: []Act{filed, act("measure", "2026-06-01", "measure", "self_check", "due", "2026-06-10")}, today: "2026-06-10",
			deadlines: map[string]string{}, next: "2026-06-11"},
		{name: "materials not sent by the due date", basis: "条例 Arts. 22, 25",
			acts: []Act{filed, act("measure", "2026-06-01", "measure", "self_check", "due", "2026-06-10")}, today: "2026-06-13",
			deadlines: map[string]string{}, rules: []string{"SUPERVISION_MATERIALS_OVERDUE"}, msg: "已逾期3日未报送"},
		{name: "materials sent late keep the warning", basis: "条例 Arts. 22, 25",
			acts: []Act{filed, act("measure", "2026-06-01", "measure", "files", "due", "2026-06-10"), act("reply", "2026-06-12")}, today: "2026-06-20",
			deadlines: map[string]string{}, rules: []string{"SUPERVISION_MATERIALS_OVERDUE"}, msg: "逾期2日后才报送"},
		{name: "materials in time; a second request answered by the second reply", basis: "条例 Arts. 22, 25",
			acts: []Act{filed, act("measure", "2026-06-01", "due", "2026-06-10"), act("reply", "2026-06-09"),
				act("measure", "2026-06-11", "due", "2026-06-20"), act("reply", "2026-06-25")}, today: "2026-06-30",
			deadlines: map[string]string{}, rules: []string{"SUPERVISION_MATERIALS_OVERDUE"}, msg: "逾期5日后才报送"},
		{name: "a measure without a due date asks nothing", basis: "条例 Art. 22 (检查、访谈)",
			acts: []Act{filed, act("measure", "2026-06-01", "measure", "interview")}, today: "2026-09-01", deadlines: map[string]string{}},
		{name: "close stops the materials clock", basis: "spec §5 close",
			acts: []Act{filed, act("measure", "2026-06-01", "due", "2026-06-10"), act("close", "2026-06-05")}, today: "2026-07-01",
			deadlines: map[string]string{}},
		{name: "assistance asked, still running", basis: "鲁条例 Art. 24 (有关单位应当在职责范围内及时予以协助)",
			acts: []Act{filed, act("assist_ask", "2026-06-01", "unit", "市自然资源和规划局", "due", "2026-06-10")}, today: "2026-06-10",
			deadlines: map[string]string{}, next: "2026-06-11"},
		{name: "assistance not answered by its deadline", basis: "鲁条例 Art. 24",
			acts: []Act{filed, act("assist_ask", "2026-06-01", "unit", "市自然资源和规划局", "due", "2026-06-10")}, today: "2026-06-13",
			deadlines: map[string]string{}, rules: []string{"SUPERVISION_ASSIST_OVERDUE"}, msg: "提请市自然资源和规划局协助，要求于2026-06-10前答复，已逾期3日未答复"},
		{name: "assistance answered late keeps the warning", basis: "鲁条例 Art. 24",
			acts:  []Act{filed, act("assist_ask", "2026-06-01", "unit", "区税务局", "due", "2026-06-10"), act("assist_reply", "2026-06-12")},
			today: "2026-06-20", deadlines: map[string]string{}, rules: []string{"SUPERVISION_ASSIST_OVERDUE"}, msg: "逾期2日后才答复"},
		{name: "assistance answered in time", basis: "鲁条例 Art. 24",
			acts:  []Act{filed, act("assist_ask", "2026-06-01", "unit", "区税务局", "due", "2026-06-10"), act("assist_reply", "2026-06-10")},
			today: "2026-07-01", deadlines: map[string]string{}},
		{name: "the agency's materials do not answer an assistance request", basis: "鲁条例 Art. 24; 条例 Arts. 22, 25",
			acts: []Act{filed, act("assist_ask", "2026-06-01", "unit", "区税务局", "due", "2026-06-10"),
				act("measure", "2026-06-01", "due", "2026-06-10"), act("reply", "2026-06-05")},
			today: "2026-06-11", deadlines: map[string]string{}, rules: []string{"SUPERVISION_ASSIST_OVERDUE"}, msg: "已逾期1日未答复"},
		{name: "close stops the assistance clock", basis: "鲁条例 Art. 24; spec §5 close",
			acts:  []Act{filed, act("assist_ask", "2026-06-01", "unit", "区税务局", "due", "2026-06-10"), act("close", "2026-06-05")},
			today: "2026-07-01", deadlines: map[string]string{}},
		{name: "close stops every clock", basis: "spec §5 close: no act after it",
			acts: []Act{filed, act("opinion", "2026-06-01", "delivered_on", "2026-06-01"), act("close", "2026-06-10")}, today: "2026-08-01",
			deadlines: map[string]string{"correction": "2026-07-01"}},
	}
	cal := law.Default()
	for _, r := range rows {
		t.Run(r.name, func(t *testing.T) {
			lim := r.lim
			if lim == (Limits{}) {
				lim = DefaultLimits
			}
			j, err := Judge(r.acts, lim, cal, law.MustParseDate(r.today))
			if err != nil {
				t.Fatal(err)
			}
			if len(j.Deadlines) != len(r.deadlines) {
				t.Errorf("%s: deadlines %v, want %v", r.basis, j.Deadlines, r.deadlines)
			}
			for k, v := range r.deadlines {
				if j.Deadlines[k] != v {
					t.Errorf("%s: %s = %q, want %q", r.basis, k, j.Deadlines[k], v)
				}
			}
			var got []string
			for _, f := range j.Findings {
				got = append(got, f.Rule)
			}
			if strings.Join(got, ",") != strings.Join(r.rules, ",") {
				t.Errorf("%s: findings %v, want %v", r.basis, got, r.rules)
			}
			if r.msg != "" && (len(j.Findings) == 0 || !strings.Contains(j.Findings[0].Message, r.msg)) {
				t.Errorf("%s: message %v, want it to contain %q", r.basis, j.Findings, r.msg)
			}
			if j.NextCheck != r.next {
				t.Errorf("%s: next check %q, want %q", r.basis, j.NextCheck, r.next)
			}
		})
	}
}

// TestDefinition: who may record what, when (one row per rule).
func TestDefinition(t *testing.T) {
	rows := []struct {
		basis, act string
		acts       []Act
		role       string
		want       string // "" ok, else part of the error
	}{
		{"条例 Art. 20: 立案 from 受理", "file", nil, "supervisor", ""},
		{"条例 Art. 33 ¶3: refusal only before 立案", "refuse", []Act{act("file", "2026-06-01")}, "supervisor", "调查中"},
		{"条例 Art. 28: opinion after 立案", "opinion", nil, "supervisor", "待立案"},
		{"条例 Art. 28: the agency does not issue opinions", "opinion", []Act{act("file", "2026-06-01")}, "agency_admin", "无权"},
		{"条例 Art. 28 ¶2: the agency reports its correction", "corrected", []Act{act("file", "2026-06-01"), act("opinion", "2026-06-02")}, "agency_admin", ""},
		{"条例 Art. 30: no objection before a result", "objection", []Act{act("file", "2026-06-01")}, "agency_head", "尚未作出处理结果"},
		{"条例 Art. 30: objection after an opinion", "objection", []Act{act("file", "2026-06-01"), act("opinion", "2026-06-02")}, "agency_head", ""},
		{"条例 Art. 30: no close while an objection waits", "close",
			[]Act{act("file", "2026-06-01"), act("opinion", "2026-06-02"), act("objection", "2026-06-03"), act("corrected", "2026-06-04")}, "supervisor", "异议尚未答复"},
		{"条例 Art. 29: decision after the opinion", "decision", []Act{act("file", "2026-06-01"), act("opinion", "2026-06-02")}, "supervisor", ""},
		{"鲁条例 Art. 29 ¶2: execution reported after a decision", "execution_reported", []Act{act("file", "2026-06-01"), act("decision", "2026-06-02")}, "integration", ""},
		{"spec §5: close while a clock runs (the clock stops, an overdue warning stays)", "close",
			[]Act{act("file", "2026-06-01"), act("opinion", "2026-06-02")}, "supervisor", ""},
		{"条例 Art. 28: a second opinion after the report", "opinion",
			[]Act{act("file", "2026-06-01"), act("opinion", "2026-06-02"), act("corrected", "2026-06-03")}, "supervisor", ""},
		{"spec §5: no act after close", "notice", []Act{act("file", "2026-06-01"), act("close", "2026-06-02")}, "supervisor", "已结案"},
		{"条例 Art. 22: reply only to a request", "reply", []Act{act("file", "2026-06-01")}, "agency_admin", "没有待答复"},
		{"条例 Art. 22: reply to a request", "reply", []Act{act("file", "2026-06-01"), act("measure", "2026-06-02", "due", "2026-06-20")}, "agency_admin", ""},
		{"条例 Art. 26 ¶2: 当场纠正 after 立案", "spot_correction", []Act{act("file", "2026-06-01")}, "supervisor", ""},
		{"条例 Art. 26 ¶2: the agency does not record 当场纠正", "spot_correction", []Act{act("file", "2026-06-01")}, "agency_admin", "无权"},
		{"条例 Art. 33 ¶1: clue transfer to the 监察机关 while the case runs", "clue_transfer", []Act{act("file", "2026-06-01")}, "supervisor", ""},
		{"条例 Art. 33 ¶1: clue transfer is supervision's", "clue_transfer", []Act{act("file", "2026-06-01")}, "agency_head", "无权"},
		{"条例 Art. 31: no 通报 before 立案", "notice", nil, "supervisor", "待立案"},
		{"条例 Art. 6 ¶2: 司法所 assistance only while the case runs", "assist", nil, "supervisor", "待立案"},
		{"条例 Art. 6 ¶2: the agency records no assistance", "assist", []Act{act("file", "2026-06-01")}, "agency_admin", "无权"},
		{"鲁条例 Art. 24: 提请协助 while the case runs", "assist_ask", []Act{act("file", "2026-06-01")}, "supervisor", ""},
		{"鲁条例 Art. 24: no 提请协助 before 立案", "assist_ask", nil, "supervisor", "待立案"},
		{"鲁条例 Art. 24: the supervised agency does not ask for assistance", "assist_ask", []Act{act("file", "2026-06-01")}, "agency_admin", "无权"},
		{"鲁条例 Art. 24: an answer needs a request", "assist_reply", []Act{act("file", "2026-06-01")}, "supervisor", "第二十四条"},
		{"鲁条例 Art. 24: the answer to a request", "assist_reply",
			[]Act{act("file", "2026-06-01"), act("assist_ask", "2026-06-02", "due", "2026-06-20")}, "supervisor", ""},
		{"鲁条例 Art. 24: one answer per request", "assist_reply",
			[]Act{act("file", "2026-06-01"), act("assist_ask", "2026-06-02"), act("assist_reply", "2026-06-03")}, "supervisor", "没有待答复的协助请求"},
		{"鲁条例 Art. 25: 专门调查 after 立案", "special_investigation", []Act{act("file", "2026-06-01")}, "supervisor", ""},
		{"鲁条例 Art. 25: no 专门调查 before 立案", "special_investigation", nil, "supervisor", "待立案"},
		{"鲁条例 Art. 25: 专门调查 is the supervision body's", "special_investigation", []Act{act("file", "2026-06-01")}, "agency_head", "无权"},
	}
	for _, r := range rows {
		err := Handling.Check(Fold(r.acts), roleOf(r.role), r.act)
		switch {
		case r.want == "" && err != nil:
			t.Errorf("%s: %v", r.basis, err)
		case r.want != "" && (err == nil || !strings.Contains(err.Error(), r.want)):
			t.Errorf("%s: got %v, want %q", r.basis, err, r.want)
		}
	}
}
