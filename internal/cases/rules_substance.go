package cases

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"zfjd/internal/discretion"
	"zfjd/internal/law"
)

// 处罚法 Art. 34 with 国办发〔2022〕27号: a fine is set inside the published
// benchmark's range for the chosen tier, in the version in force on the
// decision date — in multiples of the illegal income where the tier is set
// so and the case has income. Leaving the tier needs a written reason and a
// prior collective discussion of the heads, and even then the fine stays
// within the benchmark's span: the lowest tier's minimum to the highest
// tier's maximum. Where no benchmark applies, the matter's statutory range
// binds instead (statutory.go).
func checkFineRange(j *judge) {
	d := j.decision()
	if j.statutoryApplies(d) {
		checkStatutoryRange(j, d)
		return
	}
	if !penalised(d) || d.Tier == "" || j.env.Range == nil || !slices.ContainsFunc(d.Penalties, func(p Penalty) bool { return p.Kind == "fine" }) {
		return
	}
	r := j.env.Range(d.Tier, d.when.Date)
	if r == nil {
		return
	}
	inc := j.c.Facts.IllegalIncomeFen
	fine := fineOf(d)
	lo, hi := tierBounds(r, inc)
	if !outside(fine, lo, hi) {
		return
	}
	tierText := fmt.Sprintf("罚款%s超出裁量基准“%s”阶次幅度（%s）", yuan(fine), TierLabels[d.Tier], boundsText(r, lo, hi, inc))
	slo, shi := j.benchmarkSpan(d.when.Date, inc)
	reason := d.DeviationReason != nil && strings.TrimSpace(*d.DeviationReason) != ""
	discussed := false
	for _, e := range j.all("collective_discussion") {
		discussed = discussed || !e.when.Date.After(d.when.Date)
	}
	switch {
	case outside(fine, slo, shi):
		j.fire("FINE_OUT_OF_RANGE", "yellow", "", d.when.Date, "%s，也超出裁量基准全部阶次的幅度（%s），说明理由、经集体讨论亦不得超出", tierText, fenRange(slo, shi))
	case reason && discussed:
	case reason:
		j.fire("FINE_OUT_OF_RANGE", "yellow", "", d.when.Date, "%s，虽说明理由，但未经负责人集体讨论", tierText)
	default:
		j.fire("FINE_OUT_OF_RANGE", "yellow", "", d.when.Date, "%s，且未说明理由", tierText)
	}
}

// tierBounds is what range r allows on an illegal income of inc: the
// multiples of it where r sets them and inc > 0 (rounded outward), else
// r's amounts.
func tierBounds(r *FineRange, inc int64) (lo, hi *int64) {
	if inc > 0 && (r.IncomeMin != nil || r.IncomeMax != nil) {
		if r.IncomeMin != nil {
			lo = ptrInt(int64(math.Floor(*r.IncomeMin * float64(inc))))
		}
		if r.IncomeMax != nil {
			hi = ptrInt(int64(math.Ceil(*r.IncomeMax * float64(inc))))
		}
		return lo, hi
	}
	return r.MinFen, r.MaxFen
}

func outside(fine int64, lo, hi *int64) bool {
	return (lo != nil && fine < *lo) || (hi != nil && fine > *hi)
}

func boundsText(r *FineRange, lo, hi *int64, inc int64) string {
	s := fenRange(lo, hi)
	if inc > 0 && (r.IncomeMin != nil || r.IncomeMax != nil) {
		s = "违法所得" + yuan(inc) + "的" + multipleRange(r.IncomeMin, r.IncomeMax) + "，即" + s
	}
	if r.Version != "" {
		s += "，" + r.Version
	}
	return s
}

