package cases

import (
	"fmt"
	"slices"
	"time"

	"zfjd/internal/clock"
	"zfjd/internal/law"
)

// rules is the spec's warning table (spec/exchange-v1.md, "Warnings"), in
// its order, except SIMILAR_CASE_DISPARITY which needs other cases. Each
// check is in rules_time.go (periods), rules_procedure.go (who did what,
// in which order) or rules_substance.go (what was decided).
var rules = []rule{
	{"LIMITATION_EXPIRED", "《行政处罚法》第三十六条", "超过追责时效", checkLimitation},
	{"DECISION_OVERDUE", "《行政处罚法》第六十条", "办案超期", checkDecision},
	{"DELIVERY_OVERDUE", "《行政处罚法》第六十一条", "送达超期", checkDelivery},
	{"PUBLICITY_OVERDUE", "国办发〔2018〕118号", "公示超期", checkPublicity},
	{"PAYMENT_OVERDUE", "《行政处罚法》第六十七条、第七十二条", "罚款逾期未缴", checkPayment},
	{"LEGAL_REVIEW_MISSING", "《行政处罚法》第五十八条", "未经法制审核", checkLegalReview},
	{"REVIEWER_CONFLICT", "《行政处罚法》第五十八条、第六十四条", "审核人或听证主持人系调查人员", checkReviewerConflict},
	{"OFFICERS_INSUFFICIENT", "《行政处罚法》第四十二条、第五十五条，《行政强制法》第十八条", "执法人员不足两人", checkOfficerCount},
	{"CERTIFICATE_INVALID", "《行政处罚法》第四十二条", "执法证件无效", checkCertificates},
	{"FINE_OUT_OF_RANGE", "《行政处罚法》第三十四条", "罚款超出裁量基准或法定幅度", checkFineRange},
	{"NO_PENALTY_DUE", "《行政处罚法》第三十条、第三十三条", "应不予处罚而处罚", checkNoPenaltyDue},
	{"MINOR_NOT_MITIGATED", "《行政处罚法》第三十条", "未成年人未从轻减轻", checkMinor},
	{"SUMMARY_OVER_LIMIT", "《行政处罚法》第五十一条", "简易程序超限", checkSummary},
	{"NOTICE_MISSING", "《行政处罚法》第四十四条、第六十二条", "未告知或告知期未满即决定", checkNotice},
	{"HEARING_RIGHT_MISSING", "《行政处罚法》第六十三条", "未告知听证权利", checkHearingRight},
	{"HEARING_NOTICE_LATE", "《行政处罚法》第六十四条", "听证通知不足七日", checkHearingNotice},
	{"PRESERVATION_OVERDUE", "《行政处罚法》第五十六条", "先行登记保存超期未处理", checkPreservation},
	{"SEIZURE_OVERDUE", "《行政强制法》第二十一条、第二十五条、第二十七条、第二十八条", "查封扣押超期", checkSeizure},
	{"TRANSFER_OVERDUE", "《行政执法机关移送涉嫌犯罪案件的规定》第五条", "移送超期", checkTransferClock},
	{"TRANSFER_MISSING", "《行政处罚法》第二十七条，《行政执法机关移送涉嫌犯罪案件的规定》第十一条", "以罚代刑", checkTransferMissing},
	{"WITHDRAWAL_OVERDUE", "《行政处罚法》第四十八条", "撤销后未及时撤回公示", checkWithdrawal},
}

// 处罚法 Art. 36: two years from the act (its end, when continuing), five
// where citizens' life, health or financial safety is involved and harm
// followed. Counted as a calendar period (民法典 Art. 201, 203). Per the
// spec it fires when the case was filed, or a penalty imposed, after that.
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
	end, err := j.env.Cal.AddYears(s, years)
	if err != nil {
		return
	}
	j.deadline("limitation", end)
	if e := j.first(zeroDate, "filed"); e != nil && e.when.Date.After(end) {
		j.fire("LIMITATION_EXPIRED", "red", "filed", end, "违法行为终了于%s，追责时效%d年至%s届满，%s才立案", s, years, end, e.when.Date)
		return
	}
	if d := j.decision(); penalised(d) && d.when.Date.After(end) {
		j.fire("LIMITATION_EXPIRED", "red", "decided", end, "违法行为终了于%s，追责时效%d年至%s届满，%s仍作出处罚决定", s, years, end, d.when.Date)
	}
}

