package inspection

import (
	"context"
	"fmt"
	"sort"

	"zfjd/internal/auth"
	"zfjd/internal/store"
)

// Stats is supervision's view of a year's inspections in its scope: the
// frequency heat map by region and month, the enterprises inspected most,
// each agency's visits, fruitless visits and warnings, and the ratings.
type Stats struct {
	Year      int
	Months    []string
	Regions   []HeatRow
	Top       []EnterpriseRow
	Agencies  []AgencyRow
	Total     int
	Joint     int
	Fruitless int
}

// HeatRow is one region's visits by month (Months' order).
type HeatRow struct {
	Region, Name string
	Counts       []int
	Total        int
}

// EnterpriseRow is one enterprise's visits in the year.
type EnterpriseRow struct {
	ID, Name          string
	Visits, Fruitless int
}

// AgencyRow is one agency's visits in the year.
type AgencyRow struct {
	Code, Name        string
	Visits, Fruitless int
	Warnings          int
	AvgScore          float64 // supervision only (0 when unrated or not shown)
	Ratings           int
}

// Year reads the statistics of year for p (its scope: a region subtree, or
// its agency). Only checked-in visits count; a joint visit is one record,
// so it counts once. The ratings' average is read only for supervision.
func (s *Service) Year(ctx context.Context, db *store.DB, p *auth.Principal, year int) (*Stats, error) {
	st := &Stats{Year: year}
	for m := 1; m <= 12; m++ {
		st.Months = append(st.Months, fmt.Sprintf("%04d-%02d", year, m))
	}
	w := &store.Where{}
	auth.FilterInspections(p, w, "i.region_code", "i.agency_code")
	w.Add("i.visit_day >= ? AND i.visit_day <= ?", fmt.Sprintf("%04d-01-01", year), fmt.Sprintf("%04d-12-31", year))
	rows, err := db.R.QueryContext(ctx, `SELECT i.region_code, COALESCE(r.name, i.region_code), SUBSTR(i.visit_day, 1, 7), COUNT(*),
		SUM(CASE WHEN i.problem_found = 0 THEN 1 ELSE 0 END), SUM(CASE WHEN i.joint_agencies <> '[]' THEN 1 ELSE 0 END)
		FROM inspections i LEFT JOIN regions r ON r.code = i.region_code`+w.SQL()+` GROUP BY i.region_code, r.name, SUBSTR(i.visit_day, 1, 7)`, w.Args...)
	if err != nil {
		return nil, err
	}
	heat := map[string]*HeatRow{}
	for rows.Next() {
		var region, name, month string
		var n, fruitless, joint int
		if err := rows.Scan(&region, &name, &month, &n, &fruitless, &joint); err != nil {
			rows.Close()
			return nil, err
		}
		h := heat[region]
		if h == nil {
			h = &HeatRow{Region: region, Name: name, Counts: make([]int, 12)}
			heat[region] = h
		}
		var m int
		fmt.Sscanf(month[5:], "%d", &m)
		if m >= 1 && m <= 12 {
			h.Counts[m-1] += n
		}
		h.Total += n
		st.Total, st.Fruitless, st.Joint = st.Total+n, st.Fruitless+fruitless, st.Joint+joint
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	for _, h := range heat {
		st.Regions = append(st.Regions, *h)
	}
	sort.Slice(st.Regions, func(i, j int) bool { return st.Regions[i].Region < st.Regions[j].Region })
	if st.Top, err = topEnterprises(ctx, db, w); err != nil {
		return nil, err
	}
	st.Agencies, err = byAgency(ctx, db, w, auth.CanSeeRatings(p, auth.Target{Region: p.Region}))
	return st, err
}

func topEnterprises(ctx context.Context, db *store.DB, w *store.Where) ([]EnterpriseRow, error) {
	rows, err := db.R.QueryContext(ctx, `SELECT i.enterprise_id, MAX(i.enterprise_name), COUNT(*),
		SUM(CASE WHEN i.problem_found = 0 THEN 1 ELSE 0 END) FROM inspections i`+w.SQL()+`
		GROUP BY i.enterprise_id ORDER BY COUNT(*) DESC, i.enterprise_id LIMIT 20`, w.Args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []EnterpriseRow
	for rows.Next() {
		var r EnterpriseRow
		if err := rows.Scan(&r.ID, &r.Name, &r.Visits, &r.Fruitless); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func byAgency(ctx context.Context, db *store.DB, w *store.Where, ratings bool) ([]AgencyRow, error) {
	rating := `0, 0`
	if ratings {
		rating = `COALESCE(AVG(rt.score), 0), COUNT(rt.inspection_id)`
	}
	rows, err := db.R.QueryContext(ctx, `SELECT i.agency_code, COALESCE(MAX(a.name), i.agency_code), COUNT(*),
		SUM(CASE WHEN i.problem_found = 0 THEN 1 ELSE 0 END),
		SUM(CASE WHEN EXISTS (SELECT 1 FROM findings f WHERE f.subject_kind = 'inspection' AND f.subject_id = i.id AND f.status = 'open') THEN 1 ELSE 0 END),
		`+rating+` FROM inspections i LEFT JOIN agencies a ON a.code = i.agency_code
		LEFT JOIN inspection_ratings rt ON rt.inspection_id = i.id`+w.SQL()+` GROUP BY i.agency_code ORDER BY COUNT(*) DESC LIMIT 200`, w.Args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []AgencyRow
	for rows.Next() {
		var r AgencyRow
		if err := rows.Scan(&r.Code, &r.Name, &r.Visits, &r.Fruitless, &r.Warnings, &r.AvgScore, &r.Ratings); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// AnnualCounts are the 行政执法统计年报's inspection figures of region for
// year (supervision-v1 §7 inspection {total, joint}): checked-in visits in
// the year, a joint visit counted once, and how many of them were joint.
func AnnualCounts(ctx context.Context, q store.Querier, region string, year int) (total, joint int, err error) {
	w := &store.Where{}
	auth.FilterRegion(&auth.Principal{Region: region}, w, "region_code")
	w.Add("visit_day >= ? AND visit_day <= ?", fmt.Sprintf("%04d-01-01", year), fmt.Sprintf("%04d-12-31", year))
	err = q.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN joint_agencies <> '[]' THEN 1 ELSE 0 END), 0) FROM inspections`+
		w.SQL(), w.Args...).Scan(&total, &joint)
	return total, joint, err
}
