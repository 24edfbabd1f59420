package auth

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strconv"
	"strings"
	"time"

	"zfjd/internal/store"
)

// Device cookies (OWASP, "Slow down online guessing attacks with device
// cookies"): a browser that signed in to an account gets a signed cookie
// naming the username. Its later attempts on that username are counted on
// the cookie's own throttle key, not the username's, so somebody guessing
// the username elsewhere does not keep the owner out (throttle.go).

// DeviceLifetime is how long a device cookie is honoured.
const DeviceLifetime = 90 * 24 * time.Hour

const deviceKeySetting = "login_device_key"

// deviceKey is the HMAC key of device cookies: random, made once and kept
// in settings so that every instance signs and checks alike.
func deviceKey(ctx context.Context, db *store.DB) ([]byte, error) {
	var v string
	err := db.W.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, deviceKeySetting).Scan(&v)
	if err != nil {
		b := make([]byte, 32)
		rand.Read(b)
		if _, err := db.W.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`,
			deviceKeySetting, hex.EncodeToString(b)); err != nil {
			return nil, err
		}
		// Read back: a concurrent instance may have stored its key first.
		if err := db.W.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, deviceKeySetting).Scan(&v); err != nil {
			return nil, err
		}
	}
	return hex.DecodeString(v)
}

func deviceMAC(key []byte, payload string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(payload))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// IssueDevice returns a device cookie value for username, valid for
// DeviceLifetime from now: username.nonce.expiry.mac.
func IssueDevice(ctx context.Context, db *store.DB, username string, now time.Time) (string, error) {
	key, err := deviceKey(ctx, db)
	if err != nil {
		return "", err
	}
	nonce := make([]byte, 12)
	rand.Read(nonce)
	payload := base64.RawURLEncoding.EncodeToString([]byte(username)) + "." + base64.RawURLEncoding.EncodeToString(nonce) +
		"." + strconv.FormatInt(now.Add(DeviceLifetime).Unix(), 10)
	return payload + "." + deviceMAC(key, payload), nil
}

// deviceFor returns the throttle key of cookie if it is a valid, unexpired
// device cookie for username.
func deviceFor(ctx context.Context, db *store.DB, cookie, username string, now time.Time) (throttleKey, bool, error) {
	parts := strings.Split(cookie, ".")
	if cookie == "" || len(parts) != 4 {
		return throttleKey{}, false, nil
	}
	key, err := deviceKey(ctx, db)
	if err != nil {
		return throttleKey{}, false, err
	}
	payload := strings.Join(parts[:3], ".")
	if !hmac.Equal([]byte(deviceMAC(key, payload)), []byte(parts[3])) {
		return throttleKey{}, false, nil
	}
	user, err := base64.RawURLEncoding.DecodeString(parts[0])
	exp, err2 := strconv.ParseInt(parts[2], 10, 64)
	if err != nil || err2 != nil || string(user) != username || now.Unix() >= exp {
		return throttleKey{}, false, nil
	}
	return throttleKey{scopeDevice, parts[1], DevicePolicy}, true, nil
}
