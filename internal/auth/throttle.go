package auth

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/netip"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"zfjd/internal/apperr"
	"zfjd/internal/store"
)

// Login throttling (等保 2.0 登录失败处理; OWASP ASVS 2.2.1). There is no
// hard lock an attacker could set off: failed attempts are counted per
// client address, per username typed and per device cookie, and after a
// number of free failures each further one makes that key wait, twice as
// long each time, up to a cap. While a key waits, attempts on it are
// refused without checking the password and without counting, so the
// wait never grows past the cap. The state is in the database
// (login_throttle), shared by every instance.
//
// Why these keys:
//   - the address slows one client guessing many accounts (spraying); the
//     free count is high because an office behind one NAT address shares it;
//   - the username slows many clients guessing one account; its cap is
//     short, because anyone can make it wait: an attacker hammering one
//     username delays that username by at most AccountPolicy.Max per try;
//   - a browser that has signed in to the account before carries a device
//     cookie (device.go) and is counted on its own key instead of the
//     username's, so the owner's usual browser signs in at once while
//     somebody else keeps the username waiting.
//
// Unknown usernames are counted exactly like real ones: the answers and
// the work done (one argon2 hash per unthrottled attempt) are the same.

// ThrottlePolicy is how one kind of key slows down.
type ThrottlePolicy struct {
	Free  int           // failures without delay
	Base  time.Duration // wait after the first failure beyond Free; doubles with each further one
	Max   time.Duration // the wait never exceeds this
	Reset time.Duration // a key without failures this long starts from zero
}

// The policies; documented in README (安全).
var (
	AddressPolicy = ThrottlePolicy{Free: 20, Base: 5 * time.Second, Max: 15 * time.Minute, Reset: time.Hour}
	AccountPolicy = ThrottlePolicy{Free: 5, Base: 5 * time.Second, Max: 5 * time.Minute, Reset: time.Hour}
	DevicePolicy  = AccountPolicy
)

// Wait is the delay after the n-th failure in a row.
func (p ThrottlePolicy) Wait(n int) time.Duration {
	if n <= p.Free {
		return 0
	}
	d := p.Base
	for i := p.Free + 1; i < n && d < p.Max; i++ {
		d *= 2
	}
	return min(d, p.Max)
}

const (
	scopeAddr   = "addr"
	scopeUser   = "user"
	scopeDevice = "device"
)

type throttleKey struct {
	scope, subject string
	policy         ThrottlePolicy
}

// Throttled is the answer to an attempt refused while a key waits. It
// reads as an apperr.Error (Unauthorized) with the Chinese message.
type Throttled struct{ Wait time.Duration }

// Seconds is the wait rounded up, as told to the user and in Retry-After.
func (t *Throttled) Seconds() int { return int((t.Wait + time.Second - 1) / time.Second) }

func (t *Throttled) Error() string { return t.Unwrap().Error() }

func (t *Throttled) Unwrap() error {
	return apperr.New(apperr.Unauthorized, "登录尝试过于频繁，请%d秒后再试", t.Seconds())
}

func addrKey(addr string) (throttleKey, bool) {
	ip, err := netip.ParseAddr(addr)
	if err != nil {
		return throttleKey{}, false
	}
	ip = ip.Unmap()
	if ip.Is6() { // one host usually holds a whole /64
		p, _ := ip.Prefix(64)
		return throttleKey{scopeAddr, p.String(), AddressPolicy}, true
	}
	return throttleKey{scopeAddr, ip.String(), AddressPolicy}, true
}

func userKey(username string) throttleKey {
	return throttleKey{scopeUser, subjectText(username), AccountPolicy}
}

// subjectText keeps a typed username readable in the table when it is
// plain text, and hashes anything else (control bytes, invalid UTF-8, NUL
// that PostgreSQL refuses, very long input).
func subjectText(s string) string {
	plain := utf8.ValidString(s) && len(s) <= 64 && !strings.ContainsFunc(s, func(r rune) bool {
		return unicode.IsControl(r) || r == utf8.RuneError
	})
	if plain {
		return s
	}
	h := sha256.Sum256([]byte(s))
	return "sha256:" + hex.EncodeToString(h[:])
}

// throttleWait is how long the longest-waiting of keys still waits.
func throttleWait(ctx context.Context, db *store.DB, keys []throttleKey, now time.Time) (time.Duration, error) {
	var wait time.Duration
	for _, k := range keys {
		var until int64
		err := db.W.QueryRowContext(ctx, `SELECT COALESCE(MAX(blocked_until), 0) FROM login_throttle WHERE scope = $1 AND subject = $2`,
			k.scope, k.subject).Scan(&until)
		if err != nil {
			return 0, err
		}
		if d := time.Duration(until-now.UnixMilli()) * time.Millisecond; d > wait {
			wait = d
		}
	}
	return wait, nil
}

// recordFailure counts a failure on every key, atomically (parallel
// guesses are all counted), and sets the wait that follows.
func recordFailure(ctx context.Context, db *store.DB, keys []throttleKey, now time.Time) error {
	ms := now.UnixMilli()
	for _, k := range keys {
		var n int
		err := db.W.QueryRowContext(ctx, `INSERT INTO login_throttle (scope, subject, failures, blocked_until, updated_at)
			VALUES ($1, $2, 1, 0, $3)
			ON CONFLICT (scope, subject) DO UPDATE SET
				failures = CASE WHEN login_throttle.updated_at < $4 AND login_throttle.blocked_until <= $3 THEN 1
				                ELSE login_throttle.failures + 1 END,
				updated_at = $3
			RETURNING failures`, k.scope, k.subject, ms, ms-k.policy.Reset.Milliseconds()).Scan(&n)
		if err != nil {
			return fmt.Errorf("login throttle: %w", err)
		}
		if d := k.policy.Wait(n); d > 0 {
			if _, err := db.W.ExecContext(ctx, `UPDATE login_throttle SET blocked_until = $1
				WHERE scope = $2 AND subject = $3 AND blocked_until < $1`, now.Add(d).UnixMilli(), k.scope, k.subject); err != nil {
				return err
			}
		}
	}
	return nil
}

// clearThrottle forgets the failures of keys after a success.
func clearThrottle(ctx context.Context, db *store.DB, keys []throttleKey) error {
	for _, k := range keys {
		if _, err := db.W.ExecContext(ctx, `DELETE FROM login_throttle WHERE scope = $1 AND subject = $2`, k.scope, k.subject); err != nil {
			return err
		}
	}
	return nil
}

// CleanupThrottle removes keys that no longer wait and would start from
// zero anyway; the hourly job calls it.
func CleanupThrottle(ctx context.Context, db *store.DB, now time.Time) error {
	longest := max(AddressPolicy.Reset, AccountPolicy.Reset, DevicePolicy.Reset)
	_, err := db.W.ExecContext(ctx, `DELETE FROM login_throttle WHERE blocked_until < $1 AND updated_at < $2`,
		now.UnixMilli(), now.Add(-longest).UnixMilli())
	return err
}
