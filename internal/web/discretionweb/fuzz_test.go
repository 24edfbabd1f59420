package discretionweb_test

import (
	"net/http"
	"testing"

	"zfjd/internal/testworld"
	"zfjd/internal/web/webtest"
)

// The JSON body of PUT /api/v1/benchmarks, fuzzed on both engines: no 5xx,
// a refusal in the spec's Chinese shape, both engines alike, and an
// accepted body reads back the same and replays as 200.
func FuzzAPIBenchmarkPut(f *testing.F) {
	e := webtest.StartFuzz(f, nil)
	for _, s := range []string{
		`{"effective_from":"2026-01-01","tiers":[{"tier":"ordinary","conditions":"一般情形","fine_min_fen":10000,"fine_max_fen":20000}]}`,
		`{"effective_from":"2026-01-01","tiers":[{"tier":"none","conditions":"首违不罚","criteria":{"first_offense":true,"harm_max":"slight","corrected":true}}]}`,
		`{"effective_from":"2026-02-30","tiers":[]}`,
		`{"effective_from":"2026-01-01","tiers":[{"tier":"ordinary","fine_min_fen":20000,"fine_max_fen":100}]}`,
		`{"effective_from":"2026-01-01","region_code":"370103","tiers":[{"tier":"heavier","conditions":"x","fine_min_fen":-1}]}`,
		`{"effective_from":"2026-01-01","tiers":[{"tier":"x","other_penalties":["fly"]}]}`,
		`{}`, `[]`, `null`, "\xff",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		q := webtest.FuzzRequest{Method: http.MethodPut, Path: "/api/v1/benchmarks/" + testworld.Matter, Token: "county",
			ContentType: "application/json", Body: body}
		e.RoundTrip(t, q, e.Send(t, q))
	})
}

// The benchmark and list filters from the query string (page, size,
// region, matter, kind, in force, and the discretion check's own inputs:
// age, dates, circumstances), on the API and the pages.
func FuzzDiscretionQuery(f *testing.F) {
	e := webtest.StartFuzz(f, nil)
	for _, s := range []string{"", "page=3&page_size=0", "region=370102&matter_code=" + testworld.Matter, "region=37&show=all",
		"kind=no_penalty&in_force=1&q=%25", "check=1&age=-3&first=1&harm=x&corrected=1&prior=abc&on=2026-13-01&circ=zz",
		"check=1&age=17&on=2026-06-15&region=370102", "page=99999999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, query string) {
		q := webtest.FuzzQuery(query)
		e.Send(t, webtest.FuzzRequest{Method: http.MethodGet, Path: "/api/v1/benchmarks" + q, Token: "county"})
		for _, path := range []string{"/discretion", "/discretion/" + testworld.Matter, "/lists", "/discretion/export.xlsx"} {
			e.Send(t, webtest.FuzzRequest{Method: http.MethodGet, Path: path + q, User: "agency_admin"})
		}
	})
}
