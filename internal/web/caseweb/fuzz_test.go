package caseweb_test

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"zfjd/internal/cases"
	"zfjd/internal/testworld"
	"zfjd/internal/web/webtest"
)

// The JSON body of PUT /api/v1/cases through the whole server, on both
// engines (FuzzExchangeCase in package cases fuzzes the domain's own
// decoding): no 5xx, a refusal in the spec's Chinese shape, both engines
// alike, and an accepted case reads back the same and replays as 200.
func FuzzAPICasePut(f *testing.F) {
	e := webtest.StartFuzz(f, nil)
	good, _ := json.Marshal(webtest.CaseBody(testworld.Agency, testworld.Region, testworld.Matter, webtest.Team))
	f.Add(good)
	f.Add(bytes.Replace(good, []byte(`"general"`), []byte(`"summary"`), 1))
	f.Add(bytes.Replace(good, []byte(`500000`), []byte(`-1`), 1))
	f.Add(bytes.Replace(good, []byte(`2024-06-01`), []byte(`2099-06-01`), 1))
	f.Add(bytes.Replace(good, []byte(`370102`), []byte(`370103`), 1))
	f.Add(bytes.Replace(good, []byte(`"filed"`), []byte(`"teleported"`), 1))
	f.Add([]byte(`{"events":[{"type":"decided","at":"2024-13-45"}]}`))
	f.Add([]byte(`{}`))
	f.Add([]byte(`[`))
	f.Fuzz(func(t *testing.T, body []byte) {
		q := webtest.FuzzRequest{Method: http.MethodPut, Path: "/api/v1/cases/sc-market/FUZZ-0001", Token: "county",
			ContentType: "application/json", Body: body}
		e.RoundTrip(t, q, e.Send(t, q))
	})
}

// The multipart parsing of the evidence upload and of an act with files,
// by the case's own officer: any body is answered without a 5xx, a
// refusal with a Chinese page, alike on both engines.
func FuzzCaseMultipart(f *testing.F) {
	var ids []int64
	e := webtest.StartFuzz(f, func(tb testing.TB, w *testworld.World) {
		c, err := w.Cases.Create(w.Ctx, testworld.As("officer"), testworld.NewCase(), cases.Event{At: "2026-06-01", Officers: webtest.Team}, nil)
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := w.Cases.Append(w.Ctx, testworld.As("head"), c.ID, cases.Event{Type: "filed", At: "2026-06-02", Officers: webtest.Team,
			Note: "符合立案条件"}); err != nil {
			tb.Fatal(err)
		}
		ids = append(ids, c.ID)
	})
	var good bytes.Buffer
	mw := multipart.NewWriter(&good)
	mw.SetBoundary("zfjdfuzz")
	for k, v := range map[string]string{"ev_kind": "documentary", "ev_title": "现场照片", "ev_collected_on": testworld.Today,
		"at": testworld.Today, "note": "现场检查", "officers": testworld.CertA} {
		mw.WriteField(k, v)
	}
	mw.WriteField("officers", testworld.CertB)
	fw, _ := mw.CreateFormFile("ev_files", "照片.txt")
	fw.Write([]byte("现场照片"))
	mw.Close()
	f.Add(good.Bytes())
	f.Add([]byte("--zfjdfuzz\r\nContent-Disposition: form-data; name=\"ev_files\"; filename=\"\"\r\n\r\n\r\n--zfjdfuzz--\r\n"))
	f.Add([]byte("--zfjdfuzz\r\nContent-Disposition: form-data; name=\"ev_files\"; filename=\"a\x00.html\"\r\nContent-Type: text/html\r\n\r\n<script>\r\n--zfjdfuzz--"))
	f.Add([]byte("--zfjdfuzz\r\n\r\n--zfjdfuzz--"))
	f.Add([]byte("not multipart"))
	f.Fuzz(func(t *testing.T, body []byte) {
		for i, s := range e.Servers {
			base := "/cases/" + strconv.FormatInt(ids[i], 10)
			for _, path := range []string{base + "/evidence", base + "/act/investigation"} {
				q := webtest.FuzzRequest{Method: http.MethodPost, Path: path, User: "officer", ContentType: "multipart/form-data; boundary=zfjdfuzz", Body: body}
				webtest.CheckAnswer(t, q, s.Send(t, q))
			}
		}
	})
}

// The case list filters from the query string (page, size, status,
// procedure, region and agency codes, cursor, search terms), on the API
// and the case list page.
func FuzzCaseListQuery(f *testing.F) {
	e := webtest.StartFuzz(f, nil)
	for _, s := range []string{"", "page=2&page_size=1", "region_code=37&agency_code=x", "status=decided&procedure=summary&has_warning=true",
		"cursor=%FF%FE", "cursor=eyJ4Ijoi", "q=" + url.QueryEscape("张三%_"), "sort=deadline&after=abc", "warn=1&matter=T-FOOD-001",
		"page_size=-5", "region=370102&status=" + string(bytes.Repeat([]byte("x"), 500))} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, query string) {
		q := webtest.FuzzQuery(query)
		e.Send(t, webtest.FuzzRequest{Method: http.MethodGet, Path: "/api/v1/cases" + q, Token: "county"})
		e.Send(t, webtest.FuzzRequest{Method: http.MethodGet, Path: "/api/v1/warnings" + q, Token: "county"})
		e.Send(t, webtest.FuzzRequest{Method: http.MethodGet, Path: "/cases" + q, User: "supervisor"})
	})
}
