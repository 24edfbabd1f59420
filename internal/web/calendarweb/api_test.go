package calendarweb_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"zfjd/internal/auth"
	"zfjd/internal/calendar"
	"zfjd/internal/law"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/web/webtest"
)

// thCalendar is a year on the wire.
type thCalendar struct {
	Year     int      `json:"year"`
	Holidays []string `json:"holidays"`
	Workdays []string `json:"workdays"`
	Source   string   `json:"source"`
}

type thCalendarSummary struct {
	Year         int    `json:"year"`
	Source       string `json:"source"`
	HolidayCount int    `json:"holiday_count"`
	WorkdayCount int    `json:"workday_count"`
}

// calCounts counts the calendar rows and the audit trail.
func calCounts(t *testing.T, db *store.DB) map[string]int {
	t.Helper()
	out := webtest.Counts(t, db)
	for _, tbl := range []string{"calendar_years", "calendar_days"} {
		var n int
		if err := db.W.QueryRowContext(webtest.Ctx, `SELECT COUNT(*) FROM `+tbl).Scan(&n); err != nil {
			t.Fatal(err)
		}
		out[tbl] = n
	}
	return out
}

// calSame fails when calCounts changed since before.
func calSame(t *testing.T, db *store.DB, before map[string]int, what string) {
	t.Helper()
	after := calCounts(t, db)
	for k, v := range before {
		if after[k] != v {
			t.Errorf("%s wrote to %s: %d rows before, %d after", what, k, v, after[k])
		}
	}
}

func TestAPICalendarSeededAndList(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		e := webtest.Start(t, db) // the server seeds law.Default() at start
		tok := e.Token(auth.RoleOfficer, "370102", "")

		var y thCalendar
		e.Get("/api/v1/calendar/2020", tok, http.StatusOK).Decode(t, &y)
		hol, work, _ := law.Default().Schedule(2020)
		if y.Year != 2020 || len(y.Holidays) != len(hol) || len(y.Workdays) != len(work) || y.Holidays[1] != "2020-01-24" ||
			!slices.Contains(y.Holidays, "2020-02-01") || y.Workdays[0] != "2020-01-19" || !strings.Contains(y.Source, "国办发明电〔2020〕1号") {
			t.Errorf("2020 = %+v", y)
		}
		var l webtest.List[thCalendarSummary]
		e.Get("/api/v1/calendar", tok, http.StatusOK).Decode(t, &l)
		if l.Total != 7 || len(l.Items) != 7 || l.Items[0].Year != 2026 || l.Items[6].Year != 2020 ||
			l.Items[1].HolidayCount != 28 || l.Items[1].WorkdayCount != 5 || !strings.Contains(l.Items[1].Source, "〔2024〕12号") {
			t.Errorf("list = %+v", l)
		}
		e.Get("/api/v1/calendar?page_size=2&page=2", tok, http.StatusOK).Decode(t, &l)
		if l.Total != 7 || len(l.Items) != 2 || l.Items[0].Year != 2024 || l.Page != 2 || l.PageSize != 2 {
			t.Errorf("page 2 = %+v", l)
		}
		e.Get("/api/v1/calendar?page=9", tok, http.StatusOK).Decode(t, &l)
		if l.Total != 7 || l.Items == nil || len(l.Items) != 0 {
			t.Errorf("page past the end = %+v (items must be [])", l)
		}

		// Unknown years and malformed years: the spec's 404 body.
		for _, p := range []string{"/api/v1/calendar/2019", "/api/v1/calendar/2099", "/api/v1/calendar/abcd", "/api/v1/calendar/20255"} {
			r := e.Get(p, tok, http.StatusNotFound)
			if er := r.APIErr(t); er.Code != "not_found" || er.Fields == nil {
				t.Errorf("%s: %+v", p, er)
			}
		}
		if er := e.Get("/api/v1/calendar/2019", tok, http.StatusNotFound).APIErr(t); !strings.Contains(er.Message, "2019年的工作日历") {
			t.Errorf("message %q", er.Message)
		}
		e.Get("/api/v1/calendar/2020", "", http.StatusUnauthorized).APIErr(t)
		e.Get("/api/v1/calendar", "", http.StatusUnauthorized).APIErr(t)
	})
}

