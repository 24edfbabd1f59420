package calendarweb

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/calendar"
	"zfjd/internal/law"
	"zfjd/internal/web/webkit"
)

// The working-day calendar pages: a list of years and, per year, a month grid
// with days off and 调休 workdays, plus the edit form for administrators.
// Working-day periods (处罚法 Art. 85, 行政强制法 Art. 69) and the last-day
// roll-forward (民法典 Art. 203) are counted with what is shown here.

type calendarListData struct {
	Years     []calendar.Summary
	CanChange bool
}

func (h *Handler) calendarList(w http.ResponseWriter, r *http.Request) {
	// The "open a year" form submits ?year=.
	if y := strings.TrimSpace(r.URL.Query().Get("year")); y != "" {
		http.Redirect(w, r, "/calendar/"+digitsOnly(y), http.StatusSeeOther)
		return
	}
	list, err := calendar.List(r.Context(), h.DB)
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	h.Render(w, r, http.StatusOK, "calendar", &webkit.View{Title: "工作日历", Active: "calendar",
		Data: calendarListData{list, auth.MayChange(auth.From(r.Context()), auth.KindCalendar)}})
}

// digitsOnly keeps only digits, so the redirect stays on this site.
func digitsOnly(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}

type calDay struct {
	Day  int
	Date string
	// Off: a day off; Holiday: a listed day off (放假), not an ordinary
	// weekend; Adj: a weekend day that is a working day (调休上班).
	Blank, Off, Holiday, Adj bool
}

type calMonth struct {
	Month int
	Weeks [][]calDay
}

type calendarYearData struct {
	Year      int
	Stored    *calendar.Year // nil: not stored
	Months    []calMonth
	Workdays  int // working days in the year
	CanChange bool
	// The form: one date per line.
	Holidays, Adjusted, Source string
	Problems                   []string
}

// calendarMonths lays out year Monday-first, marking days with cal and the
// listed days off; it also counts the year's working days.
func calendarMonths(year int, cal *law.Calendar, listed map[law.Date]bool) ([]calMonth, int) {
	var months []calMonth
	workdays := 0
	for m := time.January; m <= time.December; m++ {
		first := law.NewDate(year, m, 1)
		lead := (int(first.Weekday()) + 6) % 7 // Monday = 0
		var days []calDay
		for range lead {
			days = append(days, calDay{Blank: true})
		}
		for d := first; d.M == m; d = d.AddDays(1) {
			work, err := cal.IsWorkday(d)
			if err != nil {
				work = true
			}
			if work {
				workdays++
			}
			wd := d.Weekday()
			weekend := wd == time.Saturday || wd == time.Sunday
			days = append(days, calDay{Day: d.D, Date: d.String(), Off: !work, Holiday: !work && (!weekend || listed[d]), Adj: work && weekend})
		}
		for len(days)%7 != 0 {
			days = append(days, calDay{Blank: true})
		}
		cm := calMonth{Month: int(m)}
		for i := 0; i < len(days); i += 7 {
			cm.Weeks = append(cm.Weeks, days[i:i+7])
		}
		months = append(months, cm)
	}
	return months, workdays
}

func joinDates(ds []law.Date) string {
	var b strings.Builder
	for _, d := range ds {
		b.WriteString(d.String())
		b.WriteByte('\n')
	}
	return b.String()
}

func (h *Handler) calendarShow(w http.ResponseWriter, r *http.Request) {
	year := calendarYear(r)
	if year == 0 {
		h.UIError(w, r, apperr.New(apperr.NotFound, "年份应为1949至9999之间的四位数字"))
		return
	}
	d := calendarYearData{Year: year}
	y, err := calendar.Get(r.Context(), h.DB, year)
	switch {
	case err == nil:
		d.Stored = y
		d.Holidays, d.Adjusted, d.Source = joinDates(y.Holidays), joinDates(y.Workdays), y.Source
	case !apperr.Is(err, apperr.NotFound):
		h.UIError(w, r, err)
		return
	}
	h.calendarPage(w, r, http.StatusOK, d, nil)
}

