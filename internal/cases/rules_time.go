package cases

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"zfjd/internal/clock"
	"zfjd/internal/law"
)

// rules is the spec's warning table (spec/exchange-v1.md v1.1, "Warnings"),
// in its order, then the rules of spec/supervision-v1.md §2 — with those
// that read other cases or the register last (rules_cross.go,
// disparity.go). Deadline rules carry the 临期预警 parameter. Each check
// is in rules_time.go (periods), rules_procedure.go (who did what, in which
// order) or rules_substance.go (what was decided).
var rules = []rule{
	def("LIMITATION_EXPIRED", "《行政处罚法》第三十六条", "超过追责时效", checkLimitation),
	def("DECISION_OVERDUE", "《行政处罚法》第六十条", "办案超期", checkDecision, leadTime),
	def("DELIVERY_OVERDUE", "《行政处罚法》第六十一条、第五十二条", "送达超期", checkDelivery, leadTime),
	def("PUBLICITY_OVERDUE", "国办发〔2018〕118号，《市场监督管理行政处罚信息公示规定》第二条", "公示超期", checkPublicity, leadTime),
	def("PAYMENT_OVERDUE", "《行政处罚法》第六十七条、第七十二条、第七十三条", "罚款逾期未缴", checkPayment),
	def("LEGAL_REVIEW_MISSING", "《行政处罚法》第五十八条、第六十五条", "未经法制审核", checkLegalReview),
	def("REVIEWER_CONFLICT", "《行政处罚法》第六十四条第（四）项，第五十八条与国办发〔2018〕118号", "审核人或听证主持人系调查人员", checkReviewerConflict),
	def("OFFICERS_INSUFFICIENT", "《行政处罚法》第四十二条、第五十五条，《行政强制法》第十八条", "执法人员不足两人", checkOfficerCount),
	def("CERTIFICATE_INVALID", "《行政处罚法》第四十二条", "执法证件无效", checkCertificates),
	def("FINE_OUT_OF_RANGE", "《行政处罚法》第三十四条，国办发〔2022〕27号", "罚款超出裁量基准或法定幅度", checkFineRange),
	def("NO_PENALTY_DUE", "《行政处罚法》第三十条、第三十一条、第三十三条", "应不予处罚而处罚", checkNoPenaltyDue),
	def("MINOR_NOT_MITIGATED", "《行政处罚法》第三十条", "未成年人未从轻减轻", checkMinor),
	def("SUMMARY_OVER_LIMIT", "《行政处罚法》第五十一条", "简易程序超限", checkSummary),
	def("NOTICE_MISSING", "《行政处罚法》第四十四条、第四十五条、第六十二条、第六十四条", "未告知或告知期未满即决定", checkNotice),
	def("HEARING_RIGHT_MISSING", "《行政处罚法》第六十三条", "未告知听证权利", checkHearingRight),
	def("HEARING_NOTICE_LATE", "《行政处罚法》第六十四条", "听证通知不足七日", checkHearingNotice),
	def("PRESERVATION_OVERDUE", "《行政处罚法》第五十六条", "先行登记保存超期未处理", checkPreservation, leadTime),
	def("SEIZURE_OVERDUE", "《行政强制法》第二十一条、第二十五条、第二十七条、第二十八条", "查封扣押超期", checkSeizure, leadTime),
	def("TRANSFER_OVERDUE", "《行政执法机关移送涉嫌犯罪案件的规定》第五条、第八条", "移送超期", checkTransferClock, leadTime),
	def("TRANSFER_MISSING", "《行政处罚法》第二十七条、第五十七条，《行政执法机关移送涉嫌犯罪案件的规定》第十一条、第十六条", "以罚代刑", checkTransferMissing),
	def("WITHDRAWAL_OVERDUE", "《行政处罚法》第四十八条", "撤销后未及时撤回公示", checkWithdrawal, leadTime),
	def("INCOME_NOT_CONFISCATED", "《行政处罚法》第二十八条第二款", "违法所得未没收", checkIncome),
	def("MITIGATION_UNFOUNDED", "《行政处罚法》第三十条至第三十二条", "减轻处罚无法定情节", checkMitigationFounded),
	def("MITIGATION_MISSING", "《行政处罚法》第三十二条", "应当从轻减轻而未从轻减轻", checkMitigationMissing),
	def("REVIEWER_UNQUALIFIED", "《行政处罚法》第五十八条第二款", "法制审核人员无审核资格", checkReviewerQualified),
	def("HEARING_HOST_UNQUALIFIED", "《山东省行政执法监督条例》第十一条", "听证主持人无主持资格", checkHostQualified),
	def("COLLECTIVE_DISCUSSION_MISSING", "《行政处罚法》第五十七条第二款", "未经负责人集体讨论", checkCollective),
	def("MATTER_NOT_HELD", "《行政处罚法》第十七条，《行政执法监督条例》第十一条第（一）项", "执法主体不适格", checkMatterHeld),
	def("DOUBLE_FINE", "《行政处罚法》第二十九条", "同一违法行为重复罚款", checkDoubleFine),
	def("SIMILAR_CASE_DISPARITY", "国办发〔2022〕27号", "类案不同罚", checkDisparity, disparityParams),
}

