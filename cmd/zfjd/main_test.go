package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/web"
)

// TestTokenCreate runs `zfjd token create` against each engine and checks
// that the printed token authenticates with the role and scope asked for.
func TestTokenCreate(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var out bytes.Buffer
		err := run(ctx, []string{"token", "create", "--db", db.DSN, "--name", "市场监管系统", "--role", "integration", "--region", "370102"}, &out)
		if err != nil {
			t.Fatal(err)
		}
		tok := strings.TrimSpace(out.String())
		p, err := auth.TokenPrincipal(ctx, db, tok)
		if err != nil {
			t.Fatalf("printed token %q does not authenticate: %v", tok, err)
		}
		if p.Role != auth.RoleIntegration || p.Region != "370102" || p.Agency != "" {
			t.Errorf("principal %+v", p)
		}
		out.Reset()
		err = run(ctx, []string{"token", "create", "--db", db.DSN, "--name", "x", "--role", "nobody", "--region", "3701"}, &out)
		if err == nil || !strings.Contains(err.Error(), "角色无效") || out.Len() != 0 {
			t.Errorf("bad role/region: err %v, out %q", err, out.String())
		}
	})
}

func TestMigrateAndUsage(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		var out bytes.Buffer
		if err := run(context.Background(), []string{"migrate", "--db", db.DSN}, &out); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out.String(), "迁移完成") {
			t.Errorf("migrate said %q", out.String())
		}
	})
	if err := run(context.Background(), []string{"frobnicate"}, &bytes.Buffer{}); err == nil {
		t.Error("unknown command accepted")
	}
}

// A bad ZFJD_TODAY stops every command before it touches anything.
func TestBadToday(t *testing.T) {
	t.Setenv("ZFJD_TODAY", "明天")
	err := run(context.Background(), []string{"migrate", "--db", t.TempDir() + "/x.db"}, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "ZFJD_TODAY") {
		t.Errorf("run with ZFJD_TODAY=明天: %v", err)
	}
}

// zfjd serve needs the public address: without it QR codes and verify
// links followed whatever Host a request sent. The demo takes its own.
func TestServeRequiresBaseURL(t *testing.T) {
	db := t.TempDir() + "/x.db"
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"serve", "--db", db}, "--base-url"},
		{[]string{"serve", "--db", db, "--base-url", "ftp://zfjd.example"}, "无效"},
		{[]string{"serve", "--db", db, "--base-url", "https://zfjd.example/app"}, "无效"},
		{[]string{"serve", "--db", db, "--base-url", "zfjd.example"}, "无效"},
		{[]string{"serve", "--db", db, "--base-url", "https://zfjd.example", "--trusted-proxies", "10.0.0.0/33"}, "trusted-proxies"},
	} {
		err := run(context.Background(), c.args, &bytes.Buffer{})
		if err == nil || !strings.Contains(err.Error(), c.want) || !errors.Is(err, errUsage) {
			t.Errorf("%v: %v, want a usage error about %s", c.args, err, c.want)
		}
	}
	if _, err := os.Stat(db); err == nil {
		t.Error("a refused serve opened the database")
	}
	for addr, want := range map[string]string{
		"127.0.0.1:8080": "http://127.0.0.1:8080", "0.0.0.0:8080": "http://127.0.0.1:8080", "[::]:9000": "http://127.0.0.1:9000",
		"192.0.2.5:80": "http://192.0.2.5:80",
	} {
		a, _ := net.ResolveTCPAddr("tcp", addr)
		if got := demoBaseURL(a); got != want {
			t.Errorf("demoBaseURL(%s) = %s, want %s", addr, got, want)
		}
	}
}

// zfjd serve starts with its timeouts, serves /metrics only on
// --metrics-addr, and stops when told to.
func TestServeRuns(t *testing.T) {
	if s := web.NewHTTPServer(http.NotFoundHandler()); s.ReadHeaderTimeout == 0 || s.ReadTimeout == 0 || s.WriteTimeout == 0 || s.IdleTimeout == 0 {
		t.Errorf("timeouts: %+v", s)
	}
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--db", dir + "/z.db", "--addr", "127.0.0.1:0", "--base-url", "https://zfjd.example",
			"--metrics-addr", "127.0.0.1:0", "--drain-seconds", "0"}, pw)
		pw.Close()
	}()
	lines := bufio.NewScanner(pr)
	var base, metrics string
	for lines.Scan() && (base == "" || metrics == "") {
		l := lines.Text()
		if rest, ok := strings.CutPrefix(l, "监控指标："); ok {
			metrics = rest
		}
		if rest, ok := strings.CutPrefix(l, "zfjd 已启动："); ok {
			base = strings.Fields(rest)[0]
		}
	}
	go io.Copy(io.Discard, pr)
	if base == "" || metrics == "" {
		t.Fatalf("serve printed no addresses (base %q, metrics %q): %v", base, metrics, lines.Err())
	}
	get := func(u string) (*http.Response, string) {
		resp, err := http.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, string(b)
	}
	if resp, _ := get(base + "/healthz"); resp.StatusCode != 200 || resp.Header.Get("Strict-Transport-Security") == "" {
		t.Errorf("/healthz: %d %v", resp.StatusCode, resp.Header)
	}
	if resp, _ := get(base + "/metrics"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("/metrics on the main address: %d", resp.StatusCode)
	}
	if resp, body := get(metrics); resp.StatusCode != 200 || !strings.Contains(body, "zfjd_http_requests_total") {
		t.Errorf("metrics address: %d", resp.StatusCode)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("serve: %v", err)
	}
}

