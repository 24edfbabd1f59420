package auth

import (
	"context"
	"strings"
	"time"

	"zfjd/internal/clock"
	"zfjd/internal/store"
)

// OwnSession is one signed-in session of an account (migration 00035).
type OwnSession struct {
	Hash      string // the token's SHA-256, as the sessions table names it
	CreatedAt time.Time
	UserAgent string
	Addr      string
	Current   bool // the session asking
}

// RecordSession notes that token's session belongs to account id, at
// login. The token itself is not stored.
func RecordSession(ctx context.Context, db *store.DB, token string, id int64, userAgent, addr string) error {
	if len(userAgent) > 300 {
		userAgent = userAgent[:300]
	}
	_, err := db.W.ExecContext(ctx, `INSERT INTO account_sessions (token_hash, account_id, created_at, user_agent, addr)
		VALUES ($1, $2, $3, $4, $5) ON CONFLICT (token_hash) DO NOTHING`,
		hashToken(token), id, clock.Millis(ctx), strings.ToValidUTF8(userAgent, ""), addr)
	return err
}

// OwnSessions lists account id's sessions that are still live, newest
// first; current is the asking session's token. Rows of ended sessions
// are removed.
func OwnSessions(ctx context.Context, db *store.DB, id int64, current string) ([]OwnSession, error) {
	if _, err := db.W.ExecContext(ctx, `DELETE FROM account_sessions WHERE account_id = $1 AND NOT EXISTS
		(SELECT 1 FROM sessions s WHERE s.token = account_sessions.token_hash AND s.expiry > $2)`, id, clock.Millis(ctx)); err != nil {
		return nil, err
	}
	rows, err := db.R.QueryContext(ctx, `SELECT token_hash, created_at, user_agent, addr FROM account_sessions
		WHERE account_id = $1 ORDER BY created_at DESC LIMIT 100`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cur := hashToken(current)
	var out []OwnSession
	for rows.Next() {
		var s OwnSession
		var at int64
		if err := rows.Scan(&s.Hash, &at, &s.UserAgent, &s.Addr); err != nil {
			return nil, err
		}
		s.CreatedAt, s.Current = time.UnixMilli(at), s.Hash == cur
		out = append(out, s)
	}
	return out, rows.Err()
}

// EndOwnSession ends one of account id's sessions by its hash; a hash of
// another account's session ends nothing. It reports whether one ended.
func EndOwnSession(ctx context.Context, db *store.DB, id int64, hash string) (bool, error) {
	res, err := db.W.ExecContext(ctx, `DELETE FROM account_sessions WHERE token_hash = $1 AND account_id = $2`, hash, id)
	if err != nil {
		return false, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return false, nil
	}
	_, err = db.W.ExecContext(ctx, `DELETE FROM sessions WHERE token = $1`, hash)
	return true, err
}
