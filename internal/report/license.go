package report

import (
	"context"
	"strconv"

	"zfjd/internal/ident"
	"zfjd/internal/store"
)

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

// licenses counts the licence steps of year in region of the licensing
// agency, read from package license's table and never written (a range
// on licenses_scope (region_code, agency_code)).
func licenses(ctx context.Context, db *store.DB, year int, region, agency string) (License, error) {
	w := &store.Where{}
	if prefix := ident.RegionPrefix(region); prefix != "" {
		w.Add("region_code >= ? AND region_code < ?", prefix, ident.PrefixEnd(prefix))
	}
	w.Add("agency_code = ?", agency)
	y := strconv.Itoa(year)
	from, to := w.Arg(y+"-01-01"), w.Arg(y+"-12-31")
	in := func(col string) string {
		return "COALESCE(SUM(CASE WHEN " + col + " >= " + from + " AND " + col + " <= " + to + " THEN 1 ELSE 0 END), 0)"
	}
	var l License
	err := db.R.QueryRowContext(ctx, `SELECT `+in("applied_on")+`, `+in("accepted_on")+`, `+in("granted_on")+`, `+in("refused_on")+`, `+
		in("revoked_on")+` FROM licenses`+w.SQL(), w.Args...).Scan(&l.Applied, &l.Accepted, &l.Granted, &l.Refused, &l.Revoked)
	return l, err
}

// LicenseCells is the agency's line of the 行政许可 table: its five
// numbers ("0" where the duty exists and nothing happened), or NoDuty.
func (a *AgencyTables) LicenseCells() []any {
	if !a.Duty["license"] {
		return []any{NoDuty}
	}
	return a.License.Cells()
}
