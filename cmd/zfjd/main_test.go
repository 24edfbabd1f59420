package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"zfjd/internal/auth"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
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
