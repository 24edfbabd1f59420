// Package law is the one place that computes legal periods (期间): working-day periods
// (行政处罚法 第八十五条, 行政强制法 第六十九条), calendar-day, month and year periods
// (民法典 第二百零一条 to 第二百零三条) and hour clocks. Functions are pure given a Calendar;
// see spec/exchange-v1.md "Counting periods".
package law

import (
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"
)

// ErrYearUnknown matches (errors.Is) every error caused by a date in a year whose holiday
// schedule is not loaded. The law never lets us assume a year has no 调休.
var ErrYearUnknown = errors.New("缺少节假日安排")

// YearUnknownError names the missing year; errors.Is(err, ErrYearUnknown) holds.
type YearUnknownError struct{ Year int }

func (e *YearUnknownError) Error() string {
	return fmt.Sprintf("缺少%d年的节假日安排", e.Year)
}

// Is makes errors.Is(err, ErrYearUnknown) true.
func (e *YearUnknownError) Is(target error) bool { return target == ErrYearUnknown }

type yearSchedule struct {
	holidays map[Date]bool // 法定节假日 incl. bridged days off (放假调休)
	workdays map[Date]bool // 调休上班的周六、周日
}

// Calendar holds, per year, the statutory holidays and the weekend days that are working
// days (调休). The zero value is an empty calendar ready to use. It is safe for concurrent
// use.
type Calendar struct {
	mu    sync.RWMutex
	years map[int]yearSchedule
	// lenient: a year without a schedule counts Monday–Friday as working days
	// instead of failing with ErrYearUnknown (see Lenient).
	lenient bool
}

// NewCalendar returns an empty calendar.
func NewCalendar() *Calendar { return &Calendar{} }

// SetYear loads (or replaces) the schedule of year. holidays are all days off announced
// for the year (including weekend days inside a 放假调休 range); workdays are the
// Saturdays and Sundays announced as working days. On error the calendar is unchanged.
func (c *Calendar) SetYear(year int, holidays, workdays []Date) error {
	if year < 1949 || year > 9999 {
		return fmt.Errorf("年份%d超出范围", year)
	}
	s := yearSchedule{holidays: map[Date]bool{}, workdays: map[Date]bool{}}
	for _, d := range holidays {
		if !d.Valid() {
			return fmt.Errorf("节假日%v不是有效日期", d)
		}
		if d.Y != year {
			return fmt.Errorf("节假日%s不在%d年内", d, year)
		}
		s.holidays[d] = true
	}
	for _, d := range workdays {
		if !d.Valid() {
			return fmt.Errorf("调休上班日%v不是有效日期", d)
		}
		if d.Y != year {
			return fmt.Errorf("调休上班日%s不在%d年内", d, year)
		}
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
			return fmt.Errorf("调休上班日%s不是周六或周日", d)
		}
		if s.holidays[d] {
			return fmt.Errorf("%s不能既是节假日又是调休上班日", d)
		}
		s.workdays[d] = true
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.years == nil {
		c.years = map[int]yearSchedule{}
	}
	c.years[year] = s
	return nil
}

// Known reports whether the schedule of year is loaded.
func (c *Calendar) Known(year int) bool {
	c.mu.RLock()
	defer c.mu.RUnlock()
	_, ok := c.years[year]
	return ok
}

// IsWorkday reports whether d is a working day: not a statutory holiday, and either
// Monday–Friday or a weekend day announced as a 调休 workday. It returns a
// *YearUnknownError if d's year is not loaded, unless c is lenient (see Lenient).
func (c *Calendar) IsWorkday(d Date) (bool, error) {
	if !d.Valid() {
		return false, fmt.Errorf("无效日期%v", d)
	}
	c.mu.RLock()
	s, ok := c.years[d.Y]
	c.mu.RUnlock()
	if !ok && !c.lenient {
		return false, &YearUnknownError{Year: d.Y}
	}
	if s.holidays[d] {
		return false, nil
	}
	if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return s.workdays[d], nil
	}
	return true, nil
}

// Lenient returns a copy of c that, for a year with no loaded schedule, treats
// Saturdays and Sundays as days off and every other day as a working day
// instead of failing with ErrYearUnknown. Case rules use it so that a case in a
// year whose 国务院办公厅 notice is not loaded yet still gets deadlines
// (行政处罚法 第八十五条 working days, 民法典 第二百零三条 roll-forward); such a
// deadline may be early or late by the holidays of that year. The copy is
// independent: later SetYear calls on c do not reach it.
func (c *Calendar) Lenient() *Calendar {
	c.mu.RLock()
	defer c.mu.RUnlock()
	out := &Calendar{years: make(map[int]yearSchedule, len(c.years)), lenient: true}
	for y, s := range c.years {
		out.years[y] = s // schedules are never mutated after SetYear
	}
	return out
}

// Years returns the years whose schedule is loaded, in ascending order.
func (c *Calendar) Years() []int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	out := make([]int, 0, len(c.years))
	for y := range c.years {
		out = append(out, y)
	}
	slices.Sort(out)
	return out
}

// Schedule returns the loaded schedule of year, each list in ascending order:
// the days off (holidays) and the weekend days that are working days (workdays).
// ok is false if the year is not loaded.
func (c *Calendar) Schedule(year int) (holidays, workdays []Date, ok bool) {
	c.mu.RLock()
	s, ok := c.years[year]
	c.mu.RUnlock()
	if !ok {
		return nil, nil, false
	}
	return sortedDates(s.holidays), sortedDates(s.workdays), true
}

func sortedDates(m map[Date]bool) []Date {
	out := make([]Date, 0, len(m))
	for d := range m {
		out = append(out, d)
	}
	slices.SortFunc(out, Date.Compare)
	return out
}
