// Package assess computes the 行政执法评议考核 (DOMAIN.md C13; 处罚法
// Art. 75; domain-research §1.8): a region's indicator set for a year —
// indicator, source, rule, weight, grouped 通用 / 专用 / 外部评议 — scored
// per enforcement agency from live data (the case rollup, the certificate
// register, training hours, 案卷评查 scores) and from values the
// supervision body enters, with its adjustments, a ranking and the
// yearly report.
package assess

import (
	"fmt"
	"math"
)

// Indicator is one line of the set. Rule is how a value becomes points:
//   - "threshold": full Weight at or above Target, StepPoints off for each
//     Step the value falls below it (e.g. 结案率 ≥ 90 %, 1 point per 10
//     points below);
//   - "ratio": Weight × value ÷ Target, at most Weight;
//   - "deduct": Weight less StepPoints for each one (e.g. 复议撤销/变更
//     each −2), not below 0.
type Indicator struct {
	Code       string  `json:"code"`
	Name       string  `json:"name"`
	Group      string  `json:"group"` // general 通用 | special 专用 | external 外部评议
	Source     string  `json:"source"`
	Rule       string  `json:"rule"`
	Weight     float64 `json:"weight"`
	Target     float64 `json:"target,omitempty"`
	Step       float64 `json:"step,omitempty"`
	StepPoints float64 `json:"step_points,omitempty"`
	Unit       string  `json:"unit,omitempty"` // "%" for rates shown as percentages
}

// GroupLabels name the groups.
var GroupLabels = map[string]string{"general": "通用指标", "special": "专用指标", "external": "外部评议"}

// Sources are where an indicator's value comes from (the codes a set may
// use) with what is counted.
var Sources = map[string]string{
	"closure_rate":       "结案率：本年立案的案件中已办结（结案、归档、移送）的比例（案件汇总表）",
	"publish_rate":       "公示率：本年作出的处罚决定中已公示的比例（案件汇总表）",
	"cert_rate":          "持证率：在册执法人员中证件今日有效的比例（执法人员库）",
	"training_hours":     "人均培训学时：本年登记的培训学时÷在册执法人员（执法人员年度记录）",
	"exam_pass_rate":     "考试合格率：本年已公布的资格考试、年检考试中本部门参考人员的合格比例（法律培训）",
	"review_score":       "案卷评查平均分：本年评查活动中已定分案卷的平均分（案卷评查）",
	"annulled":           "被撤销、变更的处罚决定数：本年作出、其后被撤销或变更的决定（案件汇总表）",
	"annulled_unexcused": "被撤销、变更且未经认定尽职免责的处罚决定数：上项减去监督机构认定尽职免责的决定（免责认定）",
	"corrections":        "复议纠错、诉讼败诉件数（监督机构录入）",
	"external":           "外部评议得分（0–100，监督机构录入：测评卡、座谈会、监督员评议）",
}

// Imported reports whether an indicator's value is entered, not computed.
func Imported(source string) bool { return source == "corrections" || source == "external" }

