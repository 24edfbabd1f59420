package calendar

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"zfjd/internal/apperr"
	"zfjd/internal/audit"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/law"
	"zfjd/internal/store"
	"zfjd/internal/textcheck"
)

// MaxSourceLen caps the notice text, in characters.
const MaxSourceLen = 200

var weekdayNames = [...]string{"星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"}

// Check parses and validates a schedule for year with the rules of
// law.Calendar.SetYear, naming each offending entry ("holidays[2]",
// "workdays[0]", "year", "source") with a Chinese message. The lists come back
// parsed and in ascending order. Nothing is read or written.
func Check(year int, holidays, workdays []string, source string) (*Year, error) {
	f := apperr.Fields{}
	if year < 1949 || year > 9999 {
		f.Set("year", "年份应在1949至9999之间")
		return nil, f.Err()
	}
	seen := map[law.Date]string{} // date → "holidays" or "workdays"
	parse := func(field string, list []string) []law.Date {
		out := []law.Date{}
		if len(list) > 366 {
			f.Set(field, "一年最多366天")
			return out
		}
		for i, s := range list {
			path := field + "[" + strconv.Itoa(i) + "]"
			s = strings.TrimSpace(s)
			d, err := law.ParseDate(s)
			wd := d.Weekday()
			switch {
			case err != nil:
				f.Set(path, fmt.Sprintf("“%s”不是有效日期，应为YYYY-MM-DD格式的真实日期", s))
			case d.Y != year:
				f.Set(path, fmt.Sprintf("%s不在%d年内", d, year))
			case seen[d] == field:
				f.Set(path, fmt.Sprintf("%s重复填写", d))
			case seen[d] != "":
				f.Set(path, fmt.Sprintf("%s不能既是节假日又是调休上班日", d))
			case field == "workdays" && wd != time.Saturday && wd != time.Sunday:
				f.Set(path, fmt.Sprintf("%s是%s：调休上班日只能是周六或周日（其余工作日无需填写）", d, weekdayNames[wd]))
			default:
				seen[d] = field
				out = append(out, d)
			}
		}
		return out
	}
	y := &Year{Year: year, Holidays: parse("holidays", holidays), Workdays: parse("workdays", workdays)}
	y.Source = strings.TrimSpace(source)
	if len([]rune(y.Source)) > MaxSourceLen {
		f.Set("source", fmt.Sprintf("来源不能超过%d个字", MaxSourceLen))
	}
	textcheck.CheckText(f, "source", y.Source, MaxSourceLen)
	if err := f.Err(); err != nil {
		return nil, err
	}
	slices.SortFunc(y.Holidays, law.Date.Compare)
	slices.SortFunc(y.Workdays, law.Date.Compare)
	// The law package's own rules, as the last word.
	if err := law.NewCalendar().SetYear(year, y.Holidays, y.Workdays); err != nil {
		return nil, apperr.New(apperr.Invalid, "%s", err.Error())
	}
	return y, nil
}

// same reports whether two schedules are equal (ignoring who and when).
func (y *Year) same(o *Year) bool {
	return y.Year == o.Year && y.Source == o.Source && slices.Equal(y.Holidays, o.Holidays) && slices.Equal(y.Workdays, o.Workdays)
}

var errUnchanged = errors.New("calendar: unchanged")

// Put creates or replaces the schedule of year as a whole, in one
// transaction, audited, and returns what is stored and whether the year is
// new. The calendar is national: only principals auth.CanChangeCalendar
// allows (system administrators, and integration tokens granted it by a
// province-level scope) may write; county, city and agency-bound tokens
// may not. Each change is audited with the schedule before and after.
// Replaying the same schedule changes nothing and writes no audit entry. Every change bumps the calendar version, so every process's
// Current reloads.
func Put(ctx context.Context, db *store.DB, p *auth.Principal, year int, holidays, workdays []string, source string) (*Year, bool, error) {
	if !auth.CanChangeCalendar(p) {
		return nil, false, apperr.New(apperr.Forbidden, "您的角色不能维护工作日历：工作日历全国通用，只有系统管理员或经授权的省级对接系统可以修改")
	}
	y, err := Check(year, holidays, workdays, source)
	if err != nil {
		return nil, false, err
	}
	y.UpdatedBy = p.Name
	var created bool
	var old *Year
	err = db.UpsertTx(ctx, func(tx *sql.Tx) error {
		created, old = false, nil // fn may run twice
		// Bump first: on PostgreSQL the settings row lock serialises writers,
		// so the read below sees the last committed schedule.
		if err := bumpVersion(ctx, tx); err != nil {
			return err
		}
		var err error
		old, err = get(ctx, tx, year)
		if err != nil && !apperr.Is(err, apperr.NotFound) {
			return err
		}
		y.UpdatedAt = clock.Millis(ctx)
		if old == nil {
			created = true
			if _, err := tx.ExecContext(ctx, `INSERT INTO calendar_years (year, source, updated_at, updated_by) VALUES ($1, $2, $3, $4)`,
				year, y.Source, y.UpdatedAt, y.UpdatedBy); err != nil {
				return err
			}
		} else {
			if old.same(y) {
				return errUnchanged // rolled back: no version bump, no audit
			}
			if _, err := tx.ExecContext(ctx, `UPDATE calendar_years SET source = $2, updated_at = $3, updated_by = $4 WHERE year = $1`,
				year, y.Source, y.UpdatedAt, y.UpdatedBy); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM calendar_days WHERE year = $1`, year); err != nil {
				return err
			}
		}
		if err := insertDays(ctx, tx, year, y.Holidays, y.Workdays); err != nil {
			return err
		}
		action, before := "create", any(nil)
		if old != nil {
			action, before = "update", old
		}
		// The calendar has no region; the entry takes the actor's, so the
		// audit trail of the jurisdiction that made the change shows it.
		return audit.Record(ctx, tx, p, action, "calendar", strconv.Itoa(year), p.Region, before, y)
	})
	if errors.Is(err, errUnchanged) {
		return old, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	forget(db)
	return y, created, nil
}

// Seed stores every year of law.Default() that is not stored yet, with its
// notice as the source. Years already stored, possibly corrected by an
// administrator, are left alone, so it is idempotent and safe to call at every
// start-up, also from several processes at once.
func Seed(ctx context.Context, db *store.DB) error {
	def := law.Default()
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		added := false
		now := clock.Millis(ctx)
		for _, year := range def.Years() {
			res, err := tx.ExecContext(ctx, `INSERT INTO calendar_years (year, source, updated_at, updated_by) VALUES ($1, $2, $3, '系统')
				ON CONFLICT (year) DO NOTHING`, year, law.Source(year), now)
			if err != nil {
				return err
			}
			if n, err := res.RowsAffected(); err != nil {
				return err
			} else if n == 0 {
				continue // stored already
			}
			hol, work, _ := def.Schedule(year)
			if err := insertDays(ctx, tx, year, hol, work); err != nil {
				return err
			}
			added = true
		}
		if added {
			return bumpVersion(ctx, tx)
		}
		return nil
	})
	if err == nil {
		forget(db)
	}
	return err
}
