package supervision

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

// MaxLimitDays bounds a region's time limit: 《山东省行政执法监督条例》
// Arts. 28–29 set 30 days; the national 条例 leaves it to "规定时限" (Arts.
// 27–29), so a region may set its own, within half a year.
const MaxLimitDays = 180

// LimitsSetIn is the region whose setting is in force in region ("" = the
// defaults), beside the limits themselves (LimitsFor).
func LimitsSetIn(ctx context.Context, q store.Querier, region string) (Limits, string, error) {
	for r := region; r != ""; r = ParentRegion(r) {
		var l Limits
		err := q.QueryRowContext(ctx, `SELECT fulfilment_days, correction_days, execution_days FROM supervision_settings
			WHERE region_code = $1`, r).Scan(&l.Fulfilment, &l.Correction, &l.Execution)
		if err == nil {
			return l, r, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return l, "", err
		}
	}
	return DefaultLimits, "", nil
}

// PutLimits sets region's time limits (the supervision body of the region
// or above), audited, and judges again the open cases of the region's
// subtree, so a deadline moved by the change shows at once. It returns how
// many cases were judged again.
func (s *Service) PutLimits(ctx context.Context, p *auth.Principal, region string, l Limits) (int, error) {
	bad := apperr.Fields{}
	if ident.ValidateRegionCode(region) != nil {
		bad.Set("region", "行政区划代码无效")
	}
	rng := func(f string, v int) {
		if v < 1 || v > MaxLimitDays {
			bad.Set(f, "应为1到"+strconv.Itoa(MaxLimitDays)+"日")
		}
	}
	rng("fulfilment_days", l.Fulfilment)
	rng("correction_days", l.Correction)
	rng("execution_days", l.Execution)
	if err := bad.Err(); err != nil {
		return 0, err
	}
	if !auth.IsSupervisionOf(p, auth.Target{Region: region}) {
		return 0, apperr.New(apperr.Forbidden, "监督时限由该区划的执法监督机构设置")
	}
	var ids []int64
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		old, _, err := LimitsSetIn(ctx, tx, region)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO supervision_settings (region_code, fulfilment_days, correction_days,
			execution_days, updated_at) VALUES ($1,$2,$3,$4,$5) ON CONFLICT (region_code) DO UPDATE SET fulfilment_days = $2,
			correction_days = $3, execution_days = $4, updated_at = $5`, region, l.Fulfilment, l.Correction, l.Execution,
			clock.Millis(ctx)); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, p, "update", "supervision_settings", region, region, old, l); err != nil {
			return err
		}
		w := &store.Where{}
		if prefix := ident.RegionPrefix(region); prefix != "" {
			w.Add("region_code >= ? AND region_code < ?", prefix, ident.PrefixEnd(prefix))
		}
		w.Add("status NOT IN (?, ?)", StatusClosed, StatusRefused)
		rows, err := tx.QueryContext(ctx, `SELECT id FROM supervision_cases`+w.SQL(), w.Args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return err
			}
			ids = append(ids, id)
		}
		return rows.Err()
	})
	if err != nil {
		return 0, err
	}
	for _, id := range ids {
		if err := s.Rejudge(ctx, id); err != nil {
			return 0, err
		}
	}
	return len(ids), nil
}
