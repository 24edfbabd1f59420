package discretion

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/registry"
	"zfjd/internal/textcheck"
)

// Tier is one 裁量阶次 of a benchmark version: when it applies and what
// penalty it allows. A tier may have no fine range (none, or a tier of
// warnings only); the income multiples are of the illegal income (违法所得
// 的 1 至 3 倍).
type Tier struct {
	Tier              string    `json:"tier"`
	Conditions        string    `json:"conditions"` // 适用情形, as published
	FineMinFen        *int64    `json:"fine_min_fen"`
	FineMaxFen        *int64    `json:"fine_max_fen"`
	IncomeMultipleMin *float64  `json:"income_multiple_min,omitempty"`
	IncomeMultipleMax *float64  `json:"income_multiple_max,omitempty"`
	OtherPenalties    []string  `json:"other_penalties"`
	Criteria          *Criteria `json:"criteria,omitempty"`

	idx int // position in the input, for error paths
}

// Label is the tier's Chinese name.
func (t Tier) Label() string { return TierLabel(t.Tier) }

// HasFine reports whether the tier sets a fine range.
func (t Tier) HasFine() bool { return t.FineMinFen != nil || t.FineMaxFen != nil }

// FineText is the fine range in 元 for pages and messages.
func (t Tier) FineText() string { return fineText(t.FineMinFen, t.FineMaxFen) }

// IncomeText is the multiple range of the illegal income.
func (t Tier) IncomeText() string { return multipleText(t.IncomeMultipleMin, t.IncomeMultipleMax) }

// PenaltyLabels names the other penalties in Chinese.
func (t Tier) PenaltyLabels() []string {
	out := make([]string, len(t.OtherPenalties))
	for i, p := range t.OtherPenalties {
		out[i] = registry.LabelOf(PenaltyOptions, p)
	}
	return out
}

func fineText(lo, hi *int64) string {
	switch {
	case lo != nil && hi != nil:
		return registry.FormatYuan(*lo) + "元至" + registry.FormatYuan(*hi) + "元"
	case lo != nil:
		return registry.FormatYuan(*lo) + "元以上"
	case hi != nil:
		return registry.FormatYuan(*hi) + "元以下"
	}
	return ""
}

