package webtest

// The fuzz harness of the web packages: the fixture world served on both
// engines, each input sent to both servers, and the checks every answer to
// outside input must pass — no 5xx, a refusal in the spec's shape with a
// Chinese message, and the same answer on SQLite and PostgreSQL.

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"unicode"

	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/config"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/web"
)

// FuzzEnv is the fixture world on one server per engine.
type FuzzEnv struct {
	Servers []*FuzzServer
}

// FuzzServer is one engine's server: its address, database and world,
// integration tokens by name, and signed-in clients by username.
type FuzzServer struct {
	Engine  store.Dialect
	URL     string
	DB      *store.DB
	World   *testworld.World
	Tokens  map[string]string
	clients map[string]*http.Client
}

// FuzzTokens are the integration tokens StartFuzz makes: a province-level
// one (370000) and the world's county (370102).
var FuzzTokens = map[string]string{"province": "370000", "county": testworld.Region}

// StartFuzz builds the fixture world on a fresh database of each engine,
// lets prepare add to it, and serves it on the pinned clock.
func StartFuzz(f *testing.F, prepare func(tb testing.TB, w *testworld.World)) *FuzzEnv {
	f.Helper()
	e := &FuzzEnv{}
	for _, eng := range testdb.Engines {
		db := testdb.Open(f, eng)
		w := testworld.Build(f, db)
		if prepare != nil {
			prepare(f, w)
		}
		ts := httptest.NewUnstartedServer(nil)
		srv, err := web.New(clock.With(context.Background(), Clock), db, &config.Options{BaseURL: "http://" + ts.Listener.Addr().String()},
			slog.New(slog.NewTextHandler(io.Discard, nil)), web.WithClock(Clock))
		if err != nil {
			f.Fatal(err)
		}
		ts.Config.Handler = srv
		ts.Start()
		f.Cleanup(ts.Close)
		s := &FuzzServer{Engine: eng, URL: ts.URL, DB: db, World: w, Tokens: map[string]string{}, clients: map[string]*http.Client{}}
		for name, region := range FuzzTokens {
			tok, err := auth.CreateToken(Ctx, db, "模糊测试"+name, auth.RoleIntegration, region, "")
			if err != nil {
				f.Fatal(err)
			}
			s.Tokens[name] = tok
		}
		e.Servers = append(e.Servers, s)
	}
	return e
}

// WithAdmin is a StartFuzz prepare that adds the system administrator's
// login "admin" (province 370000).
func WithAdmin(tb testing.TB, w *testworld.World) {
	if _, err := auth.CreateAccount(Ctx, w.DB.W, auth.NewAccount{Username: "admin", DisplayName: "系统管理员", Password: testworld.Password,
		Role: auth.RoleAdmin, Region: "370000"}); err != nil {
		tb.Fatal(err)
	}
}

// Answer is one server's answer.
type Answer struct {
	Engine store.Dialect
	Status int
	Header http.Header
	Body   []byte
}