// 处罚法 Art. 60: a decision within 90 days of filing (calendar days,
// 民法典 Art. 201, 203), plus extensions approved under "另有规定". A
// transfer to the judiciary (Art. 57(四)) also ends the clock.
func checkDecision(j *judge) {
	filed := j.first(zeroDate, "filed")
	if filed == nil {
		return
	}
	n := 90
	for _, e := range j.all("extension_approved") {
		n += e.Days
	}
	end, ok := j.days(filed.when.Date, n)
	if !ok {
		return
	}
	j.deadline("decision", end)
	done := j.first(zeroDate, "decided", "transferred")
	j.clock("DECISION_OVERDUE", "", end, done,
		"立案后应于%[2]s前作出决定，实际于%[1]s作出",
		fmt.Sprintf("立案后应于%%s前作出决定，至今未作出，已超期%%d日（立案%s，办案期限%d日）", filed.when.Date, n))
}

// 处罚法 Art. 61 with Art. 85: a decision not handed over on the spot is
// delivered within 7 working days.
func checkDelivery(j *judge) {
	d := j.decision()
	if d == nil || d.Outcome == "transfer" {
		return
	}
	end, ok := j.workdays(d.when.Date, 7)
	if !ok {
		return
	}
	j.deadline("delivery", end)
	j.clock("DELIVERY_OVERDUE", "", end, j.first(d.when.Date, "delivered"),
		"决定书应于%[2]s前（7个工作日）送达，实际于%[1]s送达",
		"决定书应于%s前（7个工作日）送达，至今未送达，已超期%d日")
}

// 国办发〔2018〕118号: a penalty decision is published within 7 working days
// (an agency may set its own period, e.g. 20 for market supervision under
// 市场监督管理行政处罚信息公示规定 Art. 9).
func checkPublicity(j *judge) {
	d := j.decision()
	if !penalised(d) {
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
		fmt.Sprintf("处罚决定应于%%s前（%d个工作日）公示，至今未公示，已超期%%d日", n))
}

// 处罚法 Art. 67: the fine is paid within 15 days of receiving the decision
// (calendar days, 民法典 Art. 201, 203), or by the date an approved
// deferral allows (Art. 66). Art. 72: 3 % of the fine per day late, capped
// at the fine.
func checkPayment(j *judge) {
	d := j.decision()
	fine := fineOf(d)
	if !penalised(d) || fine <= 0 {
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
	for _, e := range j.all("payment_deferred") {
		if u, err := law.ParseDate(e.Until); err == nil && u.After(end) {
			end = u
		}
	}
	j.deadline("payment", end)
	var paid int64
	var done *Event
	for _, e := range j.all("paid") {
		if e.AmountFen == nil {
			paid = fine
		} else {
			paid += *e.AmountFen
		}
		if paid >= fine {
			done = e
			break
		}
	}
	switch {
	case done != nil && done.when.Date.After(end):
		late := daysBetween(end, done.when.Date)
		j.fire("PAYMENT_OVERDUE", "yellow", "", end, "罚款%s应于%s前缴纳，实际于%s缴清，逾期%d日，应加处罚款%s（每日按罚款数额3%%，以罚款数额为限）",
			yuan(fine), end, done.when.Date, late, yuan(LateFee(fine, late)))
	case done == nil && j.env.Today.After(end):
		late := daysBetween(end, j.env.Today)
		j.fire("PAYMENT_OVERDUE", "red", "", end, "罚款%s应于%s前缴纳，至今未缴清（已缴%s），已逾期%d日，加处罚款累计%s（每日按罚款数额3%%，以罚款数额为限）",
			yuan(fine), end, yuan(paid), late, yuan(LateFee(fine, late)))
		j.checks = append(j.checks, j.env.Today.AddDays(1)) // the late fee accrues daily
	case done == nil:
		j.checks = append(j.checks, end.AddDays(1))
	}
}

// LateFee is 处罚法 Art. 72(一)'s 加处罚款: 3 % of the fine per day late,
// never more than the fine itself (also 行政强制法 Art. 45).
func LateFee(fineFen int64, daysLate int) int64 {
	if daysLate <= 0 {
		return 0
	}
	fee := fineFen * 3 * int64(daysLate) / 100
	return min(fee, fineFen)
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
			"先行登记保存应于%s前（7个工作日）作出处理决定，至今未处理，已超期%d日")
	}
}

