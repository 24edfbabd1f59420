package auth

import (
	"database/sql"
	"errors"
	"time"

	"zfjd/internal/store"
)

// SessionStore keeps scs sessions in our own sessions table, so it works on
// both engines (the upstream stores pin other drivers). The table holds the
// SHA-256 of each session token, never the token: a copy of the database
// (a backup, a read replica) does not let anyone take over a session.
type SessionStore struct{ DB *store.DB }

// Find returns the session data for token, if it exists and has not expired.
func (s SessionStore) Find(token string) ([]byte, bool, error) {
	var b []byte
	err := s.DB.R.QueryRow(`SELECT data FROM sessions WHERE token = $1 AND expiry > $2`, hashToken(token), time.Now().UnixMilli()).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	return b, err == nil, err
}

// Commit stores or replaces a session.
func (s SessionStore) Commit(token string, b []byte, expiry time.Time) error {
	_, err := s.DB.W.Exec(`INSERT INTO sessions (token, data, expiry) VALUES ($1, $2, $3)
		ON CONFLICT (token) DO UPDATE SET data = excluded.data, expiry = excluded.expiry`, hashToken(token), b, expiry.UnixMilli())
	return err
}

// Delete removes a session.
func (s SessionStore) Delete(token string) error {
	_, err := s.DB.W.Exec(`DELETE FROM sessions WHERE token = $1`, hashToken(token))
	return err
}

// Cleanup removes expired sessions; the scheduler calls it.
func (s SessionStore) Cleanup() error {
	_, err := s.DB.W.Exec(`DELETE FROM sessions WHERE expiry < $1`, time.Now().UnixMilli())
	return err
}
