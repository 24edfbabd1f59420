package ledger

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/emmansun/gmsm/sm3"
	"github.com/transparency-dev/merkle"
	"github.com/transparency-dev/merkle/compact"
	"github.com/transparency-dev/merkle/proof"
	"golang.org/x/mod/sumdb/tlog"

	"zfjd/internal/store"
)

// Alg is the log's hash algorithm, fixed when its first leaf is written:
// RFC 6962 over SHA-256 (spec/supervision-v1.md §6, the default), or the
// same tree over SM3 (GB/T 32905) for systems that must pass 密评 (the
// 国密 option, with SM2 checkpoint signatures, gm.go). One algorithm
// hashes both the records' canonical content (the leaf's digest field:
// "sha256" or "sm3") and the tree.
//
// SHA-256 trees are golang.org/x/mod/sumdb/tlog's; SM3 trees are built and
// proved by github.com/transparency-dev/merkle (compact ranges, proofs)
// with an SM3 hasher, over the same stored-hash layout (tlog's
// StoredHashIndex), so the tables and the API are the same for both.
type Alg string

const (
	SHA256 Alg = "sha256"
	SM3    Alg = "sm3"
)

// ParseAlg reads a configured algorithm name ("" is the default).
func ParseAlg(s string) (Alg, error) {
	switch s {
	case "", string(SHA256):
		return SHA256, nil
	case string(SM3):
		return SM3, nil
	}
	return "", fmt.Errorf("未知的记录日志哈希算法 %q（可选 sha256、sm3）", s)
}

// Label names the algorithm for people.
func (a Alg) Label() string {
	if a == SM3 {
		return "SM3"
	}
	return "SHA-256"
}

func (a Alg) sum(b []byte) tlog.Hash {
	if a == SM3 {
		return sm3.Sum(b)
	}
	return sha256.Sum256(b)
}

// Digest is the hex digest of a record's canonical content.
func (a Alg) Digest(content []byte) string {
	h := a.sum(content)
	return hex.EncodeToString(h[:])
}

// RecordHash is the leaf hash of leaf data: H(0x00 ‖ data).
func (a Alg) RecordHash(data []byte) tlog.Hash {
	if a != SM3 {
		return tlog.RecordHash(data)
	}
	return sm3Hasher{}.leaf(data)
}

// StoredHashes are the hashes to store for leaf n (see tlog.StoredHashes).
func (a Alg) StoredHashes(n int64, data []byte, r tlog.HashReader) ([]tlog.Hash, error) {
	if a != SM3 {
		return tlog.StoredHashes(n, data, r)
	}
	return storedHashes(sm3Hasher{}, n, data, r)
}

// storedHashes is tlog.StoredHashes for any RFC 6962 hasher: the leaf's
// hash and those of the perfect subtrees it completes, at tlog's indexes.
func storedHashes(hr merkle.LogHasher, n int64, data []byte, r tlog.HashReader) ([]tlog.Hash, error) {
	rng, err := compactRange(hr, n, r)
	if err != nil {
		return nil, err
	}
	var out []tlog.Hash
	base := tlog.StoredHashCount(n)
	err = rng.Append(hr.HashLeaf(data), func(id compact.NodeID, h []byte) {
		if tlog.StoredHashIndex(int(id.Level), int64(id.Index)) == base+int64(len(out)) {
			out = append(out, tlog.Hash(h))
		}
	})
	return out, err
}

// TreeHash is the root of the tree of the first n leaves.
func (a Alg) TreeHash(n int64, r tlog.HashReader) (tlog.Hash, error) {
	if n == 0 {
		return a.sum(nil), nil // RFC 6962: MTH of the empty list
	}
	if a != SM3 {
		return tlog.TreeHash(n, r)
	}
	return treeHash(sm3Hasher{}, n, r)
}

func treeHash(hr merkle.LogHasher, n int64, r tlog.HashReader) (tlog.Hash, error) {
	rng, err := compactRange(hr, n, r)
	if err != nil {
		return tlog.Hash{}, err
	}
	root, err := rng.GetRootHash(nil)
	return tlog.Hash(root), err
}

// ProveRecord is the inclusion proof of leaf n in the tree of size t.
func (a Alg) ProveRecord(t, n int64, r tlog.HashReader) (tlog.RecordProof, error) {
	if a != SM3 {
		return tlog.ProveRecord(t, n, r)
	}
	return proveRecord(sm3Hasher{}, t, n, r)
}

func proveRecord(hr merkle.LogHasher, t, n int64, r tlog.HashReader) (tlog.RecordProof, error) {
	if n < 0 || n >= t {
		return nil, errors.New("ledger: invalid inclusion proof request")
	}
	nodes, err := proof.Inclusion(uint64(n), uint64(t))
	if err != nil {
		return nil, err
	}
	return rehash(hr, nodes, r)
}

// ProveTree is the consistency proof from the tree of size n to size t.
func (a Alg) ProveTree(t, n int64, r tlog.HashReader) (tlog.TreeProof, error) {
	if a != SM3 {
		return tlog.ProveTree(t, n, r)
	}
	return proveTree(sm3Hasher{}, t, n, r)
}

