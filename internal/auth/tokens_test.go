package auth_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/ident"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
)

func TestTokens(t *testing.T) {
	agency, err := ident.MakeUSCC('1', '1', "370102", "00000001")
	if err != nil {
		t.Fatal(err)
	}
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		tok, err := auth.CreateToken(ctx, db, "市场监管局对接", auth.RoleIntegration, "370102", agency)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(tok, "zfjd_") || len(tok) < 40 {
			t.Errorf("token %q: want the zfjd_ prefix and enough entropy", tok)
		}
		var stored int
		db.R.QueryRow(`SELECT COUNT(*) FROM api_tokens WHERE token_hash = $1 OR name = $1`, tok).Scan(&stored)
		if stored != 0 {
			t.Error("the token itself is stored")
		}

		p, err := auth.TokenPrincipal(ctx, db, tok)
		if err != nil {
			t.Fatal(err)
		}
		if p.Role != auth.RoleIntegration || p.Region != "370102" || p.Agency != agency || p.Name != "令牌:市场监管局对接" || p.ID == 0 {
			t.Errorf("principal = %+v", p)
		}

		tok2, err := auth.CreateToken(ctx, db, "全国", auth.RoleAdmin, "", "")
		if err != nil {
			t.Fatal(err)
		}
		if tok2 == tok {
			t.Fatal("two tokens are equal")
		}
		if p2, err := auth.TokenPrincipal(ctx, db, tok2); err != nil || p2.Role != auth.RoleAdmin || p2.Region != "" || p2.Agency != "" {
			t.Errorf("second token = %+v, %v", p2, err)
		}

		for _, bad := range []string{"", "zfjd_", tok + "0", tok[:len(tok)-1], strings.ToUpper(tok), "Bearer " + tok} {
			if _, err := auth.TokenPrincipal(ctx, db, bad); !apperr.Is(err, apperr.Unauthorized) {
				t.Errorf("TokenPrincipal(%q) = %v, want unauthorized", bad, err)
			}
		}
		if _, err := db.W.Exec(`UPDATE api_tokens SET revoked = 1 WHERE id = $1`, p.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := auth.TokenPrincipal(ctx, db, tok); !apperr.Is(err, apperr.Unauthorized) {
			t.Errorf("revoked token: %v, want unauthorized", err)
		}
	})
}

func TestCreateTokenValidates(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		for _, c := range []struct {
			name, region, agency string
			role                 auth.Role
			field                string
		}{
			{"", "370102", "", auth.RoleIntegration, "name"},
			{"x", "370102", "", "superuser", "role"},
			{"x", "370102", "", "", "role"},
			{"x", "3701", "", auth.RoleIntegration, "region"},
			{"x", "990000", "", auth.RoleIntegration, "region"},
			{"x", "370102", "91370102MA3C0000X0", auth.RoleIntegration, "agency"},
		} {
			tok, err := auth.CreateToken(ctx, db, c.name, c.role, c.region, c.agency)
			if !apperr.Is(err, apperr.Invalid) || apperr.As(err).Fields[c.field] == "" || tok != "" {
				t.Errorf("CreateToken(%q, %q, %q, %q) = %q, %v; want invalid %s", c.name, c.role, c.region, c.agency, tok, err, c.field)
			}
		}
		var n int
		db.R.QueryRow(`SELECT COUNT(*) FROM api_tokens`).Scan(&n)
		if n != 0 {
			t.Errorf("%d tokens stored by rejected calls", n)
		}
	})
}

// Tokens expire (default 365 days, or the lifetime asked for), are listed
// without their secret and are revoked by id.
func TestTokenExpiryListRevoke(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		day := time.Date(2026, 6, 15, 9, 0, 0, 0, time.UTC)
		at := func(d time.Time) context.Context { return clock.With(context.Background(), clock.Fixed(d)) }
		long, longID, err := auth.IssueToken(at(day), db.W, auth.NewToken{Name: "默认", Role: auth.RoleIntegration, Region: "370102"})
		if err != nil {
			t.Fatal(err)
		}
		short, shortID, err := auth.IssueToken(at(day), db.W, auth.NewToken{Name: "九十天", Role: auth.RoleSupervisor, Region: "370100", TTL: 90 * 24 * time.Hour})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			tok     string
			when    time.Time
			allowed bool
		}{
			{short, day.Add(90*24*time.Hour - time.Second), true},
			{short, day.Add(90 * 24 * time.Hour), false},
			{long, day.Add(364 * 24 * time.Hour), true},
			{long, day.Add(auth.DefaultTokenTTL), false},
		} {
			_, err := auth.TokenPrincipal(at(c.when), db, c.tok)
			if c.allowed != (err == nil) || err != nil && !apperr.Is(err, apperr.Unauthorized) {
				t.Errorf("token at %s: %v, want allowed=%v", c.when, err, c.allowed)
			}
		}

		list, err := auth.ListTokens(at(day), db)
		if err != nil || len(list) != 2 {
			t.Fatalf("ListTokens: %+v, %v", list, err)
		}
		if l := list[0]; l.ID != shortID || l.Name != "九十天" || l.Role != auth.RoleSupervisor || l.Region != "370100" ||
			!l.Expires.Equal(day.Add(90*24*time.Hour)) || l.Revoked || l.Expired(day) || !l.Expired(l.Expires) {
			t.Errorf("listed %+v", l)
		}
		if _, err := auth.RevokeToken(at(day), db.W, longID); err != nil {
			t.Fatal(err)
		}
		if _, err := auth.TokenPrincipal(at(day), db, long); !apperr.Is(err, apperr.Unauthorized) {
			t.Errorf("revoked token: %v", err)
		}
		if _, err := auth.TokenPrincipal(at(day), db, short); err != nil {
			t.Errorf("the other token after a revoke: %v", err)
		}
		if list, _ := auth.ListTokens(at(day), db); !list[1].Revoked {
			t.Errorf("not listed as revoked: %+v", list[1])
		}
		if _, err := auth.RevokeToken(at(day), db.W, 999); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("revoke unknown: %v", err)
		}
		for _, ttl := range []time.Duration{time.Minute, auth.MaxTokenTTL + time.Hour, -time.Hour} {
			if _, _, err := auth.IssueToken(at(day), db.W, auth.NewToken{Name: "x", Role: auth.RoleIntegration, TTL: ttl}); apperr.As(err).Fields["expires"] == "" {
				t.Errorf("TTL %s: %v, want refused", ttl, err)
			}
		}
	})
}
