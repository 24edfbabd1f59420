package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"zfjd/internal/auth"
	"zfjd/internal/config"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/web"
	"zfjd/internal/web/webtest"
)

// get asks u on a connection of its own (a load balancer's probe).
func get(t *testing.T, u string) (int, string) {
	t.Helper()
	c := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := c.Get(u)
	if err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// /livez answers while the process runs; /readyz only while the database
// answers, its schema is this binary's, and shutdown has not begun.
func TestLivezReadyz(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		e := webtest.Start(t, db)
		for _, p := range []string{"/livez", "/readyz"} {
			if code, body := get(t, e.TS.URL+p); code != http.StatusOK || body != "ok\n" {
				t.Errorf("%s: %d %q", p, code, body)
			}
		}
		// A schema behind the binary (zfjd migrate has not run): not ready.
		var v int64
		db.R.QueryRow(`SELECT MAX(version_id) FROM goose_db_version`).Scan(&v)
		if _, err := db.W.Exec(`UPDATE goose_db_version SET is_applied = false WHERE version_id = $1`, v); err != nil {
			t.Fatal(err)
		}
		if code, body := get(t, e.TS.URL+"/readyz"); code != http.StatusServiceUnavailable || !strings.Contains(body, "zfjd migrate") {
			t.Errorf("/readyz with the schema behind: %d %q", code, body)
		}
		db.W.Exec(`UPDATE goose_db_version SET is_applied = true WHERE version_id = $1`, v)
		if code, _ := get(t, e.TS.URL+"/readyz"); code != http.StatusOK {
			t.Errorf("/readyz at head again: %d", code)
		}
		// The database gone: not ready, still alive.
		db.Close()
		if code, body := get(t, e.TS.URL+"/readyz"); code != http.StatusServiceUnavailable || body != "database unavailable\n" {
			t.Errorf("/readyz without the database: %d %q", code, body)
		}
		if code, _ := get(t, e.TS.URL+"/livez"); code != http.StatusOK {
			t.Errorf("/livez without the database: %d", code)
		}
	})
}

// Shutdown as zfjd serve does it on SIGTERM (Server.Stop): a write in
// flight when it begins completes and is stored, /readyz answers 503 from
// the start while other routes are still served, and once the server has
// shut its listener new connections are refused.
func TestStopFinishesWritesInFlight(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		ctx := webtest.Ctx
		srv, err := web.New(ctx, db, &config.Options{BaseURL: "http://zfjd.test"}, slog.New(slog.NewTextHandler(io.Discard, nil)),
			web.WithClock(webtest.Clock))
		if err != nil {
			t.Fatal(err)
		}
		// A request marked X-Hold waits here, inside the server, until the
		// test lets it through to the real handler.
		entered, release := make(chan struct{}), make(chan struct{})
		hs := web.NewHTTPServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get("X-Hold") != "" {
				close(entered)
				<-release
			}
			srv.ServeHTTP(w, r)
		}))
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		go hs.Serve(ln)
		base := "http://" + ln.Addr().String()

		tok, err := auth.CreateToken(ctx, db, "省级系统", auth.RoleIntegration, "370100", "")
		if err != nil {
			t.Fatal(err)
		}
		code := webtest.USCC(t, "370102", 7)
		body, _ := json.Marshal(webtest.AgencyBody("历下区市场监管局", "370102"))
		type answer struct {
			status int
			err    error
		}
		done := make(chan answer, 1)
		go func() {
			req, _ := http.NewRequest(http.MethodPut, base+"/api/v1/agencies/"+code, bytes.NewReader(body))
			req.Header.Set("Authorization", "Bearer "+tok)
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("X-Hold", "1")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				done <- answer{err: err}
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			done <- answer{status: resp.StatusCode}
		}()
		<-entered

		srv.Drain() // the first thing Stop does
		if c, b := get(t, base+"/readyz"); c != http.StatusServiceUnavailable || b != "shutting down\n" {
			t.Errorf("/readyz while draining: %d %q", c, b)
		}
		for _, p := range []string{"/livez", "/healthz"} {
			if c, _ := get(t, base+p); c != http.StatusOK {
				t.Errorf("%s while draining: %d", p, c)
			}
		}
		closed := make(chan struct{})
		hs.RegisterOnShutdown(func() { close(closed) }) // run once the listener is closed
		stopped := make(chan error, 1)
		go func() { stopped <- srv.Stop(context.Background(), 0, time.Minute, hs) }()
		<-closed
		if c, err := net.Dial("tcp", ln.Addr().String()); err == nil {
			c.Close()
			t.Error("a new connection was accepted after shutdown began")
		}
		select {
		case err := <-stopped:
			t.Fatalf("Stop returned with a request in flight: %v", err)
		default:
		}
		close(release)
		if a := <-done; a.err != nil || a.status != http.StatusCreated {
			t.Errorf("the write in flight: %d %v", a.status, a.err)
		}
		if err := <-stopped; err != nil {
			t.Errorf("Stop: %v", err)
		}
		var n int
		db.R.QueryRow(`SELECT COUNT(*) FROM agencies WHERE code = $1`, code).Scan(&n)
		if n != 1 {
			t.Errorf("the write in flight was not stored (%d rows)", n)
		}
	})
}
