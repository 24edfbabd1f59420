// Package ledger is the tamper-evident record log (全过程记录存证, C6;
// spec/supervision-v1.md §6): every accepted write of a record appends a
// leaf in the same transaction, the leaves form an RFC 6962 Merkle tree
// (golang.org/x/mod/sumdb/tlog keeps its stored hashes), and signed
// checkpoints (golang.org/x/mod/sumdb/note, Ed25519) let anyone check a
// record offline against the tree. No personal data is in a leaf: it names
// the record and the SHA-256 of its canonical content.
package ledger

import (
	"context"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"

	"golang.org/x/mod/sumdb/tlog"

	"zfjd/internal/clock"
	"zfjd/internal/store"
)

// Leaf is the leaf data of §6, one JSON line. Its digest of the record's
// canonical content is named after the log's algorithm (hash.go): sha256
// (§6), or sm3 in a 国密 log.
type Leaf struct {
	Seq    int64  `json:"seq"`
	Kind   string `json:"kind"`
	Ref    string `json:"ref"`
	At     string `json:"at"`
	SHA256 string `json:"sha256,omitempty"`
	SM3    string `json:"sm3,omitempty"`
}

// NewLeaf is leaf seq of record kind/ref written at at, whose content has
// digest sum in a.
func NewLeaf(a Alg, seq int64, kind, ref, at, sum string) Leaf {
	l := Leaf{Seq: seq, Kind: kind, Ref: ref, At: at}
	if a == SM3 {
		l.SM3 = sum
	} else {
		l.SHA256 = sum
	}
	return l
}

// Digest is the content digest the leaf names in a, "" when it names
// none or names one of another algorithm.
func (l Leaf) Digest(a Alg) string {
	if a == SM3 {
		if l.SHA256 != "" {
			return ""
		}
		return l.SM3
	}
	if l.SM3 != "" {
		return ""
	}
	return l.SHA256
}

// Digest is the hex SHA-256 of content (§6's default algorithm).
func Digest(content []byte) string { return SHA256.Digest(content) }

