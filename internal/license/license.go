// Package license is the licence decisions (行政许可) of the exchange's
// extension beyond spec/exchange-v1.md v1.1: PUT
// /api/v1/licenses/{source_system}/{source_id} creates or replaces one
// application as the licensing agency's system knows it — the party, the
// licence matter of the 权责清单, and its steps (申请, 受理 or 不予受理, 准予
// or 不予许可, then 变更, 延续, 撤销, 撤回 or 注销) — under the case PUT's
// conventions: idempotent, versioned, checked with Chinese messages naming
// the field, audited, with a record-log leaf.
//
// It joins licensing, supervision and penalty (审批监管处罚衔接, the
// Qinhuangdao seed; 行政许可法 Art. 61, 64, 70): a licence granted,
// revoked or withdrawn is notified to the agency that supervises the
// licensed activity, and a penalty case suspending or revoking a licence
// of the holder is notified to the licensing agency (notify.go); both are
// assists of package coordination the recipient signs and answers. The
// 年报's 行政许可 table counts these decisions (package report).
package license

import "slices"

// Kind is the subject kind of licences in the record log and the audit.
const Kind = "license"

// Event types, in the order an application goes (行政许可法).
const (
	Applied     = "applied"      // 申请 (Art. 29)
	Accepted    = "accepted"     // 受理 (Art. 32 ¶1 (五))
	NotAccepted = "not_accepted" // 不予受理 (Art. 32 ¶1 (二)(三))
	Granted     = "granted"      // 准予行政许可 (Art. 38 ¶1)
	Refused     = "refused"      // 不予行政许可 (Art. 38 ¶2: reasons in writing)
	Changed     = "changed"      // 变更 (Art. 49)
	Renewed     = "renewed"      // 延续 (Art. 50)
	Revoked     = "revoked"      // 撤销 (Art. 69)
	Withdrawn   = "withdrawn"    // 撤回 (Art. 8 ¶2)
	Cancelled   = "cancelled"    // 注销 (Art. 70)
)

// Option is a value with its Chinese name.
type Option struct{ Value, Label string }

// EventTypes lists the event types with their names and articles.
var EventTypes = []struct{ Value, Label, Basis string }{
	{Applied, "申请", "《中华人民共和国行政许可法》第二十九条"},
	{Accepted, "受理", "《中华人民共和国行政许可法》第三十二条第一款第五项"},
	{NotAccepted, "不予受理", "《中华人民共和国行政许可法》第三十二条第一款"},
	{Granted, "准予行政许可", "《中华人民共和国行政许可法》第三十八条第一款"},
	{Refused, "不予行政许可", "《中华人民共和国行政许可法》第三十八条第二款"},
	{Changed, "变更", "《中华人民共和国行政许可法》第四十九条"},
	{Renewed, "延续", "《中华人民共和国行政许可法》第五十条"},
	{Revoked, "撤销", "《中华人民共和国行政许可法》第六十九条"},
	{Withdrawn, "撤回", "《中华人民共和国行政许可法》第八条第二款"},
	{Cancelled, "注销", "《中华人民共和国行政许可法》第七十条"},
}

// EventLabel is the Chinese name of an event type.
func EventLabel(t string) string {
	for _, e := range EventTypes {
		if e.Value == t {
			return e.Label
		}
	}
	return t
}

// Statuses of a licence: the state after its last step.
var Statuses = []Option{
	{Applied, "已申请"}, {Accepted, "已受理"}, {NotAccepted, "不予受理"}, {Granted, "准予许可（有效）"}, {Refused, "不予许可"},
	{Revoked, "已撤销"}, {Withdrawn, "已撤回"}, {Cancelled, "已注销"},
}

// Party is the applicant, as a case's party.
type Party struct {
	Kind     string `json:"kind"` // person | org
	Name     string `json:"name"`
	IDNumber string `json:"id_number"`
}

// Event is one step of the application.
type Event struct {
	Type    string `json:"type"`
	At      string `json:"at"`
	ValidTo string `json:"valid_to,omitempty"` // granted, renewed: the last day in force
	Reason  string `json:"reason,omitempty"`   // not_accepted, refused, revoked, withdrawn, cancelled, changed
	Actor   string `json:"actor,omitempty"`
}

// Body is the PUT body, as the source system sends it.
type Body struct {
	AgencyCode     string  `json:"agency_code"`
	SupervisorCode string  `json:"supervising_agency_code,omitempty"`
	RegionCode     string  `json:"region_code"`
	MatterCode     string  `json:"matter_code"`
	LicenseNo      string  `json:"license_no,omitempty"`
	Party          Party   `json:"party"`
	Events         []Event `json:"events"`
}

// License is one application as the platform holds it: the body as
// normalized, and what the platform made of it.
type License struct {
	ID           int64  `json:"id"`
	SourceSystem string `json:"source_system"`
	SourceID     string `json:"source_id"`
	Body
	Status     string            `json:"status"`
	Dates      map[string]string `json:"dates"` // first day of each step type recorded
	AgencyName string            `json:"agency_name,omitempty"`
	Notices    []int64           `json:"notice_ids"` // the assists sent for it (coordination)
	Version    int64             `json:"version"`
}

// InForce reports whether the licence was granted and has not ended.
func (l *License) InForce() bool { return l.Status == Granted }

// reasonRequired are the steps that must give their reasons in writing
// (行政许可法 Art. 32 ¶1 (二)(三) 不予受理 "出具书面凭证", Art. 38 ¶2 不予许可
// "说明理由", and the ending of a licence granted).
var reasonRequired = []string{NotAccepted, Refused, Revoked, Withdrawn}

func needsReason(t string) bool { return slices.Contains(reasonRequired, t) }

// ended are the steps after which the licence is no longer in force.
var ended = []string{Revoked, Withdrawn, Cancelled}
