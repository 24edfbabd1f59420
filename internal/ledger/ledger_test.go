package ledger_test

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"zfjd/internal/cases"
	"zfjd/internal/ledger"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
)

// The independent check: RFC 6962 §2.1 written out from the RFC alone (no
// tlog): MTH({}) = SHA-256(), MTH({d}) = SHA-256(0x00 ‖ d), and for n > 1
// with k the largest power of two < n, MTH(D[n]) = SHA-256(0x01 ‖ MTH(D[0:k]) ‖ MTH(D[k:n])).
func mth(leaves [][]byte) [32]byte {
	switch n := len(leaves); n {
	case 0:
		return sha256.Sum256(nil)
	case 1:
		return sha256.Sum256(append([]byte{0}, leaves[0]...))
	default:
		k := 1
		for k*2 < n {
			k *= 2
		}
		l, r := mth(leaves[:k]), mth(leaves[k:])
		return sha256.Sum256(append(append([]byte{1}, l[:]...), r[:]...))
	}
}

// verifyInclusion is RFC 9162 §2.1.3.2, written from the RFC.
func verifyInclusion(index, size int64, leaf []byte, proof [][32]byte, root [32]byte) bool {
	if index >= size {
		return false
	}
	fn, sn := index, size-1
	r := sha256.Sum256(append([]byte{0}, leaf...))
	for _, p := range proof {
		if sn == 0 {
			return false
		}
		if fn&1 == 1 || fn == sn {
			r = sha256.Sum256(append(append([]byte{1}, p[:]...), r[:]...))
			if fn&1 == 0 {
				for fn&1 == 0 && fn != 0 {
					fn >>= 1
					sn >>= 1
				}
			}
		} else {
			r = sha256.Sum256(append(append([]byte{1}, r[:]...), p[:]...))
		}
		fn >>= 1
		sn >>= 1
	}
	return sn == 0 && r == root
}

func setup(t *testing.T, db *store.DB) (*testworld.World, *ledger.Keys) {
	t.Helper()
	w := testworld.Build(t, db)
	k, err := ledger.LoadOrCreateKeys(filepath.Join(t.TempDir(), "log.key"), "zfjd.test/log")
	if err != nil {
		t.Fatal(err)
	}
	return w, k
}

var bg = context.Background()

var sources = map[string]ledger.Source{"case": cases.LedgerSource}

// TestCaseRecordsVerifyIndependently: a case's writes are leaves; the
// checkpoint's root equals the RFC's MTH over the leaves, and each leaf's
// inclusion proof checks by the RFC's algorithm.
func TestCaseRecordsVerifyIndependently(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w, k := setup(t, db)
		for range 3 {
			c := w.Register(t, "2026-05-25")
			if _, err := w.Cases.Append(w.Ctx, testworld.As("head"), c.ID, cases.Event{Type: "filed", At: "2026-05-26",
				Officers: []string{testworld.CertA, testworld.CertB}}); err != nil {
				t.Fatal(err)
			}
		}
		cp, err := ledger.Sign(w.Ctx, db, k)
		if err != nil {
			t.Fatal(err)
		}
		if cp.Size != 6 {
			t.Fatalf("checkpoint size %d, want 6 (3 registrations, 3 filings)", cp.Size)
		}
		if !strings.HasPrefix(cp.Note, "zfjd.test/log\n6\n") || !strings.Contains(cp.Note, "\n\n— zfjd.test/log ") {
			t.Fatalf("checkpoint note:\n%s", cp.Note)
		}
		all, err := ledger.Leaves(w.Ctx, db.R, 0, cp.Size)
		if err != nil {
			t.Fatal(err)
		}
		var data [][]byte
		for _, l := range all {
			data = append(data, []byte(l.Data))
		}
		if got := mth(data); got != [32]byte(cp.Root) {
			t.Fatalf("root by RFC 6962 %x, checkpoint %x", got, cp.Root)
		}
		for i, l := range all {
			p, err := ledger.Inclusion(w.Ctx, db.R, l.Index, cp.Size)
			if err != nil {
				t.Fatal(err)
			}
			proof := make([][32]byte, len(p))
			for j := range p {
				proof[j] = p[j]
			}
			if !verifyInclusion(l.Index, cp.Size, data[i], proof, cp.Root) {
				t.Fatalf("inclusion proof of leaf %d does not verify by RFC 9162", l.Index)
			}
		}
		// The leaf holds no personal data: only the record's name and digest.
		for _, l := range all {
			if strings.Contains(l.Data, "便利店") || strings.Contains(l.Data, testworld.CertA) {
				t.Fatalf("leaf carries record content: %s", l.Data)
			}
		}
		// A replay changes nothing and appends nothing.
		if n, _ := ledger.Size(w.Ctx, db.R); n != 6 {
			t.Fatalf("size %d", n)
		}
		rep, err := ledger.Verify(w.Ctx, db, k, sources)
		if err != nil || len(rep.Problems) != 0 || rep.Records != 3 {
			t.Fatalf("verify: %v %+v", err, rep)
		}
		// The checkpoint opens with the published verifier key.
		if _, _, root, err := ledger.Open([]byte(cp.Note), k.Verifier); err != nil || root != cp.Root {
			t.Fatalf("open: %v", err)
		}
		if base64.StdEncoding.EncodeToString(cp.Root[:]) == "" {
			t.Fatal("empty root")
		}
	})
}

