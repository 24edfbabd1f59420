// Package calendar stores the working-day calendar (工作日历) in the database:
// per year, the statutory days off and the weekend days that are working days
// (调休上班) as the 国务院办公厅 notice of the year fixes them. Working-day
// periods (行政处罚法 第八十五条, 行政强制法 第六十九条) and the roll-forward of a
// period's last day (民法典 第二百零三条) are counted with it, through package
// law. Seed loads law.Default() at start-up; administrators and province-level
// integration tokens correct or add years with Put; Current serves the calendar to the
// case rules from a per-process cache that follows every change.
package calendar

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"zfjd/internal/apperr"
	"zfjd/internal/law"
	"zfjd/internal/store"
)

// Year is the stored schedule of one year. Lists are in ascending order and
// never nil.
type Year struct {
	Year      int        `json:"year"`
	Holidays  []law.Date `json:"holidays"` // days off, 法定节假日 incl. bridged days (放假调休)
	Workdays  []law.Date `json:"workdays"` // Saturdays and Sundays that are working days (调休上班)
	Source    string     `json:"source"`   // the notice, e.g. 国办发明电〔2024〕12号
	UpdatedAt int64      `json:"-"`        // unix ms
	UpdatedBy string     `json:"-"`
}

// Summary is one line of List.
type Summary struct {
	Year      int    `json:"year"`
	Source    string `json:"source"`
	Holidays  int    `json:"holiday_count"`
	Workdays  int    `json:"workday_count"`
	UpdatedAt int64  `json:"-"`
	UpdatedBy string `json:"-"`
}

func notFound(year int) error {
	return apperr.New(apperr.NotFound, "%d年的工作日历（节假日安排）尚未录入", year)
}

// Get returns the stored schedule of year; a year not stored is NotFound.
// Everyone signed in may read the calendar: it is national and public.
func Get(ctx context.Context, db *store.DB, year int) (*Year, error) {
	return get(ctx, db.R, year)
}

func get(ctx context.Context, q store.Querier, year int) (*Year, error) {
	y := &Year{Year: year, Holidays: []law.Date{}, Workdays: []law.Date{}}
	err := q.QueryRowContext(ctx, `SELECT source, updated_at, updated_by FROM calendar_years WHERE year = $1`, year).
		Scan(&y.Source, &y.UpdatedAt, &y.UpdatedBy)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound(year)
	}
	if err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, `SELECT day, kind FROM calendar_days WHERE year = $1 ORDER BY day`, year)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var day, kind string
		if err := rows.Scan(&day, &kind); err != nil {
			return nil, err
		}
		d, err := law.ParseDate(day)
		if err != nil {
			return nil, fmt.Errorf("calendar_days %q: %w", day, err)
		}
		if kind == kindWorkday {
			y.Workdays = append(y.Workdays, d)
		} else {
			y.Holidays = append(y.Holidays, d)
		}
	}
	return y, rows.Err()
}

// List returns every stored year, newest first, with its counts of days.
func List(ctx context.Context, db *store.DB) ([]Summary, error) {
	rows, err := db.R.QueryContext(ctx, `SELECT y.year, y.source, y.updated_at, y.updated_by,
		COALESCE(SUM(CASE WHEN d.kind = 'holiday' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN d.kind = 'workday' THEN 1 ELSE 0 END), 0)
		FROM calendar_years y LEFT JOIN calendar_days d ON d.year = y.year
		GROUP BY y.year, y.source, y.updated_at, y.updated_by ORDER BY y.year DESC`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Summary{}
	for rows.Next() {
		var s Summary
		if err := rows.Scan(&s.Year, &s.Source, &s.UpdatedAt, &s.UpdatedBy, &s.Holidays, &s.Workdays); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// Load builds a law.Calendar from every stored year (one statement, so one
// consistent snapshot on both engines). A stored year that law.Calendar
// refuses is an error: deadlines must never be counted on a broken schedule.
func Load(ctx context.Context, db *store.DB) (*law.Calendar, error) {
	return load(ctx, db.R)
}

func load(ctx context.Context, q store.Querier) (*law.Calendar, error) {
	rows, err := q.QueryContext(ctx, `SELECT y.year, COALESCE(d.day, ''), COALESCE(d.kind, '')
		FROM calendar_years y LEFT JOIN calendar_days d ON d.year = y.year ORDER BY y.year, d.day`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	type lists struct{ hol, work []law.Date }
	years := map[int]*lists{}
	var order []int
	for rows.Next() {
		var year int
		var day, kind string
		if err := rows.Scan(&year, &day, &kind); err != nil {
			return nil, err
		}
		l := years[year]
		if l == nil {
			l = &lists{}
			years[year] = l
			order = append(order, year)
		}
		if day == "" {
			continue // a known year without any day off beyond weekends
		}
		d, err := law.ParseDate(day)
		if err != nil {
			return nil, fmt.Errorf("calendar_days %q: %w", day, err)
		}
		if kind == kindWorkday {
			l.work = append(l.work, d)
		} else {
			l.hol = append(l.hol, d)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	cal := law.NewCalendar()
	for _, y := range order {
		if err := cal.SetYear(y, years[y].hol, years[y].work); err != nil {
			return nil, fmt.Errorf("工作日历%d年数据无效：%w", y, err)
		}
	}
	return cal, nil
}

const (
	kindHoliday = "holiday"
	kindWorkday = "workday"
)

// insertDays writes the days of y in one statement.
func insertDays(ctx context.Context, tx store.Querier, year int, holidays, workdays []law.Date) error {
	if len(holidays)+len(workdays) == 0 {
		return nil
	}
	q := []byte(`INSERT INTO calendar_days (day, year, kind) VALUES `)
	args := make([]any, 0, 3*(len(holidays)+len(workdays)))
	add := func(d law.Date, kind string) {
		if len(args) > 0 {
			q = append(q, ',')
		}
		n := len(args)
		q = append(q, "($"+strconv.Itoa(n+1)+", $"+strconv.Itoa(n+2)+", $"+strconv.Itoa(n+3)+")"...)
		args = append(args, d.String(), year, kind)
	}
	for _, d := range holidays {
		add(d, kindHoliday)
	}
	for _, d := range workdays {
		add(d, kindWorkday)
	}
	_, err := tx.ExecContext(ctx, string(q), args...)
	return err
}
