package law

import (
	"errors"
	"strings"
	"testing"
	"time"
)

var d = MustParseDate

func TestPeriods(t *testing.T) {
	cal := Default()
	type fn func(Date, int) (Date, error)
	work, days, months, years := cal.AddWorkdays, cal.AddCalendarDays, cal.AddMonths, cal.AddYears
	tests := []struct {
		article string
		f       fn
		start   string
		n       int
		want    string
	}{
		// Working days over 2024 Spring Festival: off 02-10..17, 调休 workdays 02-04 (Sun), 02-18 (Sun).
		{"处罚法85 (3日): 02-09 除夕 is a workday, then 02-18 调休 Sun, 02-19", work, "2024-02-08", 3, "2024-02-19"},
		{"处罚法85 (2日): Sat off, Sun 02-04 调休 workday counts", work, "2024-02-02", 2, "2024-02-05"},
		{"处罚法85 (2日): 02-03 Sat off, 02-04 调休 Sun is day 1", work, "2024-02-02", 1, "2024-02-04"},
		{"处罚法85 (5日): whole holiday skipped", work, "2024-02-09", 5, "2024-02-22"},
		{"民法典201: start day on a holiday is not counted", work, "2024-02-12", 1, "2024-02-18"},
		// National Day 2024: off 10-01..07, 调休 workdays 09-29 (Sun), 10-12 (Sat).
		{"处罚法61+85: 7-day delivery from a decision on 2024-09-27 ends on 10-12 调休 Sat", work, "2024-09-27", 7, "2024-10-12"},
		{"强制法69: 10-day period is working days", work, "2024-09-27", 10, "2024-10-16"},
		{"处罚法85 (3日): 2025 Spring Festival 01-28..02-04, 调休 01-26 Sun", work, "2025-01-24", 3, "2025-02-05"},
		{"处罚法85 (2日): crosses 2025/2026, 2026-01-01..03 off", work, "2025-12-31", 2, "2026-01-05"},
		{"处罚法85: n = 0 is the start day", work, "2024-10-03", 0, "2024-10-03"},

		// Calendar days (民法典201, 203).
		{"处罚法67 (15日) + 民法典203: last day 10-05 holiday rolls to 10-08", days, "2024-09-20", 15, "2024-10-08"},
		{"处罚法67 (15日) + 民法典203: last day Sat 03-16 rolls to Mon", days, "2024-03-01", 15, "2024-03-18"},
		{"处罚法67 (15日) + 民法典203: last day 10-12 is a 调休 Sat, no roll", days, "2024-09-27", 15, "2024-10-12"},
		{"处罚法60 (90日): calendar days, 民法典201", days, "2024-03-01", 90, "2024-05-30"},
		{"处罚法60 (90日) + 民法典203: last day 10-01 rolls past National Day", days, "2024-07-03", 90, "2024-10-08"},
		{"民法典201+203: calendar day from a holiday start", days, "2024-10-01", 1, "2024-10-08"},

		// Months and years (民法典202, 203).
		{"民法典202: 01-31 + 1 month = last day of February (leap year)", months, "2024-01-31", 1, "2024-02-29"},
		{"民法典202: 03-31 + 1 month = 04-30", months, "2024-03-31", 1, "2024-04-30"},
		{"民法典202: across a year end, no Feb 29 in 2025", months, "2024-12-31", 2, "2025-02-28"},
		{"民法典202: 2024-03-10 + 1 month = 04-10 (Wed)", months, "2024-03-10", 1, "2024-04-10"},
		{"民法典201: start inside 劳动节 is irrelevant, 06-04 (Tue)", months, "2024-05-04", 1, "2024-06-04"},
		{"民法典202: 2024-09-15 + 1 month = 10-15 (Tue)", months, "2024-09-15", 1, "2024-10-15"},
		{"民法典203: 2024-09-05 + 1 month = 10-05 holiday, rolls to 10-08", months, "2024-09-05", 1, "2024-10-08"},
		{"民法典202: 2024-02-29 + 1 year = 2025-02-28", years, "2024-02-29", 1, "2025-02-28"},
		{"处罚法36 (二年) + 民法典203: 2026-10-03 is a holiday, rolls to 10-08", years, "2024-10-03", 2, "2026-10-08"},
		{"处罚法36 (二年): anniversary on a workday", years, "2024-03-12", 2, "2026-03-12"},
	}
	for _, tt := range tests {
		t.Run(tt.article, func(t *testing.T) {
			got, err := tt.f(d(tt.start), tt.n)
			if err != nil {
				t.Fatalf("(%s, %d): %v", tt.start, tt.n, err)
			}
			if got.String() != tt.want {
				t.Errorf("(%s, %d) = %s, want %s", tt.start, tt.n, got, tt.want)
			}
		})
	}
}

