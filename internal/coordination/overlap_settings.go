package coordination

import (
	"context"
	"database/sql"
	"errors"
	"strconv"

	"zfjd/internal/apperr"
	"zfjd/internal/audit"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/ident"
	"zfjd/internal/store"
)

// OverlapSettings are a region's parameters of overlap detection (issue
// 18: "parameters per region"), set by the region's supervision body and
// inherited by the regions below it that set none, as the supervision
// time limits and the inspection caps are.
type OverlapSettings struct {
	WindowDays  int `json:"window_days"`  // the window of 重复执法、多头执法 and 选择性执法, to today
	MinAgencies int `json:"min_agencies"` // the least number of agencies on one party
	// 选择性执法 (类案不同罚 within one agency): at least SelectiveCases
	// fined cases of one agency, matter and tier in the window, the highest
	// fine at least SelectiveRatio times the lowest.
	SelectiveCases int `json:"selective_cases"`
	SelectiveRatio int `json:"selective_ratio"`
}

// DefaultOverlapSettings apply where no region up the tree set any: a
// quarter's window, two agencies, three cases with a fivefold gap.
var DefaultOverlapSettings = OverlapSettings{WindowDays: DefaultWindowDays, MinAgencies: 2, SelectiveCases: 3, SelectiveRatio: 5}

// Bounds of the settings.
const (
	MaxMinAgencies    = 10
	MaxSelectiveCases = 50
	MaxSelectiveRatio = 100
)

// OverlapSettingsOf are the settings in force in region and the region
// that set them ("" = the defaults): region's own row, else its city's,
// else its province's.
func OverlapSettingsOf(ctx context.Context, q store.Querier, region string) (OverlapSettings, string, error) {
	for r := region; r != ""; r = parentRegion(r) {
		var s OverlapSettings
		err := q.QueryRowContext(ctx, `SELECT window_days, min_agencies, selective_cases, selective_ratio FROM overlap_settings
			WHERE region_code = $1`, r).Scan(&s.WindowDays, &s.MinAgencies, &s.SelectiveCases, &s.SelectiveRatio)
		if err == nil {
			return s, r, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return s, "", err
		}
	}
	return DefaultOverlapSettings, "", nil
}

// parentRegion is the region one level up (370102 → 370100 → 370000 → "").
func parentRegion(code string) string {
	if len(code) != 6 {
		return ""
	}
	switch {
	case code[4:] != "00":
		return code[:4] + "00"
	case code[2:4] != "00":
		return code[:2] + "0000"
	}
	return ""
}

// Check validates s, each message naming its field.
func (s OverlapSettings) Check() error {
	bad := apperr.Fields{}
	rng := func(field, name string, v, lo, hi int, unit string) {
		if v < lo || v > hi {
			bad.Set(field, name+"应为"+strconv.Itoa(lo)+"至"+strconv.Itoa(hi)+unit)
		}
	}
	rng("window_days", "时间窗口", s.WindowDays, 1, MaxWindowDays, "天")
	rng("min_agencies", "执法机关数", s.MinAgencies, 2, MaxMinAgencies, "个")
	rng("selective_cases", "选择性执法的最少案件数", s.SelectiveCases, 2, MaxSelectiveCases, "件")
	rng("selective_ratio", "选择性执法的罚款差距倍数", s.SelectiveRatio, 2, MaxSelectiveRatio, "倍")
	return bad.Err()
}

// PutOverlapSettings sets region's parameters: the supervision body of
// the region or above, audited, in one transaction. Outside p's
// jurisdiction the region does not exist.
func PutOverlapSettings(ctx context.Context, db *store.DB, p *auth.Principal, region string, s OverlapSettings) error {
	if ident.ValidateRegionCode(region) != nil {
		return &apperr.Error{Code: apperr.Invalid, Message: "区划代码无效", Fields: apperr.Fields{"region": "区划代码无效"}}
	}
	if p == nil || !ident.Contains(p.Region, region) {
		return apperr.NotFoundf("行政区划")
	}
	if !auth.CanCoordinate(p, region) {
		return apperr.New(apperr.Forbidden, "重复执法发现的参数由该区划的行政执法监督机构设置")
	}
	if err := s.Check(); err != nil {
		return err
	}
	return db.Tx(ctx, func(tx *sql.Tx) error {
		old, _, err := OverlapSettingsOf(ctx, tx, region)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO overlap_settings (region_code, window_days, min_agencies, selective_cases,
			selective_ratio, updated_at) VALUES ($1,$2,$3,$4,$5,$6) ON CONFLICT (region_code) DO UPDATE SET window_days = $2,
			min_agencies = $3, selective_cases = $4, selective_ratio = $5, updated_at = $6`, region, s.WindowDays, s.MinAgencies,
			s.SelectiveCases, s.SelectiveRatio, clock.Millis(ctx)); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p, "update", "overlap_settings", region, region, old, s)
	})
}
