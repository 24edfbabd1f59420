package auth_test

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"
	"time"

	"zfjd/internal/auth"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
)

func TestSessionStore(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		s := auth.SessionStore{DB: db}
		find := func(tok string) ([]byte, bool) {
			t.Helper()
			b, ok, err := s.Find(tok)
			if err != nil {
				t.Fatalf("Find(%s): %v", tok, err)
			}
			return b, ok
		}
		if _, ok := find("nope"); ok {
			t.Fatal("unknown session found")
		}
		data := []byte{0, 1, 2, 0xff, 'x'}
		if err := s.Commit("t1", data, time.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if b, ok := find("t1"); !ok || string(b) != string(data) {
			t.Fatalf("Find(t1) = %x, %v; want %x", b, ok, data)
		}
		// Commit replaces data and expiry of the same token.
		if err := s.Commit("t1", []byte("second"), time.Now().Add(2*time.Hour)); err != nil {
			t.Fatal(err)
		}
		if b, ok := find("t1"); !ok || string(b) != "second" {
			t.Errorf("after replace: %q, %v", b, ok)
		}
		// The table holds the token's SHA-256, never the token.
		var n int
		sum := sha256.Sum256([]byte("t1"))
		db.R.QueryRow(`SELECT COUNT(*) FROM sessions WHERE token = $1`, hex.EncodeToString(sum[:])).Scan(&n)
		if n != 1 {
			t.Errorf("%d rows for one token's hash", n)
		}
		db.R.QueryRow(`SELECT COUNT(*) FROM sessions WHERE token = 't1'`).Scan(&n)
		if n != 0 {
			t.Error("the session token is stored in clear")
		}
		// Expired sessions are not found, then removed by Cleanup.
		if err := s.Commit("old", []byte("x"), time.Now().Add(-time.Second)); err != nil {
			t.Fatal(err)
		}
		if _, ok := find("old"); ok {
			t.Error("expired session found")
		}
		if err := s.Commit("t1", []byte("expired now"), time.Now().Add(-time.Minute)); err != nil {
			t.Fatal(err)
		}
		if _, ok := find("t1"); ok {
			t.Error("session re-committed with a past expiry still found")
		}
		if err := s.Commit("live", []byte("y"), time.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if err := s.Cleanup(); err != nil {
			t.Fatal(err)
		}
		db.R.QueryRow(`SELECT COUNT(*) FROM sessions`).Scan(&n)
		if n != 1 {
			t.Errorf("%d sessions after Cleanup, want only the live one", n)
		}
		if err := s.Delete("live"); err != nil {
			t.Fatal(err)
		}
		if _, ok := find("live"); ok {
			t.Error("deleted session found")
		}
		if err := s.Delete("never-existed"); err != nil {
			t.Errorf("Delete(unknown) = %v", err)
		}
	})
}