func TestAPICalendarPut(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		e := webtest.Start(t, db)
		// The calendar is national: a province-level integration token
		// without an agency is granted it (auth.CanChangeCalendar).
		tok := e.Token(auth.RoleIntegration, "370000", "")
		path := "/api/v1/calendar/2027"
		body := map[string]any{"holidays": []string{"2027-02-07", "2027-01-01", "2027-02-06"}, "workdays": []string{"2027-01-31"},
			"source": "国务院办公厅关于2027年部分节假日安排的通知"}
		before := calCounts(t, db)
		r := e.Put(path, tok, body, http.StatusCreated)
		var y thCalendar
		r.Decode(t, &y)
		if y.Year != 2027 || !slices.Equal(y.Holidays, []string{"2027-01-01", "2027-02-06", "2027-02-07"}) ||
			!slices.Equal(y.Workdays, []string{"2027-01-31"}) || y.Source != body["source"] {
			t.Errorf("created = %+v", y)
		}
		after := calCounts(t, db)
		if after["calendar_years"] != before["calendar_years"]+1 || after["calendar_days"] != before["calendar_days"]+4 ||
			after["audit_log"] != before["audit_log"]+1 {
			t.Errorf("create: %v → %v", before, after)
		}
		// Replay: 200, same body, nothing written.
		if again := e.Put(path, tok, body, http.StatusOK); string(again.Body) != string(r.Body) {
			t.Errorf("replay answered %s, want %s", again.Body, r.Body)
		}
		calSame(t, db, after, "calendar replay")
		var got thCalendar
		e.Get(path, tok, http.StatusOK).Decode(t, &got)
		if !slices.Equal(got.Holidays, y.Holidays) {
			t.Errorf("GET = %+v", got)
		}

		// The deadlines follow at once: 2027-01-01 is now a day off for the rules.
		cal, err := calendar.Current(webtest.Ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		if d, err := cal.AddWorkdays(law.MustParseDate("2026-12-31"), 1); err != nil || d.String() != "2027-01-04" {
			t.Errorf("处罚法85 over 2027 元旦: %v, %v; want 2027-01-04", d, err)
		}

		// Replace with empty lists and no source; the year in the body may repeat the path.
		e.Put(path, tok, map[string]any{"year": 2027, "holidays": []string{}, "workdays": []string{}}, http.StatusOK).Decode(t, &y)
		if y.Holidays == nil || len(y.Holidays) != 0 || y.Workdays == nil || len(y.Workdays) != 0 || y.Source != "" {
			t.Errorf("emptied = %+v (lists must be [])", y)
		}
		if n := calCounts(t, db); n["calendar_days"] != before["calendar_days"] || n["audit_log"] != after["audit_log"]+1 {
			t.Errorf("replace: %v", n)
		}

		// A system administrator's token may write too.
		adm := e.Token(auth.RoleAdmin, "", "")
		e.Put("/api/v1/calendar/2020", adm, map[string]any{"holidays": []string{"2020-01-01"}, "workdays": []string{}}, http.StatusOK)
	})
}