// TestTamperingIsDetected: changing any stored copy of a record — its row,
// the log's copy of its content, a tree hash, the checkpoint — is named by Verify.
func TestTamperingIsDetected(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, sql, want string
	}{
		{"the case row", `UPDATE cases SET events_json = REPLACE(events_json, '2026-05-26', '2026-05-27')`, "被改动"},
		{"the party in the row", `UPDATE cases SET party_json = REPLACE(party_json, '便利店', '超市')`, "被改动"},
		{"the logged content", `UPDATE log_leaves SET content = REPLACE(content, '2026-05-26', '2026-05-20') WHERE idx = 1`, "存证内容已被改动"},
		{"a leaf", `UPDATE log_leaves SET data = REPLACE(data, '"seq":1', '"seq":7') WHERE idx = 1`, "不一致"},
		{"a stored tree hash", `UPDATE log_hashes SET hash = '00' || SUBSTR(hash, 3) WHERE id = 0`, "树哈希"},
		{"the checkpoint", `UPDATE log_checkpoints SET note = REPLACE(note, 'zfjd.test/log' || CHR(10) || '2', 'zfjd.test/log' || CHR(10) || '3')`, "检查点"},
		{"a deleted case", `DELETE FROM cases`, "删除"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			testdb.Each(t, func(t *testing.T, db *store.DB) {
				w, k := setup(t, db)
				c := w.Register(t, "2026-05-25")
				if _, err := w.Cases.Append(w.Ctx, testworld.As("head"), c.ID, cases.Event{Type: "filed", At: "2026-05-26",
					Officers: []string{testworld.CertA, testworld.CertB}}); err != nil {
					t.Fatal(err)
				}
				if _, err := ledger.Sign(w.Ctx, db, k); err != nil {
					t.Fatal(err)
				}
				q := tc.sql
				if db.Dialect == store.SQLite {
					q = strings.ReplaceAll(q, "CHR(10)", "CHAR(10)")
				}
				if _, err := db.W.ExecContext(w.Ctx, q); err != nil {
					t.Fatal(err)
				}
				rep, err := ledger.Verify(w.Ctx, db, k, sources)
				if err != nil {
					t.Fatal(err)
				}
				var all []string
				for _, p := range rep.Problems {
					all = append(all, p.String())
				}
				if !strings.Contains(strings.Join(all, "\n"), tc.want) {
					t.Fatalf("tampering with %s not caught: %v", tc.name, all)
				}
			})
		})
	}
}

// TestBundleOffline: a case's bundle checks offline with the published key;
// a changed content, proof or foreign key is refused.
func TestBundleOffline(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w, k := setup(t, db)
		c := w.Register(t, "2026-05-25")
		w.Register(t, "2026-05-25")
		if _, err := w.Cases.Append(w.Ctx, testworld.As("head"), c.ID, cases.Event{Type: "filed", At: "2026-05-26",
			Officers: []string{testworld.CertA, testworld.CertB}}); err != nil {
			t.Fatal(err)
		}
		if _, err := ledger.Sign(w.Ctx, db, k); err != nil {
			t.Fatal(err)
		}
		b, err := ledger.MakeBundle(w.Ctx, db.R, k, "case", "zfjd/"+c.SourceID)
		if err != nil || len(b.Records) != 2 {
			t.Fatalf("bundle: %v %+v", err, b)
		}
		raw, _ := json.Marshal(b)
		if _, err := ledger.CheckBundle(raw, k.VKey); err != nil {
			t.Fatalf("untouched bundle: %v", err)
		}
		bad := *b
		bad.Records = slices.Clone(b.Records)
		bad.Records[0].Content = strings.Replace(bad.Records[0].Content, "便利店", "超市", 1)
		raw, _ = json.Marshal(bad)
		if _, err := ledger.CheckBundle(raw, k.VKey); err == nil {
			t.Fatal("changed content accepted")
		}
		other, _ := ledger.LoadOrCreateKeys(filepath.Join(t.TempDir(), "other.key"), "zfjd.test/log")
		raw, _ = json.Marshal(b)
		if _, err := ledger.CheckBundle(raw, other.VKey); err == nil {
			t.Fatal("checkpoint accepted under a foreign key")
		}
	})
}
