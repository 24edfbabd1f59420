package complaint

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"math/bits"
	"strconv"
	"strings"
	"sync"
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

// NewChallenge issues a challenge. It stores nothing: the challenge carries
// its expiry and a MAC under the database's own challenge key
// (random.expiry.mac), so a client asking for challenges in a loop costs
// one hash each and fills no table; only a solved challenge, when spent,
// leaves a row, kept until it expires so that it is good once.
func NewChallenge(ctx context.Context, db *store.DB) (*Challenge, error) {
	key, err := challengeKey(ctx, db)
	if err != nil {
		return nil, err
	}
	b := make([]byte, 16)
	rand.Read(b)
	exp := clock.Now(ctx).Add(ChallengeTTL).Truncate(time.Second)
	body := hex.EncodeToString(b) + "." + strconv.FormatInt(exp.Unix(), 10)
	return &Challenge{Challenge: body + "." + challengeMAC(key, body), Difficulty: Difficulty,
		ExpiresAt: exp.UTC().Format(time.RFC3339)}, nil
}

func challengeMAC(key []byte, body string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("zfjd-challenge:" + body))
	return hex.EncodeToString(m.Sum(nil)[:16])
}

// checkChallenge reports whether c was issued here and has not expired
// (reading the key in tx: no key stored means no challenge was issued).
func checkChallenge(ctx context.Context, tx *sql.Tx, c string) (expires int64, ok bool, err error) {
	parts := strings.Split(c, ".")
	if len(parts) != 3 || len(parts[0]) != 32 {
		return 0, false, nil
	}
	rnd, exp, mac := parts[0], parts[1], parts[2]
	var hx string
	switch err := tx.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = 'complaint_challenge_key'`).Scan(&hx); {
	case errors.Is(err, sql.ErrNoRows):
		return 0, false, nil
	case err != nil:
		return 0, false, err
	}
	key, err := hex.DecodeString(hx)
	if err != nil {
		return 0, false, err
	}
	if !hmac.Equal([]byte(mac), []byte(challengeMAC(key, rnd+"."+exp))) {
		return 0, false, nil
	}
	sec, err := strconv.ParseInt(exp, 10, 64)
	if err != nil || sec*1000 < clock.Millis(ctx) {
		return 0, false, nil
	}
	return sec * 1000, true, nil
}

var challengeKeys sync.Map // *store.DB → []byte

// challengeKey is the key of the challenges' MACs: generated once and kept
// in the settings table, so every instance on the database shares it.
func challengeKey(ctx context.Context, db *store.DB) ([]byte, error) {
	if k, ok := challengeKeys.Load(db); ok {
		return k.([]byte), nil
	}
	raw := make([]byte, 32)
	rand.Read(raw)
	if _, err := db.W.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ('complaint_challenge_key', $1) ON CONFLICT (key) DO NOTHING`,
		hex.EncodeToString(raw)); err != nil {
		return nil, err
	}
	var s string
	if err := db.W.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = 'complaint_challenge_key'`).Scan(&s); err != nil {
		return nil, err
	}
	k, err := hex.DecodeString(s)
	if err != nil {
		return nil, err
	}
	challengeKeys.Store(db, k)
	return k, nil
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
	if len(challenge) > 128 || len(nonce) > 64 || !Solves(challenge, nonce, Difficulty) {
		return &apperr.Error{Code: apperr.Invalid, Message: "防刷验证未通过，请刷新页面后重新提交",
			Fields: apperr.Fields{"nonce": "不是该验证题的解"}}
	}
	exp, ok, err := checkChallenge(ctx, tx, challenge)
	if err != nil {
		return err
	}
	expired := &apperr.Error{Code: apperr.Invalid, Message: "防刷验证已过期或已使用，请刷新页面后重新提交",
		Fields: apperr.Fields{"challenge": "已过期或已使用"}}
	if !ok {
		return expired
	}
	now := clock.Millis(ctx)
	if _, err := tx.ExecContext(ctx, `DELETE FROM complaint_challenges WHERE expires_at < $1`, now); err != nil {
		return err
	}
	// The hourly limit reads the last hour only: older intake rows go.
	if _, err := tx.ExecContext(ctx, `DELETE FROM complaint_intake WHERE at < $1`, now-24*time.Hour.Milliseconds()); err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO complaint_challenges (challenge, expires_at, used) VALUES ($1, $2, 1)
		ON CONFLICT (challenge) DO NOTHING`, challenge, exp)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return expired
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
