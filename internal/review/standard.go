// Package review is case-file review (案卷评查, DOMAIN.md C12; 行政执法监督
// 条例 Arts. 15, 18; 山东省行政执法监督条例 Art. 14): scoring standards as
// data — 基本标准 veto items (any failure: 不合格, score 0), 卷面标准 (20) and
// 内容标准 (80) with deductions "扣完为止，不计负分" — campaigns of a
// supervision body over a seeded, replayable random sample of closed
// penalty cases and closed inspections (per agency and per case kind, each
// kind on its own standard), several reviewers scoring each file
// independently, pre-scoring from the file's findings and data,
// reconciliation of scores too far apart, published results, a
// supervision case opened for each file found 不合格 and, when a veto item
// made it so, a card for each officer named on it.
package review

import (
	"slices"
	"strconv"

	"zfjd/internal/apperr"
	"zfjd/internal/registry"
)

// Layers of a standard.
const (
	LayerVeto    = "veto"    // 基本标准
	LayerForm    = "form"    // 卷面标准
	LayerContent = "content" // 内容标准
)

// Layers are the layers with their Chinese names, in the order of a standard.
var Layers = []registry.Option{{Value: LayerVeto, Label: LayerLabel(LayerVeto)}, {Value: LayerForm, Label: LayerLabel(LayerForm)},
	{Value: LayerContent, Label: LayerLabel(LayerContent)}}

// LayerPoints are the points of the scored layers (domain-research §1.7).
var LayerPoints = map[string]int{LayerForm: 20, LayerContent: 80}

// Item is one item of a standard. For a veto item Points is 0; for the
// others it is the most that may be deducted for it. Rules are the
// platform's warning rules whose firing on the case pre-fills the item.
// Parent, when set, is the code of the heading (分项) it belongs to: a
// heading of a scored layer has the sum of its items' points and is not
// itself deducted on; the layer's points add up over its top items.
type Item struct {
	Code   string   `json:"code"`
	Layer  string   `json:"layer"`
	Title  string   `json:"title"`
	Points int      `json:"points"`
	Parent string   `json:"parent,omitempty"`
	Rules  []string `json:"rules,omitempty"`
}

// CaseKinds are the kinds of case file a standard may be for, with their labels.
var CaseKinds = []struct{ Value, Label string }{
	{"penalty", "行政处罚"}, {"license", "行政许可"}, {"inspection", "行政检查"}, {"coercion", "行政强制"},
}

// CaseKindLabel is the label of case kind k ("" when unknown).
func CaseKindLabel(k string) string {
	for _, c := range CaseKinds {
		if c.Value == k {
			return c.Label
		}
	}
	return ""
}

// Heading reports whether item c has items under it.
func (s *Standard) Heading(c string) bool {
	return slices.ContainsFunc(s.Items, func(x Item) bool { return x.Parent == c })
}

// Standard is one version of a scoring standard.
type Standard struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	CaseKind string `json:"case_kind"`
	Version  int    `json:"version"`
	Items    []Item `json:"items"`
}

// Item returns the item coded c.
func (s *Standard) Item(c string) (Item, bool) {
	i := slices.IndexFunc(s.Items, func(x Item) bool { return x.Code == c })
	if i < 0 {
		return Item{}, false
	}
	return s.Items[i], true
}

