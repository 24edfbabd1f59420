package assess

import (
	"context"
	"database/sql"
	"errors"
	"math"
	"strconv"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/audit"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/store"
	"zfjd/internal/textcheck"
)

// agencyRegion is the region of an enforcement agency p may assess, or
// 404 (unknown, or outside p's jurisdiction) / 403 (not supervision).
func agencyRegion(ctx context.Context, q store.Querier, p *auth.Principal, agency string) (string, error) {
	var region string
	err := q.QueryRowContext(ctx, `SELECT region_code FROM agencies WHERE code = $1 AND kind = 'enforcement'`, agency).Scan(&region)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !auth.CanSee(p, auth.Target{Region: region, Agencies: []string{agency}})) {
		return "", apperr.NotFoundf("执法主体")
	}
	if err != nil {
		return "", err
	}
	if !auth.CanReviewReport(p, region) {
		return "", apperr.New(apperr.Forbidden, "只有监督机构可以调整考核得分或录入考核数据")
	}
	return region, nil
}

// Adjust records the supervision body's adjustment of an agency's score
// for year (points, one decimal, −100..100) with its reason, audited.
func Adjust(ctx context.Context, db *store.DB, p *auth.Principal, yearText, agency, pointsText, reason string) error {
	year, err := CheckYear(ctx, p, yearText, new(string))
	if err != nil {
		return err
	}
	f := apperr.Fields{}
	pts, perr := strconv.ParseFloat(strings.TrimSpace(pointsText), 64)
	if perr != nil || math.IsNaN(pts) || pts < -100 || pts > 100 || pts == 0 {
		f.Set("points", "调整分值应为-100至100之间、不为0的数，最多一位小数")
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		f.Set("reason", "请填写调整理由")
	}
	textcheck.CheckText(f, "reason", reason, 500)
	if err := f.Err(); err != nil {
		return err
	}
	tenths := int64(math.Round(pts * 10))
	return db.Tx(ctx, func(tx *sql.Tx) error {
		region, err := agencyRegion(ctx, tx, p, agency)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO assess_adjustments (year, agency_code, region_code, points, reason, created_at, created_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, year, agency, region, tenths, reason, clock.Millis(ctx), p.Who()); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p, "adjust", "assessment", strconv.Itoa(year)+"/"+agency, region, nil,
			map[string]any{"points": float64(tenths) / 10, "reason": reason})
	})
}

// Enter records the value of an imported indicator (corrections: a count;
// external: a score 0–100) of an agency for year, audited.
func Enter(ctx context.Context, db *store.DB, p *auth.Principal, yearText, agency, source, valueText string) error {
	year, err := CheckYear(ctx, p, yearText, new(string))
	if err != nil {
		return err
	}
	f := apperr.Fields{}
	if !Imported(source) {
		f.Set("indicator", "只能录入外部评议得分或复议纠错、诉讼败诉件数")
	}
	v, verr := strconv.ParseInt(strings.TrimSpace(valueText), 10, 64)
	if verr != nil || v < 0 || (source == "external" && v > 100) || v > 10000 {
		f.Set("value", "录入值应为非负整数（外部评议得分不超过100）")
	}
	if err := f.Err(); err != nil {
		return err
	}
	return db.UpsertTx(ctx, func(tx *sql.Tx) error {
		region, err := agencyRegion(ctx, tx, p, agency)
		if err != nil {
			return err
		}
		var old *int64
		var prev int64
		if err := tx.QueryRowContext(ctx, `SELECT value FROM assess_values WHERE year = $1 AND agency_code = $2 AND indicator = $3`,
			year, agency, source).Scan(&prev); err == nil {
			old = &prev
		} else if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO assess_values (year, agency_code, indicator, value, region_code, updated_at, updated_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (year, agency_code, indicator) DO UPDATE SET value = excluded.value,
			updated_at = excluded.updated_at, updated_by = excluded.updated_by`, year, agency, source, v, region, clock.Millis(ctx), p.Who()); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p, "enter", "assessment", strconv.Itoa(year)+"/"+agency+"/"+source, region, old, v)
	})
}