// 处罚法 Art. 36: an act not discovered within two years (its end, when
// continuing) is no longer punished; five years where citizens' life,
// health or financial safety is involved and harm followed. The bar is on
// discovery — the first 发现/登记, 立案 or 调查 — so a case discovered in time
// may be filed and decided later (the decision's time is Art. 60's). The
// end is the anniversary (民法典 Art. 202) and is not moved off a day off by
// Art. 203: it limits the state, it is not an act due on a working day.
func checkLimitation(j *judge) {
	f := j.c.Facts
	start := f.ActDate
	if f.ActEndDate != nil && *f.ActEndDate != "" {
		start = *f.ActEndDate
	}
	s, err := law.ParseDate(start)
	if err != nil {
		return
	}
	years := 2
	if f.LifeHealthOrFinancial && (f.Harm == "slight" || f.Harm == "serious") {
		years = 5
	}
	end, err := law.Anniversary(s, years)
	if err != nil || !end.Valid() {
		return
	}
	j.deadline("limitation", end)
	if e := j.first(zeroDate, "discovered", "filed", "investigation"); e != nil && e.when.Date.After(end) {
		j.fire("LIMITATION_EXPIRED", "red", "discovered", end, "违法行为终了于%s，%d年内未被发现（至%s届满），%s才%s，依法不再给予行政处罚",
			s, years, end, e.when.Date, labelOf(e.Type))
	}
}

// 处罚法 Art. 60: a decision within 90 days of filing (calendar days,
// 民法典 Art. 201, 203), plus extensions under "另有规定": an extension
// counts only when approved on or before the deadline then in force (one
// approved after the period ran out revives nothing), and extensions chain
// in the order approved. A transfer to the judiciary (Art. 57(四)) or the
// closing of the case (撤案/销案, closed) also ends the clock.
func checkDecision(j *judge) {
	filed := j.first(zeroDate, "filed")
	if filed == nil {
		return
	}
	n := 90
	end, ok := j.days(filed.when.Date, n)
	if !ok {
		return
	}
	var late []string
	for _, e := range j.all("extension_approved") {
		if e.when.Date.After(end) {
			late = append(late, e.when.Date.String())
			continue
		}
		if e2, ok := j.days(filed.when.Date, n+e.Days); ok {
			n, end = n+e.Days, e2
		}
	}
	j.deadline("decision", end)
	note := fmt.Sprintf("立案%s，办案期限%d日", filed.when.Date, n)
	if len(late) > 0 {
		note += "；" + strings.Join(late, "、") + "批准的延期晚于当时的办案期限，不予计算"
	}
	done := j.first(zeroDate, "decided", "transferred", "closed")
	what := "作出决定"
	if done != nil && done.Type != "decided" {
		what = labelOf(done.Type)
	}
	j.clock("DECISION_OVERDUE", "", end, done,
		"立案后应于%[2]s前作出决定，实际于%[1]s"+what+"（"+note+"）",
		"立案后应于%s前作出决定，至今未作出，已超期若干日（"+note+"）")
}

