package training

import (
	"context"
	"sort"

	"zfjd/internal/auth"
	"zfjd/internal/store"
)

// AgencyStats is one agency's training year: its officers, their yearly
// 学时 (the registry's yearly record: online study raises it, offline
// training is entered there), the plan's required 学时 and how many reach
// it, and the official exams sat and passed.
type AgencyStats struct {
	AgencyCode, AgencyName, RegionCode string
	Officers, Hours, Required, Reached int
	Sat, Passed                        int
}

// AvgHours is the average 学时 per officer, one decimal.
func (a *AgencyStats) AvgHours() float64 {
	if a.Officers == 0 {
		return 0
	}
	return float64(a.Hours*10/a.Officers) / 10
}

// PassRate is the exams' pass rate in per cent.
func (a *AgencyStats) PassRate() float64 { return PassRate(a.Passed, a.Sat) }

// Stats is the year's training statistics per agency in p's view, and
// their total (AgencyName "合计").
func (s *Service) Stats(ctx context.Context, p *auth.Principal, year int) ([]*AgencyStats, *AgencyStats, error) {
	by := map[string]*AgencyStats{}
	get := func(code string) *AgencyStats {
		if by[code] == nil {
			by[code] = &AgencyStats{AgencyCode: code}
		}
		return by[code]
	}
	w := &store.Where{}
	yr := w.Arg(year)
	auth.FilterTraining(p, w, "o.region_code", "o.agency_code")
	w.Add("o.cert_status IN ('valid', 'suspended')")
	rows, err := s.db.R.QueryContext(ctx, `SELECT o.agency_code, COALESCE(a.name, o.agency_code), o.region_code, COUNT(*),
		COALESCE(SUM(y.training_hours), 0), COALESCE(MAX(pl.req), 0),
		COALESCE(SUM(CASE WHEN COALESCE(y.training_hours, 0) >= COALESCE(pl.req, 0) THEN 1 ELSE 0 END), 0)
		FROM officers o LEFT JOIN agencies a ON a.code = o.agency_code
		LEFT JOIN officer_years y ON y.officer_id = o.id AND y.year = `+yr+`
		LEFT JOIN (SELECT agency_code, MAX(required_hours) AS req FROM training_plans WHERE year = `+yr+` GROUP BY agency_code) pl
		ON pl.agency_code = o.agency_code`+w.SQL()+`
		GROUP BY o.agency_code, a.name, o.region_code`, w.Args...)
	if err != nil {
		return nil, nil, err
	}
	for rows.Next() {
		var a AgencyStats
		if err := rows.Scan(&a.AgencyCode, &a.AgencyName, &a.RegionCode, &a.Officers, &a.Hours, &a.Required, &a.Reached); err != nil {
			rows.Close()
			return nil, nil, err
		}
		*get(a.AgencyCode) = a
	}
	if err := rows.Close(); err != nil {
		return nil, nil, err
	}
	w = &store.Where{}
	auth.FilterTraining(p, w, "t.region_code", "t.agency_code")
	w.Add("x.year = ? AND x.status = 'published' AND t.submitted_at > 0", year)
	rows, err = s.db.R.QueryContext(ctx, `SELECT t.agency_code, COUNT(*), COALESCE(SUM(t.passed), 0) FROM training_attempts t
		JOIN training_exams x ON x.id = t.exam_id`+w.SQL()+` GROUP BY t.agency_code`, w.Args...)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var code string
		var sat, passed int
		if err := rows.Scan(&code, &sat, &passed); err != nil {
			return nil, nil, err
		}
		a := get(code)
		a.Sat, a.Passed = sat, passed
	}
	total := &AgencyStats{AgencyName: "合计"}
	var out []*AgencyStats
	for _, a := range by {
		out = append(out, a)
		total.Officers += a.Officers
		total.Hours += a.Hours
		total.Reached += a.Reached
		total.Sat += a.Sat
		total.Passed += a.Passed
	}
	sort.Slice(out, func(i, j int) bool { return out[i].AgencyCode < out[j].AgencyCode })
	return out, total, rows.Err()
}
