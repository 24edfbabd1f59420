package cases

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"zfjd/internal/law"
)

// investigating are the events whose officers are the case's investigators
// (办案人员) for the separation of investigation from review and hearing.
var investigating = []string{"discovered", "filed", "investigation", "evidence_preserved", "preservation_decided",
	"seized", "seizure_extended", "seizure_released", "transfer_proposed"}

// twoOfficerActs need at least two officers (处罚法 Art. 42, 55; 行政强制法
// Art. 18(二); 移送规定 Art. 5: 2名或者2名以上行政执法人员组成专案组). A delivery
// needs them only in person (twoOfficerDelivery), and a decision on the spot
// is one of them in the summary procedure (Art. 42 with Art. 52).
var twoOfficerActs = []string{"investigation", "evidence_preserved", "seized", "seizure_extended", "delivered", "transfer_proposed"}

// enforcementActs are the acts done by enforcement officers as such (处罚法
// Art. 42: 行政处罚应当由具有行政执法资格的执法人员实施), whose officers must
// hold a valid certificate. Legal review, the heads' collective discussion
// and approvals, and the hearing (whose host is judged by his own rule) are
// not among them.
var enforcementActs = []string{"discovered", "filed", "investigation", "evidence_preserved", "preservation_decided",
	"seized", "seizure_extended", "seizure_released", "testing", "investigation_concluded", "notified", "hearing_noticed",
	"delivered", "transfer_proposed", "transferred", "enforcement_urged"}

// twoOfficerDelivery reports whether a delivery by method needs two
// officers: 直接送达 and 留置送达 are done in person (民事诉讼法 Art. 87, 89,
// via 处罚法 Art. 61); post, electronic means (Art. 61 第二款) and public
// notice are not. No method (a v1 body) is not known either way.
func twoOfficerDelivery(method string) (needed, known bool) {
	switch method {
	case "direct", "left":
		return true, true
	case "":
		return true, false
	}
	return false, true
}

// 处罚法 Art. 58: a decision needs a passed legal review when a hearing was
// held (58(二)), the case involves a major public interest or is a major
// violation (58(一)) or complex (58(三)), or the agency's review list
// covers it (58(四)). The last review on or before the decision date
// counts, and after a hearing it must follow the hearing: the decision is
// made on the hearing record (Art. 65).
func checkLegalReview(j *judge) {
	d := j.decision()
	if d == nil || d.Outcome == "transfer" {
		return
	}
	var why []string
	var heard *Event
	for _, h := range j.all("hearing_held") {
		if !h.when.Date.After(d.when.Date) {
			heard = h
		}
	}
	if heard != nil {
		why = append(why, "经过听证程序")
	}
	if j.c.Facts.PublicInterest {
		why = append(why, "涉及重大公共利益")
	}
	if j.c.Facts.Major {
		why = append(why, "重大案件")
	}
	if j.c.Facts.Complex {
		why = append(why, "疑难复杂")
	}
	if j.env.ReviewMatter || (j.env.ReviewFineFen > 0 && fineOf(d) >= j.env.ReviewFineFen) {
		why = append(why, "属于本机关法制审核目录")
	}
	if len(why) == 0 {
		return
	}
	var last *Event
	for _, e := range j.all("legal_review") {
		if !e.when.Date.After(d.when.Date) {
			last = e
		}
	}
	switch {
	case last == nil:
		j.fire("LEGAL_REVIEW_MISSING", "red", "", d.when.Date, "本案（%s）应当经法制审核，未经审核即于%s作出决定", strings.Join(why, "、"), d.when.Date)
	case last.Result != "pass":
		j.fire("LEGAL_REVIEW_MISSING", "red", "", d.when.Date, "本案（%s）法制审核未通过（%s），仍于%s作出决定", strings.Join(why, "、"), last.when.Date, d.when.Date)
	case heard != nil && last.when.Date.Before(heard.when.Date):
		j.fire("LEGAL_REVIEW_MISSING", "red", "", d.when.Date, "%s举行听证后未根据听证笔录进行法制审核（最近一次审核在%s），即于%s作出决定",
			heard.when.Date, last.when.Date, d.when.Date)
	}
}

