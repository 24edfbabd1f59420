package discretion

import (
	"fmt"
	"slices"
)

// Circumstance is a 情节 the officer may record on a case.
type Circumstance struct {
	Code  string
	Label string
	// Kind: "exempt" (不予处罚, mandatory), "mitigating" (应当从轻或者减轻),
	// "may_mitigate" (可以从轻或者减轻) or "aggravating" (从重).
	Kind  string
	Basis string // the article it rests on
}

// Circumstance kinds.
const (
	KindExempt      = "exempt"
	KindMitigating  = "mitigating"
	KindMayMitigate = "may_mitigate"
	KindAggravating = "aggravating"
)

const (
	art30  = "《行政处罚法》第三十条"
	art31  = "《行政处罚法》第三十一条"
	art32  = "《行政处罚法》第三十二条"
	art33  = "《行政处罚法》第三十三条第一款"
	art33b = "《行政处罚法》第三十三条第二款"
	// The 从重 circumstances are those of local benchmarks (domain-research
	// §2.5), which 国办发〔2022〕27号 asks to 细化、量化.
	basisHeavier = "国办发〔2022〕27号；本地裁量基准从重情节"
)

// Circumstances are the codes of FactsView.Mitigating / Aggravating, in
// display order, each with its Chinese label and article.
var Circumstances = []Circumstance{
	{"mental_incapable", "精神病人、智力残疾人在不能辨认或者不能控制自己行为时实施违法行为", KindExempt, art31},
	{"no_fault", "有证据足以证明没有主观过错", KindExempt, art33b},
	{"eliminated_harm", "主动消除或者减轻违法行为危害后果", KindMitigating, art32 + "第（一）项"},
	{"coerced", "受他人胁迫或者诱骗实施违法行为", KindMitigating, art32 + "第（二）项"},
	{"confessed", "主动供述行政机关尚未掌握的违法行为", KindMitigating, art32 + "第（三）项"},
	{"meritorious", "配合行政机关查处违法行为有立功表现", KindMitigating, art32 + "第（四）项"},
	{"other_statutory", "法律、法规、规章规定其他应当从轻或者减轻行政处罚的情形", KindMitigating, art32 + "第（五）项"},
	{"mental_partial", "尚未完全丧失辨认或者控制自己行为能力的精神病人、智力残疾人", KindMayMitigate, art31},
	{"destroyed_evidence", "隐匿、销毁违法证据", KindAggravating, basisHeavier},
	{"obstruction", "妨碍、阻挠或者以暴力威胁执法人员依法执行职务", KindAggravating, basisHeavier},
	{"repeat", "多次违法或者经处罚后仍不改正", KindAggravating, basisHeavier},
	{"after_warning", "经责令改正、告诫后继续实施违法行为", KindAggravating, basisHeavier},
	{"serious_harm", "危害人身健康、生命安全或者公共安全且后果严重", KindAggravating, basisHeavier},
	{"lured_minor", "胁迫、诱骗、教唆未成年人实施违法行为", KindAggravating, basisHeavier},
	{"principal_role", "共同违法中起主要作用", KindAggravating, basisHeavier},
	{"emergency", "在发生突发事件期间实施与应对突发事件相关的违法行为", KindAggravating, basisHeavier},
	{"retaliation", "对举报人、证人打击报复", KindAggravating, basisHeavier},
}

// CircumstanceOf returns the circumstance with code, or nil.
func CircumstanceOf(code string) *Circumstance {
	for i := range Circumstances {
		if Circumstances[i].Code == code {
			return &Circumstances[i]
		}
	}
	return nil
}

// CircumstancesOf lists the circumstances of one kind, for the UI.
func CircumstancesOf(kind string) []Circumstance {
	var out []Circumstance
	for _, c := range Circumstances {
		if c.Kind == kind {
			out = append(out, c)
		}
	}
	return out
}

// RepeatThreshold: this many earlier penalties for the same act make it 多次违法.
const RepeatThreshold = 2

// Suggestion is the tier the facts point to.
type Suggestion struct {
	Tier string `json:"tier"`
	// Mandatory: the law says 应当/不予 here, so the tier (or, for a
	// mandatory mitigation, one of AllowedTiers) must be chosen.
	Mandatory    bool     `json:"mandatory"`
	Reasons      []string `json:"reasons"`       // Chinese, each citing its article
	AllowedTiers []string `json:"allowed_tiers"` // lightest first
}

// TierLabel is the suggested tier's Chinese name.
func (s Suggestion) TierLabel() string { return TierLabel(s.Tier) }

