// Package webtest is the test harness of the web packages: a server on a
// fresh database and a pinned clock (Start), API calls checked against the
// OpenAPI document (Env.Call), signed-in browsers over plain HTTP
// (Browser), headless Chromium tabs (Tab), and the fixture world with
// small factories (World). Each capability package's tests use it.
//
// Every API call made through Env.Call is checked against openapi.yaml as
// the server itself serves it (GET /api/openapi.yaml): the response must
// match the document for its status, and a request the server accepts
// (2xx) must be one the document allows. So the document provably
// describes what the server does.
package webtest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/config"
	"zfjd/internal/store"
	"zfjd/internal/testworld"
	"zfjd/internal/web"
)

// Clock is the clock every test server runs on: the fixture world's
// pinned day, so no test depends on the date it is run (ZFJD_TODAY or the
// wall clock). Ctx carries it for the tests' own service calls.
var (
	Clock = clock.Pinned(testworld.Today)
	Ctx   = clock.With(context.Background(), Clock)
)

// Env is one server on one fresh database, with the OpenAPI validator.
type Env struct {
	t      *testing.T
	DB     *store.DB
	TS     *httptest.Server
	Doc    *openapi3.T
	router routers.Router

	mu   sync.Mutex
	seen map[string]bool // "PUT /api/v1/agencies/{code} 201": what the tests exercised

	// QueryLenient lets a 2xx answer pass for a request whose only fault
	// is a query parameter outside the document's range (the server falls
	// back to defaults, as the document's descriptions say).
	QueryLenient bool
}

// Start builds a server on db on the pinned clock, serves it over HTTP
// and loads the OpenAPI document from the server itself.
func Start(t *testing.T, db *store.DB) *Env {
	t.Helper()
	return StartOn(t, db, Clock)
}

// StartOn is Start with the server's clock at c (a test of time passing
// runs two servers on one database, a later one after an earlier one).
func StartOn(t *testing.T, db *store.DB, c clock.Clock) *Env {
	t.Helper()
	return StartWith(t, db, c, &config.Options{})
}

// StartWith is StartOn with the server's options o (base URL, metrics,
// trusted proxies).
func StartWith(t *testing.T, db *store.DB, c clock.Clock, o *config.Options) *Env {
	t.Helper()
	// The server's public address is its own, as zfjd demo derives it
	// (links and QR codes are built from the base URL, never from Host).
	ts := httptest.NewUnstartedServer(nil)
	if o.BaseURL == "" {
		with := *o
		with.BaseURL = "http://" + ts.Listener.Addr().String()
		o = &with
	}
	srv, err := web.New(clock.With(context.Background(), c), db, o, slog.New(slog.NewTextHandler(io.Discard, nil)),
		web.WithClock(c))
	if err != nil {
		ts.Close()
		t.Fatalf("web.New: %v", err)
	}
	ts.Config.Handler = srv
	ts.Start()
	t.Cleanup(ts.Close)
	e := &Env{t: t, DB: db, TS: ts, seen: map[string]bool{}}

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
	e.Doc = doc
	return e
}

// Token creates an API token for a role and jurisdiction.
func (e *Env) Token(role auth.Role, region, agency string) string {
	e.t.Helper()
	tok, err := auth.CreateToken(Ctx, e.DB, "测试令牌"+region+agency, role, region, agency)
	if err != nil {
		e.t.Fatalf("CreateToken(%s, %s, %s): %v", role, region, agency, err)
	}
	return tok
}

// Resp is an API answer.
type Resp struct {
	Method, Path string
	Status       int
	Header       http.Header
	Body         []byte
	// ReqErr is why the request does not conform to openapi.yaml, nil if it does.
	ReqErr error
}

// String states the request and the answer, for failure messages.
func (r *Resp) String() string {
	return fmt.Sprintf("%s %s → %d %s", r.Method, r.Path, r.Status, r.Body)
}

// APIError is the error body of spec/exchange-v1.md.
type APIError struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields"`
}

// Decode unmarshals the body into v.
func (r *Resp) Decode(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("%s: body is not JSON: %v", r, err)
	}
}

