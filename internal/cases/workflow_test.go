package cases_test

// The legal order of a penalty case, act by act, through the service on
// both engines: each row takes a case to a stage along a lawful path, then
// tries one act by one person and expects it accepted or refused with the
// article that forbids it. The world's clock is pinned (testworld.Today).

import (
	"slices"
	"strings"
	"testing"

	"zfjd/internal/apperr"
	"zfjd/internal/cases"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
)

// step is one act on the lawful path: who records it and the event.
type step struct {
	who string
	ev  cases.Event
}

var (
	ab      = []string{testworld.CertA, testworld.CertB}
	yes     = true
	no      = false
	fine    = []cases.Penalty{{Kind: "warning"}, {Kind: "fine", AmountFen: 300000}}
	paidAll = int64(300000)
)

// lawful is the general procedure from filing to archiving (registration
// on 2026-05-25 is the world's Register).
var lawful = []step{
	{"head", cases.Event{Type: "filed", At: "2026-05-26", Officers: ab}},
	{"officer", cases.Event{Type: "investigation", At: "2026-05-27", Officers: ab, Note: "现场检查、询问当事人"}},
	{"officer", cases.Event{Type: "investigation_concluded", At: "2026-05-28", Officers: ab, Note: "事实清楚，建议处罚"}},
	{"reviewer", cases.Event{Type: "legal_review", At: "2026-05-29", Result: "pass", Note: "同意"}},
	{"officer", cases.Event{Type: "notified", At: "2026-05-29", Officers: ab, HearingRight: &yes, Note: "拟警告并罚款3000元"}},
	{"head", cases.Event{Type: "decided", At: "2026-06-08", Outcome: "penalty", Tier: "ordinary", Penalties: fine}},
	{"officer", cases.Event{Type: "delivered", At: "2026-06-09", Officers: ab, Note: "直接送达"}},
	{"officer", cases.Event{Type: "published", At: "2026-06-10"}},
	{"officer", cases.Event{Type: "paid", At: "2026-06-11", AmountFen: &paidAll}},
	{"head", cases.Event{Type: "closed", At: "2026-06-12"}},
	{"head", cases.Event{Type: "archived", At: "2026-06-12"}},
}

// upTo is the lawful path until (not including) the first step of type t.
func upTo(t string) []step {
	for i, s := range lawful {
		if s.ev.Type == t {
			return slices.Clone(lawful[:i])
		}
	}
	return lawful
}

func ev(t, at string, officers ...string) cases.Event {
	return cases.Event{Type: t, At: at, Officers: officers, Note: "说明"}
}

