package complaint

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strings"

	"zfjd/internal/store"
)

// Rotating the key of the complainants' contacts (issue 11: "key from
// configuration, rotation documented"); `zfjd keys` runs these.

// NewKey returns a fresh key in the form ParseKeys reads ("id:hex64").
func NewKey(id string) string {
	raw := make([]byte, 32)
	rand.Read(raw)
	return id + ":" + hex.EncodeToString(raw)
}

// LoadKeys is the keys a server uses: env (the value of
// ZFJD_COMPLAINT_KEYS) when set, else the key the database keeps.
func LoadKeys(ctx context.Context, db *store.DB, env string) (*Keys, error) {
	if strings.TrimSpace(env) != "" {
		return ParseKeys(env)
	}
	return StoredKeys(ctx, db)
}

// IDs lists the key ids, the encrypting one first.
func (k *Keys) IDs() []string { return append([]string(nil), k.ids...) }

// KeyUsage counts the stored contacts per key id.
func KeyUsage(ctx context.Context, db *store.DB) (map[string]int, error) {
	rows, err := db.R.QueryContext(ctx, `SELECT contact_enc FROM complaints WHERE contact_enc <> ''`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		id, _, _ := strings.Cut(s, ":")
		out[id]++
	}
	return out, rows.Err()
}

// RotateStored rotates the key the database keeps (the single-machine
// default, no ZFJD_COMPLAINT_KEYS): a new key is put first, every contact
// is rewritten under it, and only then are the old keys dropped — a
// rotation cut off halfway leaves every contact readable, and running it
// again finishes it. It returns the new key's id and how many contacts
// were rewritten.
func RotateStored(ctx context.Context, db *store.DB) (string, int, error) {
	old, err := StoredKeys(ctx, db)
	if err != nil {
		return "", 0, err
	}
	id := nextKeyID(old.ids)
	ring := NewKey(id)
	var stored string
	if err := db.R.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = 'complaint_contact_key'`).Scan(&stored); err != nil {
		return "", 0, err
	}
	both := ring + "," + stored
	keys, err := ParseKeys(both)
	if err != nil {
		return "", 0, err
	}
	if _, err := db.W.ExecContext(ctx, `UPDATE settings SET value = $1 WHERE key = 'complaint_contact_key'`, both); err != nil {
		return "", 0, err
	}
	n, err := NewService(db, nil, keys).Reencrypt(ctx)
	if err != nil {
		return id, n, fmt.Errorf("已改写 %d 条，未完成（旧密钥仍保留，可再次执行）：%w", n, err)
	}
	if _, err := db.W.ExecContext(ctx, `UPDATE settings SET value = $1 WHERE key = 'complaint_contact_key'`, ring); err != nil {
		return id, n, err
	}
	return id, n, nil
}

// nextKeyID is k<N+1> for the highest k<N> among ids (k1 when none is numbered).
func nextKeyID(ids []string) string {
	hi := 0
	for _, id := range ids {
		var n int
		if _, err := fmt.Sscanf(id, "k%d", &n); err == nil && n >= hi {
			hi = n + 1
		}
	}
	if hi == 0 {
		hi = 1
	}
	return fmt.Sprintf("k%d", hi)
}

// Unreadable lists, for each key id the stored contacts are under, those
// keys cannot open: an id missing from the ring, or present with the wrong
// key (one contact per id is tried), with the count of contacts under it.
func Unreadable(ctx context.Context, db *store.DB, keys *Keys) (map[string]int, error) {
	rows, err := db.R.QueryContext(ctx, `SELECT contact_enc FROM complaints WHERE contact_enc <> '' ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	tried := map[string]bool{}
	count := map[string]int{}
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		id, _, _ := strings.Cut(s, ":")
		count[id]++
		if _, done := tried[id]; !done {
			_, err := keys.open(s)
			tried[id] = err == nil
		}
	}
	out := map[string]int{}
	for id, ok := range tried {
		if !ok {
			out[id] = count[id]
		}
	}
	return out, rows.Err()
}
