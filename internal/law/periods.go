package law

import (
	"fmt"
	"time"
)

// All period functions return the last allowed day: an act on that day is in time.
// The start day is never counted (民法典 第二百零一条).

// AddWorkdays returns the n-th working day after start: a period of n working days
// (行政处罚法 第八十五条: "二日""三日""五日""七日" are working days; 行政强制法 第六十九条:
// periods of ten days or less are working days). The start day is not counted even if it
// is a working day (民法典 第二百零一条). For n = 0 it returns start. Every day examined
// must lie in a loaded year, otherwise the error matches ErrYearUnknown.
func (c *Calendar) AddWorkdays(start Date, n int) (Date, error) {
	if err := checkArgs(start, n); err != nil {
		return Date{}, err
	}
	d := start
	for n > 0 {
		d = d.AddDays(1)
		ok, err := c.IsWorkday(d)
		if err != nil {
			return Date{}, err
		}
		if ok {
			n--
		}
	}
	return d, nil
}

// AddCalendarDays returns the last day of a period of n calendar days starting on start:
// start + n (民法典 第二百零一条, start day not counted), moved to the next working day if
// that day is a day off (民法典 第二百零三条: a weekend that is not a 调休 workday, or a
// statutory holiday). Used e.g. for the 15-day payment period (行政处罚法 第六十七条) and
// the 90-day case period (行政处罚法 第六十条).
func (c *Calendar) AddCalendarDays(start Date, n int) (Date, error) {
	if err := checkArgs(start, n); err != nil {
		return Date{}, err
	}
	return c.rollForward(start.AddDays(n))
}

// AddMonths returns the last day of a period of n months starting on start: the
// corresponding day of the last month, or that month's last day if it has no such day
// (民法典 第二百零二条: 2024-01-31 + 1 month = 2024-02-29), then moved forward past days
// off (民法典 第二百零三条).
func (c *Calendar) AddMonths(start Date, n int) (Date, error) {
	if err := checkArgs(start, n); err != nil {
		return Date{}, err
	}
	return c.rollForward(correspondingDay(start, n))
}

// AddYears returns the last day of a period of n years starting on start (民法典 第二百零二条,
// 2024-02-29 + 1 year = 2025-02-28), then moved forward past days off (第二百零三条).
func (c *Calendar) AddYears(start Date, n int) (Date, error) {
	if n > 9999 {
		return Date{}, fmt.Errorf("期间%d年过长", n)
	}
	return c.AddMonths(start, 12*n)
}

// Anniversary returns the last day of a period of n years starting on start by 民法典
// 第二百零二条 alone, without the roll-forward of 第二百零三条. It is for bars and caps that
// are not an act someone must do on a working day: 行政处罚法 第三十六条 (a violation not
// discovered within 2 or 5 years is no longer punished) is a limit on the state, and its end
// is not moved by a day off (exchange v1.1, "Counting periods").
func Anniversary(start Date, n int) (Date, error) {
	if !start.Valid() {
		return Date{}, fmt.Errorf("无效起算日期%v", start)
	}
	if n < 0 || n > 9999 {
		return Date{}, fmt.Errorf("期间%d年无效", n)
	}
	return correspondingDay(start, 12*n), nil
}

// AddHours returns instant + h hours, for hour clocks such as the 24-hour transfer period
// (两法衔接). Hours are elapsed time from the event instant; days off do not stop the clock.
func AddHours(instant time.Time, h int) time.Time {
	return instant.Add(time.Duration(h) * time.Hour)
}

func checkArgs(start Date, n int) error {
	if !start.Valid() {
		return fmt.Errorf("无效起算日期%v", start)
	}
	if n < 0 {
		return fmt.Errorf("期间不能为负数：%d", n)
	}
	if n > 1_000_000 {
		return fmt.Errorf("期间%d过长", n)
	}
	return nil
}

// correspondingDay is 民法典 第二百零二条 without the roll-forward.
func correspondingDay(start Date, months int) Date {
	t := time.Date(start.Y, start.M+time.Month(months), 1, 0, 0, 0, 0, time.UTC)
	y, m := t.Year(), t.Month()
	return Date{y, m, min(start.D, daysIn(y, m))}
}

// rollForward applies 民法典 第二百零三条: a last day that is a day off becomes the first
// working day after it.
func (c *Calendar) rollForward(d Date) (Date, error) {
	for {
		ok, err := c.IsWorkday(d)
		if err != nil {
			return Date{}, err
		}
		if ok {
			return d, nil
		}
		d = d.AddDays(1)
	}
}
