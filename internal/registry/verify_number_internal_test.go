package registry

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"testing"
)

// TestNumberSigner: a token is the number, ".", and base64url of
// HMAC-SHA256(key, purpose ":" number)[:12] — the form the 聘任证 and
// 行政执法监督证 QR codes already printed carry — and only a token of the
// same signer gives its number back.
func TestNumberSigner(t *testing.T) {
	key := []byte("0123456789abcdef0123456789abcdef")
	s := &NumberSigner{key: key, purpose: "social"}
	m := hmac.New(sha256.New, key)
	m.Write([]byte("social:SJ-2026-001"))
	want := "SJ-2026-001." + base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:12])
	if got := s.Token("SJ-2026-001"); got != want {
		t.Fatalf("token %q, want %q", got, want)
	}
	if no, ok := s.Number(want); !ok || no != "SJ-2026-001" {
		t.Fatalf("own token: %q %v", no, ok)
	}
	other := &NumberSigner{key: key, purpose: "supervision-cert"}
	for _, tok := range []string{"SJ-2026-002" + want[len("SJ-2026-001"):], want + "x", "SJ-2026-001", other.Token("SJ-2026-001"), ""} {
		if no, ok := s.Number(tok); ok {
			t.Errorf("token %q accepted as %q", tok, no)
		}
	}
}
