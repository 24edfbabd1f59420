package report

// License is the 行政许可 line of the 年报: the licence decisions the
// licensing agencies' systems reported (package license, the exchange's
// extension), each step counted in the year its date falls in — 申请
// (applications made), 受理, 准予许可, 不予许可 and 撤销 (行政许可法 Art. 69;
// 撤回 and 注销 are not the table's column).
type License struct {
	Applied  int64 `json:"applied"`
	Accepted int64 `json:"accepted"`
	Granted  int64 `json:"granted"`
	Refused  int64 `json:"refused"`
	Revoked  int64 `json:"revoked"`
}

func (l *License) add(o License) {
	l.Applied += o.Applied
	l.Accepted += o.Accepted
	l.Granted += o.Granted
	l.Refused += o.Refused
	l.Revoked += o.Revoked
}

// Cells are the line's numbers in the table's order.
func (l License) Cells() []any { return []any{l.Applied, l.Accepted, l.Granted, l.Refused, l.Revoked} }

// LicenseCells is the agency's line of the 行政许可 table: its five
// numbers ("0" where the duty exists and nothing happened), or NoDuty.
func (a *AgencyTables) LicenseCells() []any {
	if !a.Duty["license"] {
		return []any{NoDuty}
	}
	return a.License.Cells()
}