// Suggest derives a tier from the facts (处罚法 Art. 30–33). priorPenalties
// is the number of earlier penalties of the party for the same kind of act
// (RepeatThreshold or more is 多次违法). In order:
//   - under 14 (Art. 30), not able to understand or control one's acts
//     (Art. 31), no fault (Art. 33 第二款), or no harm and corrected in time
//     (Art. 33 第一款): none, mandatory;
//   - aged 14–17 (Art. 30) or an Art. 32 circumstance: lighter or
//     mitigated, mandatory; aggravating circumstances cannot raise it;
//   - first offence, slight harm, corrected in time (Art. 33 第一款, 可以):
//     none suggested, not mandatory — unless aggravating circumstances exist;
//   - partly impaired (Art. 31, 可以): lighter suggested, not mandatory;
//   - aggravating circumstances: heavier;
//   - otherwise ordinary.
func Suggest(f FactsView, priorPenalties int) Suggestion {
	var exempt, mitigating, mayMitigate, aggravating []Circumstance
	seen := map[string]bool{}
	for _, code := range append(slices.Clone(f.Mitigating), f.Aggravating...) {
		c := CircumstanceOf(code)
		if c == nil || seen[code] {
			continue
		}
		seen[code] = true
		switch c.Kind {
		case KindExempt:
			exempt = append(exempt, *c)
		case KindMitigating:
			mitigating = append(mitigating, *c)
		case KindMayMitigate:
			mayMitigate = append(mayMitigate, *c)
		case KindAggravating:
			aggravating = append(aggravating, *c)
		}
	}
	if priorPenalties >= RepeatThreshold && !seen["repeat"] {
		c := *CircumstanceOf("repeat")
		c.Label = fmt.Sprintf("此前已因同类违法行为受过%d次行政处罚", priorPenalties)
		aggravating = append(aggravating, c)
	}
	none := func(reason string) Suggestion {
		return Suggestion{Tier: TierNone, Mandatory: true, Reasons: []string{reason}, AllowedTiers: []string{TierNone}}
	}

	// 不予处罚, mandatory.
	age := f.PartyAge
	if age != nil && *age < 14 {
		return none(fmt.Sprintf("当事人违法时%d岁，不满十四周岁，不予行政处罚，责令监护人加以管教（%s）", *age, art30))
	}
	for _, c := range exempt {
		what := "，不予行政处罚"
		if c.Code == "mental_incapable" {
			what = "，不予行政处罚，责令其监护人严加看管和治疗"
		}
		return none(c.Label + what + "（" + c.Basis + "）")
	}
	if f.Harm == "none" && isTrue(f.Corrected) {
		return none("违法行为已及时改正，没有造成危害后果，不予行政处罚（" + art33 + "），并应当对当事人进行教育（第三十三条第三款）")
	}

	// 应当从轻或者减轻.
	var must []string
	if age != nil && *age < 18 {
		must = append(must, fmt.Sprintf("当事人违法时%d岁，已满十四周岁不满十八周岁，应当从轻或者减轻行政处罚（%s）", *age, art30))
	}
	for _, c := range mitigating {
		must = append(must, c.Label+"，应当从轻或者减轻行政处罚（"+c.Basis+"）")
	}
	var s Suggestion
	switch {
	case len(must) > 0:
		s = Suggestion{Tier: TierLighter, Mandatory: true, Reasons: must, AllowedTiers: []string{TierMitigated, TierLighter}}
		for _, c := range aggravating {
			s.Reasons = append(s.Reasons, "另有从重情节："+c.Label+"（"+c.Basis+"），但依法应当从轻或者减轻，不得从重，可在从轻幅度内酌定")
		}
	case len(mayMitigate) > 0:
		s = Suggestion{Tier: TierLighter, AllowedTiers: []string{TierMitigated, TierLighter, TierOrdinary}}
		for _, c := range mayMitigate {
			s.Reasons = append(s.Reasons, c.Label+"，可以从轻或者减轻行政处罚（"+c.Basis+"）")
		}
		if len(aggravating) > 0 {
			s.AllowedTiers = append(s.AllowedTiers, TierHeavier)
			for _, c := range aggravating {
				s.Reasons = append(s.Reasons, "另有从重情节："+c.Label+"（"+c.Basis+"）")
			}
		}
	case len(aggravating) > 0:
		s = Suggestion{Tier: TierHeavier, AllowedTiers: []string{TierOrdinary, TierHeavier}}
		for _, c := range aggravating {
			s.Reasons = append(s.Reasons, c.Label+"，可以从重处罚（"+c.Basis+"）")
		}
	default:
		s = Suggestion{Tier: TierOrdinary, AllowedTiers: []string{TierLighter, TierOrdinary, TierHeavier},
			Reasons: []string{"未发现法定从轻、减轻或者从重情节，按一般情形裁量（《行政处罚法》第三十四条，适用裁量基准）"}}
	}

	// 首违不罚, 可以.
	if isTrue(f.FirstOffense) && f.Harm == "slight" && isTrue(f.Corrected) && len(aggravating) == 0 {
		if s.Tier == TierOrdinary {
			s.Reasons = []string{"决定给予处罚的，未发现法定从轻、减轻或者从重情节，按一般情形裁量（《行政处罚法》第三十四条，适用裁量基准）"}
			s.AllowedTiers = []string{TierLighter, TierOrdinary}
		}
		s.Tier, s.Mandatory = TierNone, false
		s.Reasons = append([]string{"初次违法且危害后果轻微并及时改正，可以不予行政处罚（" + art33 + "），不予处罚的应当对当事人进行教育"}, s.Reasons...)
		s.AllowedTiers = append([]string{TierNone}, s.AllowedTiers...)
	}
	return s
}
