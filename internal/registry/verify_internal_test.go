package registry

import (
	"crypto/rand"
	"encoding/hex"
	"testing"
)

// FuzzVerifierParse checks that a token is accepted only in the one
// spelling Token produces: anything else that parses would be a second
// valid QR code for the same certificate.
func FuzzVerifierParse(f *testing.F) {
	v := &Verifier{key: []byte("fuzz-key-0123456789abcdef0123456")}
	b := make([]byte, 16)
	rand.Read(b)
	good := v.Token(hex.EncodeToString(b))
	for _, s := range []string{good, good[:len(good)-1] + "B", good + "=", "", "AAAA", good[1:], "\x00\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, tok string) {
		id, ok := v.parse(tok)
		if !ok {
			if id != "" {
				t.Errorf("rejected token %q still yields id %q", tok, id)
			}
			return
		}
		if len(id) != 32 {
			t.Errorf("id %q is not 16 bytes of hex", id)
		}
		if again := v.Token(id); again != tok {
			t.Errorf("token %q accepted, but its canonical form is %q", tok, again)
		}
	})
}

func TestVerifierTokenRoundTrip(t *testing.T) {
	v := &Verifier{key: []byte("k")}
	for range 200 {
		b := make([]byte, 16)
		rand.Read(b)
		id := hex.EncodeToString(b)
		tok := v.Token(id)
		if len(tok) != 43 {
			t.Fatalf("token %q: %d characters, want 43", tok, len(tok))
		}
		if got, ok := v.parse(tok); !ok || got != id {
			t.Fatalf("parse(Token(%s)) = %q, %v", id, got, ok)
		}
		if _, ok := (&Verifier{key: []byte("other")}).parse(tok); ok {
			t.Fatal("a token verifies under another key")
		}
	}
}