func proveTree(hr merkle.LogHasher, t, n int64, r tlog.HashReader) (tlog.TreeProof, error) {
	if n < 1 || n > t {
		return nil, errors.New("ledger: invalid consistency proof request")
	}
	nodes, err := proof.Consistency(uint64(n), uint64(t))
	if err != nil {
		return nil, err
	}
	return rehash(hr, nodes, r)
}

// CheckRecord verifies that leaf hash h is leaf n of the tree of size t with root th.
func (a Alg) CheckRecord(p tlog.RecordProof, t int64, th tlog.Hash, n int64, h tlog.Hash) error {
	if a != SM3 {
		return tlog.CheckRecord(p, t, th, n, h)
	}
	if n < 0 || n >= t {
		return errors.New("ledger: leaf index out of range")
	}
	return proof.VerifyInclusion(sm3Hasher{}, uint64(n), uint64(t), h[:], raw(p), th[:])
}

// CheckTree verifies that the tree of size n with root h is a prefix of the
// tree of size t with root th.
func (a Alg) CheckTree(p tlog.TreeProof, t int64, th tlog.Hash, n int64, h tlog.Hash) error {
	if a != SM3 {
		return tlog.CheckTree(p, t, th, n, h)
	}
	if n < 1 || n > t {
		return errors.New("ledger: tree sizes out of range")
	}
	return proof.VerifyConsistency(sm3Hasher{}, uint64(n), uint64(t), raw(p), h[:], th[:])
}

// sm3Hasher is RFC 6962 §2.1 with SM3 in place of SHA-256 (merkle.LogHasher).
type sm3Hasher struct{}

func (sm3Hasher) EmptyRoot() []byte { h := sm3.Sum(nil); return h[:] }
func (sm3Hasher) Size() int         { return sm3.Size }
func (s sm3Hasher) HashLeaf(data []byte) []byte {
	h := s.leaf(data)
	return h[:]
}
func (sm3Hasher) leaf(data []byte) tlog.Hash {
	return sm3.Sum(append([]byte{0x00}, data...))
}
func (sm3Hasher) HashChildren(l, r []byte) []byte {
	b := make([]byte, 0, 1+len(l)+len(r))
	h := sm3.Sum(append(append(append(b, 0x01), l...), r...))
	return h[:]
}

// compactRange is the compact range [0, n) from the stored hashes of its
// perfect subtrees.
func compactRange(hr merkle.LogHasher, n int64, r tlog.HashReader) (*compact.Range, error) {
	hs, err := readNodes(compact.RangeNodes(0, uint64(n), nil), r)
	if err != nil {
		return nil, err
	}
	f := &compact.RangeFactory{Hash: hr.HashChildren}
	return f.NewRange(0, uint64(n), hs)
}

// rehash reads a proof's nodes and folds its ephemeral node.
func rehash(hr merkle.LogHasher, nodes proof.Nodes, r tlog.HashReader) ([]tlog.Hash, error) {
	hs, err := readNodes(nodes.IDs, r)
	if err != nil {
		return nil, err
	}
	hs, err = nodes.Rehash(hs, hr.HashChildren)
	if err != nil {
		return nil, err
	}
	out := make([]tlog.Hash, len(hs))
	for i, h := range hs {
		out[i] = tlog.Hash(h)
	}
	return out, nil
}

// readNodes reads perfect subtrees' hashes at tlog's stored-hash indexes.
func readNodes(ids []compact.NodeID, r tlog.HashReader) ([][]byte, error) {
	idx := make([]int64, len(ids))
	for i, id := range ids {
		idx[i] = tlog.StoredHashIndex(int(id.Level), int64(id.Index))
	}
	hs, err := r.ReadHashes(idx)
	if err != nil {
		return nil, err
	}
	out := make([][]byte, len(hs))
	for i := range hs {
		out[i] = hs[i][:]
	}
	return out, nil
}

func raw(p []tlog.Hash) [][]byte {
	out := make([][]byte, len(p))
	for i := range p {
		out[i] = p[i][:]
	}
	return out
}

// LogAlg is the algorithm of the log in the database.
func LogAlg(ctx context.Context, q store.Querier) (Alg, error) {
	var s string
	if err := q.QueryRowContext(ctx, `SELECT hash_alg FROM log_state WHERE id = 1`).Scan(&s); err != nil {
		return "", err
	}
	return ParseAlg(s)
}

// UseAlg fixes the log's algorithm to a: a log with no leaf yet takes it;
// a log already begun keeps its own, and asking for another is an error
// (a tree cannot change its hash without losing every proof).
func UseAlg(ctx context.Context, db *store.DB, a Alg) error {
	return db.Tx(ctx, func(tx *sql.Tx) error {
		var size int64
		var cur string
		if err := tx.QueryRowContext(ctx, `SELECT size, hash_alg FROM log_state WHERE id = 1`).Scan(&size, &cur); err != nil {
			return err
		}
		if Alg(cur) == a {
			return nil
		}
		if size > 0 {
			return fmt.Errorf("记录日志已按 %s 建立（%d 个叶子），不能改为 %s：哈希算法只能在第一个叶子写入之前选定", cur, size, a)
		}
		_, err := tx.ExecContext(ctx, `UPDATE log_state SET hash_alg = $1 WHERE id = 1 AND size = 0`, string(a))
		return err
	})
}
