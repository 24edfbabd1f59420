package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"strings"
	"time"

	"zfjd/internal/apperr"
	"zfjd/internal/clock"
	"zfjd/internal/ident"
	"zfjd/internal/store"
)

// tokenPrefix makes leaked tokens easy to find in logs and code.
const tokenPrefix = "zfjd_"

// Token lifetimes: every token expires (ASVS 3.5); a system that still
// needs access gets a new token before the old one runs out.
const (
	DefaultTokenTTL = 365 * 24 * time.Hour
	MaxTokenTTL     = 5 * 365 * 24 * time.Hour
)

func hashToken(tok string) string {
	h := sha256.Sum256([]byte(tok))
	return hex.EncodeToString(h[:])
}

// NewToken is the input to IssueToken.
type NewToken struct {
	Name           string
	Role           Role
	Region, Agency string
	TTL            time.Duration // 0 = DefaultTokenTTL
}

// CreateToken makes an API bearer token for a role and jurisdiction with
// the default lifetime and returns it; only its SHA-256 is stored.
func CreateToken(ctx context.Context, db *store.DB, name string, role Role, region, agency string) (string, error) {
	tok, _, err := IssueToken(ctx, db.W, NewToken{Name: name, Role: role, Region: region, Agency: agency})
	return tok, err
}

// IssueToken makes an API bearer token and returns it with its id; only
// its SHA-256 is stored (tx so that the caller can audit it).
func IssueToken(ctx context.Context, tx store.Querier, n NewToken) (string, int64, error) {
	f := apperr.Fields{}
	if strings.TrimSpace(n.Name) == "" {
		f.Set("name", "请填写令牌名称")
	}
	if !n.Role.Valid() {
		f.Set("role", "角色无效")
	}
	if n.Region != "" {
		if err := ident.ValidateRegionCode(n.Region); err != nil {
			f.Set("region", err.Error())
		}
	}
	if n.Agency != "" {
		if err := ident.ValidateUSCC(n.Agency); err != nil {
			f.Set("agency", err.Error())
		}
	}
	if n.TTL == 0 {
		n.TTL = DefaultTokenTTL
	}
	if n.TTL < time.Hour || n.TTL > MaxTokenTTL {
		f.Set("expires", "有效期须在1小时至5年之间")
	}
	if err := f.Err(); err != nil {
		return "", 0, err
	}
	b := make([]byte, 24)
	rand.Read(b)
	tok := tokenPrefix + hex.EncodeToString(b)
	now := clock.Now(ctx)
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO api_tokens (name, token_hash, role, region_code, agency_code, created_at, expires_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		n.Name, hashToken(tok), string(n.Role), n.Region, n.Agency, now.UnixMilli(), now.Add(n.TTL).UnixMilli()).Scan(&id)
	return tok, id, err
}

// TokenPrincipal resolves a bearer token; revoked and expired tokens are
// refused (expiry on the request's clock).
func TokenPrincipal(ctx context.Context, db *store.DB, tok string) (*Principal, error) {
	var p Principal
	var role string
	err := db.R.QueryRowContext(ctx, `SELECT id, name, role, region_code, agency_code FROM api_tokens
		WHERE token_hash = $1 AND revoked = 0 AND expires_at > $2`,
		hashToken(tok), clock.Millis(ctx)).Scan(&p.ID, &p.Name, &role, &p.Region, &p.Agency)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.New(apperr.Unauthorized, "访问令牌无效、已过期或已吊销")
	}
	if err != nil {
		return nil, err
	}
	p.Role = Role(role)
	p.Name = "令牌:" + p.Name
	return &p, nil
}

// TokenInfo describes a stored token (never the token itself).
type TokenInfo struct {
	ID               int64
	Name             string
	Role             Role
	Region, Agency   string
	Created, Expires time.Time
	Revoked          bool
}

// Expired reports whether the token has run out at now.
func (t *TokenInfo) Expired(now time.Time) bool { return !now.Before(t.Expires) }

// ListTokens lists every token, newest first.
func ListTokens(ctx context.Context, db *store.DB) ([]TokenInfo, error) {
	rows, err := db.R.QueryContext(ctx, `SELECT id, name, role, region_code, agency_code, created_at, expires_at, revoked
		FROM api_tokens ORDER BY id DESC`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []TokenInfo
	for rows.Next() {
		var t TokenInfo
		var role string
		var created, expires int64
		var revoked int
		if err := rows.Scan(&t.ID, &t.Name, &role, &t.Region, &t.Agency, &created, &expires, &revoked); err != nil {
			return nil, err
		}
		t.Role, t.Created, t.Expires, t.Revoked = Role(role), time.UnixMilli(created), time.UnixMilli(expires), revoked != 0
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeToken revokes token id at once (the next request with it is
// refused). Revoking a revoked token is not an error.
func RevokeToken(ctx context.Context, tx store.Querier, id int64) (*TokenInfo, error) {
	var t TokenInfo
	var role string
	var created, expires int64
	err := tx.QueryRowContext(ctx, `UPDATE api_tokens SET revoked = 1 WHERE id = $1
		RETURNING id, name, role, region_code, agency_code, created_at, expires_at`, id).
		Scan(&t.ID, &t.Name, &role, &t.Region, &t.Agency, &created, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFoundf("令牌")
	}
	if err != nil {
		return nil, err
	}
	t.Role, t.Created, t.Expires, t.Revoked = Role(role), time.UnixMilli(created), time.UnixMilli(expires), true
	return &t, nil
}