func TestUnknownYear(t *testing.T) {
	cal := Default()
	tests := []struct {
		article string
		call    func() (Date, error)
		year    int
	}{
		{"处罚法85: working days running into 2027", func() (Date, error) { return cal.AddWorkdays(d("2026-12-30"), 5) }, 2027},
		{"处罚法85: start in 2019 is fine, counting through it is not", func() (Date, error) { return cal.AddWorkdays(d("2019-12-28"), 3) }, 2019},
		{"处罚法67 + 民法典203: last day in 2027", func() (Date, error) { return cal.AddCalendarDays(d("2026-12-20"), 15) }, 2027},
		{"处罚法36 (五年): 2029 not loaded", func() (Date, error) { return cal.AddYears(d("2024-05-01"), 5) }, 2029},
		{"民法典202: month period ending in 2027", func() (Date, error) { return cal.AddMonths(d("2026-12-01"), 1) }, 2027},
	}
	for _, tt := range tests {
		t.Run(tt.article, func(t *testing.T) {
			got, err := tt.call()
			if !errors.Is(err, ErrYearUnknown) {
				t.Fatalf("got %v, %v; want ErrYearUnknown", got, err)
			}
			var ye *YearUnknownError
			if !errors.As(err, &ye) || ye.Year != tt.year {
				t.Fatalf("err = %v, want year %d", err, tt.year)
			}
			want := "缺少" + itoa(tt.year) + "年的节假日安排"
			if err.Error() != want {
				t.Errorf("message %q, want %q", err, want)
			}
		})
	}
	// A calendar-day period whose start is in an unknown year but whose last day is known is fine.
	if got, err := cal.AddCalendarDays(d("2019-12-25"), 15); err != nil || got.String() != "2020-01-09" {
		t.Errorf("2019-12-25 + 15 = %v, %v; want 2020-01-09", got, err)
	}
	if _, err := cal.IsWorkday(d("2019-06-01")); !errors.Is(err, ErrYearUnknown) {
		t.Errorf("IsWorkday(2019) err = %v", err)
	}
	for y := 2019; y <= 2027; y++ {
		if cal.Known(y) != (y >= 2020 && y <= 2026) {
			t.Errorf("Known(%d) = %v; want exactly 2020..2026", y, cal.Known(y))
		}
	}
}

func itoa(n int) string { return time.Date(n, 1, 1, 0, 0, 0, 0, time.UTC).Format("2006") }

func TestIsWorkday(t *testing.T) {
	cal := Default()
	tests := []struct {
		date string
		want bool
		why  string
	}{
		{"2024-02-09", true, "2024 除夕 is not a holiday"},
		{"2024-02-04", true, "调休 Sunday"},
		{"2024-02-10", false, "春节"},
		{"2024-02-17", false, "春节 last day (Sat)"},
		{"2024-06-10", false, "端午节 Monday"},
		{"2024-10-12", true, "调休 Saturday"},
		{"2024-10-13", false, "ordinary Sunday"},
		{"2024-10-14", true, "ordinary Monday"},
		{"2025-01-26", true, "调休 Sunday"},
		{"2025-01-28", false, "2025 除夕 is a holiday (放假办法 2024 revision)"},
		{"2025-05-05", false, "劳动节 5 days"},
		{"2025-10-08", false, "国庆节、中秋节 8 days"},
		{"2025-10-11", true, "调休 Saturday"},
		{"2026-01-04", true, "调休 Sunday"},
		{"2026-02-23", false, "春节 正月初七"},
		{"2026-02-28", true, "调休 Saturday"},
		{"2026-09-20", true, "调休 Sunday"},
		{"2026-10-08", true, "after 国庆节"},
	}
	for _, tt := range tests {
		got, err := cal.IsWorkday(d(tt.date))
		if err != nil || got != tt.want {
			t.Errorf("IsWorkday(%s) = %v, %v; want %v (%s)", tt.date, got, err, tt.want, tt.why)
		}
	}
	// Days off per year in the seed, as announced (ranges incl. weekend days inside them).
	for year, want := range map[int][2]int{2024: {28, 8}, 2025: {28, 5}, 2026: {33, 6}} {
		s := cal.years[year]
		if len(s.holidays) != want[0] || len(s.workdays) != want[1] {
			t.Errorf("%d: %d holidays, %d workdays; want %v", year, len(s.holidays), len(s.workdays), want)
		}
	}
}