// 处罚法 Art. 61 with Art. 85: a decision not handed over on the spot is
// delivered within 7 working days. A decision made on the spot in the
// summary procedure is handed over there and then (Art. 52: 当场交付).
func checkDelivery(j *judge) {
	d := j.decision()
	if d == nil || d.Outcome == "transfer" {
		return
	}
	done := j.first(d.when.Date, "delivered")
	if j.c.Procedure == "summary" {
		j.deadline("delivery", d.when.Date)
		j.clock("DELIVERY_OVERDUE", "", d.when.Date, done,
			"当场作出的处罚决定书应当场交付（%[2]s），实际于%[1]s送达",
			"当场作出的处罚决定书应当场交付（%s），至今未送达，已超期若干日")
		return
	}
	end, ok := j.workdays(d.when.Date, 7)
	if !ok {
		return
	}
	j.deadline("delivery", end)
	j.clock("DELIVERY_OVERDUE", "", end, done,
		"决定书应于%[2]s前（7个工作日）送达，实际于%[1]s送达",
		"决定书应于%s前（7个工作日）送达，至今未送达，已超期若干日")
}

// 国办发〔2018〕118号: a penalty decision of the general procedure is
// published within 7 working days (an agency may set its own period, e.g.
// 20 for market supervision under 市场监督管理行政处罚信息公示规定 Art. 9).
// That Art. 2 publishes general-procedure decisions only and never a
// warning alone; a decision annulled or void needs none (a changed one
// still does).
func checkPublicity(j *judge) {
	d := j.decision()
	if !penalised(d) || j.c.Procedure == "summary" || warningOnly(d) || j.voided(d, "confirm_illegal") != nil {
		return
	}
	n := j.env.PublicityDays
	if n <= 0 {
		n = DefaultPublicityDays
	}
	end, ok := j.workdays(d.when.Date, n)
	if !ok {
		return
	}
	j.deadline("publicity", end)
	j.clock("PUBLICITY_OVERDUE", "", end, j.first(d.when.Date, "published"),
		fmt.Sprintf("处罚决定应于%%[2]s前（%d个工作日）公示，实际于%%[1]s公示", n),
		fmt.Sprintf("处罚决定应于%%s前（%d个工作日）公示，至今未公示，已超期若干日", n))
}

func warningOnly(d *Event) bool {
	return !slices.ContainsFunc(d.Penalties, func(p Penalty) bool { return p.Kind != "warning" })
}

// voided is the annulment of d that takes it away (撤销, 确认无效, or an
// annulment of no stated kind, which v1 bodies send), or nil; the kinds in
// also end it too. 变更 leaves a decision to follow; 确认违法 leaves it in
// force (it is not revoked).
func (j *judge) voided(d *Event, also ...string) *Event {
	for _, e := range j.all("annulled") {
		if !e.when.Date.Before(d.when.Date) && (e.Kind == "" || e.Kind == "revoke" || e.Kind == "confirm_invalid" || slices.Contains(also, e.Kind)) {
			return e
		}
	}
	return nil
}

// 处罚法 Art. 67: the fine is paid within 15 days of receiving the decision
// (calendar days, 民法典 Art. 201, 203), or by the date an approved
// deferral allows (Art. 66). Art. 72(一): the agency may (可以) add 3 % a
// day of the fine unpaid, never more than that unpaid amount (also 行政强制
// 法 Art. 45), and Art. 73 第三款 leaves the days of a 复议 or 诉讼 out. Art.
// 72(四) then leads to the court (行政强制法 Art. 53, 54; paymentEnforcement).
// An annulled or void decision is not to be paid.
func checkPayment(j *judge) {
	d := j.decision()
	fine := fineOf(d)
	if !penalised(d) || fine <= 0 || j.voided(d) != nil {
		return
	}
	del := j.first(d.when.Date, "delivered")
	if del == nil {
		return
	}
	end, ok := j.days(del.when.Date, 15)
	if !ok {
		return
	}
	deferred := false
	for _, e := range j.all("payment_deferred") {
		if u, err := law.ParseDate(e.Until); err == nil && u.After(end) {
			end, deferred = u, true
		}
	}
	j.deadline("payment", end)
	var paid int64
	var done *Event
	var pays []payment
	for _, e := range j.all("paid") {
		amt := fine - paid
		if e.AmountFen != nil {
			amt = *e.AmountFen
		}
		paid += amt
		pays = append(pays, payment{e.when.Date, amt})
		if paid >= fine {
			done = e
			break
		}
	}
	pause := j.appealSpans()
	capped := false
	fee := func(through law.Date) (int64, string) {
		f, skipped, full := lateFee(fine, pays, end, through, pause)
		s := ""
		if skipped > 0 {
			s = fmt.Sprintf("，复议、诉讼期间%d日不计", skipped)
		}
		capped = full
		return f, s
	}
	const how = "每日按未缴罚款数额的3%，不超过逾期时未缴的数额"
	switch {
	case done != nil && done.when.Date.After(end):
		f, skipped := fee(done.when.Date)
		j.fire("PAYMENT_OVERDUE", "yellow", "", end, "罚款%s应于%s前缴纳，实际于%s缴清，逾期%d日，可加处罚款%s（%s%s）",
			yuan(fine), end, done.when.Date, daysBetween(end, done.when.Date), yuan(f), how, skipped)
	case done == nil && j.env.Today.After(end):
		f, skipped := fee(j.env.Today)
		// The days late are counted when the warning is read (flow.Message);
		// the fee moves daily only until it reaches its cap.
		j.fire("PAYMENT_OVERDUE", "red", "", end, "罚款%s应于%s前缴纳，至今未缴清（已缴%s），已逾期若干日，可加处罚款累计%s（%s%s）",
			yuan(fine), end, yuan(paid), yuan(f), how, skipped)
		if !capped {
			j.checks = append(j.checks, j.env.Today.AddDays(1)) // the late fee accrues daily
		}
	case done == nil:
		j.checks = append(j.checks, end.AddDays(1))
	}
	if done == nil {
		j.paymentEnforcement(del, end, deferred)
	}
}