// benchmarkSpan is the lowest minimum and the highest maximum of the
// benchmark's tiers in force on a day (不予处罚 aside), nil where a tier
// leaves that side open.
func (j *judge) benchmarkSpan(on law.Date, inc int64) (lo, hi *int64) {
	first := true
	for _, t := range Tiers {
		if t == "none" {
			continue
		}
		r := j.env.Range(t, on)
		if r == nil {
			continue
		}
		l, h := tierBounds(r, inc)
		if first {
			lo, hi, first = l, h, false
			continue
		}
		if lo != nil && (l == nil || *l < *lo) {
			lo = l
		}
		if hi != nil && (h == nil || *h > *hi) {
			hi = h
		}
	}
	return lo, hi
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

// partyAge is the party's age on the act date (处罚法 Art. 30: "有违法行为
// 的" age): for a person with an 18-digit 身份证号, from its birth date
// (exchange v1.1), else facts.party_age.
func (j *judge) partyAge() *int { return j.c.PartyAge() }

// PartyAge is the party's age when acting: for a person from the birth
// date of the 身份证号 and the act date, else the stated facts.party_age.
func (c *Case) PartyAge() *int {
	if c.Party.Kind != "person" {
		return c.Facts.PartyAge
	}
	act, err := law.ParseDate(c.Facts.ActDate)
	id := c.Party.IDNumber
	if err != nil || len(id) != 18 {
		return c.Facts.PartyAge
	}
	birth, err := law.ParseDate(id[6:10] + "-" + id[10:12] + "-" + id[12:14])
	if err != nil || act.Before(birth) {
		return c.Facts.PartyAge
	}
	age := act.Y - birth.Y
	if act.M < birth.M || (act.M == birth.M && act.D < birth.D) {
		age-- // the age goes up on the birthday itself
	}
	return &age
}

// has reports whether the facts record circumstance code (as the v1.1
// bools or zfjd's codes).
func (f Facts) has(code string) bool {
	switch code {
	case "mental_incapable":
		if f.MentalIncapable {
			return true
		}
	case "no_fault":
		if f.NoFault {
			return true
		}
	}
	return slices.Contains(f.Mitigating, code)
}

// exempt is the ground on which the law excludes any penalty (Art. 30,
// 31, 33 第二款), or "".
func (j *judge) exempt() string {
	f := j.c.Facts
	person := j.c.Party.Kind == "person"
	switch age := j.partyAge(); {
	case person && age != nil && *age < 14:
		return fmt.Sprintf("当事人违法时未满十四周岁（%d岁），依法不予处罚（第三十条）", *age)
	case person && f.has("mental_incapable"):
		return "精神病人、智力残疾人在不能辨认或者不能控制自己行为时有违法行为，依法不予处罚（第三十一条）"
	case f.has("no_fault"):
		return "当事人有证据足以证明没有主观过错，依法不予处罚（第三十三条第二款）"
	}
	return ""
}

// 处罚法 Art. 30 (under 14), Art. 31 (不能辨认或者不能控制自己行为), Art. 33
// 第二款 (no fault proven) and Art. 33 第一款 (违法行为轻微并及时改正，没有造成
// 危害后果): no penalty — "不予行政处罚", not "可以". Art. 33 第一款 has three
// conditions; without minor_act only two are known, so it asks to verify.
// Art. 33's first-offence clause is discretionary and not judged.
func checkNoPenaltyDue(j *judge) {
	d := j.decision()
	if !penalised(d) {
		return
	}
	f := j.c.Facts
	if why := j.exempt(); why != "" {
		j.fire("NO_PENALTY_DUE", "red", "", d.when.Date, "%s，却作出了处罚决定", why)
		return
	}
	if f.Harm != "none" || f.Corrected == nil || !*f.Corrected {
		return
	}
	switch {
	case f.MinorAct == nil:
		j.check("NO_PENALTY_DUE", "", d.when.Date, "违法行为已及时改正且没有造成危害后果，如违法行为轻微，依法不予处罚（第三十三条第一款），本案作出了处罚决定")
	case *f.MinorAct:
		j.fire("NO_PENALTY_DUE", "red", "", d.when.Date, "违法行为轻微并及时改正，没有造成危害后果，依法不予处罚（第三十三条第一款），却作出了处罚决定")
	}
}

// 处罚法 Art. 30: a party aged 14 to 17 is punished more lightly or with a
// mitigated penalty (应当从轻或者减轻).
func checkMinor(j *judge) {
	d := j.decision()
	age := j.partyAge()
	if !penalised(d) || j.c.Party.Kind != "person" || age == nil || *age < 14 || *age >= 18 {
		return
	}
	if d.Tier == "lighter" || d.Tier == "mitigated" {
		return
	}
	j.fire("MINOR_NOT_MITIGATED", "red", "", d.when.Date, "当事人违法时%d岁，已满十四周岁不满十八周岁，应当从轻或者减轻处罚，实际裁量阶次为“%s”",
		*age, tierText(d.Tier))
}

// mitigatingGrounds lists the circumstances recorded that are of kind
// (discretion.KindMitigating: Art. 32, 应当; KindMayMitigate: Art. 31, 可以).
func (f Facts) mitigatingGrounds(kinds ...string) []string {
	var out []string
	for _, code := range f.Mitigating {
		if c := discretion.CircumstanceOf(code); c != nil && slices.Contains(kinds, c.Kind) {
			out = append(out, c.Label)
		}
	}
	return out
}

// 处罚法 Art. 32: a party with one of its grounds is punished more lightly
// or with a mitigated penalty (应当从轻或者减轻).
func checkMitigationMissing(j *judge) {
	d := j.decision()
	if !penalised(d) || d.Tier == "lighter" || d.Tier == "mitigated" || d.Tier == "none" {
		return
	}
	if g := j.c.Facts.mitigatingGrounds(discretion.KindMitigating); len(g) > 0 {
		j.fire("MITIGATION_MISSING", "red", "", d.when.Date, "当事人有%s的情形，应当从轻或者减轻处罚，实际裁量阶次为“%s”",
			strings.Join(g, "、"), tierText(d.Tier))
	}
}

// 处罚法 Art. 30–32: 减轻处罚 (below the statutory minimum, or a lighter kind)
// rests on a statutory ground: a party aged 14–17 (Art. 30), one not fully
// able to understand or control his acts (Art. 31), or a ground of Art. 32.
// A case the law exempts altogether is NO_PENALTY_DUE's.
func checkMitigationFounded(j *judge) {
	d := j.decision()
	if !penalised(d) || d.Tier != "mitigated" || j.exempt() != "" {
		return
	}
	if age := j.partyAge(); j.c.Party.Kind == "person" && age != nil && *age >= 14 && *age < 18 {
		return
	}
	if len(j.c.Facts.mitigatingGrounds(discretion.KindMitigating, discretion.KindMayMitigate)) > 0 {
		return
	}
	j.fire("MITIGATION_UNFOUNDED", "yellow", "", d.when.Date, "裁量阶次为“减轻处罚”，案件未记录法定减轻情节（未成年人、限制行为能力或者第三十二条所列情形）")
}

// 处罚法 Art. 28 第二款: illegal income is confiscated, except what is to be
// refunded (退赔, refund_ordered). A confiscation of less than the income
// found, with no refund, is asked about.
func checkIncome(j *judge) {
	d := j.decision()
	inc := j.c.Facts.IllegalIncomeFen
	if !penalised(d) || inc <= 0 || j.first(zeroDate, "refund_ordered") != nil {
		return
	}
	var conf int64
	found := false
	for _, p := range d.Penalties {
		if p.Kind == "confiscate_income" {
			found, conf = true, conf+p.AmountFen
		}
	}
	switch {
	case !found && j.c.Procedure == "summary":
		j.fire("INCOME_NOT_CONFISCATED", "red", "", d.when.Date, "当事人有违法所得%s，未没收也未记录依法责令退赔；简易程序只能当场给予警告或者罚款（第五十一条），有违法所得应当没收的，应适用普通程序", yuan(inc))
	case !found:
		j.fire("INCOME_NOT_CONFISCATED", "red", "", d.when.Date, "当事人有违法所得%s，处罚决定未没收违法所得，也未记录依法责令退赔", yuan(inc))
	case conf > 0 && conf < inc:
		j.check("INCOME_NOT_CONFISCATED", "", d.when.Date, "没收违法所得%s少于认定的违法所得%s，也未记录依法责令退赔", yuan(conf), yuan(inc))
	}
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

// 处罚法 Art. 27, 57(四) and 移送规定 Art. 11, 16: a case suspected of a
// crime — marked so, or with an amount at or above the matter's criminal
// threshold — is transferred to public security, whatever the agency would
// otherwise decide; a decision without a transfer is 以罚代刑 (or, deciding
// no penalty, 不移送). A transfer before or after the decision satisfies it.
func checkTransferMissing(j *judge) {
	d := j.decision()
	if d == nil || d.Outcome == "transfer" || j.first(zeroDate, "transferred") != nil {
		return
	}
	f := j.c.Facts
	what := "决定" + OutcomeLabels[d.Outcome]
	switch {
	case f.SuspectedCrime:
		j.fire("TRANSFER_MISSING", "red", "", d.when.Date, "案件涉嫌犯罪，未移送公安机关即%s", what)
	case j.env.CriminalFen != nil && *j.env.CriminalFen > 0 && f.CaseAmountFen >= *j.env.CriminalFen:
		j.fire("TRANSFER_MISSING", "red", "", d.when.Date, "涉案金额%s达到该事项涉嫌犯罪的追诉标准%s，未移送公安机关即%s",
			yuan(f.CaseAmountFen), yuan(*j.env.CriminalFen), what)
	}
}