func TestSetYearValidation(t *testing.T) {
	tests := []struct {
		name     string
		holidays []Date
		workdays []Date
		wantErr  string
	}{
		{"holiday outside the year", []Date{d("2025-01-01")}, nil, "节假日2025-01-01不在2024年内"},
		{"调休 workday outside the year", nil, []Date{d("2023-12-31")}, "调休上班日2023-12-31不在2024年内"},
		{"调休 workday on a weekday", nil, []Date{d("2024-02-05")}, "调休上班日2024-02-05不是周六或周日"},
		{"both holiday and workday", []Date{d("2024-02-04")}, []Date{d("2024-02-04")}, "2024-02-04不能既是节假日又是调休上班日"},
		{"invalid date", []Date{{2024, 2, 30}}, nil, "不是有效日期"},
		{"valid", []Date{d("2024-10-01"), d("2024-10-06")}, []Date{d("2024-10-12")}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c Calendar // zero value is usable
			err := c.SetYear(2024, tt.holidays, tt.workdays)
			if tt.wantErr == "" {
				if err != nil || !c.Known(2024) {
					t.Fatalf("err = %v, known = %v", err, c.Known(2024))
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want %q", err, tt.wantErr)
			}
			if c.Known(2024) {
				t.Error("failed SetYear must leave the year unknown")
			}
		})
	}
	c := Default()
	if err := c.SetYear(2024, []Date{d("2025-01-01")}, nil); err == nil || !c.Known(2024) {
		t.Fatalf("failed SetYear must keep the old schedule: %v", err)
	}
	if err := c.SetYear(1800, nil, nil); err == nil {
		t.Error("year 1800 accepted")
	}
}

func TestArgs(t *testing.T) {
	cal := Default()
	if _, err := cal.AddWorkdays(d("2024-01-02"), -1); err == nil {
		t.Error("negative n accepted")
	}
	if _, err := cal.AddCalendarDays(Date{}, 1); err == nil {
		t.Error("zero Date accepted")
	}
	if _, err := ParseDate("2024-02-30"); err == nil {
		t.Error("ParseDate(2024-02-30) accepted")
	}
	if _, err := ParseDate("2024-2-3"); err == nil {
		t.Error("ParseDate(2024-2-3) accepted")
	}
	if s := d("2024-10-08").String(); s != "2024-10-08" {
		t.Errorf("String = %s", s)
	}
	var x Date
	if err := x.UnmarshalText([]byte("2025-02-28")); err != nil || x != (Date{2025, time.February, 28}) {
		t.Errorf("UnmarshalText = %v, %v", x, err)
	}
}

func TestAddHours(t *testing.T) {
	// 两法衔接: 24 hours from the event instant, days off included.
	loc := time.FixedZone("CST", 8*3600)
	at := time.Date(2024, 9, 30, 16, 30, 0, 0, loc)
	if got, want := AddHours(at, 24), time.Date(2024, 10, 1, 16, 30, 0, 0, loc); !got.Equal(want) {
		t.Errorf("AddHours = %v, want %v", got, want)
	}
}

func FuzzAddWorkdays(f *testing.F) {
	cal := Default()
	first := d("2024-01-01")
	const loaded = 366 + 365 + 365 // 2024..2026
	f.Add(uint16(0), uint16(0))
	f.Add(uint16(39), uint16(3))     // 2024-02-09
	f.Add(uint16(270), uint16(7))    // 2024-09-27
	f.Add(uint16(1094), uint16(400)) // 2026-12-30, runs into 2027
	f.Fuzz(func(t *testing.T, off, nn uint16) {
		start := first.AddDays(int(off) % loaded)
		n := int(nn) % 401
		got, err := cal.AddWorkdays(start, n)
		if err != nil {
			if !errors.Is(err, ErrYearUnknown) {
				t.Fatalf("AddWorkdays(%s, %d): %v", start, n, err)
			}
			return
		}
		if n == 0 {
			if got != start {
				t.Fatalf("AddWorkdays(%s, 0) = %s", start, got)
			}
			return
		}
		if !got.After(start) {
			t.Fatalf("AddWorkdays(%s, %d) = %s, not after start", start, n, got)
		}
		if ok, _ := cal.IsWorkday(got); !ok {
			t.Fatalf("AddWorkdays(%s, %d) = %s, not a workday", start, n, got)
		}
		count := 0
		for x := start.AddDays(1); !x.After(got); x = x.AddDays(1) {
			if ok, _ := cal.IsWorkday(x); ok {
				count++
			}
		}
		if count != n {
			t.Fatalf("AddWorkdays(%s, %d) = %s with %d workdays in between", start, n, got, count)
		}
	})
}
