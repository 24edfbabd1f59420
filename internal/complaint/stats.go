package complaint

import (
	"context"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/ident"
	"zfjd/internal/law"
	"zfjd/internal/store"
)

// Statistics of the complaints a viewer may see (auth.FilterComplaints:
// supervision its region's, an agency those forwarded to it, a social
// supervisor its clues), received in a period, by category, by the agency
// complained about and by the officer named: received, finished (答复,
// 办结 or 不予受理), found true (属实 or 部分属实: the ones that count
// against an officer, a 不亮证 one a yellow card — officercard), the 红黄牌
// issued from them, those with an open overdue warning (the findings of
// Judge in the warnings dashboard) and the ratings. Counts only: no
// complainant, no contact.

// StatsFilter is the period of receipt and, optionally, a region inside
// the viewer's.
type StatsFilter struct {
	From, To, Region string
}

// Check fills the default period (this year to today) and checks f.
func (f *StatsFilter) Check(today law.Date) error {
	bad := apperr.Fields{}
	if f.From == "" {
		f.From = today.String()[:4] + "-01-01"
	}
	if f.To == "" {
		f.To = today.String()
	}
	from, err1 := law.ParseDate(f.From)
	to, err2 := law.ParseDate(f.To)
	switch {
	case err1 != nil:
		bad.Set("from", "开始日期格式应为 YYYY-MM-DD")
	case err2 != nil:
		bad.Set("to", "结束日期格式应为 YYYY-MM-DD")
	case to.Before(from):
		bad.Set("to", "结束日期不能早于开始日期")
	}
	if f.Region != "" && ident.ValidateRegionCode(f.Region) != nil {
		bad.Set("region", "行政区划代码无效")
	}
	return bad.Err()
}

// StatRow is one group's counts.
type StatRow struct {
	Key, Label                    string
	Received, Finished, FoundTrue int
	Cards, Overdue                int
	Rated, Satisfied, RatingSum   int
}

// Average is the mean rating to one decimal ("" when none rated).
func (r StatRow) Average() string {
	if r.Rated == 0 {
		return ""
	}
	tenths := (r.RatingSum*10 + r.Rated/2) / r.Rated
	return itoa(tenths/10) + "." + itoa(tenths%10)
}

// Stats is the three breakdowns and the total.
type Stats struct {
	Filter                          StatsFilter
	Total                           StatRow
	ByCategory, ByAgency, ByOfficer []StatRow
}

const statSums = `COUNT(*),
	COALESCE(SUM(CASE WHEN c.status IN ('answered', 'closed', 'rejected') THEN 1 ELSE 0 END), 0),
	COALESCE(SUM(CASE WHEN v.verdict IN ('substantiated', 'partly') THEN 1 ELSE 0 END), 0),
	COALESCE(SUM(CASE WHEN EXISTS (SELECT 1 FROM officer_cards k WHERE k.source_kind = 'complaint'
		AND k.source_id = CAST(c.id AS TEXT)) THEN 1 ELSE 0 END), 0),
	COALESCE(SUM(CASE WHEN EXISTS (SELECT 1 FROM findings f WHERE f.subject_kind = 'complaint' AND f.subject_id = c.id
		AND f.status = 'open') THEN 1 ELSE 0 END), 0),
	COALESCE(SUM(CASE WHEN c.rating > 0 THEN 1 ELSE 0 END), 0),
	COALESCE(SUM(CASE WHEN c.rating >= 4 THEN 1 ELSE 0 END), 0),
	COALESCE(SUM(c.rating), 0)`

// Stats counts the complaints p may see received in f's period.
func (s *Service) Stats(ctx context.Context, db *store.DB, p *auth.Principal, f StatsFilter) (*Stats, error) {
	if err := f.Check(clock.Today(ctx)); err != nil {
		return nil, err
	}
	out := &Stats{Filter: f}
	for _, g := range []struct {
		key, label, join string
		into             *[]StatRow
	}{
		{"c.category", "c.category", "", &out.ByCategory},
		{"c.agency_code", "COALESCE(a.name, c.agency_code)", " LEFT JOIN agencies a ON a.code = c.agency_code", &out.ByAgency},
		{"c.officer_cert", "COALESCE(o.name, c.officer_cert)", " LEFT JOIN officers o ON o.cert_no = c.officer_cert", &out.ByOfficer},
		{"''", "''", "", nil},
	} {
		w := &store.Where{}
		auth.FilterComplaints(p, w, "c.region_code", "c.forwarded_to", "c.clue_by")
		w.Add("c.received_on >= ? AND c.received_on <= ?", f.From, f.To)
		if prefix := ident.RegionPrefix(f.Region); prefix != "" {
			w.Add("c.region_code >= ? AND c.region_code < ?", prefix, ident.PrefixEnd(prefix))
		}
		group := ` GROUP BY ` + g.key + `, ` + g.label + ` ORDER BY 3 DESC, 1`
		if g.into == nil {
			group = ""
		}
		rows, err := db.R.QueryContext(ctx, `SELECT `+g.key+`, `+g.label+`, `+statSums+` FROM complaints c
			LEFT JOIN complaint_verdicts v ON v.complaint_id = c.id`+g.join+w.SQL()+group, w.Args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var r StatRow
			if err := rows.Scan(&r.Key, &r.Label, &r.Received, &r.Finished, &r.FoundTrue, &r.Cards, &r.Overdue, &r.Rated,
				&r.Satisfied, &r.RatingSum); err != nil {
				rows.Close()
				return nil, err
			}
			switch {
			case g.into == nil:
				out.Total = r
			case g.key == "c.category":
				r.Label = CategoryLabel(r.Key)
				*g.into = append(*g.into, r)
			case r.Key == "":
				r.Label = map[bool]string{true: "未指明执法人员", false: "未指明部门"}[g.key == "c.officer_cert"]
				*g.into = append(*g.into, r)
			default:
				*g.into = append(*g.into, r)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}
