package inspection

import (
	"context"
	"database/sql"
	"fmt"

	"zfjd/internal/apperr"
	"zfjd/internal/audit"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/ident"
)

// SetCaps publishes the frequency caps of region (54号: 频次上限 per region,
// the most specific region's applying). Supervision of the region sets
// them; outside p's jurisdiction the region does not exist. The visits
// whose frequency judgement reads the caps are judged again at once
// (rejudgeForCaps); it returns how many.
func (s *Service) SetCaps(ctx context.Context, p *auth.Principal, region string, c Caps) (int, error) {
	if ident.ValidateRegionCode(region) != nil || p == nil || !ident.Contains(p.Region, region) {
		return 0, apperr.NotFoundf("行政区划")
	}
	if !auth.IsSupervisionOf(p, auth.Target{Region: region}) {
		return 0, apperr.New(apperr.Forbidden, "检查频次上限由该区划的监督机构设定")
	}
	f := apperr.Fields{}
	for k, v := range map[string]int{"per_day": c.Day, "per_week": c.Week, "per_month": c.Month} {
		if v < 1 || v > 100 {
			f.Set(k, "应为1至100次")
		}
	}
	if c.Day > c.Week || c.Week > c.Month {
		f.Set("per_week", "每日上限不能大于每周上限，每周上限不能大于每月上限")
	}
	if err := f.Err(); err != nil {
		return 0, err
	}
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		before, err := CapsOf(ctx, tx, region)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO inspection_caps (region_code, per_day, per_week, per_month, updated_at)
			VALUES ($1, $2, $3, $4, $5) ON CONFLICT (region_code) DO UPDATE SET per_day = $2, per_week = $3, per_month = $4, updated_at = $5`,
			region, c.Day, c.Week, c.Month, clock.Millis(ctx)); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p, "update", "inspection_caps", region, region, before, c)
	})
	if err != nil {
		return 0, err
	}
	// The caps are committed first: the re-judgement runs in batches of its
	// own, and a visit a failed batch left is judged at its next write.
	return s.rejudgeForCaps(ctx, region, clock.Today(ctx))
}

// String is how the caps read on a page.
func (c Caps) String() string {
	return fmt.Sprintf("每日%d次、每周%d次、每月%d次", c.Day, c.Week, c.Month)
}