var orderTable = []struct {
	name  string
	basis string // the article that decides the row
	prior []step
	who   string
	try   cases.Event
	want  string // apperr code; "" = accepted
	msg   string // part of the refusal
}{
	{"investigation before filing", "处罚法第五十四条", nil, "officer", ev("investigation", "2026-05-26", ab...), apperr.Conflict, "尚未立案"},
	{"filing by an officer", "处罚法第五十四条", nil, "officer", ev("filed", "2026-05-26", ab...), apperr.Forbidden, "无权"},
	{"filing by the head", "处罚法第五十四条", nil, "head", ev("filed", "2026-05-26", ab...), "", ""},
	{"filing by the agency's registry administrator", "处罚法第五十四条", nil, "agency_admin", ev("filed", "2026-05-26", ab...), apperr.Forbidden, ""},
	{"concluding before any investigation", "处罚法第五十五条", upTo("investigation"), "officer", ev("investigation_concluded", "2026-05-28", ab...), apperr.Conflict, "尚未调查取证"},
	{"notice before the investigation is concluded", "处罚法第五十七条", upTo("investigation_concluded"), "officer",
		cases.Event{Type: "notified", At: "2026-05-28", Officers: ab, HearingRight: &yes, Note: "拟处罚"}, apperr.Conflict, "调查尚未终结"},
	{"investigation after it was concluded", "处罚法第五十七条", upTo("legal_review"), "officer", ev("investigation", "2026-05-29", ab...), apperr.Conflict, "调查已终结"},
	{"decision before the investigation is concluded", "处罚法第五十七条", upTo("investigation_concluded"), "head",
		cases.Event{Type: "decided", At: "2026-06-08", Outcome: "penalty", Tier: "ordinary", Penalties: fine}, apperr.Conflict, "调查尚未终结"},
	{"a general case decided by an officer", "处罚法第五十七条", upTo("decided"), "officer",
		cases.Event{Type: "decided", At: "2026-06-08", Outcome: "penalty", Tier: "ordinary", Penalties: fine}, apperr.Forbidden, ""},
	{"decided before the notice", "处罚法第四十四条", upTo("notified"), "head",
		cases.Event{Type: "decided", At: "2026-06-08", Outcome: "penalty", Tier: "ordinary", Penalties: fine}, apperr.Invalid, "告知"},
	{"legal review by the head", "处罚法第五十八条", upTo("legal_review"), "head",
		cases.Event{Type: "legal_review", At: "2026-05-29", Result: "pass", Note: "同意"}, apperr.Forbidden, ""},
	{"delivery before the decision", "处罚法第六十一条", upTo("decided"), "officer", ev("delivered", "2026-06-09", ab...), apperr.Conflict, "尚未作出决定"},
	{"publication before delivery", "处罚法第四十八条", upTo("delivered"), "officer", cases.Event{Type: "published", At: "2026-06-09"}, apperr.Conflict, "不能公示"},
	{"payment before delivery", "处罚法第六十七条", upTo("delivered"), "officer", cases.Event{Type: "paid", At: "2026-06-09", AmountFen: &paidAll}, apperr.Conflict, "尚未送达"},
	{"closing with the decision undelivered", "处罚法第六十一条", upTo("delivered"), "head", ev("closed", "2026-06-09"), apperr.Conflict, "尚未送达"},
	{"closing with the fine unpaid", "处罚法第六十七条", upTo("paid"), "head", ev("closed", "2026-06-11"), apperr.Conflict, "罚款未缴清"},
	{"archiving before closing", "处罚法第四十七条", upTo("closed"), "head", ev("archived", "2026-06-12"), apperr.Conflict, "尚未结案"},
	{"any act once archived", "处罚法第四十七条", lawful, "officer", cases.Event{Type: "published", At: "2026-06-13"}, apperr.Conflict, ""},
	{"the whole lawful path", "处罚法第五十四条至第六十七条", upTo("archived"), "head", ev("archived", "2026-06-12"), "", ""},
	{"an officer recording in other officers' names", "处罚法第四十二条", upTo("investigation"), "officer",
		ev("investigation", "2026-05-27", testworld.CertB, testworld.CertC), apperr.Invalid, "须包含您本人"},
	{"one officer alone", "处罚法第四十二条", upTo("investigation"), "officer", ev("investigation", "2026-05-27", testworld.CertA), apperr.Invalid, "两名以上"},
	{"an act dated tomorrow", "处罚法第四十七条（全过程记录）", upTo("investigation"), "officer", ev("investigation", "2026-06-16", ab...), apperr.Invalid, "不能晚于今天"},
	{"an act dated before the last step", "处罚法第四十七条（全过程记录）", upTo("investigation"), "officer", ev("investigation", "2026-05-25", ab...), apperr.Invalid, "不能早于上一环节"},
	{"another agency's officer", "处罚法第十八条、第二十二条（管辖）", upTo("investigation"), "other_officer",
		ev("investigation", "2026-05-27", testworld.CertOther, testworld.CertA), apperr.NotFound, ""},
	{"a supervisor", "行政执法监督条例第十四条（监督不代办）", upTo("investigation"), "supervisor", ev("investigation", "2026-05-27", ab...), apperr.Forbidden, ""},
	{"decision while a requested hearing was not held", "处罚法第六十四条、第六十五条",
		append(upTo("decided"), step{"officer", cases.Event{Type: "hearing_requested", At: "2026-06-01", Note: "当事人书面申请"}}), "head",
		cases.Event{Type: "decided", At: "2026-06-08", Outcome: "penalty", Tier: "ordinary", Penalties: fine}, apperr.Conflict, "先举行听证"},

	// Exchange v1.1: the party's waiver and absence, 陈述申辩 periods, delivery methods.
	{"decision inside the request period without a waiver", "处罚法第四十五条、第六十二条、第六十四条", upTo("decided"), "head",
		cases.Event{Type: "decided", At: "2026-06-01", Outcome: "penalty", Tier: "ordinary", Penalties: fine}, apperr.Invalid, "未明确放弃权利"},
	{"the party waives 陈述申辩 and hearing, decision without waiting", "处罚法第六十二条",
		append(upTo("decided"), step{"officer", cases.Event{Type: "rights_waived", At: "2026-05-29", Note: "当事人书面声明放弃陈述、申辩和听证"}}), "head",
		cases.Event{Type: "decided", At: "2026-06-01", Outcome: "penalty", Tier: "ordinary", Penalties: fine}, "", ""},
	{"a waiver before any notice", "处罚法第四十四条、第六十二条", upTo("notified"), "officer",
		cases.Event{Type: "rights_waived", At: "2026-05-29", Note: "放弃"}, apperr.Conflict, "尚未告知"},
	{"a decision on the notice's own day after the party waived on the spot", "处罚法第六十二条",
		append(upTo("decided"), step{"officer", cases.Event{Type: "rights_waived", At: "2026-05-29", Note: "当事人当场书面声明放弃"}}), "head",
		cases.Event{Type: "decided", At: "2026-05-29", Outcome: "penalty", Tier: "ordinary", Penalties: fine}, "", ""},
	{"a decision on the notice's own day without a waiver", "处罚法第四十四条、第四十五条", upTo("decided"), "head",
		cases.Event{Type: "decided", At: "2026-05-29", Outcome: "penalty", Tier: "ordinary", Penalties: fine}, apperr.Invalid, "告知当日"},
	{"the party does not come to a hearing noticed in time, then the decision", "处罚法第六十四条第（六）项", noShow, "head",
		cases.Event{Type: "decided", At: "2026-06-10", Outcome: "penalty", Tier: "ordinary", Penalties: fine}, "", ""},
	{"a no-show recorded before the hearing was noticed", "处罚法第六十四条", append(upTo("decided"),
		step{"officer", cases.Event{Type: "hearing_requested", At: "2026-06-01", Note: "当事人书面申请"}}), "officer",
		cases.Event{Type: "hearing_absent", At: "2026-06-10", Note: "未到场"}, apperr.Conflict, "尚未通知听证"},
	{"a hearing requested, then withdrawn in writing, then the decision", "处罚法第六十二条", append(upTo("decided"),
		step{"officer", cases.Event{Type: "hearing_requested", At: "2026-06-01", Note: "当事人书面申请"}},
		step{"officer", cases.Event{Type: "rights_waived", At: "2026-06-03", Note: "当事人书面撤回听证申请"}}), "head",
		cases.Event{Type: "decided", At: "2026-06-08", Outcome: "penalty", Tier: "ordinary", Penalties: fine}, "", ""},
	{"a later notice gives the hearing right an earlier one did not", "处罚法第六十三条", replacedNotice, "head",
		cases.Event{Type: "decided", At: "2026-06-09", Outcome: "penalty", Tier: "ordinary", Penalties: []cases.Penalty{{Kind: "revoke_license"}}}, "", ""},
	{"delivery by post recorded by one officer", "处罚法第六十一条", upTo("delivered"), "officer",
		cases.Event{Type: "delivered", At: "2026-06-09", Method: "post", Note: "EMS邮寄送达"}, "", ""},
	{"direct delivery by one officer", "处罚法第四十二条", upTo("delivered"), "officer",
		cases.Event{Type: "delivered", At: "2026-06-09", Method: "direct", Officers: []string{testworld.CertA}, Note: "直接送达"}, apperr.Invalid, "两名以上"},
	{"delivery by post in another officer's name", "处罚法第四十二条", upTo("delivered"), "officer",
		cases.Event{Type: "delivered", At: "2026-06-09", Method: "post", Officers: []string{testworld.CertB}, Note: "邮寄"}, apperr.Invalid, "须包含您本人"},
	{"a refund ordered where no illegal income was found", "处罚法第二十八条", upTo("decided"), "officer",
		cases.Event{Type: "refund_ordered", At: "2026-06-08", Note: "退赔"}, apperr.Conflict, "未认定违法所得"},
	{"a 复议 recorded after delivery, and its end", "处罚法第七十三条", append(upTo("paid"),
		step{"officer", cases.Event{Type: "appealed", At: "2026-06-10", Note: "历下区人民政府受理复议申请"}}), "officer",
		cases.Event{Type: "appeal_concluded", At: "2026-06-11", Note: "复议维持"}, "", ""},
	{"a testing period for seized goods", "行政强制法第二十五条第三款", seizedPath, "officer",
		cases.Event{Type: "testing", At: "2026-05-28", From: "2026-05-28", To: "2026-06-10", Note: "送省食品检验研究院检验"}, "", ""},
	{"a testing period without its end", "行政强制法第二十五条第三款", seizedPath, "officer",
		cases.Event{Type: "testing", At: "2026-05-28", Note: "送检"}, apperr.Invalid, "期间应当明确"},
	{"testing with nothing seized", "行政强制法第二十五条", upTo("investigation_concluded"), "officer",
		cases.Event{Type: "testing", At: "2026-05-28", To: "2026-06-10", Note: "送检"}, apperr.Conflict, "没有未解除的查封扣押"},
	{"applying to the court before any 催告", "行政强制法第五十四条", upTo("paid"), "head",
		cases.Event{Type: "enforcement_applied", At: "2026-06-11", Note: "历下区人民法院"}, apperr.Conflict, "尚未催告"},
}