// investigators returns the case's investigating officers' certificate
// numbers and names (from the register), for matching a reviewer or host
// given by either.
func (j *judge) investigators() map[string]string {
	out := map[string]string{}
	for _, e := range j.all(investigating...) {
		for _, o := range e.Officers {
			o = strings.TrimSpace(o)
			if o == "" {
				continue
			}
			out[o] = o
			if c, ok := j.env.Officers[o]; ok && c.Name != "" {
				out[c.Name] = o
			}
		}
	}
	return out
}

// officer finds a person named by certificate number or, failing that, by
// name among the registered officers the environment holds.
func (j *judge) officer(who string) (string, OfficerCert, bool) {
	who = strings.TrimSpace(who)
	if c, ok := j.env.Officers[who]; ok {
		return who, c, true
	}
	for _, no := range slices.Sorted(maps.Keys(j.env.Officers)) {
		if c := j.env.Officers[no]; c.Name != "" && c.Name == who {
			return no, c, true
		}
	}
	return "", OfficerCert{}, false
}

// reviewersOf lists who reviewed e: its reviewer, else its officers.
func reviewersOf(e *Event) []string {
	if strings.TrimSpace(e.Reviewer) != "" {
		return []string{e.Reviewer}
	}
	return distinct(e.Officers)
}

// 处罚法 Art. 64(四): the hearing host is not an investigator of the case.
// The legal reviewer is not one either: Art. 58 has no such clause itself,
// but review by others than the investigators is what 国办发〔2018〕118号
// (法制审核机构 apart from the 承办机构) and the departments' rules require.
func checkReviewerConflict(j *judge) {
	inv := j.investigators()
	if len(inv) == 0 {
		return
	}
	seen := map[string]bool{}
	flag := func(role, who string, e *Event) {
		who = strings.TrimSpace(who)
		cert, ok := inv[who]
		if who == "" || !ok || seen[role+cert] {
			return
		}
		seen[role+cert] = true
		j.fire("REVIEWER_CONFLICT", "red", role+":"+cert, e.when.Date, "%s%s同时是本案调查人员（%s）", role, who, cert)
	}
	for _, e := range j.all("legal_review") {
		for _, r := range reviewersOf(e) {
			flag("法制审核人员", r, e)
		}
	}
	for _, e := range j.all("hearing_held") {
		flag("听证主持人", e.Host, e)
	}
}

// 处罚法 Art. 42, 55 and 行政强制法 Art. 18(二): investigation, preservation,
// seizure and delivery in person are done by at least two officers, and so
// is a transfer (移送规定 Art. 5, 专案组) and the decision on the spot in the
// summary procedure (Art. 42 with Art. 52; its officers are those named on
// the decision, else those of the check on the spot).
func checkOfficerCount(j *judge) {
	for i, e := range j.ev {
		key := fmt.Sprintf("%d:%s", i, e.Type)
		switch {
		case e.Type == "decided" && j.c.Procedure == "summary":
			os := distinct(e.Officers)
			if len(os) == 0 {
				if reg := j.first(zeroDate, "discovered"); reg != nil {
					os = distinct(reg.Officers)
				}
			}
			if len(os) < 2 {
				j.fire("OFFICERS_INSUFFICIENT", "red", key, e.when.Date, "%s当场作出处罚决定的执法人员仅有%d名，应不少于两人（第四十二条、第五十二条）", e.when.Date, len(os))
			}
		case e.Type == "delivered":
			n := len(distinct(e.Officers))
			needed, known := twoOfficerDelivery(e.Method)
			switch {
			case n >= 2 || !needed:
			case known:
				j.fire("OFFICERS_INSUFFICIENT", "red", key, e.when.Date, "%s%s仅有%d名执法人员，应不少于两人", e.when.Date, DeliveryMethods[e.Method], n)
			default:
				j.check("OFFICERS_INSUFFICIENT", key, e.when.Date, "%s送达仅记录%d名执法人员且未注明送达方式；直接送达、留置送达应不少于两人，邮寄、电子、公告送达不在此限", e.when.Date, n)
			}
		case slices.Contains(twoOfficerActs, e.Type):
			if n := len(distinct(e.Officers)); n < 2 {
				extra := ""
				if e.Type == "transfer_proposed" {
					extra = "（移送涉嫌犯罪案件应由2名以上执法人员组成专案组，《行政执法机关移送涉嫌犯罪案件的规定》第五条）"
				}
				j.fire("OFFICERS_INSUFFICIENT", "red", key, e.when.Date, "%s%s仅有%d名执法人员，应不少于两人%s", e.when.Date, labelOf(e.Type), n, extra)
			}
		}
	}
}

