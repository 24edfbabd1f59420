package web_test

// Test helpers shared by the API and UI tests. Every API call made through
// thEnv.call is checked against openapi.yaml as the server itself serves it
// (GET /api/openapi.yaml): the response must match the document for its
// status, and a request the server accepts (2xx) must be one the document
// allows. So the document provably describes what the server does.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/config"
	"zfjd/internal/ident"
	"zfjd/internal/store"
	"zfjd/internal/testworld"
	"zfjd/internal/web"
)

// thClock is the clock every test server runs on: the fixture world's
// pinned day, so no test depends on the date it is run (ZFJD_TODAY or the
// wall clock). thCtx carries it for the tests' own service calls.
var (
	thClock = clock.Pinned(testworld.Today)
	thCtx   = clock.With(context.Background(), thClock)
)

// thEnv is one server on one fresh database, with the OpenAPI validator.
type thEnv struct {
	t      *testing.T
	db     *store.DB
	ts     *httptest.Server
	doc    *openapi3.T
	router routers.Router

	mu   sync.Mutex
	seen map[string]bool // "PUT /api/v1/agencies/{code} 201": what the tests exercised

	// queryLenient lets a 2xx answer pass for a request whose only fault
	// is a query parameter outside the document's range (the server falls
	// back to defaults, as the document's descriptions say).
	queryLenient bool
}

// thStart builds a server on db on the pinned clock, serves it over HTTP
// and loads the OpenAPI document from the server itself.
func thStart(t *testing.T, db *store.DB) *thEnv {
	t.Helper()
	return thStartOn(t, db, thClock)
}

