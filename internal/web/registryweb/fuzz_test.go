package registryweb_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"testing"

	"zfjd/internal/testworld"
	"zfjd/internal/web/webtest"
)

// The JSON bodies of the registry's PUTs, fuzzed on both engines: no
// input makes a 5xx, a refusal is the spec's error body in Chinese, both
// engines answer alike, and an accepted body reads back the same and
// replays as 200 with the same answer.
func fuzzPut(f *testing.F, path string, seeds ...string) {
	e := webtest.StartFuzz(f, nil)
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Add([]byte(`{}`))
	f.Add([]byte(`null`))
	f.Add([]byte(`[]`))
	f.Add([]byte(`{"name":"\u0000\u202e"}`))
	f.Add([]byte(`{"name":1}`))
	f.Add([]byte(`{"name":"x","unknown":true}`))
	f.Add([]byte("\xff\xfe"))
	f.Fuzz(func(t *testing.T, body []byte) {
		q := webtest.FuzzRequest{Method: http.MethodPut, Path: path, Token: "county", ContentType: "application/json", Body: body}
		e.RoundTrip(t, q, e.Send(t, q))
	})
}

func FuzzAPIAgencyPut(f *testing.F) {
	fuzzPut(f, "/api/v1/agencies/11370102MB2850412R",
		`{"name":"济南市历下区市场监督管理局","kind":"enforcement","region_code":"370102","domain":"市场监管"}`,
		`{"name":"济南市历下区市场监督管理局","kind":"enforcement","region_code":"370103","domain":"市场监管"}`,
		`{"name":"济南市历下区市场监督管理局","kind":"nonsense","region_code":"370102","publicity_days":-1}`,
		`{"name":"`+string(bytes.Repeat([]byte("长"), 300))+`","kind":"enforcement","region_code":"370102"}`)
}

func FuzzAPIOfficerPut(f *testing.F) {
	fuzzPut(f, "/api/v1/officers/"+testworld.CertC,
		`{"name":"王芳","agency_code":"11370102MB2850412R","cert_valid_from":"2024-01-01","cert_valid_to":"2029-12-31"}`,
		`{"name":"王芳","agency_code":"11370102MB2850412R","cert_valid_from":"2029-01-01","cert_valid_to":"2024-12-31"}`,
		`{"name":"王芳","agency_code":"11370103MB28504203","cert_valid_from":"2024-01-01","cert_valid_to":"2029-12-31"}`,
		`{"name":"王芳","agency_code":"11370102MB2850412R","cert_valid_from":"2024-02-30","cert_valid_to":"2029-12-31","exam_score":101,"qualifications":["x"]}`)
}

func FuzzAPIMatterPut(f *testing.F) {
	fuzzPut(f, "/api/v1/matters/"+testworld.Matter,
		`{"name":"对经营超过保质期的食品的行政处罚","kind":"penalty","agency_codes":["11370102MB2850412R"]}`,
		`{"name":"对经营超过保质期的食品的行政处罚","kind":"penalty","agency_codes":[]}`,
		`{"name":"事项","kind":"penalty","agency_codes":["11370103MB28504203"],"criminal_threshold_fen":-5}`,
		`{"name":"事项","kind":"inspection","agency_codes":["11370102MB2850412R","11370102MB2850412R"],"statutory_fine_min_fen":9,"statutory_fine_max_fen":1}`)
}

// The list filters of the registry (page, size, region codes, sort and
// search terms from the query string), on the API and the pages: no 5xx,
// refusals in Chinese, and both engines agree.
func FuzzRegistryListQuery(f *testing.F) {
	e := webtest.StartFuzz(f, nil)
	for _, s := range []string{"", "page=2&page_size=1", "page=-1&page_size=100000", "region_code=370102", "region_code=37",
		"region=' OR 1=1--", "region_code=999999", "q=%25_%5C", "q=" + string(bytes.Repeat([]byte("查"), 300)), "sort=name&sort=-x",
		"agency_code=11370102MB2850412R&state=valid", "page=9223372036854775808", "q=%00%E2%80%AE", "kind=penalty&domain=市场监管"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, query string) {
		q := webtest.FuzzQuery(query)
		for _, base := range []string{"/api/v1/agencies", "/api/v1/officers", "/api/v1/matters"} {
			e.Send(t, webtest.FuzzRequest{Method: http.MethodGet, Path: base + q, Token: "county"})
		}
		for _, base := range []string{"/agencies", "/officers", "/matters", "/regions"} {
			e.Send(t, webtest.FuzzRequest{Method: http.MethodGet, Path: base + q, User: "supervisor"})
		}
	})
}

// The import upload's multipart parsing: any body under any boundary is
// answered without a 5xx, a refusal in Chinese, alike on both engines.
func FuzzImportMultipart(f *testing.F) {
	e := webtest.StartFuzz(f, nil)
	var good bytes.Buffer
	mw := multipart.NewWriter(&good)
	mw.SetBoundary("zfjdfuzz")
	fw, _ := mw.CreateFormFile("file", "officers.csv")
	fw.Write([]byte("执法证号,姓名,所属单位\n37010200001,张明,11370102MB2850412R\n"))
	mw.Close()
	f.Add(good.Bytes())
	f.Add([]byte("--zfjdfuzz\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nx\r\n--zfjdfuzz--\r\n"))
	f.Add([]byte("--zfjdfuzz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"../../a.xlsx\"\r\n\r\nPK\x03\x04\r\n--zfjdfuzz"))
	f.Add([]byte("garbage"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, path := range []string{"/officers/import", "/matters/import"} {
			e.Send(t, webtest.FuzzRequest{Method: http.MethodPost, Path: path, User: "agency_admin",
				ContentType: "multipart/form-data; boundary=zfjdfuzz", Body: body})
		}
	})
}
