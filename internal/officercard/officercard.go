// Package officercard keeps the 红黄牌 records of officers (DOMAIN.md C2;
// issues 11 and 13). Jinan's 《济南市行政执法人员履职行为监督管理规定》
// "全面推行执法人员红黄牌警示制度，将执法人员日常监督管理具体化和量化"
// (seeds/000): here a card is one record — yellow or red, with points, the
// rule that issued it and what caused it — issued by the platform in the
// same transaction as the act that causes it:
//
//   - a complaint answered as found true (属实 or 部分属实) about a named
//     officer, e.g. 不亮证 (行政处罚法 Art. 55: 执法人员应当主动出示执法证件;
//     山东省行政执法监督条例 Art. 38(1));
//   - a supervision body's proposal on the officer (行政执法监督条例 Art. 32:
//     批评教育, 离岗教育, 调离执法岗位, 取消执法资格);
//   - a case file he handled judged 不合格 by a 基本标准 (veto) item in a
//     published 案卷评查 (行政执法监督条例 Arts. 18, 34; 山东省行政执法监督
//     条例 Arts. 14, 38(3)), one card per officer named on the file.
//
// The rules are data (rules.go): a default per rule, which a region may
// change for its subtree. A yellow card while another yellow one is in
// force from the last 12 months is issued red. A card is written once per
// cause (unique by source and officer), so a replay issues nothing twice;
// a red card raises a finding (warning) for the officer's agency, handled
// as any warning (sign, answer, verify). The supervision body of the
// officer's region may lift (撤销) a card with a reason, e.g. after the
// officer's 申诉 was found right.
//
// Beside it, package warning counts red warnings per year into a card level
// (warning/cards.go, issue 8); the two are shown side by side.
package officercard

import "zfjd/internal/registry"

// Colours.
const (
	Yellow = "yellow"
	Red    = "red"
)

// Statuses.
const (
	InForce = "in_force"
	Lifted  = "lifted"
)

// Source kinds: what caused a card.
const (
	SourceComplaint = "complaint"
	SourceProposal  = "supervision_proposal"
	SourceReview    = "review_file" // source id: the review file's id
)

// Colours, Statuses and Sources name the values in Chinese.
var (
	Colours  = []registry.Option{{Value: Yellow, Label: "黄牌"}, {Value: Red, Label: "红牌"}}
	Statuses = []registry.Option{{Value: InForce, Label: "有效"}, {Value: Lifted, Label: "已撤销"}}
	Sources  = []registry.Option{{Value: SourceComplaint, Label: "投诉查实"}, {Value: SourceProposal, Label: "执法监督处理建议"},
		{Value: SourceReview, Label: "案卷评查不合格"}}
)

// ColourLabel, StatusLabel and SourceLabel name a value in Chinese.
func ColourLabel(v string) string { return registry.LabelOf(Colours, v) }
func StatusLabel(v string) string { return registry.LabelOf(Statuses, v) }
func SourceLabel(v string) string { return registry.LabelOf(Sources, v) }

// Card is one 红黄牌 record.
type Card struct {
	ID          int64  `json:"id"`
	CertNo      string `json:"cert_no"`
	OfficerName string `json:"officer_name"`
	RegionCode  string `json:"region_code"`
	AgencyCode  string `json:"agency_code"`
	AgencyName  string `json:"agency_name"`
	Colour      string `json:"colour"`
	Points      int    `json:"points"`
	Rule        string `json:"rule"`
	Reason      string `json:"reason"`
	SourceKind  string `json:"source_kind"`
	SourceID    string `json:"source_id"`
	IssuedOn    string `json:"issued_on"`
	IssuedBy    string `json:"issued_by"`
	Status      string `json:"status"`
	LiftedOn    string `json:"lifted_on,omitempty"`
	LiftedBy    string `json:"lifted_by,omitempty"`
	LiftReason  string `json:"lift_reason,omitempty"`
}

// ColourLabel is the card's colour in Chinese.
func (c *Card) ColourLabel() string { return ColourLabel(c.Colour) }

// StatusLabel is the card's status in Chinese.
func (c *Card) StatusLabel() string { return StatusLabel(c.Status) }

// SourceLabel is what caused the card, in Chinese.
func (c *Card) SourceLabel() string { return SourceLabel(c.SourceKind) }

// RuleLabel is the rule that issued the card, in Chinese.
func (c *Card) RuleLabel() string { return RuleLabel(c.Rule) }

// SourceURL is the page of what caused the card ("" when none).
func (c *Card) SourceURL() string {
	switch c.SourceKind {
	case SourceComplaint:
		return "/complaints/" + c.SourceID
	case SourceProposal:
		if id, _, ok := cutCase(c.SourceID); ok {
			return "/supervision-cases/" + id
		}
	case SourceReview:
		return "/reviews/files/" + c.SourceID
	}
	return ""
}
