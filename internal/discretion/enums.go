// Package discretion holds the 行政处罚裁量基准 (discretion benchmarks) and the
// four lists (四张清单) of DOMAIN capability C4, and the suggestion of a
// discretion tier from the facts of a case.
//
// A benchmark is set per matter (权责清单事项) by a province, city or county
// (处罚法 Art. 34; 国办发〔2022〕27号 lets lower levels 细化、量化 a higher
// level's benchmark inside its range). It is versioned by the date it takes
// effect; a case is judged by the version in force on its decision date.
// RangeFor and Tiers resolve what applies to a case; ApplicableItems and
// Suggest help the officer while deciding.
package discretion

import (
	"slices"
	"time"

	"zfjd/internal/registry"
)

// Tier values of spec/exchange-v1.md, lightest first.
const (
	TierNone      = "none"      // 不予处罚 (处罚法 Art. 30, 31, 33)
	TierMitigated = "mitigated" // 减轻处罚 (Art. 30, 31, 32): below the statutory minimum
	TierLighter   = "lighter"   // 从轻处罚 (Art. 30, 31, 32): low within the statutory range
	TierOrdinary  = "ordinary"  // 一般
	TierHeavier   = "heavier"   // 从重处罚
)

// TierOptions are the tiers with their Chinese names, lightest first.
var TierOptions = []registry.Option{
	{Value: TierNone, Label: "不予处罚"}, {Value: TierMitigated, Label: "减轻处罚"}, {Value: TierLighter, Label: "从轻处罚"},
	{Value: TierOrdinary, Label: "一般"}, {Value: TierHeavier, Label: "从重处罚"},
}

// TierValues lists the tier values, lightest first.
var TierValues = []string{TierNone, TierMitigated, TierLighter, TierOrdinary, TierHeavier}

// TierLabel is the Chinese name of a tier.
func TierLabel(t string) string { return registry.LabelOf(TierOptions, t) }

func tierRank(t string) int { return slices.Index(TierValues, t) }

// PenaltyOptions are the penalty kinds of the spec (处罚法 Art. 9), lightest first.
var PenaltyOptions = []registry.Option{
	{Value: "warning", Label: "警告"}, {Value: "criticism", Label: "通报批评"}, {Value: "fine", Label: "罚款"},
	{Value: "confiscate_income", Label: "没收违法所得"}, {Value: "confiscate_property", Label: "没收非法财物"},
	{Value: "suspend_license", Label: "暂扣许可证件"}, {Value: "downgrade", Label: "降低资质等级"},
	{Value: "restrict_business", Label: "限制开展生产经营活动"}, {Value: "suspend_business", Label: "责令停产停业"},
	{Value: "close", Label: "责令关闭"}, {Value: "restrict_employment", Label: "限制从业"},
	{Value: "revoke_license", Label: "吊销许可证件"}, {Value: "detention", Label: "行政拘留"}, {Value: "other", Label: "其他行政处罚"},
}

// OtherPenaltyOptions are the kinds a tier may list besides its fine range.
var OtherPenaltyOptions = slices.DeleteFunc(slices.Clone(PenaltyOptions), func(o registry.Option) bool { return o.Value == "fine" })

// HarmOptions are the harm levels of the spec, least first.
var HarmOptions = []registry.Option{{Value: "none", Label: "没有危害后果"}, {Value: "slight", Label: "危害后果轻微"}, {Value: "serious", Label: "危害后果较重"}}

func harmRank(h string) int {
	return slices.IndexFunc(HarmOptions, func(o registry.Option) bool { return o.Value == h })
}

// List kinds (四张清单, domain-research §2.10).
const (
	ListNoPenalty  = "no_penalty"  // 不予处罚清单 (处罚法 Art. 33)
	ListMitigated  = "mitigated"   // 减轻处罚清单 (Art. 32)
	ListLighter    = "lighter"     // 从轻处罚清单 (Art. 32)
	ListNoCoercion = "no_coercion" // 免予行政强制清单 (优化营商环境条例 Art. 59; 行政强制法 Art. 16 第二款)
)

// ListOptions are the four lists with their Chinese names.
var ListOptions = []registry.Option{
	{Value: ListNoPenalty, Label: "不予处罚清单"}, {Value: ListMitigated, Label: "减轻处罚清单"},
	{Value: ListLighter, Label: "从轻处罚清单"}, {Value: ListNoCoercion, Label: "免予行政强制清单"},
}

// ListBasis is the legal hook of each list.
var ListBasis = map[string]string{
	ListNoPenalty:  "《中华人民共和国行政处罚法》第三十三条",
	ListMitigated:  "《中华人民共和国行政处罚法》第三十二条",
	ListLighter:    "《中华人民共和国行政处罚法》第三十二条",
	ListNoCoercion: "《优化营商环境条例》第五十九条；《中华人民共和国行政强制法》第十六条第二款",
}

// MeasureOptions are the follow-up measures of a list item (后续措施).
var MeasureOptions = []registry.Option{
	{Value: "correct", Label: "责令改正"}, {Value: "educate", Label: "批评教育"}, {Value: "guide", Label: "行政指导"},
	{Value: "commitment", Label: "签署合规承诺书"}, {Value: "record", Label: "记录在案"}, {Value: "revisit", Label: "跟踪回访"},
}

func isOption(opts []registry.Option, v string) bool {
	return slices.ContainsFunc(opts, func(o registry.Option) bool { return o.Value == v })
}

// validDate reports whether s is a real YYYY-MM-DD date.
func validDate(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}
