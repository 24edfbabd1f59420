package calendarweb_test

import (
	"net/http"
	"net/url"
	"testing"

	"zfjd/internal/web/webtest"
)

// The JSON body of PUT /api/v1/calendar/{year} by a province-level token,
// fuzzed on both engines: no 5xx, a refusal in the spec's Chinese shape,
// both engines alike, and an accepted year reads back the same and
// replays as 200.
func FuzzAPICalendarPut(f *testing.F) {
	e := webtest.StartFuzz(f, nil)
	for _, s := range []string{
		`{"holidays":["2033-01-01"],"workdays":[],"source":"国务院办公厅通知"}`,
		`{"holidays":["2033-01-01","2033-01-01"],"workdays":["2033-01-03"]}`,
		`{"holidays":["2032-12-31"],"workdays":[]}`,
		`{"holidays":["2033-02-29"],"workdays":null}`,
		`{"holidays":"2033-01-01"}`, `{}`, `[]`, "\x00",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		q := webtest.FuzzRequest{Method: http.MethodPut, Path: "/api/v1/calendar/2033", Token: "province", ContentType: "application/json", Body: body}
		e.RoundTrip(t, q, e.Send(t, q))
	})
}

// The calendar page's year (path and ?year=) and the year form's date
// lists, as a system administrator submits them.
func FuzzCalendarForm(f *testing.F) {
	e := webtest.StartFuzz(f, webtest.WithAdmin)
	for _, s := range [][2]string{{"2034", "2034-01-01\n2034-02-05， 2034-02-06"}, {"1999", "1999-01-01"}, {"２０３４", "x"},
		{"99999", "2034-1-1"}, {"2034", "\x00\u202e2034-01-01"}, {"-1", ""}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, year, holidays string) {
		e.Send(t, webtest.FuzzRequest{Method: http.MethodGet, Path: "/calendar" + webtest.FuzzQuery("year="+url.QueryEscape(year)), User: "admin"})
		path := "/calendar/" + url.PathEscape(year)
		e.Send(t, webtest.FuzzRequest{Method: http.MethodGet, Path: path, User: "admin"})
		form := url.Values{"holidays": {holidays}, "workdays": {""}, "source": {"模糊测试"}}
		e.Send(t, webtest.FuzzRequest{Method: http.MethodPost, Path: path, User: "admin", ContentType: "application/x-www-form-urlencoded",
			Body: []byte(form.Encode())})
	})
}