// DefaultItems is the default penalty-file standard, after the published
// standards of domain-research §1.7 (测绘地理信息、河南省标准).
var DefaultItems = []Item{
	{Code: "V1", Layer: LayerVeto, Title: "执法主体不合法或超越职权", Rules: []string{"MATTER_NOT_HELD"}},
	{Code: "V2", Layer: LayerVeto, Title: "执法人员无执法资格或少于2人", Rules: []string{"OFFICERS_INSUFFICIENT", "CERTIFICATE_INVALID"}},
	{Code: "V3", Layer: LayerVeto, Title: "应移送未移送", Rules: []string{"TRANSFER_MISSING"}},
	{Code: "V4", Layer: LayerVeto, Title: "超过追责时效仍予处罚", Rules: []string{"LIMITATION_EXPIRED"}},
	{Code: "V5", Layer: LayerVeto, Title: "适用法律错误或无依据"},
	{Code: "V6", Layer: LayerVeto, Title: "主要事实不清、证据不足"},
	{Code: "V7", Layer: LayerVeto, Title: "违反法定程序（不可补正）"},
	{Code: "F1", Layer: LayerForm, Title: "未使用规定文书", Points: 2, Rules: []string{"DOCUMENT_MISSING"}},
	{Code: "F2", Layer: LayerForm, Title: "文书漏项、表述不清", Points: 4},
	{Code: "F3", Layer: LayerForm, Title: "未一案一卷", Points: 2},
	{Code: "F4", Layer: LayerForm, Title: "封面、卷内目录不规范", Points: 4},
	{Code: "F5", Layer: LayerForm, Title: "页码编号错误", Points: 3},
	{Code: "F6", Layer: LayerForm, Title: "组卷顺序错误（立案→调查取证→审查→决定→送达）", Points: 3},
	{Code: "F7", Layer: LayerForm, Title: "文书无送达手续", Points: 2, Rules: []string{"RECEIPT_MISSING"}},
	{Code: "C1", Layer: LayerContent, Title: "立案不及时、立案审批不规范", Points: 5},
	{Code: "C2", Layer: LayerContent, Title: "调查取证不全面、不规范", Points: 15},
	{Code: "C3", Layer: LayerContent, Title: "未告知或告知、听证不规范", Points: 10, Rules: []string{"NOTICE_MISSING", "HEARING_RIGHT_MISSING", "HEARING_NOTICE_LATE"}},
	{Code: "C4", Layer: LayerContent, Title: "未经法制审核或审核不规范", Points: 10, Rules: []string{"LEGAL_REVIEW_MISSING", "REVIEWER_UNQUALIFIED", "REVIEWER_CONFLICT"}},
	{Code: "C5", Layer: LayerContent, Title: "应集体讨论未讨论", Points: 5, Rules: []string{"COLLECTIVE_DISCUSSION_MISSING"}},
	{Code: "C6", Layer: LayerContent, Title: "裁量不当、处罚明显不当", Points: 10, Rules: []string{"FINE_OUT_OF_RANGE", "MITIGATION_MISSING", "SIMILAR_CASE_DISPARITY"}},
	{Code: "C7", Layer: LayerContent, Title: "超过办案期限", Points: 5, Rules: []string{"DECISION_OVERDUE"}},
	{Code: "C8", Layer: LayerContent, Title: "决定书内容不完整、不规范", Points: 10},
	{Code: "C9", Layer: LayerContent, Title: "送达不及时、不规范", Points: 5, Rules: []string{"DELIVERY_OVERDUE"}},
	{Code: "C10", Layer: LayerContent, Title: "执行、结案、公示不规范", Points: 5, Rules: []string{"PUBLICITY_OVERDUE", "PAYMENT_OVERDUE"}},
}

// Check validates a standard's items: codes unique, layers known, scored
// items with positive points, veto items with none, a parent an earlier
// item of the same layer whose points are its items' sum, and the top
// items of 卷面 adding up to 20 and of 内容 to 80 (domain-research §1.7).
func (s *Standard) Check() error {
	if err := s.checkItems(); err != nil {
		return err
	}
	return s.checkTree()
}

func (s *Standard) checkItems() error {
	bad := apperr.Fields{}
	if len(s.Items) == 0 {
		bad.Set("items", "评查标准至少应有一项")
	}
	seen := map[string]bool{}
	for i, it := range s.Items {
		f := "items." + strconv.Itoa(i)
		switch {
		case it.Code == "" || seen[it.Code]:
			bad.Set(f+".code", "编号为空或重复")
		case it.Title == "":
			bad.Set(f+".title", "请填写评查项目")
		case it.Layer == LayerVeto && it.Points != 0:
			bad.Set(f+".points", "基本标准（否决项）不计分值")
		case it.Layer != LayerVeto && LayerPoints[it.Layer] == 0:
			bad.Set(f+".layer", registry.OneOf("部分", Layers))
		case it.Layer != LayerVeto && (it.Points <= 0 || it.Points > LayerPoints[it.Layer]):
			bad.Set(f+".points", "扣分上限应为1至"+strconv.Itoa(LayerPoints[it.Layer])+"分")
		}
		seen[it.Code] = true
	}
	return bad.Err()
}