// Append records one write of the record kind/ref whose canonical content
// is content, inside tx. A write that leaves the content as the last leaf
// of the record has it (a replay, a re-judgement) appends nothing. It
// returns the leaf index, or -1 when nothing was appended.
func Append(ctx context.Context, tx *sql.Tx, kind, ref string, content []byte) (int64, error) {
	alg, same, err := unchanged(ctx, tx, kind, ref, content)
	if err != nil || same {
		return -1, err
	}
	sum := alg.Digest(content)
	var size int64
	if err := tx.QueryRowContext(ctx, `UPDATE log_state SET size = size + 1 WHERE id = 1 RETURNING size`).Scan(&size); err != nil {
		return 0, err
	}
	idx := size - 1
	at := clock.Now(ctx).In(clock.Shanghai).Format("2006-01-02T15:04:05.000Z07:00")
	data, _ := json.Marshal(NewLeaf(alg, idx, kind, ref, at, sum))
	hashes, err := alg.StoredHashes(idx, data, reader(ctx, tx))
	if err != nil {
		return 0, err
	}
	base := tlog.StoredHashCount(idx)
	for i, h := range hashes {
		if _, err := tx.ExecContext(ctx, `INSERT INTO log_hashes (id, hash) VALUES ($1, $2)`, base+int64(i), hex.EncodeToString(h[:])); err != nil {
			return 0, err
		}
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO log_leaves (idx, kind, ref, data, sha256, content) VALUES ($1, $2, $3, $4, $5, $6)`,
		idx, kind, ref, string(data), sum, string(content))
	return idx, err
}

// Unchanged reports whether the last leaf of record kind/ref already names
// content, so that writing it again would append nothing.
func Unchanged(ctx context.Context, q store.Querier, kind, ref string, content []byte) (bool, error) {
	_, same, err := unchanged(ctx, q, kind, ref, content)
	return same, err
}

// unchanged reads the log's algorithm and the record's last digest in one
// round trip (the column sha256 holds the digest in the log's algorithm).
func unchanged(ctx context.Context, q store.Querier, kind, ref string, content []byte) (Alg, bool, error) {
	var alg string
	var last sql.NullString
	err := q.QueryRowContext(ctx, `SELECT hash_alg, (SELECT sha256 FROM log_leaves WHERE kind = $1 AND ref = $2 ORDER BY idx DESC LIMIT 1)
		FROM log_state WHERE id = 1`, kind, ref).Scan(&alg, &last)
	if err != nil {
		return "", false, err
	}
	a, err := ParseAlg(alg)
	if err != nil {
		return "", false, err
	}
	return a, last.Valid && last.String == a.Digest(content), nil
}

// reader reads stored hashes through q (a transaction or the read pool).
func reader(ctx context.Context, q store.Querier) tlog.HashReader {
	return tlog.HashReaderFunc(func(ids []int64) ([]tlog.Hash, error) {
		out := make([]tlog.Hash, len(ids))
		if len(ids) == 0 {
			return out, nil
		}
		w := &store.Where{}
		ph := make([]string, len(ids))
		for i, id := range ids {
			ph[i] = w.Arg(id)
		}
		rows, err := q.QueryContext(ctx, `SELECT id, hash FROM log_hashes WHERE id IN (`+strings.Join(ph, ",")+`)`, w.Args...)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		got := map[int64]tlog.Hash{}
		for rows.Next() {
			var id int64
			var s string
			if err := rows.Scan(&id, &s); err != nil {
				return nil, err
			}
			b, err := hex.DecodeString(s)
			if err != nil || len(b) != tlog.HashSize {
				return nil, fmt.Errorf("ledger: stored hash %d is malformed", id)
			}
			got[id] = tlog.Hash(b)
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
		for i, id := range ids {
			h, ok := got[id]
			if !ok {
				return nil, fmt.Errorf("ledger: stored hash %d is missing", id)
			}
			out[i] = h
		}
		return out, nil
	})
}

// Size is the number of leaves.
func Size(ctx context.Context, q store.Querier) (int64, error) {
	var n int64
	err := q.QueryRowContext(ctx, `SELECT size FROM log_state WHERE id = 1`).Scan(&n)
	return n, err
}

// Root is the tree hash of the first size leaves.
func Root(ctx context.Context, q store.Querier, size int64) (tlog.Hash, error) {
	a, err := LogAlg(ctx, q)
	if err != nil {
		return tlog.Hash{}, err
	}
	return a.TreeHash(size, reader(ctx, q))
}

// Inclusion is the proof that leaf index is in the tree of size leaves.
func Inclusion(ctx context.Context, q store.Querier, index, size int64) (tlog.RecordProof, error) {
	if index < 0 || size <= 0 || index >= size {
		return nil, fmt.Errorf("叶子序号应小于树的大小")
	}
	a, err := LogAlg(ctx, q)
	if err != nil {
		return nil, err
	}
	return a.ProveRecord(size, index, reader(ctx, q))
}

// Consistency is the proof that the tree of size from is a prefix of the tree of size to.
func Consistency(ctx context.Context, q store.Querier, from, to int64) (tlog.TreeProof, error) {
	if from <= 0 || to < from {
		return nil, fmt.Errorf("应满足 0 < from ≤ to")
	}
	a, err := LogAlg(ctx, q)
	if err != nil {
		return nil, err
	}
	return a.ProveTree(to, from, reader(ctx, q))
}

// Entry is one stored leaf with the content it names.
type Entry struct {
	Index   int64  `json:"index"`
	Data    string `json:"data"`
	Content string `json:"content,omitempty"`
}

// Leaves lists leaves [start, end), at most 1,000.
func Leaves(ctx context.Context, q store.Querier, start, end int64) ([]Entry, error) {
	if end > start+1000 {
		end = start + 1000
	}
	rows, err := q.QueryContext(ctx, `SELECT idx, data FROM log_leaves WHERE idx >= $1 AND idx < $2 ORDER BY idx`, start, end)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Entry{}
	for rows.Next() {
		var e Entry
		if err := rows.Scan(&e.Index, &e.Data); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// Records lists the leaves of one record with their content, oldest first.
func Records(ctx context.Context, q store.Querier, kind, ref string) ([]Entry, error) {
	rows, err := q.QueryContext(ctx, `SELECT idx, data, content FROM log_leaves WHERE kind = $1 AND ref = $2 ORDER BY idx`, kind, ref)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Entry{}
	for rows.Next() {
		var e Entry
		if err := rows.Scan(&e.Index, &e.Data, &e.Content); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
