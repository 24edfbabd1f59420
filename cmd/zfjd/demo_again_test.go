package main

import (
	"bufio"
	"context"
	"io"
	"strings"
	"testing"
)

// startDemo runs `zfjd demo args...` until it says it has started, and
// returns what it printed up to and after that line's account list.
func startDemo(t *testing.T, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"demo", "--addr", "127.0.0.1:0"}, args...), pw)
		pw.Close()
	}()
	var b strings.Builder
	lines := bufio.NewScanner(pr)
	started := false
	for lines.Scan() {
		l := lines.Text()
		b.WriteString(l + "\n")
		if strings.HasPrefix(l, "zfjd 已启动：") {
			started = true
		}
		// The summary or the accounts follow the start line; the hint or
		// the last account line ends them.
		if started && (strings.HasPrefix(l, "要从头开始") || (strings.Contains(l, "shehui") && strings.Contains(b.String(), "已加载演示数据"))) {
			break
		}
	}
	cancel()
	go io.Copy(io.Discard, pr)
	if err := <-done; err != nil {
		t.Fatalf("demo %v: %v\n%s", args, err, b.String())
	}
	return b.String()
}

// TestDemoAgainAndReset: a second start of the demo keeps its data and
// prints the accounts again with how to start fresh; --reset deletes the
// demo database and loads the demo data anew (usability review: the
// accounts scrolled away and there was no way back to a clean demo).
func TestDemoAgainAndReset(t *testing.T) {
	db := t.TempDir() + "/demo.db"
	first := startDemo(t, "--db", db)
	if !strings.Contains(first, "已加载演示数据") {
		t.Fatalf("first start:\n%s", first)
	}
	again := startDemo(t, "--db", db)
	for _, want := range []string{"沿用上次的演示数据", "admin", "jinan", "Zfjd@Demo2026", "zfjd demo --reset"} {
		if !strings.Contains(again, want) {
			t.Fatalf("second start lacks %q:\n%s", want, again)
		}
	}
	if strings.Contains(again, "已加载演示数据") {
		t.Fatalf("second start loaded the demo again:\n%s", again)
	}
	fresh := startDemo(t, "--db", db, "--reset")
	if !strings.Contains(fresh, "已删除演示数据库") || !strings.Contains(fresh, "已加载演示数据") {
		t.Fatalf("--reset:\n%s", fresh)
	}
	if err := run(context.Background(), []string{"demo", "--reset", "--db", "postgres://127.0.0.1/none"}, io.Discard); err == nil ||
		!strings.Contains(err.Error(), "嵌入式数据库") {
		t.Fatalf("--reset on PostgreSQL: %v", err)
	}
}