// payment is one payment of a fine.
type payment struct {
	on  law.Date
	fen int64
}

// lateFee is Art. 72(一)'s 加处罚款 from the day after end through through:
// 3 % a day of what was still unpaid that day (a payment counts from the
// day after it is made), skipping the days of a 复议 or 诉讼 (Art. 73 第三款),
// capped at the amount unpaid when the period ran out. It also returns how
// many days were skipped, and whether the fee has reached its cap (later
// days add nothing, nor to the days skipped). pays are in date order.
func lateFee(fine int64, pays []payment, end, through law.Date, paused []span) (fee int64, skipped int, capped bool) {
	unpaid, next := fine, 0
	payUpTo := func(day law.Date) { // apply the payments made before day
		for next < len(pays) && pays[next].on.Before(day) {
			unpaid -= pays[next].fen
			next++
		}
	}
	day := end.AddDays(1)
	payUpTo(day)
	limit := max(unpaid, 0)
	var pct int64 // fen × 3, divided by 100 once at the end
	for !day.After(through) && pct < limit*100 && unpaid > 0 {
		if i := slices.IndexFunc(paused, func(s span) bool { return !day.Before(s.from) && !day.After(s.to) }); i >= 0 {
			to := paused[i].to
			if to.After(through) {
				to = through
			}
			skipped += daysBetween(day, to) + 1
			day = to.AddDays(1)
			payUpTo(day)
			continue
		}
		pct += unpaid * 3
		day = day.AddDays(1)
		payUpTo(day)
	}
	return min(pct/100, limit), skipped, pct >= limit*100 || unpaid <= 0
}

// span is a stretch of days, both ends included.
type span struct{ from, to law.Date }

// appealSpans are the 复议 and 诉讼 the case records (appealed …
// appeal_concluded, or still pending through today).
func (j *judge) appealSpans() []span {
	var spans []span
	for _, a := range j.all("appealed") {
		to := j.env.Today
		if c := j.first(a.when.Date, "appeal_concluded"); c != nil {
			to = c.when.Date
		}
		spans = append(spans, span{a.when.Date, to})
	}
	return spans
}

// LateFee is 处罚法 Art. 72(一)'s 加处罚款 on an amount unpaid for a number of
// days: 3 % a day, never more than that amount (also 行政强制法 Art. 45).
func LateFee(fineFen int64, daysLate int) int64 {
	if daysLate <= 0 {
		return 0
	}
	fee := fineFen * 3 * int64(daysLate) / 100
	return min(fee, fineFen)
}