// thStartOn is thStart with the server's clock at c (a test of time passing
// runs two servers on one database, a later one after an earlier one).
func thStartOn(t *testing.T, db *store.DB, c clock.Clock) *thEnv {
	t.Helper()
	srv, err := web.New(clock.With(context.Background(), c), db, &config.Options{}, slog.New(slog.NewTextHandler(io.Discard, nil)),
		web.WithClock(c))
	if err != nil {
		t.Fatalf("web.New: %v", err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	e := &thEnv{t: t, db: db, ts: ts, seen: map[string]bool{}}

	resp, err := http.Get(ts.URL + "/api/openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/yaml") {
		t.Fatalf("GET /api/openapi.yaml: %d %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(b)
	if err != nil {
		t.Fatalf("openapi.yaml does not load: %v", err)
	}
	if err := doc.Validate(loader.Context); err != nil {
		t.Fatalf("openapi.yaml is not a valid OpenAPI document: %v", err)
	}
	if e.router, err = gorillamux.NewRouter(doc); err != nil {
		t.Fatalf("openapi.yaml router: %v", err)
	}
	e.doc = doc
	return e
}

// thToken creates an API token for a role and jurisdiction.
func (e *thEnv) token(role auth.Role, region, agency string) string {
	e.t.Helper()
	tok, err := auth.CreateToken(thCtx, e.db, "测试令牌"+region+agency, role, region, agency)
	if err != nil {
		e.t.Fatalf("CreateToken(%s, %s, %s): %v", role, region, agency, err)
	}
	return tok
}

// thResp is an API answer.
type thResp struct {
	Method, Path string
	Status       int
	Header       http.Header
	Body         []byte
	// ReqErr is why the request does not conform to openapi.yaml, nil if it does.
	ReqErr error
}

func (r *thResp) String() string {
	return fmt.Sprintf("%s %s → %d %s", r.Method, r.Path, r.Status, r.Body)
}

// thAPIError is the error body of spec/exchange-v1.md.
type thAPIError struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields"`
}

// decode unmarshals the body into v.
func (r *thResp) decode(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("%s: body is not JSON: %v", r, err)
	}
}

// apiErr returns the error body, failing unless it has the spec's shape.
func (r *thResp) apiErr(t *testing.T) thAPIError {
	t.Helper()
	var b struct {
		Error *thAPIError `json:"error"`
	}
	r.decode(t, &b)
	if b.Error == nil || b.Error.Code == "" || b.Error.Message == "" {
		t.Fatalf("%s: not an error body {\"error\":{\"code\",\"message\",...}}", r)
	}
	return *b.Error
}

// thAuthenticate is the document's bearer scheme: a request conforms when it
// carries "Authorization: Bearer <something>"; whether the token is good is
// the server's business.
func thAuthenticate(_ context.Context, in *openapi3filter.AuthenticationInput) error {
	h := in.RequestValidationInput.Request.Header.Get("Authorization")
	if in.SecurityScheme.Type == "http" && in.SecurityScheme.Scheme == "bearer" &&
		len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		return nil
	}
	return fmt.Errorf("no bearer token")
}

func thBody(body any) []byte {
	switch b := body.(type) {
	case nil:
		return nil
	case string:
		return []byte(b)
	case []byte:
		return b
	}
	b, err := json.Marshal(body)
	if err != nil {
		panic(err)
	}
	return b
}

// call sends one request to the server and checks request and response
// against openapi.yaml. body is nil, raw (string or []byte) or a value to
// marshal. want is the expected status (0: any but 5xx). Failures are
// reported with Fatalf, except inside goroutines (want 0), where a 5xx is
// reported with Errorf.
func (e *thEnv) call(method, path, token string, body any, want int) *thResp {
	e.t.Helper()
	return e.callT(e.t, method, path, token, body, want)
}

func (e *thEnv) callT(t *testing.T, method, path, token string, body any, want int) *thResp {
	t.Helper()
	raw := thBody(body)
	newReq := func() *http.Request {
		req, err := http.NewRequest(method, e.ts.URL+path, bytes.NewReader(raw))
		if err != nil {
			t.Fatal(err)
		}
		if raw != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		return req
	}

	// The request as the document sees it.
	vreq := newReq()
	route, params, rerr := e.router.FindRoute(vreq)
	var in *openapi3filter.RequestValidationInput
	var reqErr error
	if rerr == nil {
		in = &openapi3filter.RequestValidationInput{Request: vreq, PathParams: params, Route: route,
			Options: &openapi3filter.Options{AuthenticationFunc: thAuthenticate}}
		reqErr = openapi3filter.ValidateRequest(thCtx, in)
	}

	resp, err := http.DefaultClient.Do(newReq())
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	r := &thResp{Method: method, Path: path, Status: resp.StatusCode, Header: resp.Header, Body: b, ReqErr: reqErr}

	if rerr != nil {
		// Not in the document: the server must answer with the JSON 404.
		if r.Status != http.StatusNotFound {
			t.Errorf("%s: path not in openapi.yaml (%v), so the server must answer 404", r, rerr)
		}
		e.checkErrorSchema(t, r)
	} else {
		e.mu.Lock()
		e.seen[fmt.Sprintf("%s %s %d", route.Method, route.Path, r.Status)] = true
		e.mu.Unlock()
		out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: r.Status, Header: r.Header,
			Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true}}
		out.SetBodyBytes(b)
		if err := openapi3filter.ValidateResponse(thCtx, out); err != nil {
			t.Errorf("%s\nresponse does not match openapi.yaml: %v", r, err)
		}
		if r.Status >= 200 && r.Status < 300 && reqErr != nil && !(e.queryLenient && thQueryErr(reqErr)) {
			t.Errorf("%s\nthe server accepted a request that openapi.yaml rejects: %v", r, reqErr)
		}
	}
	if r.Status >= 500 && want < 500 {
		t.Errorf("%s: server error", r)
		return r
	}
	if want != 0 && r.Status != want {
		t.Fatalf("%s: want status %d", r, want)
	}
	return r
}

// thQueryErr reports whether err is about a query parameter.
func thQueryErr(err error) bool {
	var re *openapi3filter.RequestError
	return errors.As(err, &re) && re.Parameter != nil && re.Parameter.In == openapi3.ParameterInQuery
}

