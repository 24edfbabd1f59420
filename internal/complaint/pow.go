package complaint

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"math/bits"
	"strings"
	"time"

	"zfjd/internal/apperr"
	"zfjd/internal/clock"
	"zfjd/internal/store"
)

// Anti-abuse without any outside service (spec §3): a proof of work. The
// client finds a nonce such that SHA-256(challenge + ":" + nonce) starts
// with Difficulty zero bits; a challenge is good once and for ChallengeTTL.

// Difficulty is the zero bits a nonce must give: about 65,000 hashes, well
// under a second in a phone's browser, a cost per complaint for a script.
const Difficulty = 16

// ChallengeTTL is how long a challenge is good.
const ChallengeTTL = 10 * time.Minute

// Challenge is the answer of GET /api/v1/public/challenge.
type Challenge struct {
	Challenge  string `json:"challenge"`
	Difficulty int    `json:"difficulty"`
	ExpiresAt  string `json:"expires_at"`
}

// NewChallenge issues a challenge and stores it; expired ones are swept.
func NewChallenge(ctx context.Context, db *store.DB) (*Challenge, error) {
	b := make([]byte, 16)
	rand.Read(b)
	c := hex.EncodeToString(b)
	now := clock.Now(ctx)
	exp := now.Add(ChallengeTTL)
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM complaint_challenges WHERE expires_at < $1`, now.UnixMilli()); err != nil {
			return err
		}
		// The hourly limit reads the last hour only: older intake rows go.
		if _, err := tx.ExecContext(ctx, `DELETE FROM complaint_intake WHERE at < $1`, now.Add(-24*time.Hour).UnixMilli()); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO complaint_challenges (challenge, expires_at) VALUES ($1, $2)`, c, exp.UnixMilli())
		return err
	})
	if err != nil {
		return nil, err
	}
	return &Challenge{Challenge: c, Difficulty: Difficulty, ExpiresAt: exp.UTC().Format(time.RFC3339)}, nil
}

// Solves reports whether nonce solves challenge at difficulty bits.
func Solves(challenge, nonce string, difficulty int) bool {
	sum := sha256.Sum256([]byte(challenge + ":" + nonce))
	return LeadingZeros(sum[:]) >= difficulty
}

// LeadingZeros counts the leading zero bits of b.
func LeadingZeros(b []byte) int {
	n := 0
	for _, x := range b {
		if x != 0 {
			return n + bits.LeadingZeros8(x)
		}
		n += 8
	}
	return n
}

// Solve finds a nonce for challenge (for tests, the hotline import and the
// command line; the browser runs the same loop in complaint.js).
func Solve(challenge string, difficulty int) string {
	for i := 0; ; i++ {
		n := itoa(i)
		if Solves(challenge, n, difficulty) {
			return n
		}
	}
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b [20]byte
	p := len(b)
	for i > 0 {
		p--
		b[p] = byte('0' + i%10)
		i /= 10
	}
	return string(b[p:])
}

// spend uses challenge up in tx when nonce solves it: a wrong, expired or
// spent challenge answers 400 naming the field.
func spend(ctx context.Context, tx *sql.Tx, challenge, nonce string) error {
	challenge = strings.TrimSpace(challenge)
	if len(challenge) > 64 || len(nonce) > 64 || !Solves(challenge, nonce, Difficulty) {
		return &apperr.Error{Code: apperr.Invalid, Message: "防刷验证未通过，请刷新页面后重新提交",
			Fields: apperr.Fields{"nonce": "不是该验证题的解"}}
	}
	res, err := tx.ExecContext(ctx, `UPDATE complaint_challenges SET used = 1 WHERE challenge = $1 AND used = 0 AND expires_at >= $2`,
		challenge, clock.Millis(ctx))
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return &apperr.Error{Code: apperr.Invalid, Message: "防刷验证已过期或已使用，请刷新页面后重新提交",
			Fields: apperr.Fields{"challenge": "已过期或已使用"}}
	}
	return nil
}

// Spend checks that nonce solves challenge and uses the challenge up, in a
// transaction of its own: the same rule as a complaint's (a wrong, expired or
// spent challenge answers 400 naming the field), for the other public forms
// that ask for a proof of work, such as §4's inspection rating.
func Spend(ctx context.Context, db *store.DB, challenge, nonce string) error {
	return db.Tx(ctx, func(tx *sql.Tx) error { return spend(ctx, tx, challenge, nonce) })
}

// SpendTx is Spend inside the caller's transaction, so a form spends its
// challenge only when what it stores commits with it (the inspection rating).
func SpendTx(ctx context.Context, tx *sql.Tx, challenge, nonce string) error {
	return spend(ctx, tx, challenge, nonce)
}
