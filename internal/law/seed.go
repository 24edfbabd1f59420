package law

// Default returns a new Calendar loaded with the official schedules known with certainty.
// Each call returns an independent copy. Years not listed here are unknown: computing
// across them fails with ErrYearUnknown until a schedule is loaded with SetYear.
//
// Sources (国务院办公厅 notices, text as published by 新华社):
//   - 2024: 国务院办公厅关于2024年部分节假日安排的通知, 国办发明电〔2023〕7号, 2023-10-25
//     (人民日报 2023-10-26 第6版; 国务院公报 2023年第31号).
//   - 2025: 国务院办公厅关于2025年部分节假日安排的通知, 国办发明电〔2024〕12号, 2024-11-12
//     (first year under the 全国年节及纪念日放假办法 as revised in November 2024: one more day
//     each for 春节 (除夕) and 劳动节 (5月2日)).
//   - 2026: 国务院办公厅关于2026年部分节假日安排的通知, 国办发明电〔2025〕7号, 2025-11-04
//     (新华社 text via 光明网 2025-11-04).
func Default() *Calendar {
	c := NewCalendar()
	for _, y := range seed {
		var hol, work []Date
		for _, r := range y.off {
			hol = append(hol, span(r[0], r[1])...)
		}
		for _, s := range y.work {
			work = append(work, MustParseDate(s))
		}
		if err := c.SetYear(y.year, hol, work); err != nil {
			panic("law: invalid seed: " + err.Error())
		}
	}
	return c
}

type seedYear struct {
	year int
	off  [][2]string // 放假调休 ranges, inclusive
	work []string    // weekend days that are working days
}

var seed = []seedYear{
	{ // 国办发明电〔2023〕7号
		year: 2024,
		off: [][2]string{
			{"2024-01-01", "2024-01-01"}, // 元旦, 与周末连休
			{"2024-02-10", "2024-02-17"}, // 春节 (除夕 2月9日 only "encouraged", a workday)
			{"2024-04-04", "2024-04-06"}, // 清明节
			{"2024-05-01", "2024-05-05"}, // 劳动节
			{"2024-06-10", "2024-06-10"}, // 端午节, 与周末连休
			{"2024-09-15", "2024-09-17"}, // 中秋节
			{"2024-10-01", "2024-10-07"}, // 国庆节
		},
		work: []string{
			"2024-02-04", "2024-02-18", // 春节 (Sun, Sun)
			"2024-04-07",               // 清明节 (Sun)
			"2024-04-28", "2024-05-11", // 劳动节 (Sun, Sat)
			"2024-09-14",               // 中秋节 (Sat)
			"2024-09-29", "2024-10-12", // 国庆节 (Sun, Sat)
		},
	},
	{ // 国办发明电〔2024〕12号
		year: 2025,
		off: [][2]string{
			{"2025-01-01", "2025-01-01"}, // 元旦, 不调休
			{"2025-01-28", "2025-02-04"}, // 春节, 除夕 to 正月初七
			{"2025-04-04", "2025-04-06"}, // 清明节
			{"2025-05-01", "2025-05-05"}, // 劳动节
			{"2025-05-31", "2025-06-02"}, // 端午节
			{"2025-10-01", "2025-10-08"}, // 国庆节、中秋节
		},
		work: []string{
			"2025-01-26", "2025-02-08", // 春节 (Sun, Sat)
			"2025-04-27",               // 劳动节 (Sun)
			"2025-09-28", "2025-10-11", // 国庆节、中秋节 (Sun, Sat)
		},
	},
	{ // 国办发明电〔2025〕7号
		year: 2026,
		off: [][2]string{
			{"2026-01-01", "2026-01-03"}, // 元旦
			{"2026-02-15", "2026-02-23"}, // 春节, 腊月二十八 to 正月初七
			{"2026-04-04", "2026-04-06"}, // 清明节
			{"2026-05-01", "2026-05-05"}, // 劳动节
			{"2026-06-19", "2026-06-21"}, // 端午节
			{"2026-09-25", "2026-09-27"}, // 中秋节
			{"2026-10-01", "2026-10-07"}, // 国庆节
		},
		work: []string{
			"2026-01-04",               // 元旦 (Sun)
			"2026-02-14", "2026-02-28", // 春节 (Sat, Sat)
			"2026-05-09",               // 劳动节 (Sat)
			"2026-09-20", "2026-10-10", // 国庆节 (Sun, Sat)
		},
	},
}

func span(from, to string) []Date {
	var out []Date
	for d, end := MustParseDate(from), MustParseDate(to); !d.After(end); d = d.AddDays(1) {
		out = append(out, d)
	}
	return out
}