// Tokens expire (--expires, default 365 days), are listed without their
// secret and revoked by id, each change audited.
func TestTokenExpiresListRevoke(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var out bytes.Buffer
		create := func(args ...string) (string, error) {
			out.Reset()
			err := run(ctx, append([]string{"token", "create", "--db", db.DSN}, args...), &out)
			return strings.TrimSpace(out.String()), err
		}
		tok90, err := create("--name", "九十天", "--role", "supervisor", "--region", "370102", "--expires", "90d")
		if err != nil {
			t.Fatal(err)
		}
		tokAll, err := create("--name", "全国令牌", "--role", "admin", "--region", "全国")
		if err != nil {
			t.Fatal(err)
		}
		if p, err := auth.TokenPrincipal(ctx, db, tokAll); err != nil || p.Region != "" {
			t.Errorf("nationwide token: %+v %v", p, err)
		}
		at := func(d time.Duration) context.Context { return clock.With(ctx, clock.Fixed(clock.Now(ctx).Add(d))) }
		if _, err := auth.TokenPrincipal(at(89*24*time.Hour), db, tok90); err != nil {
			t.Errorf("90-day token on day 89: %v", err)
		}
		if _, err := auth.TokenPrincipal(at(91*24*time.Hour), db, tok90); err == nil {
			t.Error("90-day token accepted on day 91")
		}
		if _, err := auth.TokenPrincipal(at(366*24*time.Hour), db, tokAll); err == nil {
			t.Error("default token accepted after 366 days")
		}
		for _, c := range []struct {
			args []string
			want string
		}{
			{[]string{"--name", "x", "--role", "integration"}, "--region"},
			{[]string{"--name", "x", "--role", "integration", "--region", "370102", "--expires", "10x"}, "--expires"},
			{[]string{"--name", "x", "--role", "integration", "--region", "370102", "--expires", "6y"}, "--expires"},
			{[]string{"--name", "x", "--role", "integration", "--region", "370102", "--agency", "91370102MA3C5R2K0M"}, "部门"},
		} {
			if tok, err := create(c.args...); err == nil || !strings.Contains(err.Error(), c.want) || tok != "" {
				t.Errorf("create %v: %q %v, want an error about %s", c.args, tok, err, c.want)
			}
		}

		out.Reset()
		if err := run(ctx, []string{"token", "list", "--db", db.DSN}, &out); err != nil {
			t.Fatal(err)
		}
		list := out.String()
		for _, want := range []string{"九十天", "全国令牌", "supervisor", "370102", "全国", "有效"} {
			if !strings.Contains(list, want) {
				t.Errorf("token list lacks %q:\n%s", want, list)
			}
		}
		if strings.Contains(list, tok90) || strings.Contains(list, "zfjd_") {
			t.Error("token list shows a token")
		}
		p, _ := auth.TokenPrincipal(ctx, db, tok90)
		out.Reset()
		if err := run(ctx, []string{"token", "revoke", "--db", db.DSN, strconv.FormatInt(p.ID, 10)}, &out); err != nil || !strings.Contains(out.String(), "已吊销") {
			t.Fatalf("revoke: %v %q", err, out.String())
		}
		if _, err := auth.TokenPrincipal(ctx, db, tok90); err == nil {
			t.Error("revoked token still accepted")
		}
		out.Reset()
		run(ctx, []string{"token", "list", "--db", db.DSN}, &out)
		if !strings.Contains(out.String(), "已吊销") {
			t.Errorf("list after revoke:\n%s", out.String())
		}
		for _, args := range [][]string{{"token", "revoke", "--db", db.DSN, "999"}, {"token", "revoke", "--db", db.DSN, "abc"}, {"token", "frob"}} {
			if err := run(ctx, args, &bytes.Buffer{}); err == nil {
				t.Errorf("%v accepted", args)
			}
		}
		var n int
		db.R.QueryRow(`SELECT COUNT(*) FROM audit_log WHERE entity = 'api_token'`).Scan(&n)
		if n != 3 {
			t.Errorf("%d audit rows for two creations and a revocation", n)
		}
	})
}