// paymentEnforcement: a fine still unpaid goes to the court (处罚法 Art.
// 72(四)). An agency without its own enforcement power may apply within
// three months after the period for 复议 and 诉讼 ran out (行政强制法 Art.
// 53), counted from the end of an approved deferral where there was one
// (处罚法 Art. 72 第二款), and only after a 催告 delivered ten working days
// before (Art. 54, 69). The 诉讼 period is six months from delivery
// (行政诉讼法 Art. 46, outside shared/laws), which also covers the 60 days
// of 复议. Reported under PAYMENT_OVERDUE, whose Art. 72 they carry out; an
// agency may hold its own power of enforcement, so nothing here is sure
// enough to be red.
func (j *judge) paymentEnforcement(del *Event, payEnd law.Date, deferred bool) {
	if j.first(del.when.Date, "appealed") != nil {
		return // enforced after the 复议 decision or judgment instead
	}
	open, err := j.env.Cal.AddMonths(del.when.Date, 6)
	if err != nil {
		return
	}
	open = open.AddDays(1) // the first day after the 诉讼 period
	if deferred && payEnd.After(open) {
		open = payEnd.AddDays(1)
	}
	last, err := j.env.Cal.AddMonths(open.AddDays(-1), 3)
	if err != nil {
		return
	}
	j.deadline("enforcement", last)
	applied := j.first(del.when.Date, "enforcement_applied")
	if applied == nil {
		if j.env.Today.After(last) {
			j.check("PAYMENT_OVERDUE", "enforcement", last, "罚款未缴清，申请人民法院强制执行的期限已于%s届满，未见申请（《行政强制法》第五十三条；本机关有行政强制执行权的除外）", last)
		} else if j.env.Today.After(payEnd) {
			j.checks = append(j.checks, last.AddDays(1))
		}
		return
	}
	at := applied.when.Date
	var urged law.Date
	for _, u := range j.all("enforcement_urged") {
		if !u.when.Date.After(at) {
			urged = u.when.Date
		}
	}
	earliest := law.Date{}
	if urged.Valid() {
		earliest, _ = j.workdays(urged, 10)
	}
	switch {
	case at.Before(open):
		j.fire("PAYMENT_OVERDUE", "yellow", "enforcement", open, "%s申请人民法院强制执行，当事人申请复议、提起诉讼的法定期限尚未届满（自%s起方可申请，《行政强制法》第五十三条）", at, open)
	case !urged.Valid():
		j.fire("PAYMENT_OVERDUE", "yellow", "enforcement", at, "%s申请人民法院强制执行前未催告当事人履行义务（《行政强制法》第五十四条）", at)
	case !at.After(earliest):
		j.fire("PAYMENT_OVERDUE", "yellow", "enforcement", earliest, "催告书%s送达，%s即申请人民法院强制执行，未满十日（%s后方可申请，《行政强制法》第五十四条、第六十九条）", urged, at, earliest)
	case at.After(last):
		j.fire("PAYMENT_OVERDUE", "yellow", "enforcement", last, "申请人民法院强制执行的期限至%s届满，%s才申请（《行政强制法》第五十三条）", last, at)
	}
}

// 处罚法 Art. 56 with Art. 85: goods registered and preserved are dealt
// with within 7 working days.
func checkPreservation(j *judge) {
	used := map[*Event]bool{}
	for i, p := range j.all("evidence_preserved") {
		end, ok := j.workdays(p.when.Date, 7)
		if !ok {
			continue
		}
		if i == 0 {
			j.deadline("preservation", end)
		}
		var done *Event
		for _, e := range j.all("preservation_decided") {
			if !used[e] && !e.when.Date.Before(p.when.Date) {
				done, used[e] = e, true
				break
			}
		}
		j.clock("PRESERVATION_OVERDUE", fmt.Sprint(i), end, done,
			"先行登记保存应于%[2]s前（7个工作日）作出处理决定，实际于%[1]s作出",
			"先行登记保存应于%s前（7个工作日）作出处理决定，至今未处理，已超期若干日")
	}
}

// seizure is one 查封扣押 with the acts matched to it.
type seizure struct {
	ev       *Event
	extended *Event
	released *Event
	tests    []*Event
}

