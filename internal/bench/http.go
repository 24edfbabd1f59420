package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"zfjd/internal/auth"
	"zfjd/internal/calendar"
	"zfjd/internal/cases"
	"zfjd/internal/clock"
	"zfjd/internal/config"
	"zfjd/internal/store"
	"zfjd/internal/web"
)

// server is the real zfjd server, in process on a loopback port.
type server struct {
	base string
	hs   *http.Server
	svc  *cases.Service
}

func startServer(ctx context.Context, db *store.DB) (*server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	base := "http://" + ln.Addr().String()
	o := &config.Options{DB: db.DSN, Addr: ln.Addr().String(), BaseURL: base, LogLevel: "error"}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	svc := cases.NewService(db, calendar.RulesCalendar, cases.BenchmarkRanges)
	srv, err := web.New(ctx, db, o, log, web.WithClock(clock.From(ctx)), web.WithCases(svc))
	if err != nil {
		ln.Close()
		return nil, err
	}
	hs := web.NewHTTPServer(srv)
	go hs.Serve(ln)
	return &server{base: base, hs: hs, svc: svc}, nil
}

func (s *server) close() { s.hs.Close() }

func client() *http.Client {
	return &http.Client{Timeout: 60 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 64, MaxConnsPerHost: 64}}
}

// load runs fn from n clients until d has passed (at least once per
// client) and reports operations per second and latencies.
func load(n int, d time.Duration, fn func(worker, i int) error) (perSec float64, l lat, failed int, firstErr error) {
	var mu sync.Mutex
	var nfail atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	var seq atomic.Int64
	for w := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine lat
			for k := 0; k == 0 || time.Since(start) < d; k++ {
				i := int(seq.Add(1)) - 1
				t := time.Now()
				err := fn(w, i)
				mine = append(mine, time.Since(t))
				if err != nil {
					nfail.Add(1)
					mu.Lock()
					if firstErr == nil {
						firstErr = err
					}
					mu.Unlock()
				}
			}
			mu.Lock()
			l = append(l, mine...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	el := time.Since(start)
	return float64(len(l)) / el.Seconds(), l, int(nfail.Load()), firstErr
}

func get(c *http.Client, u, token string) error {
	req, _ := http.NewRequest("GET", u, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %d", u, resp.StatusCode)
	}
	return err
}

// login opens a UI session for username (the generated accounts).
func login(base, username, password string) (*http.Client, error) {
	jar, _ := cookiejar.New(nil)
	c := client()
	c.Jar = jar
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := c.PostForm(base+"/login", url.Values{"username": {username}, "password": {password}})
	if err != nil {
		return nil, err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther && resp.StatusCode != http.StatusFound {
		return nil, fmt.Errorf("登录 %s 失败：%d", username, resp.StatusCode)
	}
	c.CheckRedirect = nil
	return c, nil
}

// ingestBodies are exchange-v1 bodies made from stored cases (valid by
// construction), to be PUT under new source ids.
func ingestBodies(ctx context.Context, db *store.DB, n int) ([][]byte, error) {
	rows, err := db.R.QueryContext(ctx, `SELECT agency_code, region_code, matter_code, procedure_kind, title, party_json, facts_json, events_json
		FROM cases ORDER BY id DESC LIMIT $1`, n)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out [][]byte
	for rows.Next() {
		var a, r, m, p, t, party, facts, events string
		if err := rows.Scan(&a, &r, &m, &p, &t, &party, &facts, &events); err != nil {
			return nil, err
		}
		b, _ := json.Marshal(map[string]any{"agency_code": a, "region_code": r, "matter_code": m, "procedure": p, "title": t,
			"party": json.RawMessage(party), "facts": json.RawMessage(facts), "events": json.RawMessage(events)})
		out = append(out, b)
	}
	return out, rows.Err()
}

func put(c *http.Client, u, token string, body []byte) error {
	req, _ := http.NewRequest("PUT", u, bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusCreated {
		return fmt.Errorf("PUT %s: %d %s", u, resp.StatusCode, strings.TrimSpace(string(b)))
	}
	return nil
}

func token(ctx context.Context, db *store.DB, role auth.Role, region string) (string, error) {
	return auth.CreateToken(ctx, db, "zfjd bench "+string(role)+" "+region, role, region, "")
}
