package report

import (
	"context"
	"strconv"

	"zfjd/internal/ident"
	"zfjd/internal/store"
)

// inspections counts the 行政检查 of year in region (of agency alone when
// it is not ""), read from package inspection's table and never written:
// visits checked in during the year (visit_day is set at the check-in), a
// joint visit counted once (one record whatever the agencies joining it,
// 国办发〔2024〕54号 "综合查一次"), how many were joint, and the distinct
// enterprises visited. The scope is a range on inspections_scope
// (region_code, visit_day); an agency's own adds inspections_agency.
func inspections(ctx context.Context, db *store.DB, year int, region, agency string) (Inspection, error) {
	w := &store.Where{}
	if prefix := ident.RegionPrefix(region); prefix != "" {
		w.Add("region_code >= ? AND region_code < ?", prefix, ident.PrefixEnd(prefix))
	}
	if agency != "" {
		w.Add("agency_code = ?", agency)
	}
	y := strconv.Itoa(year)
	w.Add("visit_day >= ? AND visit_day <= ?", y+"-01-01", y+"-12-31")
	var in Inspection
	err := db.R.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN joint_agencies <> '[]' THEN 1 ELSE 0 END), 0),
		COUNT(DISTINCT enterprise_id) FROM inspections`+w.SQL(), w.Args...).Scan(&in.Total, &in.Joint, &in.Enterprises)
	return in, err
}

// perEnterprise is visits per enterprise visited, to one decimal.
func perEnterprise(total, enterprises int64) string {
	if enterprises == 0 {
		return "0.0"
	}
	return strconv.FormatFloat(float64(total)/float64(enterprises), 'f', 1, 64)
}

// PerEnterprise is the agency's visits per enterprise visited.
func (a *AgencyTables) PerEnterprise() string { return perEnterprise(a.Inspection.Total, a.Enterprise) }

// PerEnterprise is the region's visits per enterprise visited.
func (t *Tables) PerEnterprise() string {
	return perEnterprise(t.Inspection.Total, t.Inspection.Enterprises)
}