// seizures matches extensions, releases and testing periods to the
// seizures they concern: by ref (the seizure's doc_no) when given, else
// the earliest seizure on or before the act that still wants one.
func (j *judge) seizures() []*seizure {
	var out []*seizure
	for _, e := range j.ev {
		if e.Type == "seized" {
			out = append(out, &seizure{ev: e})
			continue
		}
		var wants func(s *seizure) bool
		switch e.Type {
		case "seizure_extended":
			wants = func(s *seizure) bool { return s.extended == nil && s.released == nil }
		case "seizure_released":
			wants = func(s *seizure) bool { return s.released == nil }
		case "testing":
			wants = func(s *seizure) bool { return s.released == nil }
		default:
			continue
		}
		var to *seizure
		if e.Ref != "" {
			for _, s := range out {
				if s.ev.DocNo == e.Ref && wants(s) {
					to = s
					break
				}
			}
		}
		for _, s := range out {
			if to == nil && wants(s) {
				to = s
			}
		}
		if to == nil {
			continue
		}
		switch e.Type {
		case "seizure_extended":
			to.extended = e
		case "seizure_released":
			to.released = e
		case "testing":
			to.tests = append(to.tests, e)
		}
	}
	return out
}

// testDays counts the days of s's testing periods (行政强制法 Art. 25 第三款:
// not part of the seizure's term), each from its first to its last day; a
// period still under way counts through today.
func (j *judge) testDays(s *seizure) int {
	n := 0
	for _, t := range s.tests {
		from, err := law.ParseDate(t.From)
		if err != nil || from.Before(s.ev.when.Date) {
			continue
		}
		to := j.env.Today
		if d, err := law.ParseDate(t.To); err == nil {
			to = d
		}
		if !to.Before(from) {
			n += daysBetween(from, to) + 1
		}
	}
	return n
}

// 行政强制法 Art. 25: a seizure lasts at most 30 days, not counting the days
// of testing (检测、检验、检疫或者技术鉴定, 第三款), extended once by at most 30
// more with the head's approval given within the first term. The cap binds
// the state and is counted from the day after the seizure without the
// roll-forward of 民法典 Art. 203. It ends only as seizureEnd says (Art. 21,
// 27, 28).
func checkSeizure(j *judge) {
	for i, s := range j.seizures() {
		start := s.ev.when.Date
		tested := j.testDays(s)
		end := start.AddDays(30 + tested)
		if ext := s.extended; ext != nil && !ext.when.Date.After(end) {
			n := ext.Days
			if n <= 0 || n > 30 {
				n = 30
			}
			end = end.AddDays(n)
		}
		if !end.Valid() {
			continue
		}
		if i == 0 {
			j.deadline("seizure", end)
		}
		note := ""
		if tested > 0 {
			note = fmt.Sprintf("（不含检测检验鉴定%d日）", tested)
		}
		j.clock("SEIZURE_OVERDUE", fmt.Sprint(i), end, j.seizureEnd(s),
			"查封扣押期限至%[2]s"+note+"，实际于%[1]s才解除、随案移送或决定没收",
			"查封扣押期限至%s"+note+"届满，至今未解除、随案移送或决定没收，已超期若干日")
	}
}

// seizureEnd is the act that ends seizure s: its release (行政强制法 Art.
// 27, 28), the transfer of the case, which takes the seized goods with it
// (Art. 21), or a decision confiscating them (没收非法财物,
// confiscate_property: Art. 27 "依法应当没收的非法财物予以没收"), whichever
// comes first. Any other decision leaves the goods seized — a fine, no
// penalty, or 没收违法所得 (confiscate_income), which takes the money gained
// (处罚法 Art. 28 第二款: 违法所得是指实施违法行为所取得的款项), not the
// seized things — and Art. 28 第一款(一)(三) then requires a release.
func (j *judge) seizureEnd(s *seizure) *Event {
	from := s.ev.when.Date
	for _, e := range j.ev {
		if e.when.Date.Before(from) {
			continue
		}
		switch {
		case e == s.released, e.Type == "transferred":
			return e
		case e.Type == "decided" && penalised(e) && slices.ContainsFunc(e.Penalties, func(p Penalty) bool { return p.Kind == "confiscate_property" }):
			return e
		}
	}
	return nil
}

