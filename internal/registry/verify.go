package registry

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"

	"zfjd/internal/apperr"
	"zfjd/internal/store"
)

// Verifier signs and checks the tokens in certificate QR codes (亮证执法).
// A token is base64url(verify_id ‖ HMAC-SHA256(key, verify_id)[:16]):
// verify_id is 16 random bytes per officer, so tokens cannot be guessed or
// enumerated, and any change to a token breaks the MAC, so a tampered code
// is rejected before the database is asked. The key lives in the settings
// table so that every zfjd instance on one database agrees on it.
type Verifier struct{ key []byte }

const macLen = 16

// LoadVerifier reads the signing key, creating it on first use.
func LoadVerifier(ctx context.Context, db *store.DB) (*Verifier, error) {
	key, err := settingKey(ctx, db, "verify_key")
	return &Verifier{key: key}, err
}

func (v *Verifier) mac(id []byte) []byte {
	m := hmac.New(sha256.New, v.key)
	m.Write(id)
	return m.Sum(nil)[:macLen]
}

// Token returns the signed token for an officer's verify id.
func (v *Verifier) Token(verifyID string) string {
	id, _ := hex.DecodeString(verifyID)
	return base64.RawURLEncoding.EncodeToString(append(id, v.mac(id)...))
}

// parse returns the verify id inside a well-signed token.
func (v *Verifier) parse(tok string) (string, bool) {
	// Strict: the last character carries 2 unused bits, which a lenient
	// decoder ignores, so 4 spellings of one token would all pass.
	b, err := base64.RawURLEncoding.Strict().DecodeString(tok)
	if err != nil || len(b) != 16+macLen {
		return "", false
	}
	id, sum := b[:16], b[16:]
	if !hmac.Equal(sum, v.mac(id)) {
		return "", false
	}
	return hex.EncodeToString(id), true
}

// Verification is what the public page may show: the certificate and its
// holder's name, agency and domain — nothing else about the person.
type Verification struct {
	Valid      bool // the token itself is genuine
	State      string
	StateLabel string
	Name       string
	CertNo     string
	AgencyName string
	Domain     string
	ValidFrom  string
	ValidTo    string
}

// Verify resolves a token; a bad token gives Valid false and no error.
func (v *Verifier) Verify(ctx context.Context, db *store.DB, tok string) (*Verification, error) {
	id, ok := v.parse(tok)
	if !ok {
		return &Verification{}, nil
	}
	o, err := officerByVerifyID(ctx, db, id)
	if apperr.Is(err, apperr.NotFound) {
		return &Verification{}, nil
	}
	if err != nil {
		return nil, err
	}
	return &Verification{Valid: true, State: o.State, StateLabel: o.StateLabel(), Name: o.Name, CertNo: o.CertNo,
		AgencyName: o.AgencyName, Domain: o.Domain, ValidFrom: o.CertValidFrom, ValidTo: o.CertValidTo}, nil
}
