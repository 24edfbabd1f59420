package complaint

import (
	"context"
	"database/sql"
	"errors"

	"zfjd/internal/apperr"
	"zfjd/internal/audit"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/ident"
)

// SettingsOf is the settings in force in region and the region they are
// set in ("" = the defaults).
func (s *Service) SettingsOf(ctx context.Context, region string) (Settings, string, error) {
	for _, r := range ancestors(region) {
		var st Settings
		err := s.db.R.QueryRowContext(ctx, `SELECT accept_workdays, answer_days, forward_workdays, hourly_limit FROM complaint_settings
			WHERE region_code = $1`, r).Scan(&st.AcceptWorkdays, &st.AnswerDays, &st.ForwardWorkdays, &st.HourlyLimit)
		if err == nil {
			return st, r, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return st, "", err
		}
	}
	return DefaultSettings, "", nil
}

// PutSettings sets region's deadlines and intake limit (supervision of the
// region): accept within 1–15 working days (信访工作条例 Art. 22: 15 days is
// the outer bound), answer within 1–60 days (Art. 32), the agency's reply
// within 1–30 working days, 1–100 complaints an hour from one address.
func (s *Service) PutSettings(ctx context.Context, p *auth.Principal, region string, st Settings) error {
	bad := apperr.Fields{}
	if ident.ValidateRegionCode(region) != nil {
		bad.Set("region", "行政区划代码无效")
	}
	rng := func(f string, v, lo, hi int) {
		if v < lo || v > hi {
			bad.Set(f, "应为"+itoa(lo)+"到"+itoa(hi))
		}
	}
	rng("accept_workdays", st.AcceptWorkdays, 1, 15)
	rng("answer_days", st.AnswerDays, 1, 60)
	rng("forward_workdays", st.ForwardWorkdays, 1, 30)
	rng("hourly_limit", st.HourlyLimit, 1, 100)
	if err := bad.Err(); err != nil {
		return err
	}
	if !auth.IsSupervisionOf(p, auth.Target{Region: region}) {
		return apperr.New(apperr.Forbidden, "投诉办理期限由该区划的执法监督机构设置")
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		old, _, _ := s.SettingsOf(ctx, region)
		if _, err := tx.ExecContext(ctx, `INSERT INTO complaint_settings (region_code, accept_workdays, answer_days, forward_workdays,
			hourly_limit, updated_at) VALUES ($1,$2,$3,$4,$5,$6) ON CONFLICT (region_code) DO UPDATE SET accept_workdays = $2,
			answer_days = $3, forward_workdays = $4, hourly_limit = $5, updated_at = $6`, region, st.AcceptWorkdays, st.AnswerDays,
			st.ForwardWorkdays, st.HourlyLimit, clock.Millis(ctx)); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p, "update", "complaint_settings", region, region, old, st)
	})
}