// checkErrorSchema checks r's body against components/schemas/Error.
func (e *thEnv) checkErrorSchema(t *testing.T, r *thResp) {
	t.Helper()
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("%s: Content-Type %q, want application/json", r, ct)
		return
	}
	var v any
	if err := json.Unmarshal(r.Body, &v); err != nil {
		t.Errorf("%s: not JSON: %v", r, err)
		return
	}
	if err := e.doc.Components.Schemas["Error"].Value.VisitJSON(v); err != nil {
		t.Errorf("%s: error body does not match components/schemas/Error: %v", r, err)
	}
}

func (e *thEnv) get(path, token string, want int) *thResp {
	e.t.Helper()
	return e.callT(e.t, http.MethodGet, path, token, nil, want)
}

func (e *thEnv) put(path, token string, body any, want int) *thResp {
	e.t.Helper()
	return e.callT(e.t, http.MethodPut, path, token, body, want)
}

// thList is a list answer.
type thList[T any] struct {
	Items    []T `json:"items"`
	Total    int `json:"total"`
	Page     int `json:"page"`
	PageSize int `json:"page_size"`
}

// thAgency, thOfficer, thMatter are the wire shapes the tests read.
type thAgency struct {
	Code          string `json:"code"`
	Name          string `json:"name"`
	Kind          string `json:"kind"`
	SubjectType   string `json:"subject_type"`
	RegionCode    string `json:"region_code"`
	RegionName    string `json:"region_name"`
	Domain        string `json:"domain"`
	ParentCode    string `json:"parent_code"`
	LegalBasis    string `json:"legal_basis"`
	Status        string `json:"status"`
	AnnouncedOn   string `json:"announced_on"`
	PublicityDays int    `json:"publicity_days"`
}

type thOfficer struct {
	CertNo         string   `json:"cert_no"`
	Name           string   `json:"name"`
	AgencyCode     string   `json:"agency_code"`
	AgencyName     string   `json:"agency_name"`
	RegionCode     string   `json:"region_code"`
	Domain         string   `json:"domain"`
	CertValidFrom  string   `json:"cert_valid_from"`
	CertValidTo    string   `json:"cert_valid_to"`
	CertStatus     string   `json:"cert_status"`
	StatusReason   string   `json:"status_reason"`
	ExamScore      *int     `json:"exam_score"`
	Qualifications []string `json:"qualifications"`
	Years          []struct {
		Year          int    `json:"year"`
		TrainingHours int    `json:"training_hours"`
		ReviewResult  string `json:"review_result"`
	} `json:"years"`
	State     string `json:"state"`
	VerifyURL string `json:"verify_url"`
}

type thMatter struct {
	Code                 string   `json:"code"`
	Name                 string   `json:"name"`
	Kind                 string   `json:"kind"`
	RegionCode           string   `json:"region_code"`
	LegalBasis           string   `json:"legal_basis"`
	AgencyCodes          []string `json:"agency_codes"`
	CriminalThresholdFen *int64   `json:"criminal_threshold_fen"`
	Version              int      `json:"version"`
}

// thUSCC returns a valid 统一社会信用代码 registered in region; n tells codes apart.
func thUSCC(t testing.TB, region string, n int) string {
	t.Helper()
	c, err := ident.MakeUSCC('1', '1', region, fmt.Sprintf("%08d", n))
	if err != nil {
		t.Fatal(err)
	}
	if err := ident.ValidateUSCC(c); err != nil {
		t.Fatalf("MakeUSCC made an invalid code %s: %v", c, err)
	}
	return c
}

// thBadCheck returns code with a wrong final check character.
func thBadCheck(code string) string {
	for _, c := range []byte("0123456789") {
		if c != code[17] {
			return code[:17] + string(c)
		}
	}
	panic("unreachable")
}