func multipleText(lo, hi *float64) string {
	f := func(v float64) string { return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.2f", v), "0"), ".") }
	switch {
	case lo != nil && hi != nil:
		return "违法所得" + f(*lo) + "倍至" + f(*hi) + "倍"
	case lo != nil:
		return "违法所得" + f(*lo) + "倍以上"
	case hi != nil:
		return "违法所得" + f(*hi) + "倍以下"
	}
	return ""
}

// maxFen caps amounts (one trillion 元) far from overflow.
const maxFen = 100_000_000_000_000

// normalizeTiers checks a version's tiers and puts them in canonical order
// (lightest first). Problems are reported under "tiers[i]…" with i the
// position in the input.
func normalizeTiers(tiers []Tier, f apperr.Fields) []Tier {
	if len(tiers) == 0 {
		f.Set("tiers", "请至少填写一个裁量阶次")
		return tiers
	}
	if len(tiers) > len(TierValues) {
		f.Set("tiers", fmt.Sprintf("裁量阶次最多%d个", len(TierValues)))
	}
	seen := map[string]int{}
	for i := range tiers {
		t := &tiers[i]
		t.idx = i
		p := fmt.Sprintf("tiers[%d]", i)
		t.Tier = strings.TrimSpace(t.Tier)
		t.Conditions = strings.TrimSpace(t.Conditions)
		switch {
		case t.Tier == "":
			f.Set(p+".tier", "请填写裁量阶次")
		case tierRank(t.Tier) < 0:
			f.Set(p+".tier", "裁量阶次应为 none（不予处罚）、mitigated（减轻处罚）、lighter（从轻处罚）、ordinary（一般）或 heavier（从重处罚）")
		default:
			if j, dup := seen[t.Tier]; dup {
				f.Set(p+".tier", fmt.Sprintf("裁量阶次“%s”与第%d个重复", t.Label(), j+1))
			}
			seen[t.Tier] = i
		}
		if len([]rune(t.Conditions)) > 2000 {
			f.Set(p+".conditions", "适用情形不能超过2000个字")
		}
		textcheck.CheckLines(f, p+".conditions", t.Conditions, 2000)
		for _, v := range []struct {
			name string
			val  *int64
		}{{"fine_min_fen", t.FineMinFen}, {"fine_max_fen", t.FineMaxFen}} {
			if v.val != nil && (*v.val < 0 || *v.val > maxFen) {
				f.Set(p+"."+v.name, "罚款金额应为不小于0的整数（分）")
			}
		}
		if t.FineMinFen != nil && t.FineMaxFen != nil && *t.FineMinFen > *t.FineMaxFen {
			f.Set(p+".fine_max_fen", fmt.Sprintf("罚款上限（%s元）不能低于下限（%s元）", registry.FormatYuan(*t.FineMaxFen), registry.FormatYuan(*t.FineMinFen)))
		}
		for _, v := range []struct {
			name string
			val  *float64
		}{{"income_multiple_min", t.IncomeMultipleMin}, {"income_multiple_max", t.IncomeMultipleMax}} {
			if v.val != nil && (math.IsNaN(*v.val) || *v.val < 0 || *v.val > 1000) {
				f.Set(p+"."+v.name, "违法所得倍数应为0至1000之间的数")
			}
		}
		if t.IncomeMultipleMin != nil && t.IncomeMultipleMax != nil && *t.IncomeMultipleMin > *t.IncomeMultipleMax {
			f.Set(p+".income_multiple_max", "违法所得倍数上限不能低于下限")
		}
		var kinds []string
		for j, k := range t.OtherPenalties {
			k = strings.TrimSpace(k)
			switch {
			case k == "fine":
				f.Set(fmt.Sprintf("%s.other_penalties[%d]", p, j), "罚款请填写在罚款下限、上限中，不列入其他处罚")
			case !isOption(PenaltyOptions, k):
				f.Set(fmt.Sprintf("%s.other_penalties[%d]", p, j), "处罚种类“"+k+"”无效，应为《行政处罚法》第九条所列种类（warning、confiscate_income、suspend_business 等）")
			case !slices.Contains(kinds, k):
				kinds = append(kinds, k)
			}
		}
		slices.SortFunc(kinds, func(a, b string) int { return penaltyRank(a) - penaltyRank(b) })
		if kinds == nil {
			kinds = []string{}
		}
		t.OtherPenalties = kinds
		if t.Criteria != nil {
			t.Criteria.normalize(f, p+".criteria")
			if t.Criteria.Empty() && t.Criteria.CorrectionDays == 0 {
				t.Criteria = nil
			}
		}
		// 不予处罚 means no penalty at all (处罚法 Art. 30, 31, 33). Source
		// systems send that "no fine" as 0/0 as well as absent (the spec
		// allows both); zero is stored as absent, so the two are one version.
		if t.Tier == TierNone {
			t.FineMinFen, t.FineMaxFen = zeroAsNil(t.FineMinFen), zeroAsNil(t.FineMaxFen)
			t.IncomeMultipleMin, t.IncomeMultipleMax = zeroAsNil(t.IncomeMultipleMin), zeroAsNil(t.IncomeMultipleMax)
			if t.HasFine() || t.IncomeMultipleMin != nil || t.IncomeMultipleMax != nil {
				f.Set(p+".fine_max_fen", "“不予处罚”阶次不能设定罚款幅度")
			}
			if len(t.OtherPenalties) > 0 {
				f.Set(p+".other_penalties", "“不予处罚”阶次不能设定其他处罚")
			}
		}
	}
	slices.SortStableFunc(tiers, func(a, b Tier) int { return tierRank(a.Tier) - tierRank(b.Tier) })
	checkTierOrder(tiers, f)
	return tiers
}

// zeroAsNil reads a zero bound as "not set".
func zeroAsNil[T int64 | float64](v *T) *T {
	if v != nil && *v == 0 {
		return nil
	}
	return v
}

func penaltyRank(k string) int {
	return slices.IndexFunc(PenaltyOptions, func(o registry.Option) bool { return o.Value == k })
}

func tierOf(tiers []Tier, name string) *Tier {
	for i := range tiers {
		if tiers[i].Tier == name {
			return &tiers[i]
		}
	}
	return nil
}

// checkTierOrder applies the typical rules of local 规范行政裁量权办法
// (domain-research §2.5): 从轻 stays below 一般, 从重 not below 一般's
// minimum, and 减轻 — below the statutory minimum (处罚法 Art. 32) — not
// above the minimum of 从轻 (or of 一般 when there is no 从轻).
func checkTierOrder(tiers []Tier, f apperr.Fields) {
	ord, light, heavy, mit := tierOf(tiers, TierOrdinary), tierOf(tiers, TierLighter), tierOf(tiers, TierHeavier), tierOf(tiers, TierMitigated)
	path := func(t *Tier, field string) string { return fmt.Sprintf("tiers[%d].%s", t.idx, field) }
	gt := func(a, b *int64) bool { return a != nil && b != nil && *a > *b }
	if ord != nil && light != nil {
		if gt(light.FineMaxFen, ord.FineMaxFen) {
			f.Set(path(light, "fine_max_fen"), fmt.Sprintf("从轻处罚的罚款上限（%s元）不能高于一般情形的上限（%s元）",
				registry.FormatYuan(*light.FineMaxFen), registry.FormatYuan(*ord.FineMaxFen)))
		}
		if gt(light.FineMinFen, ord.FineMinFen) {
			f.Set(path(light, "fine_min_fen"), fmt.Sprintf("从轻处罚的罚款下限（%s元）不能高于一般情形的下限（%s元）",
				registry.FormatYuan(*light.FineMinFen), registry.FormatYuan(*ord.FineMinFen)))
		}
		if light.IncomeMultipleMax != nil && ord.IncomeMultipleMax != nil && *light.IncomeMultipleMax > *ord.IncomeMultipleMax {
			f.Set(path(light, "income_multiple_max"), "从轻处罚的违法所得倍数上限不能高于一般情形")
		}
	}
	if ord != nil && heavy != nil {
		if gt(ord.FineMinFen, heavy.FineMinFen) {
			f.Set(path(heavy, "fine_min_fen"), fmt.Sprintf("从重处罚的罚款下限（%s元）不能低于一般情形的下限（%s元）",
				registry.FormatYuan(*heavy.FineMinFen), registry.FormatYuan(*ord.FineMinFen)))
		}
		if heavy.IncomeMultipleMin != nil && ord.IncomeMultipleMin != nil && *heavy.IncomeMultipleMin < *ord.IncomeMultipleMin {
			f.Set(path(heavy, "income_multiple_min"), "从重处罚的违法所得倍数下限不能低于一般情形")
		}
	}
	if mit != nil {
		above := light
		if above == nil || above.FineMinFen == nil {
			above = ord
		}
		if above != nil && gt(mit.FineMaxFen, above.FineMinFen) {
			f.Set(path(mit, "fine_max_fen"), fmt.Sprintf("减轻处罚应在法定最低罚款以下，上限（%s元）不能高于%s的下限（%s元）",
				registry.FormatYuan(*mit.FineMaxFen), above.Label(), registry.FormatYuan(*above.FineMinFen)))
		}
	}
}
