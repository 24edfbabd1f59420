package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/clock"
	"zfjd/internal/ident"
	"zfjd/internal/store"
)

// tokenPrefix makes leaked tokens easy to find in logs and code.
const tokenPrefix = "zfjd_"

func hashToken(tok string) string {
	h := sha256.Sum256([]byte(tok))
	return hex.EncodeToString(h[:])
}

// CreateToken makes an API bearer token for a role and jurisdiction and
// returns it; only its SHA-256 is stored.
func CreateToken(ctx context.Context, db *store.DB, name string, role Role, region, agency string) (string, error) {
	f := apperr.Fields{}
	if strings.TrimSpace(name) == "" {
		f.Set("name", "请填写令牌名称")
	}
	if !role.Valid() {
		f.Set("role", "角色无效")
	}
	if region != "" {
		if err := ident.ValidateRegionCode(region); err != nil {
			f.Set("region", err.Error())
		}
	}
	if agency != "" {
		if err := ident.ValidateUSCC(agency); err != nil {
			f.Set("agency", err.Error())
		}
	}
	if err := f.Err(); err != nil {
		return "", err
	}
	b := make([]byte, 24)
	rand.Read(b)
	tok := tokenPrefix + hex.EncodeToString(b)
	_, err := db.W.ExecContext(ctx, `INSERT INTO api_tokens (name, token_hash, role, region_code, agency_code, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
		name, hashToken(tok), string(role), region, agency, clock.Millis(ctx))
	return tok, err
}

// TokenPrincipal resolves a bearer token.
func TokenPrincipal(ctx context.Context, db *store.DB, tok string) (*Principal, error) {
	var p Principal
	var role string
	err := db.R.QueryRowContext(ctx, `SELECT id, name, role, region_code, agency_code FROM api_tokens WHERE token_hash = $1 AND revoked = 0`,
		hashToken(tok)).Scan(&p.ID, &p.Name, &role, &p.Region, &p.Agency)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.New(apperr.Unauthorized, "访问令牌无效或已吊销")
	}
	if err != nil {
		return nil, err
	}
	p.Role = Role(role)
	p.Name = "令牌:" + p.Name
	return &p, nil
}
