package law

import (
	"fmt"
	"time"
)

// Date is a calendar date without time of day or zone (a civil date).
// The zero value is not a valid date.
type Date struct {
	Y int
	M time.Month
	D int
}

const dateLayout = "2006-01-02"

// NewDate returns the date y-m-d, normalised like time.Date (2024-02-30 becomes 2024-03-01).
func NewDate(y int, m time.Month, d int) Date {
	return fromTime(time.Date(y, m, d, 0, 0, 0, 0, time.UTC))
}

// DateOf returns the civil date of t in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// ParseDate parses "YYYY-MM-DD" and rejects dates that do not exist.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(dateLayout, s)
	if err != nil {
		return Date{}, fmt.Errorf("无效日期 %q：应为 YYYY-MM-DD 格式的真实日期", s)
	}
	return fromTime(t), nil
}

// MustParseDate is ParseDate for constants; it panics on error.
func MustParseDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func fromTime(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

func (d Date) time() time.Time { return time.Date(d.Y, d.M, d.D, 0, 0, 0, 0, time.UTC) }

// Valid reports whether d names a real calendar date.
func (d Date) Valid() bool { return d.Y > 0 && d.Y <= 9999 && fromTime(d.time()) == d }

// String formats d as "YYYY-MM-DD".
func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Y, int(d.M), d.D) }

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday { return d.time().Weekday() }

// AddDays returns d plus n days (n may be negative).
func (d Date) AddDays(n int) Date { return fromTime(d.time().AddDate(0, 0, n)) }

// Compare returns -1, 0 or +1 as d is before, equal to or after o.
func (d Date) Compare(o Date) int { return d.time().Compare(o.time()) }

// Before reports whether d is before o.
func (d Date) Before(o Date) bool { return d.Compare(o) < 0 }

// After reports whether d is after o.
func (d Date) After(o Date) bool { return d.Compare(o) > 0 }

// MarshalText implements encoding.TextMarshaler ("YYYY-MM-DD").
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler ("YYYY-MM-DD").
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}
