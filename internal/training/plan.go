package training

import (
	"context"
	"database/sql"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/audit"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/ident"
	"zfjd/internal/store"
	"zfjd/internal/textcheck"
)

// Plan is an agency's yearly training plan of one track: the 学时 each of
// its officers must reach (岗前培训 for new officers, 业务轮训 for those in
// post; Qinhuangdao: 每年培训时间不少于40学时).
type Plan struct {
	ID            int64
	AgencyCode    string
	AgencyName    string
	RegionCode    string
	Year          int
	Title         string
	Track         string
	RequiredHours int
	Note          string
}

// TrackLabel is the plan's track in Chinese.
func (p *Plan) TrackLabel() string { return Label(Tracks, p.Track) }

// PutPlan records or replaces agency's plan of a track and year; the
// plan's region is its agency's.
func (s *Service) PutPlan(ctx context.Context, p *auth.Principal, pl *Plan) error {
	f := apperr.Fields{}
	pl.AgencyCode, pl.Title, pl.Note = ident.NormalizeUSCC(pl.AgencyCode), strings.TrimSpace(pl.Title), strings.TrimSpace(pl.Note)
	if pl.Title == "" {
		f.Set("title", "请填写计划名称")
	}
	textcheck.CheckText(f, "title", pl.Title, 100)
	textcheck.CheckLines(f, "note", pl.Note, 2000)
	if !isOption(Tracks, pl.Track) {
		f.Set("track", "请选择培训类别")
	}
	if pl.RequiredHours < 1 || pl.RequiredHours > 500 {
		f.Set("required_hours", "应完成学时应在1至500之间")
	}
	if pl.Year < 2000 || pl.Year > 2100 {
		f.Set("year", "年度无效")
	}
	if err := f.Err(); err != nil {
		return err
	}
	return s.db.UpsertTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT region_code, name FROM agencies WHERE code = $1 AND kind = 'enforcement'`, pl.AgencyCode).
			Scan(&pl.RegionCode, &pl.AgencyName)
		if err != nil {
			return &apperr.Error{Code: apperr.Invalid, Message: "执法主体不存在", Fields: apperr.Fields{"agency_code": "请选择本辖区的执法主体"}}
		}
		if !auth.CanKeepCourses(p, auth.Target{Region: pl.RegionCode, Agencies: []string{pl.AgencyCode}}) {
			return apperr.New(apperr.Forbidden, "无权为该执法主体制定培训计划")
		}
		err = tx.QueryRowContext(ctx, `INSERT INTO training_plans (agency_code, region_code, year, title, track, required_hours, note, created_at)
			VALUES ($1,$2,$3,$4,$5,$6,$7,$8) ON CONFLICT (agency_code, year, track) DO UPDATE SET title = excluded.title,
			required_hours = excluded.required_hours, note = excluded.note RETURNING id`, pl.AgencyCode, pl.RegionCode, pl.Year, pl.Title,
			pl.Track, pl.RequiredHours, pl.Note, clock.Millis(ctx)).Scan(&pl.ID)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, p, "update", "training_plan", itoa(pl.ID), pl.RegionCode, nil, pl)
	})
}

// Plans lists the plans of year in p's view.
func (s *Service) Plans(ctx context.Context, p *auth.Principal, year int) ([]*Plan, error) {
	w := &store.Where{}
	auth.FilterAgencies(p, w, "pl.region_code", "pl.agency_code")
	w.Add("pl.year = ?", year)
	rows, err := s.db.R.QueryContext(ctx, `SELECT pl.id, pl.agency_code, COALESCE(a.name, pl.agency_code), pl.region_code, pl.year, pl.title,
		pl.track, pl.required_hours, pl.note FROM training_plans pl LEFT JOIN agencies a ON a.code = pl.agency_code`+w.SQL()+
		` ORDER BY pl.agency_code, pl.track LIMIT 500`, w.Args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Plan
	for rows.Next() {
		var pl Plan
		if err := rows.Scan(&pl.ID, &pl.AgencyCode, &pl.AgencyName, &pl.RegionCode, &pl.Year, &pl.Title, &pl.Track, &pl.RequiredHours, &pl.Note); err != nil {
			return nil, err
		}
		out = append(out, &pl)
	}
	return out, rows.Err()
}