// noShow is the lawful path to the decision through a hearing the party
// did not attend: asked for on 06-01, noticed the same day for 06-10 (the
// seventh working day after it, 处罚法 Art. 64(二), 85).
var noShow = append(upTo("decided"),
	step{"officer", cases.Event{Type: "hearing_requested", At: "2026-06-01", Note: "当事人书面申请听证"}},
	step{"officer", cases.Event{Type: "hearing_noticed", At: "2026-06-01", Officers: ab, HearingAt: "2026-06-10T09:00:00+08:00", Note: "本局听证室"}},
	step{"officer", cases.Event{Type: "hearing_absent", At: "2026-06-10", Note: "当事人经合法通知无正当理由未到场，终止听证"}})

// seizedPath: filed, investigated and goods seized on 05-27.
var seizedPath = append(upTo("investigation_concluded"),
	step{"officer", cases.Event{Type: "seized", At: "2026-05-27", Officers: ab, DocNo: "扣押1", Note: "扣押涉案食品"}})

// replacedNotice: a notice without the hearing right on 05-29, replaced on
// 06-01 by one that gives it (its request period ends 06-05).
var replacedNotice = append(upTo("notified"),
	step{"officer", cases.Event{Type: "notified", At: "2026-05-29", Officers: ab, HearingRight: &no, Note: "拟警告"}},
	step{"officer", cases.Event{Type: "notified", At: "2026-06-01", Officers: ab, HearingRight: &yes, Note: "拟吊销许可证件"}})

