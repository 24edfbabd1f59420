package law

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

// TestSeed2020to2023 counts periods across the Spring Festival and National Day
// of 2020–2023 with their 调休 weekends, as the 国务院办公厅 notices fixed them.
func TestSeed2020to2023(t *testing.T) {
	cal := Default()
	type fn func(Date, int) (Date, error)
	work, days := cal.AddWorkdays, cal.AddCalendarDays
	tests := []struct {
		name  string
		f     fn
		start string
		n     int
		want  string
	}{
		// 2020 春节: 01-24..01-30 (〔2019〕16号), extended to 02-02 (〔2020〕1号); 调休 01-19 (Sun);
		// the 02-01 (Sat) workday fell away with the extension.
		{"2020 春节: day before 除夕 + 1 workday = 02-03 (extension)", work, "2020-01-23", 1, "2020-02-03"},
		{"2020 春节: 01-19 调休 Sun is the first workday after Fri 01-17", work, "2020-01-17", 1, "2020-01-19"},
		{"2020 春节: 01-19 (1), 01-20 (2)", work, "2020-01-17", 2, "2020-01-20"},
		{"2020 春节 + 民法典203: 15 days to Sat 02-01, now off, rolls to 02-03", days, "2020-01-17", 15, "2020-02-03"},
		// 2020 国庆节、中秋节: 10-01..10-08; 调休 09-27 (Sun), 10-10 (Sat).
		{"2020 国庆: day before + 1 workday = 10-09", work, "2020-09-30", 1, "2020-10-09"},
		{"2020 国庆: + 2 workdays = 10-10 调休 Sat", work, "2020-09-30", 2, "2020-10-10"},
		{"2020 国庆: 09-27 调休 Sun after Fri 09-25", work, "2020-09-25", 1, "2020-09-27"},
		{"2020 处罚法61+85: 7 workdays from Mon 09-28 = 10-14", work, "2020-09-28", 7, "2020-10-14"},
		{"2019/2020: 元旦 01-01 off, 01-02 (start day in an unknown year is not examined)", work, "2019-12-31", 1, "2020-01-02"},

		// 2021 春节: 02-11..02-17; 调休 02-07 (Sun), 02-20 (Sat).
		{"2021 春节: day before + 1 workday = 02-18", work, "2021-02-10", 1, "2021-02-18"},
		{"2021 春节: + 3 workdays = 02-20 调休 Sat", work, "2021-02-10", 3, "2021-02-20"},
		{"2021 春节: 02-07 调休 Sun after Fri 02-05", work, "2021-02-05", 1, "2021-02-07"},
		{"2021 春节 + 民法典203: 15 days to 02-16, rolls to 02-18", days, "2021-02-01", 15, "2021-02-18"},
		// 2021 中秋节 09-19..21 (调休 09-18 Sat), 国庆节 10-01..07 (调休 09-26 Sun, 10-09 Sat).
		{"2021 中秋: 09-18 调休 Sat", work, "2021-09-17", 1, "2021-09-18"},
		{"2021 中秋: 09-18 (1), 09-22 (2)", work, "2021-09-17", 2, "2021-09-22"},
		{"2021 国庆: 09-26 调休 Sun after Fri 09-24", work, "2021-09-24", 1, "2021-09-26"},
		{"2021 国庆: day before + 1 workday = 10-08", work, "2021-09-30", 1, "2021-10-08"},
		{"2021 国庆: + 2 workdays = 10-09 调休 Sat", work, "2021-09-30", 2, "2021-10-09"},

		// 2022 元旦 01-01..03; 春节 01-31..02-06, 调休 01-29 (Sat), 01-30 (Sun).
		{"2021/2022 元旦: 12-31 + 1 workday = 01-04", work, "2021-12-31", 1, "2022-01-04"},
		{"2022 春节: 01-29 调休 Sat", work, "2022-01-28", 1, "2022-01-29"},
		{"2022 春节: 01-30 调休 Sun", work, "2022-01-28", 2, "2022-01-30"},
		{"2022 春节: then the whole holiday, 02-07", work, "2022-01-28", 3, "2022-02-07"},
		{"2022 清明: 04-02 调休 Sat", work, "2022-04-01", 1, "2022-04-02"},
		// 2022 国庆节: 10-01..10-07; 调休 10-08 (Sat), 10-09 (Sun).
		{"2022 国庆: day before + 1 workday = 10-08 调休 Sat", work, "2022-09-30", 1, "2022-10-08"},
		{"2022 国庆: + 3 workdays = 10-10", work, "2022-09-30", 3, "2022-10-10"},
		{"2022 国庆 + 民法典203: 15 days to 10-01, rolls to 10-08 调休 Sat", days, "2022-09-16", 15, "2022-10-08"},

		// 2023 元旦 2022-12-31..2023-01-02; 春节 01-21..01-27, 调休 01-28 (Sat), 01-29 (Sun).
		{"2022/2023 元旦: Fri 12-30 + 1 workday = 01-03", work, "2022-12-30", 1, "2023-01-03"},
		{"2023 春节: day before + 1 workday = 01-28 调休 Sat", work, "2023-01-20", 1, "2023-01-28"},
		{"2023 春节: + 3 workdays = 01-30", work, "2023-01-20", 3, "2023-01-30"},
		// 2023 中秋节、国庆节: 09-29..10-06; 调休 10-07 (Sat), 10-08 (Sun).
		{"2023 国庆: day before + 1 workday = 10-07 调休 Sat", work, "2023-09-28", 1, "2023-10-07"},
		{"2023 处罚法61+85: 7 workdays = 10-13", work, "2023-09-28", 7, "2023-10-13"},
		{"2023 处罚法67 + 民法典203: 15 days to 10-05, rolls to 10-07 调休 Sat", days, "2023-09-20", 15, "2023-10-07"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
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

func TestSeedIsWorkday2020to2023(t *testing.T) {
	cal := Default()
	for _, tt := range []struct {
		date string
		want bool
		why  string
	}{
		{"2020-01-19", true, "春节调休 Sunday"},
		{"2020-01-31", false, "春节 as extended"},
		{"2020-02-01", false, "调休 Saturday cancelled by 国办发明电〔2020〕1号"},
		{"2020-02-02", false, "last day of the extension (Sun)"},
		{"2020-02-03", true, "back to work"},
		{"2020-06-28", true, "端午节调休 Sunday"},
		{"2020-10-08", false, "国庆节、中秋节 8th day"},
		{"2021-02-20", true, "春节调休 Saturday"},
		{"2021-06-14", false, "端午节 Monday"},
		{"2021-09-18", true, "中秋节调休 Saturday"},
		{"2022-01-29", true, "春节调休 Saturday"},
		{"2022-01-30", true, "春节调休 Sunday"},
		{"2022-01-31", false, "2022 除夕"},
		{"2022-04-05", false, "清明节 Tuesday"},
		{"2022-10-09", true, "国庆节调休 Sunday"},
		{"2022-12-31", false, "Saturday (start of the 2023 元旦 break)"},
		{"2023-01-02", false, "元旦 Monday"},
		{"2023-04-04", true, "ordinary Tuesday"},
		{"2023-04-05", false, "清明节 Wednesday, one day"},
		{"2023-06-25", true, "端午节调休 Sunday"},
		{"2023-10-06", false, "中秋节、国庆节 last day (Fri)"},
		{"2023-10-08", true, "调休 Sunday"},
	} {
		got, err := cal.IsWorkday(d(tt.date))
		if err != nil || got != tt.want {
			t.Errorf("IsWorkday(%s) = %v, %v; want %v (%s)", tt.date, got, err, tt.want, tt.why)
		}
	}
	// Days off and 调休 workdays per year, as announced ("共N天" summed; weekend days inside ranges included).
	for year, want := range map[int][2]int{2020: {30, 6}, 2021: {31, 7}, 2022: {31, 7}, 2023: {26, 7}, 2024: {28, 8}, 2025: {28, 5}, 2026: {33, 6}} {
		hol, work, ok := cal.Schedule(year)
		if !ok || len(hol) != want[0] || len(work) != want[1] {
			t.Errorf("%d: %d holidays, %d workdays (ok %v); want %v", year, len(hol), len(work), ok, want)
		}
		if !slices.IsSortedFunc(hol, Date.Compare) || !slices.IsSortedFunc(work, Date.Compare) {
			t.Errorf("%d: Schedule not sorted", year)
		}
		if src := Source(year); !strings.Contains(src, "国办发明电") || !strings.Contains(src, itoa(year)+"年") {
			t.Errorf("Source(%d) = %q", year, src)
		}
	}
	if hol, _, _ := cal.Schedule(2020); hol[0] != d("2020-01-01") || hol[1] != d("2020-01-24") || hol[10] != d("2020-02-02") {
		t.Errorf("2020 holidays start %v", hol[:11])
	}
	if !strings.Contains(Source(2020), "〔2020〕1号") || Source(2019) != "" {
		t.Errorf("Source(2020) = %q, Source(2019) = %q", Source(2020), Source(2019))
	}
	if _, _, ok := cal.Schedule(2019); ok {
		t.Error("Schedule(2019) ok")
	}
}

func TestYears(t *testing.T) {
	if got := Default().Years(); !slices.Equal(got, []int{2020, 2021, 2022, 2023, 2024, 2025, 2026}) {
		t.Errorf("Default().Years() = %v", got)
	}
	if got := NewCalendar().Years(); len(got) != 0 {
		t.Errorf("empty calendar Years() = %v", got)
	}
	var c Calendar
	c.SetYear(2030, nil, nil)
	c.SetYear(2001, nil, nil)
	if got := c.Years(); !slices.Equal(got, []int{2001, 2030}) {
		t.Errorf("Years() = %v, want [2001 2030]", got)
	}
}

func TestLenient(t *testing.T) {
	strict := Default()
	cal := strict.Lenient()
	// Unloaded years: Monday–Friday work, Saturday and Sunday off — even on 元旦 2027.
	for _, tt := range []struct {
		date string
		want bool
	}{
		{"2027-01-01", true}, {"2027-01-02", false}, {"2027-01-03", false}, {"2027-01-04", true},
		{"2019-10-01", true}, {"2019-10-05", false},
		// Loaded years keep their schedule.
		{"2024-10-01", false}, {"2024-10-12", true}, {"2020-02-01", false}, {"2023-10-08", true},
	} {
		got, err := cal.IsWorkday(d(tt.date))
		if err != nil || got != tt.want {
			t.Errorf("lenient IsWorkday(%s) = %v, %v; want %v", tt.date, got, err, tt.want)
		}
	}
	// 处罚法85 across 2026/2027: strict fails, lenient counts weekdays.
	if _, err := strict.AddWorkdays(d("2026-12-30"), 5); !errors.Is(err, ErrYearUnknown) {
		t.Fatalf("strict err = %v", err)
	}
	if got, err := cal.AddWorkdays(d("2026-12-30"), 5); err != nil || got.String() != "2027-01-06" {
		t.Errorf("lenient AddWorkdays(2026-12-30, 5) = %v, %v; want 2027-01-06", got, err)
	}
	// 民法典203 in an unloaded year: Sat 2027-03-06 rolls to Mon.
	if got, err := cal.AddCalendarDays(d("2027-03-01"), 5); err != nil || got.String() != "2027-03-08" {
		t.Errorf("lenient AddCalendarDays = %v, %v; want 2027-03-08", got, err)
	}
	// 处罚法36 (五年) from 2024: 2029 not loaded, lenient gives the anniversary or the next weekday.
	if got, err := cal.AddYears(d("2024-05-01"), 5); err != nil || got.String() != "2029-05-01" {
		t.Errorf("lenient AddYears = %v, %v; want 2029-05-01 (Tue)", got, err)
	}
	if _, err := cal.IsWorkday(Date{2027, 2, 30}); err == nil {
		t.Error("lenient accepted an invalid date")
	}
	// Known and Years report loaded schedules only.
	if cal.Known(2027) || !cal.Known(2024) || !slices.Equal(cal.Years(), strict.Years()) {
		t.Errorf("lenient Known/Years: %v", cal.Years())
	}
	// The copy is independent of the original, both ways.
	if err := strict.SetYear(2027, []Date{d("2027-01-01")}, nil); err != nil {
		t.Fatal(err)
	}
	if ok, _ := cal.IsWorkday(d("2027-01-01")); !ok {
		t.Error("SetYear on the original reached the lenient copy")
	}
	if err := cal.SetYear(2028, []Date{d("2028-01-03")}, nil); err != nil {
		t.Fatal(err)
	}
	if ok, _ := cal.IsWorkday(d("2028-01-03")); ok {
		t.Error("a schedule loaded into the lenient calendar is ignored")
	}
	if strict.Known(2028) {
		t.Error("SetYear on the lenient copy reached the original")
	}
	// The original stays strict.
	if _, err := strict.IsWorkday(d("2029-01-01")); !errors.Is(err, ErrYearUnknown) {
		t.Errorf("original became lenient: %v", err)
	}
	// An empty calendar made lenient is a plain weekday calendar.
	if got, err := NewCalendar().Lenient().AddWorkdays(d("2024-02-08"), 3); err != nil || got.String() != "2024-02-13" {
		t.Errorf("empty lenient AddWorkdays = %v, %v; want 2024-02-13", got, err)
	}
}
