package report

import (
	"context"
	"database/sql"
	"encoding/json"

	"zfjd/internal/clock"
	"zfjd/internal/flow"
	"zfjd/internal/store"
)

// Draft drafts, from 1 January of a year on, last year's report of every
// enforcement agency that has none yet (the hourly job; a server down on
// 1 January drafts at its next run): the tables from live data, judged
// at once so the reminder and the late warning come from the due pass.
// It returns how many it drafted.
func (s *Service) Draft(ctx context.Context) (int, error) {
	today := clock.Today(ctx)
	year := today.Y - 1
	remind, err := s.remindOf(ctx, year)
	if err != nil {
		return 0, err
	}
	n := 0
	for {
		codes, err := undrafted(ctx, s.db.R, year, 200)
		if err != nil || len(codes) == 0 {
			return n, err
		}
		for _, code := range codes {
			t, err := draftTables(ctx, s.db, year, code)
			if err != nil {
				return n, err
			}
			data, _ := json.Marshal(t)
			err = flow.Retry(ctx, s.db, func(tx *sql.Tx) error {
				var id int64
				err := tx.QueryRowContext(ctx, `INSERT INTO annual_reports (year, region_code, agency_code, status, data_json, drafted_on,
					updated_at, updated_by) VALUES ($1, $2, $3, 'draft', $4, $5, $6, 'system') ON CONFLICT (year, region_code, agency_code)
					DO NOTHING RETURNING id`, year, t.Region, code, string(data), today.String(), clock.Millis(ctx)).Scan(&id)
				if err == sql.ErrNoRows {
					return nil // drafted meanwhile by another instance
				}
				if err != nil {
					return err
				}
				r, err := getReport(ctx, tx, id)
				if err != nil {
					return err
				}
				r.Acts = []ActRecord{{Type: "draft", Label: "按实时数据起草", Actor: "平台", On: today.String()}}
				return save(ctx, tx, r, today, remind)
			})
			if err != nil {
				return n, err
			}
			n++
		}
	}
}

// undrafted are up to limit enforcement agencies without a report of year.
func undrafted(ctx context.Context, q store.Querier, year, limit int) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT a.code FROM agencies a WHERE a.kind = 'enforcement' AND NOT EXISTS (
		SELECT 1 FROM annual_reports r WHERE r.year = $1 AND r.agency_code = a.code) ORDER BY a.code LIMIT $2`, year, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Rejudge judges report id again on today (the daily pass).
func (s *Service) Rejudge(ctx context.Context, id int64) error {
	return flow.Retry(ctx, s.db, func(tx *sql.Tx) error {
		r, err := getReport(ctx, tx, id)
		if err != nil {
			return err
		}
		remind, err := s.remindOf(ctx, r.Year)
		if err != nil {
			return err
		}
		return save(ctx, tx, r, clock.Today(ctx), remind)
	})
}

// Due is the reports' part in the daily pass: the reminder day and the
// deadline passing raise and escalate the publication finding.
func (s *Service) Due() flow.Due {
	return flow.Due{Kind: Kind, Table: "annual_reports", Rejudge: s.Rejudge}
}

// Published lists the published reports of year in region for the portal.
func (s *Service) Published(ctx context.Context, region string, year int) ([]*Report, error) {
	w := &store.Where{}
	w.Add("r.status = ?", StPublished)
	if year > 0 {
		w.Add("r.year = ?", year)
	}
	if region != "" {
		w.Add("r.region_code >= ? AND r.region_code < ?", regionRange(region)...)
	}
	return listReports(ctx, s.db.R, w, 500)
}

// GetPublished reads a published report for the portal.
func (s *Service) GetPublished(ctx context.Context, id int64) (*Report, error) {
	r, err := getReport(ctx, s.db.R, id)
	if err != nil || r.Status != StPublished {
		return nil, errNoReport
	}
	return r, nil
}
