package cases

import (
	"fmt"
	"slices"
	"strings"

	"zfjd/internal/law"
)

// investigating are the events whose officers are the case's investigators
// (办案人员) for the separation of investigation from review and hearing.
var investigating = []string{"discovered", "filed", "investigation", "evidence_preserved", "preservation_decided",
	"seized", "seizure_extended", "seizure_released", "transfer_proposed"}

// twoOfficerActs need at least two officers (处罚法 Art. 42, 55; 行政强制法 Art. 18(二)).
var twoOfficerActs = []string{"investigation", "evidence_preserved", "seized", "seizure_extended", "delivered"}

// 处罚法 Art. 58: a decision needs a passed legal review when a hearing was
// held (58(二)), the case is major (58(一)) or complex (58(三)), or the
// agency's review list covers it (58(四)). The last review on or before the
// decision date counts.
func checkLegalReview(j *judge) {
	d := j.decision()
	if d == nil || d.Outcome == "transfer" {
		return
	}
	var why []string
	if h := j.first(zeroDate, "hearing_held"); h != nil && !h.when.Date.After(d.when.Date) {
		why = append(why, "经过听证程序")
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

// 处罚法 Art. 58 (法制审核 by others than the investigators, as 118号
// practice and 办、审分离 require) and Art. 64(四) (the hearing host is not
// an investigator of the case).
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
		if e.Reviewer != "" {
			flag("法制审核人员", e.Reviewer, e)
		} else {
			for _, o := range e.Officers {
				flag("法制审核人员", o, e)
			}
		}
	}
	for _, e := range j.all("hearing_held") {
		flag("听证主持人", e.Host, e)
	}
}

// 处罚法 Art. 42, 55 and 行政强制法 Art. 18(二): investigation, preservation,
// seizure and delivery are done by at least two officers.
func checkOfficerCount(j *judge) {
	for i, e := range j.ev {
		if !slices.Contains(twoOfficerActs, e.Type) {
			continue
		}
		if n := len(distinct(e.Officers)); n < 2 {
			j.fire("OFFICERS_INSUFFICIENT", "red", fmt.Sprintf("%d:%s", i, e.Type), e.when.Date,
				"%s%s仅有%d名执法人员，应不少于两人", e.when.Date, labelOf(e.Type), n)
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

// 处罚法 Art. 42: officers act only with a certificate valid on that day
// (within its validity dates and not suspended, revoked or cancelled by
// then). A number not on the register is no certificate. One warning per
// officer, on the first day found.
func checkCertificates(j *judge) {
	seen := map[string]bool{}
	for _, e := range j.ev {
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

// 处罚法 Art. 44, 62: no penalty without prior notice of its content, facts,
// reasons and basis and of the party's rights; with a hearing right, not
// before the 5-working-day request period (Art. 64(一), Art. 85) has run,
// and after a requested hearing only once it was held (Art. 63). The
// summary procedure notifies on the spot as part of its decision form
// (Art. 52) and is not judged here.
func checkNotice(j *judge) {
	// The request window shows as soon as the notice is given, so whoever
	// decides sees when it ends (Art. 64(一)).
	if ns := j.all("notified"); len(ns) > 0 {
		if n := ns[len(ns)-1]; n.HearingRight != nil && *n.HearingRight {
			if end, ok := j.workdays(n.when.Date, 5); ok {
				j.deadline("hearing_request", end)
			}
		}
	}
	d := j.decision()
	if !penalised(d) || j.c.Procedure == "summary" {
		return
	}
	var n *Event
	for _, e := range j.all("notified") {
		if !e.when.Date.After(d.when.Date) {
			n = e
		}
	}
	if n == nil {
		j.fire("NOTICE_MISSING", "red", "", d.when.Date, "%s作出处罚决定前未告知拟处罚内容及陈述、申辩权利", d.when.Date)
		return
	}
	if n.HearingRight == nil || !*n.HearingRight {
		return
	}
	end, ok := j.workdays(n.when.Date, 5)
	if !ok {
		return
	}
	if req := j.first(n.when.Date, "hearing_requested"); req != nil && !req.when.Date.After(end) {
		if h := j.first(req.when.Date, "hearing_held"); h == nil || h.when.Date.After(d.when.Date) {
			j.fire("NOTICE_MISSING", "red", "", d.when.Date, "当事人已于%s申请听证，未举行听证即于%s作出处罚决定", req.when.Date, d.when.Date)
		}
		return
	}
	if !d.when.Date.After(end) {
		j.fire("NOTICE_MISSING", "red", "", d.when.Date, "%s告知听证权利，听证申请期至%s（5个工作日）届满，%s即作出处罚决定", n.when.Date, end, d.when.Date)
	}
}

// hearingKinds are penalties that always carry a hearing right (处罚法
// Art. 63(三), (四)); fines and confiscations do at 较大数额 (63(一), (二)).
var hearingKinds = []string{"downgrade", "revoke_license", "suspend_business", "close", "restrict_employment"}

// hearingEligible reports why a decision carries a hearing right, or "".
func (j *judge) hearingEligible(d *Event) string {
	limit := j.env.HearingOrgFen
	if limit <= 0 {
		limit = DefaultHearingOrgFen
	}
	if j.c.Party.Kind == "person" {
		if limit = j.env.HearingPersonFen; limit <= 0 {
			limit = DefaultHearingPersonFen
		}
	}
	var fine, confiscated int64
	for _, p := range d.Penalties {
		switch {
		case slices.Contains(hearingKinds, p.Kind):
			return PenaltyLabels[p.Kind]
		case p.Kind == "fine":
			fine += p.AmountFen
		case p.Kind == "confiscate_income" || p.Kind == "confiscate_property":
			confiscated += p.AmountFen
		}
	}
	if fine >= limit {
		return "较大数额罚款" + yuan(fine)
	}
	if confiscated >= limit {
		return "没收较大数额违法所得或较大价值财物" + yuan(confiscated)
	}
	return ""
}

// 处罚法 Art. 63: the notice of a hearing-eligible penalty tells the party
// of the right to a hearing.
func checkHearingRight(j *judge) {
	d := j.decision()
	if !penalised(d) {
		return
	}
	why := j.hearingEligible(d)
	if why == "" {
		return
	}
	for _, e := range j.all("notified") {
		if !e.when.Date.After(d.when.Date) && (e.HearingRight == nil || !*e.HearingRight) {
			j.fire("HEARING_RIGHT_MISSING", "red", "", e.when.Date, "拟作出的处罚（%s）依法应告知听证权利，%s的告知未告知听证权利", why, e.when.Date)
			return
		}
	}
}

// 处罚法 Art. 64(二) with Art. 85: the party is told of the hearing at
// least 7 working days before it is held.
func checkHearingNotice(j *judge) {
	for i, n := range j.all("hearing_noticed") {
		earliest, ok := j.workdays(n.when.Date, 7)
		if !ok {
			continue
		}
		var held law.Date
		if h := j.first(n.when.Date, "hearing_held"); h != nil {
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

func labelOf(t string) string {
	for _, e := range EventTypes {
		if e.Type == t {
			return e.Label
		}
	}
	return t
}