// thAgencyBody is a minimal valid PUT /api/v1/agencies body.
func thAgencyBody(name, region string) map[string]any {
	return map[string]any{"name": name, "kind": "enforcement", "region_code": region, "domain": "市场监管"}
}

// thOfficerBody is a minimal valid PUT /api/v1/officers body, valid 2020–2099.
func thOfficerBody(name, agency string) map[string]any {
	return map[string]any{"name": name, "agency_code": agency, "cert_valid_from": "2020-01-01", "cert_valid_to": "2099-12-31"}
}

// thCounts counts the rows of every table the API or the forms write.
func thCounts(t *testing.T, db *store.DB) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, tbl := range []string{"agencies", "officers", "officer_years", "matters", "matter_agencies", "audit_log", "cases", "findings",
		"case_documents", "counters", "evidence"} {
		var n int
		if err := db.W.QueryRowContext(thCtx, `SELECT COUNT(*) FROM `+tbl).Scan(&n); err != nil {
			t.Fatal(err)
		}
		out[tbl] = n
	}
	return out
}

// thSameCounts fails when the row counts changed since before.
func thSameCounts(t *testing.T, db *store.DB, before map[string]int, what string) {
	t.Helper()
	after := thCounts(t, db)
	for k, v := range before {
		if after[k] != v {
			t.Errorf("%s wrote to %s: %d rows before, %d after", what, k, v, after[k])
		}
	}
}

// thFetch GETs an absolute URL without credentials.
func thFetch(t *testing.T, u string) (int, *goquery.Document, string) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, doc, string(b)
}

// thBrowser is a signed-in (or anonymous) browser with a cookie jar that
// does not follow redirects, so tests see the 303s.
type thBrowser struct {
	t    *testing.T
	e    *thEnv
	c    *http.Client
	site string // Sec-Fetch-Site sent with every request
}

func (e *thEnv) browser(t *testing.T) *thBrowser {
	jar, _ := cookiejar.New(nil)
	return &thBrowser{t: t, e: e, site: "same-origin", c: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// thPage is a page answer.
type thPage struct {
	Status   int
	Location string
	Body     string
	Doc      *goquery.Document
}

func (b *thBrowser) do(method, path string, form url.Values, header map[string]string) *thPage {
	b.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, b.e.ts.URL+path, body)
	if err != nil {
		b.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.Header.Set("Sec-Fetch-Site", b.site)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(raw))
	if err != nil {
		b.t.Fatal(err)
	}
	return &thPage{Status: resp.StatusCode, Location: resp.Header.Get("Location"), Body: string(raw), Doc: doc}
}

func (b *thBrowser) get(path string) *thPage {
	b.t.Helper()
	return b.do(http.MethodGet, path, nil, nil)
}

func (b *thBrowser) post(path string, form url.Values) *thPage {
	b.t.Helper()
	return b.do(http.MethodPost, path, form, nil)
}

// login signs in through the form and fails unless it succeeds.
func (b *thBrowser) login(user, password string) {
	b.t.Helper()
	p := b.post("/login", url.Values{"username": {user}, "password": {password}, "next": {"/"}})
	if p.Status != http.StatusSeeOther || p.Location != "/" {
		b.t.Fatalf("login %s: %d %s, want 303 to /\n%s", user, p.Status, p.Location, thText(p.Doc.Find(".error-box")))
	}
}

// thText is the whitespace-normalised text of a selection.
func thText(s *goquery.Selection) string { return strings.Join(strings.Fields(s.Text()), " ") }

// thMissing lists the documented operation/status pairs not in seen.
func (e *thEnv) missing() []string {
	var out []string
	for path, item := range e.doc.Paths.Map() {
		for method, op := range item.Operations() {
			for status := range op.Responses.Map() {
				k := fmt.Sprintf("%s %s %s", method, path, status)
				if !e.seen[k] {
					out = append(out, k)
				}
			}
		}
	}
	slices.Sort(out)
	return out
}
