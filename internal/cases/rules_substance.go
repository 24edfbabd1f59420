package cases

import (
	"slices"
)

// 处罚法 Art. 34: a fine is set inside the published benchmark's range for
// the chosen tier, in the version in force on the decision date; leaving
// it needs a written reason. Where no benchmark applies, the matter's
// statutory range binds instead (statutory.go).
func checkFineRange(j *judge) {
	d := j.decision()
	if j.statutoryApplies(d) {
		checkStatutoryRange(j, d)
		return
	}
	if !penalised(d) || d.Tier == "" || j.env.Range == nil || !slices.ContainsFunc(d.Penalties, func(p Penalty) bool { return p.Kind == "fine" }) {
		return
	}
	if d.DeviationReason != nil && *d.DeviationReason != "" {
		return
	}
	r := j.env.Range(d.Tier, d.when.Date)
	if r == nil {
		return
	}
	if r.MinFen == nil && r.MaxFen == nil && j.c.Facts.IllegalIncomeFen > 0 {
		// A range in multiples of illegal income (e.g. 一倍以上三倍以下).
		inc := float64(j.c.Facts.IllegalIncomeFen)
		if r.IncomeMin != nil {
			r.MinFen = ptrInt(int64(*r.IncomeMin * inc))
		}
		if r.IncomeMax != nil {
			r.MaxFen = ptrInt(int64(*r.IncomeMax * inc))
		}
	}
	fine := fineOf(d)
	low := r.MinFen != nil && fine < *r.MinFen
	high := r.MaxFen != nil && fine > *r.MaxFen
	if low || high {
		j.fire("FINE_OUT_OF_RANGE", "yellow", "", d.when.Date, "罚款%s超出裁量基准“%s”阶次幅度（%s），且未说明理由",
			yuan(fine), TierLabels[d.Tier], rangeText(r))
	}
}

func ptrInt(n int64) *int64 { return &n }

func rangeText(r *FineRange) string {
	s := ""
	switch {
	case r.MinFen != nil && r.MaxFen != nil:
		s = yuan(*r.MinFen) + "至" + yuan(*r.MaxFen)
	case r.MinFen != nil:
		s = yuan(*r.MinFen) + "以上"
	case r.MaxFen != nil:
		s = yuan(*r.MaxFen) + "以下"
	}
	if r.Version != "" {
		s += "，" + r.Version
	}
	return s
}

// 处罚法 Art. 30 (under 14: no penalty) and Art. 33 第一款 (minor act,
// corrected in time, no harm: no penalty). Both are "不予行政处罚", not
// "可以"; Art. 33's first-offence clause is discretionary and not judged.
func checkNoPenaltyDue(j *judge) {
	d := j.decision()
	if !penalised(d) {
		return
	}
	f := j.c.Facts
	switch {
	case j.c.Party.Kind == "person" && f.PartyAge != nil && *f.PartyAge < 14:
		j.fire("NO_PENALTY_DUE", "red", "", d.when.Date, "当事人违法时未满十四周岁（%d岁），依法不予处罚，却作出了处罚决定", *f.PartyAge)
	case f.Harm == "none" && f.Corrected != nil && *f.Corrected:
		j.fire("NO_PENALTY_DUE", "red", "", d.when.Date, "违法行为已及时改正且没有造成危害后果，依法不予处罚，却作出了处罚决定")
	}
}

// 处罚法 Art. 30: a party aged 14 to 17 is punished more lightly or with a
// mitigated penalty (应当从轻或者减轻).
func checkMinor(j *judge) {
	d := j.decision()
	f := j.c.Facts
	if !penalised(d) || j.c.Party.Kind != "person" || f.PartyAge == nil || *f.PartyAge < 14 || *f.PartyAge >= 18 {
		return
	}
	if d.Tier == "lighter" || d.Tier == "mitigated" {
		return
	}
	j.fire("MINOR_NOT_MITIGATED", "red", "", d.when.Date, "当事人违法时%d岁，已满十四周岁不满十八周岁，应当从轻或者减轻处罚，实际裁量阶次为“%s”",
		*f.PartyAge, tierText(d.Tier))
}

func tierText(t string) string {
	if l, ok := TierLabels[t]; ok {
		return l
	}
	return "未注明"
}

// Art. 51 limits of the summary procedure: a warning, or a fine of at most
// 200 元 for a citizen or 3,000 元 for an organisation.
const (
	SummaryPersonFen = 20_000
	SummaryOrgFen    = 300_000
)

// 处罚法 Art. 51: the summary (on-the-spot) procedure only for a warning or
// a fine within those limits.
func checkSummary(j *judge) {
	d := j.decision()
	if j.c.Procedure != "summary" || !penalised(d) {
		return
	}
	limit, who := int64(SummaryOrgFen), "法人或者其他组织"
	if j.c.Party.Kind == "person" {
		limit, who = SummaryPersonFen, "公民"
	}
	for _, p := range d.Penalties {
		if p.Kind != "warning" && p.Kind != "fine" {
			j.fire("SUMMARY_OVER_LIMIT", "red", "", d.when.Date, "简易程序只能当场给予警告或者罚款，本案给予了%s", PenaltyLabels[p.Kind])
			return
		}
	}
	if fine := fineOf(d); fine > limit {
		j.fire("SUMMARY_OVER_LIMIT", "red", "", d.when.Date, "简易程序对%s罚款不得超过%s，本案罚款%s", who, yuan(limit), yuan(fine))
	}
}

// 处罚法 Art. 27 and 移送规定 Art. 11: a case suspected of a crime — marked
// so, or with an amount at or above the matter's criminal threshold — is
// transferred to public security; a penalty without a transfer is 以罚代刑.
func checkTransferMissing(j *judge) {
	d := j.decision()
	if !penalised(d) || j.first(zeroDate, "transferred") != nil {
		return
	}
	f := j.c.Facts
	switch {
	case f.SuspectedCrime:
		j.fire("TRANSFER_MISSING", "red", "", d.when.Date, "案件涉嫌犯罪，未移送公安机关即作出行政处罚")
	case j.env.CriminalFen != nil && *j.env.CriminalFen > 0 && f.CaseAmountFen >= *j.env.CriminalFen:
		j.fire("TRANSFER_MISSING", "red", "", d.when.Date, "涉案金额%s达到该事项涉嫌犯罪的追诉标准%s，未移送公安机关即作出行政处罚",
			yuan(f.CaseAmountFen), yuan(*j.env.CriminalFen))
	}
}