func TestAPICalendarInvalidAndForbidden(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		e := webtest.Start(t, db)
		// The calendar is national: a province-level integration token
		// without an agency is granted it (auth.CanChangeCalendar).
		tok := e.Token(auth.RoleIntegration, "370000", "")
		before := calCounts(t, db)
		for _, c := range []struct {
			path  string
			body  any
			field string
			msg   string
		}{
			{"/api/v1/calendar/2025", map[string]any{"workdays": []string{}}, "holidays", "必填"},
			{"/api/v1/calendar/2025", map[string]any{"holidays": []string{}}, "workdays", "必填"},
			{"/api/v1/calendar/2025", map[string]any{"holidays": nil, "workdays": []string{}}, "holidays", "必填"},
			{"/api/v1/calendar/2025", map[string]any{"holidays": "2025-01-01", "workdays": []string{}}, "holidays", "应为数组"},
			{"/api/v1/calendar/2025", map[string]any{"holidays": []string{"2025-02-29"}, "workdays": []string{}}, "holidays[0]", "不是有效日期"},
			{"/api/v1/calendar/2025", map[string]any{"holidays": []string{"2025-01-01", "2026-01-01"}, "workdays": []string{}}, "holidays[1]", "2026-01-01不在2025年内"},
			{"/api/v1/calendar/2025", map[string]any{"holidays": []string{"2025-01-01", "2025-01-01"}, "workdays": []string{}}, "holidays[1]", "重复"},
			{"/api/v1/calendar/2025", map[string]any{"holidays": []string{}, "workdays": []string{"2025-01-27"}}, "workdays[0]", "2025-01-27是星期一：调休上班日只能是周六或周日"},
			{"/api/v1/calendar/2025", map[string]any{"holidays": []string{"2025-01-26"}, "workdays": []string{"2025-01-26"}}, "workdays[0]", "不能既是节假日又是调休上班日"},
			{"/api/v1/calendar/2025", map[string]any{"year": 2024, "holidays": []string{}, "workdays": []string{}}, "year", "与路径中的年份不一致"},
			{"/api/v1/calendar/1900", map[string]any{"holidays": []string{}, "workdays": []string{}}, "year", "四位数字"},
			{"/api/v1/calendar/abcd", map[string]any{"holidays": []string{}, "workdays": []string{}}, "year", "四位数字"},
			{"/api/v1/calendar/2025", map[string]any{"holidays": []string{}, "workdays": []string{}, "source": strings.Repeat("通", 201)}, "source", "200"},
			{"/api/v1/calendar/2025", `{`, "", ""},
			{"/api/v1/calendar/2025", `{"holidays": [], "workdays": []} {}`, "", ""},
		} {
			r := e.Put(c.path, tok, c.body, http.StatusBadRequest)
			er := r.APIErr(t)
			if er.Code != "invalid" || (c.field != "" && !strings.Contains(er.Fields[c.field], c.msg)) {
				t.Errorf("%s %v: %+v, want %s: …%s…", c.path, c.body, er, c.field, c.msg)
			}
		}
		// Read-only roles: 403, even with a good body.
		for _, role := range []auth.Role{auth.RoleOfficer, auth.RoleSupervisor, auth.RoleAgencyAdmin, auth.RoleReviewer, auth.RoleHead, auth.RoleSocial} {
			ro := e.Token(role, "370102", "")
			r := e.Put("/api/v1/calendar/2025", ro, map[string]any{"holidays": []string{"2025-01-01"}, "workdays": []string{}}, http.StatusForbidden)
			if er := r.APIErr(t); er.Code != "forbidden" || !strings.Contains(er.Message, "工作日历") {
				t.Errorf("%s: %+v", role, er)
			}
			e.Get("/api/v1/calendar/2025", ro, http.StatusOK) // but they read it
		}
		// Integration tokens below a province, or bound to an agency, may
		// not rewrite the national calendar either.
		for _, c := range []struct{ region, agency string }{
			{"370102", ""}, {"370100", ""}, {"370000", testworld.Agency},
		} {
			it := e.Token(auth.RoleIntegration, c.region, c.agency)
			r := e.Put("/api/v1/calendar/2025", it, map[string]any{"holidays": []string{"2025-01-01"}, "workdays": []string{}}, http.StatusForbidden)
			if er := r.APIErr(t); er.Code != "forbidden" || !strings.Contains(er.Message, "工作日历") {
				t.Errorf("integration %s %s: %+v", c.region, c.agency, er)
			}
		}
		e.Put("/api/v1/calendar/2025", "", map[string]any{"holidays": []string{}, "workdays": []string{}}, http.StatusUnauthorized)
		calSame(t, db, before, "refused requests")
		var y thCalendar
		e.Get("/api/v1/calendar/2025", tok, http.StatusOK).Decode(t, &y)
		if len(y.Holidays) != 28 || len(y.Workdays) != 5 {
			t.Errorf("2025 changed: %+v", y)
		}
	})
}