// Client is a browser signed in as the world's account user on s.
func (s *FuzzServer) Client(tb testing.TB, user string) *http.Client {
	tb.Helper()
	if c, ok := s.clients[user]; ok {
		return c
	}
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req, _ := http.NewRequest(http.MethodPost, s.URL+"/login", strings.NewReader(url.Values{"username": {user},
		"password": {testworld.Password}, "next": {"/"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	resp, err := c.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		tb.Fatalf("login %s on %s: %d", user, s.Engine, resp.StatusCode)
	}
	s.clients[user] = c
	return c
}

// FuzzRequest is one request to send to every server.
type FuzzRequest struct {
	Method, Path string
	Token        string // a FuzzTokens name: an API call
	User         string // a world account: a signed-in page
	ContentType  string
	Body         []byte
}

// Send sends q to every server and checks the answers (CheckAnswer), and
// that both engines answered with the same status.
func (e *FuzzEnv) Send(t *testing.T, q FuzzRequest) []Answer {
	t.Helper()
	var out []Answer
	for _, s := range e.Servers {
		a := s.Send(t, q)
		CheckAnswer(t, q, a)
		out = append(out, a)
	}
	for _, a := range out[1:] {
		if a.Status != out[0].Status {
			t.Errorf("%s %s: %s answered %d, %s %d\n%s\n%s", q.Method, q.Path, out[0].Engine, out[0].Status, a.Engine, a.Status, out[0].Body, a.Body)
		}
	}
	return out
}

// Send sends q to s.
func (s *FuzzServer) Send(t *testing.T, q FuzzRequest) Answer {
	t.Helper()
	req, err := http.NewRequest(q.Method, s.URL+q.Path, bytes.NewReader(q.Body))
	if err != nil {
		t.Fatalf("%s %q: %v", q.Method, q.Path, err)
	}
	if q.ContentType != "" {
		req.Header.Set("Content-Type", q.ContentType)
	}
	c := http.DefaultClient
	switch {
	case q.Token != "":
		req.Header.Set("Authorization", "Bearer "+s.Tokens[q.Token])
	case q.User != "":
		c = s.Client(t, q.User)
		req.Header.Set("Sec-Fetch-Site", "same-origin")
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s %q on %s: %v", q.Method, q.Path, s.Engine, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return Answer{Engine: s.Engine, Status: resp.StatusCode, Header: resp.Header, Body: b}
}

// CheckAnswer fails on a server error, and on a refusal that is not in
// the spec's shape: for the API {"error":{"code","message","fields"}} with
// a Chinese message, for a page an HTML page with Chinese text.
func CheckAnswer(t *testing.T, q FuzzRequest, a Answer) {
	t.Helper()
	if a.Status >= 500 {
		t.Fatalf("%s %q on %s: %d %s", q.Method, q.Path, a.Engine, a.Status, a.Body)
	}
	if a.Status < 400 {
		return
	}
	if strings.HasPrefix(q.Path, "/api/") {
		var b struct {
			Error *struct {
				Code    string            `json:"code"`
				Message string            `json:"message"`
				Fields  map[string]string `json:"fields"`
			} `json:"error"`
		}
		if err := json.Unmarshal(a.Body, &b); err != nil || b.Error == nil || b.Error.Code == "" || !HasHan(b.Error.Message) {
			t.Fatalf("%s %q on %s: %d, not a Chinese error body: %s", q.Method, q.Path, a.Engine, a.Status, a.Body)
		}
		for k, m := range b.Error.Fields {
			if !HasHan(m) {
				t.Errorf("%s %q: field %s has no Chinese message: %q", q.Method, q.Path, k, m)
			}
		}
		return
	}
	if !HasHan(string(a.Body)) {
		t.Fatalf("%s %q on %s: %d without a Chinese message: %.300s", q.Method, q.Path, a.Engine, a.Status, a.Body)
	}
}

// FuzzQuery is "?" and the fuzzed query string's parameters, encoded (a
// raw space or control byte would make an invalid request line, which the
// HTTP server refuses before any handler sees it).
func FuzzQuery(raw string) string {
	v, _ := url.ParseQuery(raw)
	return "?" + v.Encode()
}

// HasHan reports whether s has a Chinese character.
func HasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// RoundTrip checks a PUT that succeeded: a GET of the same path answers
// the same object, and the same PUT again answers 200 with the same body
// (the exchange spec's idempotent replay).
func (e *FuzzEnv) RoundTrip(t *testing.T, q FuzzRequest, put []Answer) {
	t.Helper()
	for i, s := range e.Servers {
		a := put[i]
		if a.Status != http.StatusOK && a.Status != http.StatusCreated {
			continue
		}
		got := s.Send(t, FuzzRequest{Method: http.MethodGet, Path: q.Path, Token: q.Token})
		if got.Status != http.StatusOK || !sameJSON(got.Body, a.Body) {
			t.Errorf("%s %q on %s: GET after PUT %d answers %d\nPUT: %s\nGET: %s", q.Method, q.Path, s.Engine, a.Status, got.Status, a.Body, got.Body)
		}
		again := s.Send(t, q)
		if again.Status != http.StatusOK || !sameJSON(again.Body, a.Body) {
			t.Errorf("%s %q on %s: replay answers %d (want 200 and the same body)\nfirst: %s\nreplay: %s", q.Method, q.Path, s.Engine, again.Status, a.Body, again.Body)
		}
	}
}

func sameJSON(a, b []byte) bool {
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return false
	}
	xa, _ := json.Marshal(x)
	ya, _ := json.Marshal(y)
	return bytes.Equal(xa, ya)
}
