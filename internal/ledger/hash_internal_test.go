package ledger

import (
	"fmt"
	"slices"
	"testing"

	"github.com/transparency-dev/merkle/rfc6962"
	"golang.org/x/mod/sumdb/tlog"
)

// memHashes is a tlog.HashReader over a slice.
type memHashes []tlog.Hash

func (m *memHashes) ReadHashes(ids []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(ids))
	for i, id := range ids {
		if id < 0 || id >= int64(len(*m)) {
			return nil, fmt.Errorf("hash %d not stored", id)
		}
		out[i] = (*m)[id]
	}
	return out, nil
}

// TestMerklePathMatchesTlog: the tree code the SM3 log runs on
// (transparency-dev/merkle compact ranges and proofs over tlog's
// stored-hash layout) gives, with the RFC 6962 SHA-256 hasher, exactly
// tlog's stored hashes, roots, inclusion and consistency proofs, and
// accepts tlog's proofs — so an SM3 log differs from the default only in
// the hash function, which TestSM3Log and verify.py check on their own.
func TestMerklePathMatchesTlog(t *testing.T) {
	hr := rfc6962.DefaultHasher
	var a, b memHashes
	const n = 70
	for i := int64(0); i < n; i++ {
		data := []byte(fmt.Sprintf(`{"seq":%d}`, i))
		want, err := tlog.StoredHashes(i, data, &a)
		if err != nil {
			t.Fatal(err)
		}
		got, err := storedHashes(hr, i, data, &b)
		if err != nil || !slices.Equal(got, want) {
			t.Fatalf("leaf %d: stored hashes %x, tlog %x (%v)", i, got, want, err)
		}
		a, b = append(a, want...), append(b, got...)
	}
	for size := int64(1); size <= n; size++ {
		want, _ := tlog.TreeHash(size, &a)
		got, err := treeHash(hr, size, &b)
		if err != nil || got != want {
			t.Fatalf("size %d: root %x, tlog %x (%v)", size, got, want, err)
		}
		for i := int64(0); i < size; i++ {
			wp, _ := tlog.ProveRecord(size, i, &a)
			gp, err := proveRecord(hr, size, i, &b)
			if err != nil || !slices.Equal(gp, wp) {
				t.Fatalf("inclusion %d in %d: %x, tlog %x (%v)", i, size, gp, wp, err)
			}
			if err := tlog.CheckRecord(gp, size, want, i, a[tlog.StoredHashIndex(0, i)]); err != nil {
				t.Fatalf("tlog refuses our inclusion proof %d in %d: %v", i, size, err)
			}
		}
		for from := int64(1); from <= size; from++ {
			wp, _ := tlog.ProveTree(size, from, &a)
			gp, err := proveTree(hr, size, from, &b)
			if err != nil || !slices.Equal(gp, wp) {
				t.Fatalf("consistency %d→%d: %x, tlog %x (%v)", from, size, gp, wp, err)
			}
		}
	}
}

// TestSM3Hasher: SM3's published test vector (GB/T 32905 Appendix A,
// "abc"), and the RFC 6962 prefixes on leaves and nodes.
func TestSM3Hasher(t *testing.T) {
	if got := SM3.Digest([]byte("abc")); got != "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0" {
		t.Fatalf("SM3(abc) = %s", got)
	}
	leaf := SM3.RecordHash([]byte("x"))
	if leaf != SM3.sum([]byte("\x00x")) {
		t.Fatal("SM3 leaf hash is not SM3(0x00 ‖ data)")
	}
	node := sm3Hasher{}.HashChildren(leaf[:], leaf[:])
	if want := SM3.sum(append(append([]byte{1}, leaf[:]...), leaf[:]...)); string(node) != string(want[:]) {
		t.Fatal("SM3 node hash is not SM3(0x01 ‖ left ‖ right)")
	}
	if SM3.RecordHash([]byte("x")) == SHA256.RecordHash([]byte("x")) {
		t.Fatal("the two algorithms agree")
	}
	for _, s := range []string{"", "sha256", "sm3"} {
		if _, err := ParseAlg(s); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := ParseAlg("md5"); err == nil {
		t.Fatal("md5 accepted")
	}
}