func TestLegalOrder(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		for _, row := range orderTable {
			t.Run(row.name, func(t *testing.T) {
				c := w.Register(t, "2026-05-25")
				for _, s := range row.prior {
					if _, err := w.Cases.Append(w.Ctx, testworld.As(s.who), c.ID, s.ev); err != nil {
						t.Fatalf("lawful step %s by %s: %v", s.ev.Type, s.who, err)
					}
				}
				before := len(mustGet(t, w, c.ID).Events)
				_, err := w.Cases.Append(w.Ctx, testworld.As(row.who), c.ID, row.try)
				got := ""
				if err != nil {
					got = apperr.As(err).Code
				}
				if got != row.want || (row.msg != "" && !strings.Contains(apperr.As(err).Message+flatten(err), row.msg)) {
					t.Fatalf("%s (%s): got %q %v, want %q containing %q", row.name, row.basis, got, err, row.want, row.msg)
				}
				after := len(mustGet(t, w, c.ID).Events)
				if (err == nil) != (after == before+1) {
					t.Fatalf("events %d → %d with err %v: a refused act must write nothing", before, after, err)
				}
			})
		}
	})
}

func flatten(err error) string {
	if err == nil {
		return ""
	}
	var b strings.Builder
	for _, m := range apperr.As(err).Fields {
		b.WriteString(m)
	}
	return b.String()
}