func distinct(xs []string) []string {
	var out []string
	for _, x := range xs {
		x = strings.TrimSpace(x)
		if x != "" && !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

// 处罚法 Art. 42: officers carry out enforcement acts only with a
// certificate valid on that day (within its validity dates and not
// suspended, revoked or cancelled by then). A number not on the register
// is no certificate. The heads of a collective discussion or an approval
// and the legal reviewers do not act as enforcement officers and are not
// judged here. One warning per officer, on the first day found.
func checkCertificates(j *judge) {
	seen := map[string]bool{}
	for _, e := range j.ev {
		if !slices.Contains(enforcementActs, e.Type) && !(e.Type == "decided" && j.c.Procedure == "summary") {
			continue
		}
		day := e.when.Date.String()
		for _, o := range distinct(e.Officers) {
			if seen[o] {
				continue
			}
			c, ok := j.env.Officers[o]
			switch {
			case !ok:
				seen[o] = true
				j.fire("CERTIFICATE_INVALID", "red", o, e.when.Date, "%s%s的执法人员证号%s未在平台登记", day, labelOf(e.Type), o)
			case !c.validOn(day):
				seen[o] = true
				j.fire("CERTIFICATE_INVALID", "red", o, e.when.Date, "%s%s的执法人员%s（证号%s）当日证件无效（%s）", day, labelOf(e.Type), c.Name, o, certProblem(c, day))
			}
		}
	}
}

func certProblem(c OfficerCert, day string) string {
	switch {
	case day < c.ValidFrom:
		return "尚未生效，自" + c.ValidFrom + "起有效"
	case day > c.ValidTo:
		return "已于" + c.ValidTo + "过期"
	}
	l := map[string]string{"suspended": "已暂扣", "revoked": "已吊销", "cancelled": "已注销"}[c.Status]
	if c.StatusSince != "" {
		return l + "，自" + c.StatusSince + "起"
	}
	return l
}

// lastNotice is the last notice dated strictly before d (a notice on the
// day of the decision leaves no time to 陈述、申辩), or nil.
func (j *judge) lastNotice(d *Event) *Event {
	var n *Event
	for _, e := range j.all("notified") {
		if e.when.Date.Before(d.when.Date) {
			n = e
		}
	}
	return n
}

// sameDayNotice is the last notice given on the day of decision d, or nil.
func (j *judge) sameDayNotice(d *Event) *Event {
	var n *Event
	for _, e := range j.all("notified") {
		if e.when.Date == d.when.Date {
			n = e
		}
	}
	return n
}

func hasRight(n *Event) bool { return n.HearingRight != nil && *n.HearingRight }

// statementEnd is the last day of the 陈述、申辩 period after notice n (the
// agency's, in working days), and with a hearing right the later of it and
// the 5 working days to ask for a hearing (Art. 64(一), Art. 85).
func (j *judge) statementEnd(n *Event) (end law.Date, days int, ok bool) {
	days = j.env.StatementDays
	if days <= 0 {
		days = DefaultStatementDays
	}
	end, ok = j.workdays(n.when.Date, days)
	if ok && hasRight(n) {
		if h, ok2 := j.workdays(n.when.Date, 5); ok2 && h.After(end) {
			end = h
		}
	}
	return end, days, ok
}

// 处罚法 Art. 44, 45, 62: no penalty without a prior notice of its content,
// facts, reasons and basis and of the party's rights, and not before the
// party could 陈述、申辩 (the agency's period, default 5 working days) and,
// with a hearing right, ask for a hearing (Art. 64(一)); after a timely
// request only once the hearing was held (Art. 63, 65). The party's express
// waiver (rights_waived, Art. 62 "当事人明确放弃陈述或者申辩权利的除外") ends
// the waiting, and a no-show at the hearing (hearing_absent, Art. 64(六):
// 视为放弃听证权利) ends the duty to hold it. The summary procedure notifies
// on the spot as part of its decision form (Art. 52) and is not judged here.
func checkNotice(j *judge) {
	// The periods show as soon as the notice is given, so whoever decides
	// sees when they end.
	if ns := j.all("notified"); len(ns) > 0 {
		n := ns[len(ns)-1]
		days := j.env.StatementDays
		if days <= 0 {
			days = DefaultStatementDays
		}
		if end, ok := j.workdays(n.when.Date, days); ok {
			j.deadline("statement", end)
		}
		if hasRight(n) {
			if end, ok := j.workdays(n.when.Date, 5); ok {
				j.deadline("hearing_request", end)
			}
		}
	}
	d := j.decision()
	if !penalised(d) || j.c.Procedure == "summary" {
		return
	}
	waived := func(after law.Date) *Event {
		for _, e := range j.all("rights_waived") {
			if !e.when.Date.Before(after) && !e.when.Date.After(d.when.Date) {
				return e
			}
		}
		return nil
	}
	n := j.lastNotice(d)
	if n == nil {
		switch same := j.sameDayNotice(d); {
		case same != nil && waived(same.when.Date) != nil:
			// Told and waived on the spot: Art. 62's exception.
		case same != nil:
			j.fire("NOTICE_MISSING", "red", "", d.when.Date, "%s告知当日即作出处罚决定，当事人未明确放弃陈述、申辩权利", d.when.Date)
		default:
			j.fire("NOTICE_MISSING", "red", "", d.when.Date, "%s作出处罚决定前未告知拟处罚内容及陈述、申辩权利", d.when.Date)
		}
		return
	}
	end, days, ok := j.statementEnd(n)
	if !ok {
		return
	}
	if hasRight(n) {
		reqEnd, _ := j.workdays(n.when.Date, 5)
		if req := j.first(n.when.Date, "hearing_requested"); req != nil && !req.when.Date.After(reqEnd) && !req.when.Date.After(d.when.Date) {
			h := j.first(req.when.Date, "hearing_held", "hearing_absent")
			if (h == nil || h.when.Date.After(d.when.Date)) && waived(req.when.Date) == nil {
				j.fire("NOTICE_MISSING", "red", "", d.when.Date, "当事人已于%s申请听证，未举行听证即于%s作出处罚决定", req.when.Date, d.when.Date)
			}
			return
		}
	}
	if d.when.Date.After(end) || waived(n.when.Date) != nil {
		return
	}
	if hasRight(n) {
		j.fire("NOTICE_MISSING", "red", "", d.when.Date, "%s告知陈述、申辩和听证权利，陈述申辩及听证申请期至%s届满，%s即作出处罚决定，当事人未明确放弃权利",
			n.when.Date, end, d.when.Date)
		return
	}
	j.fire("NOTICE_MISSING", "red", "", d.when.Date, "%s告知陈述、申辩权利，陈述申辩期至%s（%d个工作日）届满，%s即作出处罚决定，当事人未明确放弃权利",
		n.when.Date, end, days, d.when.Date)
}

// alwaysHearing are the penalties Art. 63(三)(四) give a hearing right in
// every case; fines and confiscations carry one at 较大数额 (63(一)(二)), and
// 其他较重的行政处罚 (63(五)(六)) are the kinds the agency's rules name.
var alwaysHearing = []string{"downgrade", "revoke_license", "suspend_business", "close", "restrict_employment"}

// heavierCandidates are the kinds most often counted as 其他较重 (暂扣许可
// 证件, 限制开展生产经营活动): where the agency has not said, a decision with
// one of them is asked about rather than presumed either way.
var heavierCandidates = []string{"suspend_license", "restrict_business"}

// hearingEligible says why decision d carries a hearing right ("" when it
// does not), and, with sure false, why it may: the agency has not set the
// threshold or list that would tell.
func (j *judge) hearingEligible(d *Event) (why string, sure bool) {
	var fine, confiscated int64
	for _, p := range d.Penalties {
		switch {
		case slices.Contains(alwaysHearing, p.Kind), j.env.HearingKindsSet && slices.Contains(j.env.HearingKinds, p.Kind):
			return PenaltyLabels[p.Kind], true
		case p.Kind == "fine":
			fine += p.AmountFen
		case p.Kind == "confiscate_income" || p.Kind == "confiscate_property":
			confiscated += p.AmountFen
		}
	}
	limit, who := j.env.HearingOrgFen, "法人或者其他组织"
	if j.c.Party.Kind == "person" {
		limit, who = j.env.HearingPersonFen, "公民"
	}
	switch {
	case limit > 0 && fine >= limit:
		return "较大数额罚款" + yuan(fine), true
	case limit > 0 && confiscated >= limit:
		return "没收较大数额违法所得或较大价值财物" + yuan(confiscated), true
	}
	// Whatever a province sets, an amount Art. 51 lets an officer impose on
	// the spot without any hearing (200 元 / 3,000 元) is not 较大数额: at
	// or below it there is nothing to ask.
	floor := int64(SummaryOrgFen)
	if j.c.Party.Kind == "person" {
		floor = SummaryPersonFen
	}
	var unsure []string
	if limit <= 0 && (fine > floor || confiscated > floor) {
		unsure = append(unsure, fmt.Sprintf("本机关未设置对%s“较大数额”的标准（由省级人民政府或者部门规定），不能判断罚款或没收%s是否属于较大数额", who, yuan(fine+confiscated)))
	}
	if !j.env.HearingKindsSet {
		for _, p := range d.Penalties {
			if slices.Contains(heavierCandidates, p.Kind) {
				unsure = append(unsure, "本机关未设置属于“其他较重的行政处罚”的种类，不能判断"+PenaltyLabels[p.Kind]+"是否应告知听证权利")
				break
			}
		}
	}
	return strings.Join(unsure, "；"), false
}

// 处罚法 Art. 63: the notice of a hearing-eligible penalty tells the party
// of the right to a hearing; the last notice before the decision is the one
// that counts (an earlier one it replaced does not).
func checkHearingRight(j *judge) {
	d := j.decision()
	if !penalised(d) || j.c.Procedure == "summary" {
		return
	}
	n := j.lastNotice(d)
	if n == nil {
		n = j.sameDayNotice(d) // told and waived on the spot: of the rights he was told of
	}
	if n == nil || hasRight(n) {
		return
	}
	switch why, sure := j.hearingEligible(d); {
	case why == "":
	case sure:
		j.fire("HEARING_RIGHT_MISSING", "red", "", n.when.Date, "拟作出的处罚（%s）依法应告知听证权利，%s的告知未告知听证权利", why, n.when.Date)
	default:
		j.check("HEARING_RIGHT_MISSING", "", n.when.Date, "%s的告知未告知听证权利；%s", n.when.Date, why)
	}
}

// 处罚法 Art. 64(二) with Art. 85: the party is told of the hearing at
// least 7 working days before it is held — or before the day it was to be
// held and the party did not come (a no-show is lawful only on a notice in
// time, Art. 64(六)).
func checkHearingNotice(j *judge) {
	for i, n := range j.all("hearing_noticed") {
		earliest, ok := j.workdays(n.when.Date, 7)
		if !ok {
			continue
		}
		var held law.Date
		if h := j.first(n.when.Date, "hearing_held", "hearing_absent"); h != nil {
			held = h.when.Date
		} else if at, err := parseWhen(n.HearingAt); err == nil {
			held = at.Date
		} else {
			continue
		}
		if held.Before(earliest) {
			j.fire("HEARING_NOTICE_LATE", "red", fmt.Sprint(i), held, "%s通知听证，%s即举行，不足7个工作日（最早%s）", n.when.Date, held, earliest)
		}
	}
}

// 处罚法 Art. 58 第二款: whoever reviews a decision holds the qualification
// (the register's legal_review, granted on the 法律职业资格). A reviewer not
// on the register cannot be checked and is asked about.
func checkReviewerQualified(j *judge) {
	seen := map[string]bool{}
	for _, e := range j.all("legal_review") {
		for _, r := range reviewersOf(e) {
			no, c, ok := j.officer(r)
			key := no
			if !ok {
				key = r
			}
			if seen[key] {
				continue
			}
			seen[key] = true
			switch {
			case !ok:
				j.check("REVIEWER_UNQUALIFIED", key, e.when.Date, "%s的法制审核人员%s未在平台登记，无法核实其法制审核资格", e.when.Date, r)
			case !c.holds("legal_review"):
				j.fire("REVIEWER_UNQUALIFIED", "red", key, e.when.Date, "%s的法制审核人员%s（证号%s）未登记法制审核资格", e.when.Date, c.Name, no)
			}
		}
	}
}

// 山东省行政执法监督条例 Art. 11: hearings are hosted by holders of the
// province's 听证主持人资格证件 (the register's hearing_host).
func checkHostQualified(j *judge) {
	seen := map[string]bool{}
	for _, e := range j.all("hearing_held") {
		h := strings.TrimSpace(e.Host)
		if h == "" {
			continue
		}
		no, c, ok := j.officer(h)
		key := no
		if !ok {
			key = h
		}
		if seen[key] {
			continue
		}
		seen[key] = true
		switch {
		case !ok:
			j.check("HEARING_HOST_UNQUALIFIED", key, e.when.Date, "%s的听证主持人%s未在平台登记，无法核实其听证主持人资格", e.when.Date, h)
		case !c.holds("hearing_host"):
			j.fire("HEARING_HOST_UNQUALIFIED", "red", key, e.when.Date, "%s的听证主持人%s（证号%s）未取得听证主持人资格", e.when.Date, c.Name, no)
		}
	}
}

// 处罚法 Art. 57 第二款: a penalty for a complex or major violation is decided
// by the heads collectively — a collective discussion on or before the day
// of the decision.
func checkCollective(j *judge) {
	d := j.decision()
	f := j.c.Facts
	if !penalised(d) || (!f.Major && !f.Complex) {
		return
	}
	for _, e := range j.all("collective_discussion") {
		if !e.when.Date.After(d.when.Date) {
			return
		}
	}
	why := "重大违法行为"
	if !f.Major {
		why = "情节复杂"
	}
	j.fire("COLLECTIVE_DISCUSSION_MISSING", "red", "", d.when.Date, "本案%s，%s作出处罚决定前未经行政机关负责人集体讨论", why, d.when.Date)
}

func labelOf(t string) string {
	for _, e := range EventTypes {
		if e.Type == t {
			return e.Label
		}
	}
	return t
}