// checkTree checks parents and sums once every item is well formed.
func (s *Standard) checkTree() error {
	bad := apperr.Fields{}
	layer := map[string]string{}
	sums := map[string]int{}
	for i, it := range s.Items {
		f := "items." + strconv.Itoa(i)
		switch {
		case it.Parent == "":
			sums[it.Layer] += it.Points
		case it.Parent == it.Code || layer[it.Parent] == "":
			bad.Set(f+".parent", "上级编号“"+it.Parent+"”应为排在本项之前的项目编号")
		case layer[it.Parent] != it.Layer:
			bad.Set(f+".parent", "上级项目“"+it.Parent+"”与本项不属于同一部分")
		}
		layer[it.Code] = it.Layer
	}
	if err := bad.Err(); err != nil {
		return err
	}
	for i, it := range s.Items {
		if it.Layer == LayerVeto || !s.Heading(it.Code) {
			continue
		}
		sum := 0
		for _, c := range s.Items {
			if c.Parent == it.Code {
				sum += c.Points
			}
		}
		if sum != it.Points {
			bad.Set("items."+strconv.Itoa(i)+".points", "分项“"+it.Code+"”的分值"+strconv.Itoa(it.Points)+"分应等于其下各项分值之和"+strconv.Itoa(sum)+"分")
		}
	}
	for _, l := range []string{LayerForm, LayerContent} {
		if sums[l] != LayerPoints[l] {
			bad.Set("layers."+l, LayerLabel(l)+"各项分值合计应为"+strconv.Itoa(LayerPoints[l])+"分，现为"+strconv.Itoa(sums[l])+"分")
		}
	}
	return bad.Err()
}

// LayerLabel is the Chinese name of a layer.
func LayerLabel(l string) string {
	return map[string]string{LayerVeto: "基本标准", LayerForm: "卷面标准", LayerContent: "内容标准"}[l]
}

// Sheet is one reviewer's marks on a file: the veto items found and the
// points deducted per scored item.
type Sheet struct {
	Vetoes     []string       `json:"vetoes"`
	Deductions map[string]int `json:"deductions"`
	// Machine, on the platform's pre-filled sheet only: per item it judges,
	// the messages of what it found (empty: checked, nothing found).
	Machine map[string][]string `json:"machine,omitempty"`
}

// Verdicts of a file.
const (
	VerdictExcellent = "优秀"  // 90 and above
	VerdictPass      = "合格"  // 60 and above
	VerdictFail      = "不合格" // below 60, or any veto item
)

// Verdict is the verdict of score with or without a veto.
func Verdict(score int, veto bool) string {
	switch {
	case veto || score < 60:
		return VerdictFail
	case score >= 90:
		return VerdictExcellent
	}
	return VerdictPass
}

// Score is the pure scoring of a sheet on std: a veto item makes the file
// 不合格 with 0; otherwise each scored layer gives its points less its
// deductions, each deduction capped at its item's points (扣完为止) and a
// layer never below 0 (不计负分).
func Score(std *Standard, sh Sheet) (int, error) {
	bad := apperr.Fields{}
	for _, v := range sh.Vetoes {
		if it, ok := std.Item(v); !ok || it.Layer != LayerVeto {
			bad.Set("vetoes", "“"+v+"”不是本标准的基本标准（否决项）")
		}
	}
	left := map[string]int{LayerForm: LayerPoints[LayerForm], LayerContent: LayerPoints[LayerContent]}
	for code, n := range sh.Deductions {
		it, ok := std.Item(code)
		switch {
		case !ok || it.Layer == LayerVeto:
			bad.Set("deductions."+code, "不是本标准的计分项目")
		case std.Heading(code):
			bad.Set("deductions."+code, "是分项标题，请在其下的项目扣分")
		case n < 0:
			bad.Set("deductions."+code, "扣分不能为负数")
		default:
			left[it.Layer] -= min(n, it.Points)
		}
	}
	if err := bad.Err(); err != nil {
		return 0, err
	}
	if len(sh.Vetoes) > 0 {
		return 0, nil
	}
	return max(0, left[LayerForm]) + max(0, left[LayerContent]), nil
}

// Prefill is the machine's pre-scoring of a file from the rules that
// fired on its case: each veto item a rule of which fired is marked, each
// scored item has its full points deducted; reviewers confirm or change it.
func Prefill(std *Standard, rules []string) Sheet {
	sh := Sheet{Vetoes: []string{}, Deductions: map[string]int{}}
	for _, it := range std.Items {
		if std.Heading(it.Code) || !slices.ContainsFunc(it.Rules, func(r string) bool { return slices.Contains(rules, r) }) {
			continue
		}
		if it.Layer == LayerVeto {
			sh.Vetoes = append(sh.Vetoes, it.Code)
		} else {
			sh.Deductions[it.Code] = it.Points
		}
	}
	return sh
}