func (h *Handler) calendarPage(w http.ResponseWriter, r *http.Request, status int, d calendarYearData, err error) {
	cal := law.NewCalendar().Lenient() // a year not stored: weekends only
	listed := map[law.Date]bool{}
	if d.Stored != nil {
		if serr := cal.SetYear(d.Year, d.Stored.Holidays, d.Stored.Workdays); serr != nil {
			h.UIError(w, r, serr)
			return
		}
		for _, h := range d.Stored.Holidays {
			listed[h] = true
		}
	}
	d.Months, d.Workdays = calendarMonths(d.Year, cal, listed)
	d.CanChange = auth.MayChange(auth.From(r.Context()), auth.KindCalendar)
	v := &webkit.View{Title: strconv.Itoa(d.Year) + "年工作日历", Active: "calendar", Data: d}
	if err != nil {
		v.Message = apperr.As(err).Message
	}
	h.Render(w, r, status, "calendar_year", v)
}

// splitLines reads a textarea: one date per line (commas, 、 and blanks also
// separate). It returns the entries and the line each came from.
func splitLines(text string) (entries []string, lines []int) {
	for i, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		for _, f := range strings.FieldsFunc(line, func(r rune) bool {
			return r == ',' || r == '，' || r == '、' || r == ';' || r == '；' || r == ' ' || r == '\t' || r == '　'
		}) {
			entries = append(entries, f)
			lines = append(lines, i+1)
		}
	}
	return entries, lines
}

func (h *Handler) calendarSave(w http.ResponseWriter, r *http.Request) {
	year := calendarYear(r)
	if year == 0 {
		h.UIError(w, r, apperr.New(apperr.NotFound, "年份应为1949至9999之间的四位数字"))
		return
	}
	r.ParseForm()
	d := calendarYearData{Year: year, Holidays: r.PostForm.Get("holidays"), Adjusted: r.PostForm.Get("workdays"),
		Source: r.PostForm.Get("source")}
	hol, holLines := splitLines(d.Holidays)
	work, workLines := splitLines(d.Adjusted)
	_, created, err := calendar.Put(r.Context(), h.DB, auth.From(r.Context()), year, hol, work, d.Source)
	if err != nil {
		e := apperr.As(err)
		if e.Code != apperr.Invalid && e.Code != apperr.Forbidden {
			h.UIError(w, r, err)
			return
		}
		// Show the form again with what was typed; nothing was written.
		if y, gerr := calendar.Get(r.Context(), h.DB, year); gerr == nil {
			d.Stored = y
		}
		d.Problems = calendarProblems(e.Fields, holLines, workLines)
		h.calendarPage(w, r, webkit.HTTPStatus(e.Code), d, err)
		return
	}
	verb := "已保存"
	if created {
		verb = "已新建"
	}
	h.Flash(r, fmt.Sprintf("%s%d年工作日历，期限按新安排计算", verb, year))
	http.Redirect(w, r, "/calendar/"+strconv.Itoa(year), http.StatusSeeOther)
}

// calendarProblems turns field paths ("holidays[3]") into messages naming
// the textarea and its line, in form order.
func calendarProblems(f apperr.Fields, holLines, workLines []int) []string {
	type item struct {
		order int
		msg   string
	}
	var items []item
	for k, msg := range f {
		field, idx := k, -1
		if i := strings.IndexByte(k, '['); i > 0 {
			field = k[:i]
			idx, _ = strconv.Atoi(strings.TrimSuffix(k[i+1:], "]"))
		}
		name, lines, base := map[string]string{"year": "年份", "holidays": "放假日期", "workdays": "调休上班日", "source": "依据"}[field], []int(nil), 0
		switch field {
		case "holidays":
			lines, base = holLines, 1_000_000
		case "workdays":
			lines, base = workLines, 2_000_000
		case "source":
			base = 3_000_000
		}
		if name == "" {
			name = field
		}
		if idx >= 0 && idx < len(lines) {
			items = append(items, item{base + lines[idx]*1000 + idx, fmt.Sprintf("%s第%d行：%s", name, lines[idx], msg)})
		} else {
			items = append(items, item{base, name + "：" + msg})
		}
	}
	slices.SortFunc(items, func(a, b item) int { return a.order - b.order })
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.msg
	}
	return out
}
