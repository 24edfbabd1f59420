package warning

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"time"

	"zfjd/internal/apperr"
	"zfjd/internal/audit"
	"zfjd/internal/auth"
	"zfjd/internal/calendar"
	"zfjd/internal/clock"
	"zfjd/internal/flow"
	"zfjd/internal/ident"
	"zfjd/internal/law"
	"zfjd/internal/store"
)

// DefaultEscalateAfter is the working days a yellow warning may stay
// unsigned before it turns red, where no region sets it (spec §1).
const DefaultEscalateAfter = 3

func millisRFC3339(ms int64) string {
	return time.UnixMilli(ms).UTC().Format(time.RFC3339)
}

// issuedOn is the civil day (Asia/Shanghai) of an instant in unix ms.
func issuedOn(ms int64) law.Date { return law.DateOf(time.UnixMilli(ms).In(clock.Shanghai)) }

// Settings are the escalation settings by region code.
type Settings map[string]int

// LoadSettings reads every region's setting (a small table).
func LoadSettings(ctx context.Context, q store.Querier) (Settings, error) {
	rows, err := q.QueryContext(ctx, `SELECT region_code, escalate_after_workdays FROM warning_settings`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := Settings{}
	for rows.Next() {
		var r string
		var n int
		if err := rows.Scan(&r, &n); err != nil {
			return nil, err
		}
		out[r] = n
	}
	return out, rows.Err()
}

// EscalateAfter is the setting in force for region: the most specific
// region containing it that has one, else the default.
func (s Settings) EscalateAfter(region string) (n int, setIn string) {
	n, best := DefaultEscalateAfter, -1
	for r, v := range s {
		if ident.Contains(r, region) && len(ident.RegionPrefix(r)) > best {
			n, setIn, best = v, r, len(ident.RegionPrefix(r))
		}
	}
	return n, setIn
}

// SetEscalateAfter sets region's working days before an unsigned yellow
// warning turns red (1–30), for supervision of that region (or an
// administrator); audited.
func SetEscalateAfter(ctx context.Context, db *store.DB, p *auth.Principal, region string, n int) error {
	if ident.ValidateRegionCode(region) != nil {
		return &apperr.Error{Code: apperr.Invalid, Message: "区划代码无效", Fields: apperr.Fields{"region_code": "区划代码无效"}}
	}
	if n < 1 || n > 30 {
		return &apperr.Error{Code: apperr.Invalid, Message: "工作日数应在1至30之间",
			Fields: apperr.Fields{"escalate_after_workdays": "应为1至30的整数"}}
	}
	if p == nil || !ident.Contains(p.Region, region) {
		return apperr.NotFoundf("区划")
	}
	if !auth.IsSupervisionOf(p, auth.Target{Region: region}) {
		return apperr.New(apperr.Forbidden, "只有该区划的监督机构或系统管理员可以设置预警升级期限")
	}
	return db.UpsertTx(ctx, func(tx *sql.Tx) error {
		var old int
		err := tx.QueryRowContext(ctx, `SELECT escalate_after_workdays FROM warning_settings WHERE region_code = $1`, region).Scan(&old)
		switch {
		case err == sql.ErrNoRows:
			_, err = tx.ExecContext(ctx, `INSERT INTO warning_settings (region_code, escalate_after_workdays, updated_at) VALUES ($1, $2, $3)`,
				region, n, clock.Millis(ctx))
		case err == nil:
			_, err = tx.ExecContext(ctx, `UPDATE warning_settings SET escalate_after_workdays = $2, updated_at = $3 WHERE region_code = $1`,
				region, n, clock.Millis(ctx))
		}
		if err != nil {
			return err
		}
		var before any
		if old != 0 {
			before = map[string]int{"escalate_after_workdays": old}
		}
		return audit.Record(ctx, tx, p, "update", "warning_setting", region, region, before, map[string]int{"escalate_after_workdays": n})
	})
}

// Escalate is the hourly pass (spec §1): a yellow warning still issued
// after its region's working days (counted on the calendar from the day it
// was issued, that day not counted) becomes red with escalated = true and
// a history step of the platform. Warnings not due yet get the last day to
// sign (sign_by) for the inboxes' "about to go red". It returns how many
// it escalated.
func Escalate(ctx context.Context, db *store.DB) (int, error) {
	cal, err := calendar.CurrentLenient(ctx, db)
	if err != nil {
		return 0, err
	}
	settings, err := LoadSettings(ctx, db.R)
	if err != nil {
		return 0, err
	}
	type cand struct {
		id       int64
		region   string
		issuedAt int64
		signBy   string
	}
	rows, err := db.R.QueryContext(ctx, `SELECT id, region_code, issued_at, sign_by FROM findings
		WHERE stage = 'issued' AND status = 'open' AND severity = 'yellow' AND escalated = 0`)
	if err != nil {
		return 0, err
	}
	var cands []cand
	for rows.Next() {
		var c cand
		if err := rows.Scan(&c.id, &c.region, &c.issuedAt, &c.signBy); err != nil {
			rows.Close()
			return 0, err
		}
		cands = append(cands, c)
	}
	if err := rows.Close(); err != nil {
		return 0, err
	}
	today, now, done := clock.Today(ctx), clock.Millis(ctx), 0
	for _, c := range cands {
		n, _ := settings.EscalateAfter(c.region)
		by, err := cal.AddWorkdays(issuedOn(c.issuedAt), n)
		if err != nil {
			return done, err
		}
		if !today.After(by) {
			if c.signBy != by.String() {
				if _, err := db.W.ExecContext(ctx, `UPDATE findings SET sign_by = $2 WHERE id = $1`, c.id, by.String()); err != nil {
					return done, err
				}
			}
			continue
		}
		note := fmt.Sprintf("发出后%d个工作日内（至%s）未签收，升级为红色预警", n, by)
		moved := false
		err = db.Tx(ctx, func(tx *sql.Tx) error {
			res, err := tx.ExecContext(ctx, `UPDATE findings SET severity = 'red', escalated = 1, sign_by = $2
				WHERE id = $1 AND stage = 'issued' AND status = 'open' AND escalated = 0`, c.id, by.String())
			if err != nil {
				return err
			}
			if k, err := res.RowsAffected(); err != nil || k == 0 {
				return err // signed meanwhile: nothing to do
			}
			moved = true
			if err := flow.Step(ctx, tx, c.id, c.region, "escalated", "system", "平台", note, now); err != nil {
				return err
			}
			return audit.Record(ctx, tx, nil, "escalated", "warning", strconv.FormatInt(c.id, 10), c.region,
				map[string]any{"severity": "yellow"}, map[string]any{"severity": "red", "escalated": true})
		})
		if err != nil {
			return done, err
		}
		if moved {
			done++
		}
	}
	return done, nil
}
