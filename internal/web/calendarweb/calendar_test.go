package calendarweb_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/calendar"
	"zfjd/internal/law"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/web/webtest"
)

// uiDayClass is the class of the day cell of date on a year page.
func uiDayClass(p *webtest.Page, date string) string {
	return p.Doc.Find(`td[data-date="`+date+`"]`).AttrOr("class", "<missing>")
}

func TestUICalendar(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		e := webtest.Start(t, db)
		webtest.RoleAccount(t, db, "cal_admin", auth.RoleAdmin)
		webtest.RoleAccount(t, db, "cal_officer", auth.RoleSupervisor)

		if p := e.Browser(t).Get("/calendar"); p.Status != http.StatusSeeOther || !strings.HasPrefix(p.Location, "/login") {
			t.Errorf("anonymous /calendar: %d %s", p.Status, p.Location)
		}

		b := e.Browser(t)
		b.Login("cal_admin", webtest.RolePassword)
		p := b.Get("/calendar")
		if p.Status != http.StatusOK || p.Doc.Find("table tbody tr").Length() != 7 {
			t.Fatalf("/calendar: %d, %d rows", p.Status, p.Doc.Find("table tbody tr").Length())
		}
		if nav := p.Doc.Find(`nav#nav a[href="/calendar"]`); nav.Length() != 1 || !nav.HasClass("active") || webtest.Text(nav) != "工作日历" {
			t.Errorf("nav entry: %q", webtest.Text(nav))
		}
		if p := b.Get("/calendar?year=2027"); p.Status != http.StatusSeeOther || p.Location != "/calendar/2027" {
			t.Errorf("open a year: %d %s", p.Status, p.Location)
		}

		// 2020: the extended Spring Festival and its 调休 Sunday.
		p = b.Get("/calendar/2020")
		if p.Status != http.StatusOK || p.Doc.Find("table.cal-month").Length() != 12 {
			t.Fatalf("/calendar/2020: %d, %d months", p.Status, p.Doc.Find("table.cal-month").Length())
		}
		for date, want := range map[string]string{
			"2020-01-24": "cal-off cal-hol", "2020-02-01": "cal-off cal-hol", // Saturday inside the extension: 放假
			"2020-01-19": "cal-adj", "2020-01-18": "cal-off", "2020-02-03": "", "2020-10-08": "cal-off cal-hol",
		} {
			if got := uiDayClass(p, date); got != want {
				t.Errorf("%s: class %q, want %q", date, got, want)
			}
		}
		if got := webtest.Text(p.Doc.Find(`td[data-date="2020-01-19"]`)); got != "19班" {
			t.Errorf("调休 cell text %q", got)
		}
		if !strings.Contains(p.Doc.Find(`textarea[name=holidays]`).Text(), "2020-01-24\n") ||
			!strings.Contains(p.Doc.Find(`.facts`).Text(), "国办发明电〔2020〕1号") {
			t.Error("2020: form or facts missing")
		}

		// An unknown year: weekends only, with a notice.
		p = b.Get("/calendar/2027")
		if p.Status != http.StatusOK || !strings.Contains(webtest.Text(p.Doc.Find(".notice")), "2027年的节假日安排尚未录入") ||
			uiDayClass(p, "2027-01-01") != "" || uiDayClass(p, "2027-01-02") != "cal-off" {
			t.Errorf("/calendar/2027: %d %q", p.Status, webtest.Text(p.Doc.Find(".notice")))
		}
		for _, path := range []string{"/calendar/abcd", "/calendar/1900", "/calendar/20270"} {
			if p := b.Get(path); p.Status != http.StatusNotFound {
				t.Errorf("%s: %d, want 404", path, p.Status)
			}
		}

		// Bad input: every problem named by textarea and line, the input kept, nothing written.
		var years int
		countYears := func() int {
			var n int
			db.W.QueryRowContext(webtest.Ctx, `SELECT COUNT(*) FROM calendar_years`).Scan(&n)
			return n
		}
		years = countYears()
		bad := url.Values{"holidays": {"2027-01-01\r\n2027-1-2\r\n\r\n2026-12-31"}, "workdays": {"2027-01-04"}, "source": {"测试"}}
		p = b.Post("/calendar/2027", bad)
		msg := webtest.Text(p.Doc.Find(".error-box"))
		for _, want := range []string{"放假日期第2行：“2027-1-2”不是有效日期", "放假日期第4行：2026-12-31不在2027年内",
			"调休上班日第1行：2027-01-04是星期一：调休上班日只能是周六或周日"} {
			if !strings.Contains(msg, want) {
				t.Errorf("error box %q lacks %q", msg, want)
			}
		}
		if p.Status != http.StatusBadRequest || !strings.Contains(p.Doc.Find(`textarea[name=holidays]`).Text(), "2027-1-2") {
			t.Errorf("bad input: %d, input not kept", p.Status)
		}
		if _, err := calendar.Get(webtest.Ctx, db, 2027); !apperr.Is(err, apperr.NotFound) || countYears() != years {
			t.Errorf("bad input wrote something: %v", err)
		}

		// Good input, commas and blanks allowed: created, flash, shown.
		good := url.Values{"holidays": {"2027-01-01\n2027-02-05， 2027-02-06"}, "workdays": {"2027-01-31\n"}, "source": {"测试通知"}}
		if p := b.Post("/calendar/2027", good); p.Status != http.StatusSeeOther || p.Location != "/calendar/2027" {
			t.Fatalf("save: %d %s\n%s", p.Status, p.Location, webtest.Text(p.Doc.Find(".error-box")))
		}
		p = b.Get("/calendar/2027")
		if !strings.Contains(webtest.Text(p.Doc.Find(".flash")), "已新建2027年工作日历") || uiDayClass(p, "2027-01-01") != "cal-off cal-hol" ||
			uiDayClass(p, "2027-01-31") != "cal-adj" || p.Doc.Find(".notice").Length() != 0 {
			t.Errorf("after save: flash %q, 01-01 %q, 01-31 %q", webtest.Text(p.Doc.Find(".flash")), uiDayClass(p, "2027-01-01"), uiDayClass(p, "2027-01-31"))
		}
		cal, err := calendar.Current(webtest.Ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		if ok, err := cal.IsWorkday(law.MustParseDate("2027-02-05")); ok || err != nil {
			t.Errorf("deadlines do not see the saved holiday: %v %v", ok, err)
		}
		if p := b.Get("/audit?entity=calendar&key=2027"); p.Doc.Find("table tbody tr").Length() != 1 {
			t.Errorf("audit rows for 2027: %d", p.Doc.Find("table tbody tr").Length())
		}

		// Other roles read the calendar but get no form, and a forged POST is refused.
		o := e.Browser(t)
		o.Login("cal_officer", webtest.RolePassword)
		p = o.Get("/calendar/2025")
		if p.Status != http.StatusOK || p.Doc.Find("textarea").Length() != 0 || p.Doc.Find("table.cal-month").Length() != 12 {
			t.Errorf("supervisor /calendar/2025: %d, %d textareas", p.Status, p.Doc.Find("textarea").Length())
		}
		p = o.Post("/calendar/2025", url.Values{"holidays": {"2025-03-03"}, "workdays": {""}})
		if p.Status != http.StatusForbidden || !strings.Contains(webtest.Text(p.Doc.Find(".error-box")), "不能维护工作日历") {
			t.Errorf("supervisor POST: %d %q", p.Status, webtest.Text(p.Doc.Find(".error-box")))
		}
		if y, _ := calendar.Get(webtest.Ctx, db, 2025); len(y.Holidays) != 28 {
			t.Errorf("forbidden POST changed 2025: %d holidays", len(y.Holidays))
		}
	})
}
