package cases

import "zfjd/internal/law"

var zeroDate law.Date

// TierLabels are the spec's discretion tiers.
var TierLabels = map[string]string{
	"none": "不予处罚", "mitigated": "减轻处罚", "lighter": "从轻处罚", "ordinary": "一般", "heavier": "从重处罚",
}

// Tiers in order from lightest.
var Tiers = []string{"none", "mitigated", "lighter", "ordinary", "heavier"}

// PenaltyKinds in the order of 处罚法 Art. 9, lightest first.
var PenaltyKinds = []string{"warning", "criticism", "fine", "confiscate_income", "confiscate_property", "suspend_license",
	"downgrade", "restrict_business", "suspend_business", "close", "restrict_employment", "revoke_license", "detention", "other"}

// PenaltyLabels are their Chinese names.
var PenaltyLabels = map[string]string{
	"warning": "警告", "criticism": "通报批评", "fine": "罚款", "confiscate_income": "没收违法所得",
	"confiscate_property": "没收非法财物", "suspend_license": "暂扣许可证件", "downgrade": "降低资质等级",
	"restrict_business": "限制开展生产经营活动", "suspend_business": "责令停产停业", "close": "责令关闭",
	"restrict_employment": "限制从业", "revoke_license": "吊销许可证件", "detention": "行政拘留", "other": "其他行政处罚",
}

// OutcomeLabels name decision outcomes (处罚法 Art. 57).
var OutcomeLabels = map[string]string{"penalty": "给予行政处罚", "no_penalty": "不予行政处罚", "transfer": "移送司法机关"}

// HarmLabels name the harm levels.
var HarmLabels = map[string]string{"none": "无危害后果", "slight": "危害后果轻微", "serious": "危害后果严重"}

// ProcedureLabels name the procedures.
var ProcedureLabels = map[string]string{"general": "普通程序", "summary": "简易程序（当场处罚）"}

// PartyKindLabels name party kinds.
var PartyKindLabels = map[string]string{"person": "公民", "org": "法人或其他组织"}

// EventLabel is the Chinese name of an event type.
func EventLabel(t string) string { return labelOf(t) }

func knownEvent(t string) bool {
	for _, e := range EventTypes {
		if e.Type == t {
			return true
		}
	}
	return false
}
