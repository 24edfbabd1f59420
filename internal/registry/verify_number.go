package registry

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"

	"zfjd/internal/store"
)

// settingKey reads the 32-byte signing key kept in settings under name,
// creating it on first use, so that every zfjd instance on one database
// agrees on it.
func settingKey(ctx context.Context, db *store.DB, name string) ([]byte, error) {
	k := make([]byte, 32)
	rand.Read(k)
	if _, err := db.W.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`,
		name, hex.EncodeToString(k)); err != nil {
		return nil, err
	}
	var s string
	if err := db.W.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, name).Scan(&s); err != nil {
		return nil, err
	}
	return hex.DecodeString(s)
}

// NumberSigner signs the numbers of certificates other than an officer's
// (a social supervisor's 聘任证, a 行政执法监督证) for the QR codes that open
// their public pages: a token is the number, ".", and base64url of
// HMAC-SHA256(key, purpose ":" number)[:12], so numbers cannot be guessed
// into pages and a changed token is refused before the database is asked.
type NumberSigner struct {
	key     []byte
	purpose string
}

// LoadNumberSigner reads the key kept under keyName (created on first use).
func LoadNumberSigner(ctx context.Context, db *store.DB, keyName, purpose string) (*NumberSigner, error) {
	key, err := settingKey(ctx, db, keyName)
	return &NumberSigner{key: key, purpose: purpose}, err
}

func (s *NumberSigner) mac(no string) string {
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte(s.purpose + ":" + no))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:12])
}

// Token is the QR's token of number no.
func (s *NumberSigner) Token(no string) string { return no + "." + s.mac(no) }

// Number is the number tok was signed for, ok false when tok is not a
// token of this signer.
func (s *NumberSigner) Number(tok string) (no string, ok bool) {
	no, mac, found := strings.Cut(tok, ".")
	if !found || !hmac.Equal([]byte(mac), []byte(s.mac(no))) {
		return "", false
	}
	return no, true
}