// APIErr returns the error body, failing unless it has the spec's shape.
func (r *Resp) APIErr(t *testing.T) APIError {
	t.Helper()
	var b struct {
		Error *APIError `json:"error"`
	}
	r.Decode(t, &b)
	if b.Error == nil || b.Error.Code == "" || b.Error.Message == "" {
		t.Fatalf("%s: not an error body {\"error\":{\"code\",\"message\",...}}", r)
	}
	return *b.Error
}

// authenticate is the document's bearer scheme: a request conforms when it
// carries "Authorization: Bearer <something>"; whether the token is good is
// the server's business.
func authenticate(_ context.Context, in *openapi3filter.AuthenticationInput) error {
	h := in.RequestValidationInput.Request.Header.Get("Authorization")
	if in.SecurityScheme.Type == "http" && in.SecurityScheme.Scheme == "bearer" &&
		len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		return nil
	}
	return fmt.Errorf("no bearer token")
}

func jsonBody(body any) []byte {
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

// Call sends one request to the server and checks request and response
// against openapi.yaml. body is nil, raw (string or []byte) or a value to
// marshal. want is the expected status (0: any but 5xx). Failures are
// reported with Fatalf, except inside goroutines (want 0), where a 5xx is
// reported with Errorf.
func (e *Env) Call(method, path, token string, body any, want int) *Resp {
	e.t.Helper()
	return e.CallT(e.t, method, path, token, body, want)
}

// CallT is Call reporting to t (a subtest, or a goroutine's test).
func (e *Env) CallT(t *testing.T, method, path, token string, body any, want int) *Resp {
	t.Helper()
	raw := jsonBody(body)
	newReq := func() *http.Request {
		req, err := http.NewRequest(method, e.TS.URL+path, bytes.NewReader(raw))
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
			Options: &openapi3filter.Options{AuthenticationFunc: authenticate}}
		reqErr = openapi3filter.ValidateRequest(Ctx, in)
	}

	resp, err := http.DefaultClient.Do(newReq())
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	r := &Resp{Method: method, Path: path, Status: resp.StatusCode, Header: resp.Header, Body: b, ReqErr: reqErr}

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
		if err := openapi3filter.ValidateResponse(Ctx, out); err != nil {
			t.Errorf("%s\nresponse does not match openapi.yaml: %v", r, err)
		}
		if r.Status >= 200 && r.Status < 300 && reqErr != nil && !(e.QueryLenient && queryErr(reqErr)) {
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

// queryErr reports whether err is about a query parameter.
func queryErr(err error) bool {
	var re *openapi3filter.RequestError
	return errors.As(err, &re) && re.Parameter != nil && re.Parameter.In == openapi3.ParameterInQuery
}

// checkErrorSchema checks r's body against components/schemas/Error.
func (e *Env) checkErrorSchema(t *testing.T, r *Resp) {
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
	if err := e.Doc.Components.Schemas["Error"].Value.VisitJSON(v); err != nil {
		t.Errorf("%s: error body does not match components/schemas/Error: %v", r, err)
	}
}

// Get calls GET path with token.
func (e *Env) Get(path, token string, want int) *Resp {
	e.t.Helper()
	return e.CallT(e.t, http.MethodGet, path, token, nil, want)
}

// Put calls PUT path with token and body.
func (e *Env) Put(path, token string, body any, want int) *Resp {
	e.t.Helper()
	return e.CallT(e.t, http.MethodPut, path, token, body, want)
}

// Counts counts the rows of every table the API or the forms write.
func Counts(t *testing.T, db *store.DB) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, tbl := range []string{"agencies", "officers", "officer_years", "matters", "matter_agencies", "audit_log", "cases", "findings",
		"case_documents", "counters", "evidence"} {
		var n int
		if err := db.W.QueryRowContext(Ctx, `SELECT COUNT(*) FROM `+tbl).Scan(&n); err != nil {
			t.Fatal(err)
		}
		out[tbl] = n
	}
	return out
}

// SameCounts fails when the row counts changed since before.
func SameCounts(t *testing.T, db *store.DB, before map[string]int, what string) {
	t.Helper()
	after := Counts(t, db)
	for k, v := range before {
		if after[k] != v {
			t.Errorf("%s wrote to %s: %d rows before, %d after", what, k, v, after[k])
		}
	}
}

// Missing lists the documented operation/status pairs not in seen.
func (e *Env) Missing() []string {
	var out []string
	for path, item := range e.Doc.Paths.Map() {
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