// DefaultSet is the platform's set when a region has none for the year: a
// 100-point scale, 通用 30 / 专用 50 / 外部评议 20 (domain-research §1.8);
// 法律培训 weighs 10 of the 专用 points, half the yearly 学时 per officer
// (target 40, 秦皇岛: 每年培训时间不少于40学时) and half the pass rate of
// the year's published 资格考试 and 年检 exams (issue 19). The live sources
// of issue 15 take their share: 公示 by its timeliness (a decision not
// published in its period is not timely, so it also measures publication)
// and the agency's deadlines in 通用; the execution of supervision
// documents in 专用 (5 of the 案卷评查's former 20); the enterprises'
// ratings of inspections and the complainants' satisfaction in 外部评议,
// beside the body's own 外部评议 score.
var DefaultSet = []Indicator{
	{Code: "closure", Name: "全年结案率", Group: "general", Source: "closure_rate", Rule: "threshold", Weight: 10, Target: 0.9, Step: 0.1, StepPoints: 1, Unit: "%"},
	{Code: "publicity", Name: "处罚决定公示及时率", Group: "general", Source: "publicity_timely", Rule: "threshold", Weight: 5, Target: 1, Step: 0.1, StepPoints: 1, Unit: "%"},
	{Code: "ontime", Name: "按期办理率", Group: "general", Source: "ontime_all", Rule: "ratio", Weight: 5, Target: 1, Unit: "%"},
	{Code: "certs", Name: "持证上岗（持证率）", Group: "general", Source: "cert_rate", Rule: "threshold", Weight: 10, Target: 1, Step: 0.05, StepPoints: 2, Unit: "%"},
	{Code: "training", Name: "人均培训学时", Group: "special", Source: "training_hours", Rule: "ratio", Weight: 5, Target: 40},
	{Code: "exam", Name: "考试合格率", Group: "special", Source: "exam_pass_rate", Rule: "ratio", Weight: 5, Target: 1, Unit: "%"},
	{Code: "review", Name: "案卷评查", Group: "special", Source: "review_score", Rule: "ratio", Weight: 15, Target: 100},
	{Code: "annulled", Name: "决定被撤销、变更", Group: "special", Source: "annulled", Rule: "deduct", Weight: 10, StepPoints: 2},
	{Code: "corrections", Name: "复议纠错、诉讼败诉", Group: "special", Source: "corrections", Rule: "deduct", Weight: 10, StepPoints: 2},
	{Code: "supervision", Name: "监督意见书、决定书按期执行", Group: "special", Source: "supervision_execution", Rule: "ratio", Weight: 5, Target: 1, Unit: "%"},
	{Code: "external", Name: "外部评议", Group: "external", Source: "external", Rule: "ratio", Weight: 10, Target: 100},
	{Code: "ratings", Name: "涉企检查企业评价满意率", Group: "external", Source: "inspection_rating", Rule: "ratio", Weight: 5, Target: 1, Unit: "%"},
	{Code: "complaints", Name: "投诉处理满意率", Group: "external", Source: "complaint_satisfaction", Rule: "ratio", Weight: 5, Target: 1, Unit: "%"},
}

// Points scores value under ind, to one decimal.
func (ind Indicator) Points(value float64) float64 {
	var p float64
	switch ind.Rule {
	case "threshold":
		p = ind.Weight
		if value < ind.Target && ind.Step > 0 {
			p -= math.Ceil(math.Round((ind.Target-value)/ind.Step*1e6)/1e6) * ind.StepPoints
		}
	case "ratio":
		if ind.Target > 0 {
			p = ind.Weight * min(1, value/ind.Target)
		}
	case "deduct":
		p = ind.Weight - value*ind.StepPoints
	}
	return math.Round(max(0, min(ind.Weight, p))*10) / 10
}

// Check validates a set: known sources and rules, positive weights that
// sum to 100, unique codes; the message names the line.
func Check(set []Indicator) error {
	seen := map[string]bool{}
	var sum float64
	for i, ind := range set {
		line := fmt.Sprintf("第%d项指标", i+1)
		switch {
		case ind.Code == "" || seen[ind.Code]:
			return fmt.Errorf("%s的代码为空或重复", line)
		case ind.Name == "":
			return fmt.Errorf("%s缺少名称", line)
		case Sources[ind.Source] == "":
			return fmt.Errorf("%s的数据来源“%s”未知", line, ind.Source)
		case ind.Rule != "threshold" && ind.Rule != "ratio" && ind.Rule != "deduct":
			return fmt.Errorf("%s的计分方式应为 threshold、ratio 或 deduct", line)
		case ind.Weight <= 0:
			return fmt.Errorf("%s的分值应大于0", line)
		case GroupLabels[ind.Group] == "":
			return fmt.Errorf("%s的分组应为 general、special 或 external", line)
		}
		seen[ind.Code] = true
		sum += ind.Weight
	}
	if math.Abs(sum-100) > 1e-9 {
		return fmt.Errorf("各项指标分值合计应为100分，现为%g分", sum)
	}
	return nil
}