func mustGet(t *testing.T, w *testworld.World, id int64) *cases.Case {
	t.Helper()
	c, err := w.Cases.Get(w.Ctx, w.Admin, id)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// The acts the legal audit found refused although lawful, and their
// unlawful twins, on cases whose facts differ from the world's NewCase.
func TestLegalOrderFacts(t *testing.T) {
	t.Parallel()
	tru := true
	type factsRow struct {
		name, basis string
		facts       func(f *cases.Facts)
		registered  string
		prior       []step
		who         string
		try         cases.Event
		want, msg   string
	}
	rows := []factsRow{
		{"filing after the anniversary of an act discovered in time", "处罚法第三十六条",
			func(f *cases.Facts) { f.ActDate = "2024-05-22" }, "2026-05-21", nil, "head", ev("filed", "2026-05-26", ab...), "", ""},
		{"deciding after the anniversary of an act discovered in time", "处罚法第三十六条、第六十条",
			func(f *cases.Facts) { f.ActDate = "2024-05-22" }, "2026-05-21", upTo("decided"), "head",
			cases.Event{Type: "decided", At: "2026-06-08", Outcome: "penalty", Tier: "ordinary", Penalties: fine}, "", ""},
		{"no harm and corrected, 轻微 not stated: asked about, not refused", "处罚法第三十三条第一款",
			func(f *cases.Facts) { f.Harm, f.Corrected = "none", &tru }, "2026-05-25", upTo("decided"), "head",
			cases.Event{Type: "decided", At: "2026-06-08", Outcome: "penalty", Tier: "ordinary", Penalties: fine}, "", ""},
		{"a minor act, corrected, no harm: no penalty", "处罚法第三十三条第一款",
			func(f *cases.Facts) { f.Harm, f.Corrected, f.MinorAct = "none", &tru, &tru }, "2026-05-25", upTo("decided"), "head",
			cases.Event{Type: "decided", At: "2026-06-08", Outcome: "penalty", Tier: "ordinary", Penalties: fine}, apperr.Invalid, "不予处罚"},
		{"illegal income neither confiscated nor refunded", "处罚法第二十八条",
			func(f *cases.Facts) { f.IllegalIncomeFen = 50000 }, "2026-05-25", upTo("decided"), "head",
			cases.Event{Type: "decided", At: "2026-06-08", Outcome: "penalty", Tier: "ordinary", Penalties: fine}, apperr.Invalid, "未没收违法所得"},
		{"illegal income refunded (退赔) before the decision", "处罚法第二十八条",
			func(f *cases.Facts) { f.IllegalIncomeFen = 50000 }, "2026-05-25",
			append(upTo("decided"), step{"head", cases.Event{Type: "refund_ordered", At: "2026-06-05", Note: "责令退还消费者500元"}}), "head",
			cases.Event{Type: "decided", At: "2026-06-08", Outcome: "penalty", Tier: "ordinary", Penalties: fine}, "", ""},
		{"a major case decided without a collective discussion", "处罚法第五十七条第二款",
			func(f *cases.Facts) { f.Major = true }, "2026-05-25", upTo("decided"), "head",
			cases.Event{Type: "decided", At: "2026-06-08", Outcome: "penalty", Tier: "ordinary", Penalties: fine}, apperr.Invalid, "集体讨论"},
		{"a major case decided after review and collective discussion", "处罚法第五十七条第二款、第五十八条",
			func(f *cases.Facts) { f.Major = true }, "2026-05-25",
			append(upTo("decided"), step{"head", cases.Event{Type: "collective_discussion", At: "2026-06-05", Note: "局长办公会"}}), "head",
			cases.Event{Type: "decided", At: "2026-06-08", Outcome: "penalty", Tier: "ordinary", Penalties: fine}, "", ""},
	}
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		for _, row := range rows {
			t.Run(row.name, func(t *testing.T) {
				nc := testworld.NewCase()
				row.facts(&nc.Facts)
				c, err := w.Cases.Create(w.Ctx, testworld.As("officer"), nc, cases.Event{At: row.registered, Officers: ab}, nil)
				if err != nil {
					t.Fatalf("register: %v", err)
				}
				for _, s := range row.prior {
					if _, err := w.Cases.Append(w.Ctx, testworld.As(s.who), c.ID, s.ev); err != nil {
						t.Fatalf("lawful step %s by %s: %v", s.ev.Type, s.who, err)
					}
				}
				_, err = w.Cases.Append(w.Ctx, testworld.As(row.who), c.ID, row.try)
				got := ""
				if err != nil {
					got = apperr.As(err).Code
				}
				if got != row.want || (row.msg != "" && !strings.Contains(apperr.As(err).Message+flatten(err), row.msg)) {
					t.Fatalf("%s (%s): got %q %v, want %q containing %q", row.name, row.basis, got, err, row.want, row.msg)
				}
			})
		}
	})
}

// Registering an act not discovered within two years is refused (处罚法
// Art. 36: 不再给予行政处罚).
func TestRegisterTimeBarred(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		nc := testworld.NewCase()
		nc.Facts.ActDate = "2024-05-22"
		_, err := w.Cases.Create(w.Ctx, testworld.As("officer"), nc, cases.Event{At: "2026-05-25", Officers: ab}, nil)
		if !apperr.Is(err, apperr.Invalid) || !strings.Contains(apperr.As(err).Message, "不再给予行政处罚") {
			t.Fatalf("time-barred registration: %v", err)
		}
	})
}
