package complaint

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"zfjd/internal/store"
)

// Keys encrypt the complainant's contact at rest (AES-256-GCM). The first
// key encrypts; every key decrypts what was written under its id.
//
// Configuration: ZFJD_COMPLAINT_KEYS="id1:hex64,id0:hex64" (read by the web
// layer and passed to ParseKeys). Rotation: put a new key first and keep
// the old ones after it; new contacts are written under the new id, old
// ones still read; `Service.Reencrypt` rewrites every stored contact under
// the first key, after which the old key may be removed. Without the
// variable a key is generated once and kept in the settings table (a
// single-machine default: the database then holds its own key).
type Keys struct {
	ids  []string
	aead map[string]cipher.AEAD
}

// ParseKeys reads "id:hex,id:hex" (32-byte keys).
func ParseKeys(s string) (*Keys, error) {
	k := &Keys{aead: map[string]cipher.AEAD{}}
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		id, hx, ok := strings.Cut(part, ":")
		raw, err := hex.DecodeString(hx)
		if !ok || id == "" || strings.ContainsAny(id, ": ") || err != nil || len(raw) != 32 {
			return nil, fmt.Errorf("投诉联系方式密钥格式应为 编号:64位十六进制（%q）", id)
		}
		if err := k.add(id, raw); err != nil {
			return nil, err
		}
	}
	if len(k.ids) == 0 {
		return nil, errors.New("没有投诉联系方式密钥")
	}
	return k, nil
}

func (k *Keys) add(id string, raw []byte) error {
	b, err := aes.NewCipher(raw)
	if err != nil {
		return err
	}
	g, err := cipher.NewGCM(b)
	if err != nil {
		return err
	}
	k.ids = append(k.ids, id)
	k.aead[id] = g
	return nil
}

// StoredKeys is the single-machine default: a key generated on first use
// and kept in the settings table.
func StoredKeys(ctx context.Context, db *store.DB) (*Keys, error) {
	raw := make([]byte, 32)
	rand.Read(raw)
	if _, err := db.W.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ('complaint_contact_key', $1) ON CONFLICT (key) DO NOTHING`,
		"k0:"+hex.EncodeToString(raw)); err != nil {
		return nil, err
	}
	var s string
	if err := db.W.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = 'complaint_contact_key'`).Scan(&s); err != nil {
		return nil, err
	}
	return ParseKeys(s)
}

// seal encrypts c under the first key ("" for no contact).
func (k *Keys) seal(c *Contact) (string, error) {
	if c == nil {
		return "", nil
	}
	plain, _ := json.Marshal(c)
	id := k.ids[0]
	g := k.aead[id]
	nonce := make([]byte, g.NonceSize())
	rand.Read(nonce)
	// The key id is authenticated data: a ciphertext moved under another id fails.
	out := g.Seal(nonce, nonce, plain, []byte(id))
	return id + ":" + base64.StdEncoding.EncodeToString(out), nil
}

// open decrypts what seal wrote.
func (k *Keys) open(s string) (*Contact, error) {
	if s == "" {
		return nil, nil
	}
	id, b64, _ := strings.Cut(s, ":")
	g, ok := k.aead[id]
	if !ok {
		return nil, fmt.Errorf("complaint: contact under unknown key %q", id)
	}
	raw, err := base64.StdEncoding.DecodeString(b64)
	if err != nil || len(raw) < g.NonceSize() {
		return nil, errors.New("complaint: contact ciphertext damaged")
	}
	plain, err := g.Open(nil, raw[:g.NonceSize()], raw[g.NonceSize():], []byte(id))
	if err != nil {
		return nil, err
	}
	c := &Contact{}
	return c, json.Unmarshal(plain, c)
}

// codeAlphabet has no 0/O, 1/I/L: a code read out over the phone is not misheard.
const codeAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

func randomCode(n int) string {
	out := make([]byte, 0, n)
	buf := make([]byte, 1)
	for len(out) < n {
		rand.Read(buf)
		if buf[0] < 248 { // 8 × 31: no bias towards the first symbols
			out = append(out, codeAlphabet[int(buf[0])%len(codeAlphabet)])
		}
	}
	return string(out)
}

// NewTracking returns a tracking code (TS + 10 symbols) and a secret (16
// symbols, ~79 bits); only the secret's hash is stored.
func NewTracking() (code, secret string) {
	return "TS" + randomCode(10), randomCode(16)
}

// NormalizeCode is a tracking code or secret as typed: upper case, no spaces or dashes.
func NormalizeCode(s string) string {
	s = strings.ToUpper(strings.TrimSpace(s))
	return strings.NewReplacer(" ", "", "-", "").Replace(s)
}

func hashSecret(secret string) string {
	h := sha256.Sum256([]byte("zfjd-complaint-secret:" + NormalizeCode(secret)))
	return hex.EncodeToString(h[:])
}

func hashAddr(addr string) string {
	h := sha256.Sum256([]byte("zfjd-complaint-addr:" + addr))
	return hex.EncodeToString(h[:16])
}

// Reencrypt rewrites every stored contact not under the first key with it
// (key rotation: after it the old keys may be removed from the
// configuration). It returns how many were rewritten; each rewrite is its
// own small transaction, so it may run while the server serves.
func (s *Service) Reencrypt(ctx context.Context) (int, error) {
	first := s.keys.ids[0] + ":"
	n := 0
	var after int64
	for {
		rows, err := s.db.R.QueryContext(ctx, `SELECT id, contact_enc FROM complaints WHERE id > $1 AND contact_enc <> ''
			ORDER BY id LIMIT 500`, after)
		if err != nil {
			return n, err
		}
		type enc struct {
			id int64
			s  string
		}
		var page []enc
		for rows.Next() {
			var e enc
			if err := rows.Scan(&e.id, &e.s); err != nil {
				rows.Close()
				return n, err
			}
			page = append(page, e)
		}
		rows.Close()
		if len(page) == 0 {
			return n, rows.Err()
		}
		for _, e := range page {
			after = e.id
			if strings.HasPrefix(e.s, first) {
				continue
			}
			c, err := s.keys.open(e.s)
			if err != nil {
				return n, fmt.Errorf("complaint %d: %w", e.id, err)
			}
			sealed, err := s.keys.seal(c)
			if err != nil {
				return n, err
			}
			if _, err := s.db.W.ExecContext(ctx, `UPDATE complaints SET contact_enc = $2 WHERE id = $1 AND contact_enc = $3`,
				e.id, sealed, e.s); err != nil {
				return n, err
			}
			n++
		}
	}
}