// 行政强制法 Art. 25: a seizure lasts at most 30 days, extended once by at
// most 30 more with the head's approval given within the first period. It
// ends only as seizureEnd says (Art. 21, 27, 28).
func checkSeizure(j *judge) {
	for i, s := range j.all("seized") {
		end, ok := j.days(s.when.Date, 30)
		if !ok {
			continue
		}
		if ext := j.first(s.when.Date, "seizure_extended"); ext != nil && !ext.when.Date.After(end) {
			n := ext.Days
			if n <= 0 || n > 30 {
				n = 30
			}
			if e2, ok := j.days(s.when.Date, 30+n); ok {
				end = e2
			}
		}
		if i == 0 {
			j.deadline("seizure", end)
		}
		j.clock("SEIZURE_OVERDUE", fmt.Sprint(i), end, j.seizureEnd(s.when.Date),
			"查封扣押期限至%[2]s，实际于%[1]s才解除、随案移送或决定没收",
			"查封扣押期限至%s届满，至今未解除、随案移送或决定没收，已超期%d日")
	}
}

// seizureEnd is the first event on or after from that ends a seizure: its
// release (行政强制法 Art. 27, 28), the transfer of the case, which takes
// the seized goods with it (Art. 21), or a decision confiscating them
// (没收非法财物, confiscate_property: Art. 27 "依法应当没收的非法财物予以没收").
// Any other decision leaves the goods seized — a fine, no penalty, or
// 没收违法所得 (confiscate_income), which takes the money gained (处罚法
// Art. 28 第二款: 违法所得是指实施违法行为所取得的款项), not the seized
// things — and Art. 28 第一款(一)(三) then requires a release decision.
func (j *judge) seizureEnd(from law.Date) *Event {
	for _, e := range j.ev {
		if e.when.Date.Before(from) {
			continue
		}
		switch e.Type {
		case "seizure_released", "transferred":
			return e
		case "decided":
			if penalised(e) && slices.ContainsFunc(e.Penalties, func(p Penalty) bool { return p.Kind == "confiscate_property" }) {
				return e
			}
		}
	}
	return nil
}

// 移送规定 Art. 5: the head decides on a transfer report within 3 days
// (a calendar period; 民法典 Art. 201, 203), and an approved transfer is
// sent to public security within 24 hours, counted from the approval.
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
				"移送报告应于%s前（3日）作出是否批准的决定，至今未决定，已超期%d日")
		}
	}
	if appr == nil {
		return
	}
	// 24 hours from the approval instant; a bare date means that day in
	// Asia/Shanghai, so the last allowed day is the next one.
	start := approvalInstant(appr)
	limit := law.AddHours(start, 24)
	endDay := law.DateOf(limit.In(shanghai))
	j.deadline("transfer", endDay)
	sent := j.first(appr.when.Date, "transferred")
	switch {
	case sent != nil && late24(sent, limit, endDay):
		j.fire("TRANSFER_OVERDUE", "yellow", "send", endDay, "批准移送后应于24小时内（%s前）移送公安机关，实际于%s移送",
			limit.In(shanghai).Format("2006-01-02 15:04"), sent.At)
	case sent == nil && j.env.Today.After(endDay):
		j.fire("TRANSFER_OVERDUE", "red", "send", endDay, "批准移送后应于24小时内（%s前）移送公安机关，至今未移送",
			limit.In(shanghai).Format("2006-01-02 15:04"))
		j.checks = append(j.checks, j.env.Today.AddDays(1))
	case sent == nil:
		j.checks = append(j.checks, endDay.AddDays(1))
	}
}

var shanghai = clock.Shanghai

func approvalInstant(e *Event) time.Time {
	if e.when.Instant != nil {
		return *e.when.Instant
	}
	d := e.when.Date
	return time.Date(d.Y, d.M, d.D, 0, 0, 0, 0, shanghai)
}

// late24: an instant is compared with the limit; a bare date is in time on
// or before the last allowed day (the spec: an act on that date is in time).
func late24(e *Event, limit time.Time, endDay law.Date) bool {
	if e.when.Instant != nil {
		return e.when.Instant.After(limit)
	}
	return e.when.Date.After(endDay)
}

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
		"决定撤销后应于%s前（3个工作日）撤回公示，至今未撤回，已超期%d日")
}