// 移送规定 Art. 5: the head decides on a transfer report within 3 days
// (a calendar period; 民法典 Art. 201, 203), and an approved transfer is
// sent to public security within 24 hours of the approval. Art. 8: public
// security answers — 立案 or 不予立案, in writing — within 3 days of
// receiving it; that delay is the police's, so it is yellow for the
// supervisor and the procuratorate (Art. 14, 17).
func checkTransferClock(j *judge) {
	prop := j.first(zeroDate, "transfer_proposed")
	appr := j.first(zeroDate, "transfer_approved")
	if appr == nil {
		if d := j.decision(); d != nil && d.Outcome == "transfer" {
			appr = d
		}
	}
	if prop != nil {
		end, ok := j.days(prop.when.Date, 3)
		if ok {
			j.deadline("transfer_approval", end)
			if appr == nil {
				j.deadline("transfer", end)
			}
			j.clock("TRANSFER_OVERDUE", "approval", end, appr,
				"移送报告应于%[2]s前（3日）作出是否批准的决定，实际于%[1]s作出",
				"移送报告应于%s前（3日）作出是否批准的决定，至今未决定，已超期若干日")
		}
	}
	if appr != nil {
		j.transferSend(appr)
	}
	if sent := j.first(zeroDate, "transferred"); sent != nil {
		j.transferAnswer(sent)
	}
}

// transferSend judges the 24 hours from the approval. With the approval's
// instant they are counted from it. With a bare date its hour is unknown —
// it may have been 23:59 — so the send is in time on or before the next
// day, whatever the instant of the send.
func (j *judge) transferSend(appr *Event) {
	day := appr.when.Date.AddDays(1)
	limitText := day.String() + " 24:00"
	var limit *time.Time
	if appr.when.Instant != nil {
		l := law.AddHours(*appr.when.Instant, 24)
		limit, day = &l, law.DateOf(l.In(shanghai))
		limitText = l.In(shanghai).Format("2006-01-02 15:04")
	}
	j.deadline("transfer", day)
	sent := j.first(appr.when.Date, "transferred")
	late := func(e *Event) bool {
		if limit != nil && e.when.Instant != nil {
			return e.when.Instant.After(*limit)
		}
		return e.when.Date.After(day)
	}
	switch {
	case sent != nil && late(sent):
		j.fire("TRANSFER_OVERDUE", "yellow", "send", day, "批准移送后应于24小时内（%s前）移送公安机关，实际于%s移送", limitText, sent.At)
	case sent == nil && j.env.Today.After(day):
		j.fire("TRANSFER_OVERDUE", "red", "send", day, "批准移送后应于24小时内（%s前）移送公安机关，至今未移送", limitText)
	case sent == nil:
		j.checks = append(j.checks, day.AddDays(1))
	}
}

// transferAnswer judges 移送规定 Art. 8: a receipt with result filed or
// not_filed (or none stated, as in v1 bodies) is the answer; the bare
// acknowledgement of Art. 7 (accepted) is not.
func (j *judge) transferAnswer(sent *Event) {
	end, ok := j.days(sent.when.Date, 3)
	if !ok {
		return
	}
	j.deadline("transfer_receipt", end)
	var answer *Event
	for _, e := range j.all("transfer_receipt") {
		if !e.when.Date.Before(sent.when.Date) && e.Result != "accepted" {
			answer = e
			break
		}
	}
	switch {
	case answer != nil && answer.when.Date.After(end):
		j.fire("TRANSFER_OVERDUE", "yellow", "receipt", end, "公安机关应于%s前（受理后3日内）书面通知立案或者不予立案，实际于%s通知", end, answer.when.Date)
	case answer == nil && j.env.Today.After(end):
		j.fire("TRANSFER_OVERDUE", "yellow", "receipt", end, "案件%s移送，公安机关应于%s前（3日内）书面通知立案或者不予立案，至今未见通知，已超期若干日",
			sent.when.Date, end)
	case answer == nil:
		j.checks = append(j.checks, end.AddDays(1))
	}
}

var shanghai = clock.Shanghai

// 处罚法 Art. 48 with Art. 85: a published decision that is changed,
// annulled or found void is withdrawn within 3 working days.
func checkWithdrawal(j *judge) {
	pub := j.first(zeroDate, "published")
	if pub == nil {
		return
	}
	ann := j.first(pub.when.Date, "annulled")
	if ann == nil {
		return
	}
	end, ok := j.workdays(ann.when.Date, 3)
	if !ok {
		return
	}
	j.deadline("withdrawal", end)
	j.clock("WITHDRAWAL_OVERDUE", "", end, j.first(ann.when.Date, "publication_withdrawn"),
		"决定撤销后应于%[2]s前（3个工作日）撤回公示，实际于%[1]s撤回",
		"决定撤销后应于%s前（3个工作日）撤回公示，至今未撤回，已超期若干日")
}
