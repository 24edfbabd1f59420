package ledger_test

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/emmansun/gmsm/sm3"

	"zfjd/internal/ledger"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
)

// sm3MTH is RFC 6962 §2.1's MTH with SM3 in place of SHA-256, from the RFC.
func sm3MTH(leaves [][]byte) [32]byte {
	switch n := len(leaves); n {
	case 0:
		return sm3.Sum(nil)
	case 1:
		return sm3.Sum(append([]byte{0}, leaves[0]...))
	default:
		k := 1
		for k*2 < n {
			k *= 2
		}
		l, r := sm3MTH(leaves[:k]), sm3MTH(leaves[k:])
		return sm3.Sum(append(append([]byte{1}, l[:]...), r[:]...))
	}
}

// TestSM3Log: the 国密 option end to end on both engines — a log set to
// SM3 before its first leaf names each record's SM3 digest, its
// checkpoints (SM2-signed) carry the SM3 tree's root as the RFC computes
// it, the log grows consistently, Verify finds it whole and names a
// changed record, and a bundle verifies in Go and in verify.py (hashlib's
// SM3, SM2 from GM/T 0003) and fails there when changed. The algorithm
// cannot be changed once the log has begun.
func TestSM3Log(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w, _ := setup(t, db)
		if err := ledger.UseAlg(w.Ctx, db, ledger.SM3); err != nil {
			t.Fatal(err)
		}
		k, err := ledger.CreateKeys(filepath.Join(t.TempDir(), "log.key"), "zfjd.test/log", "sm2")
		if err != nil {
			t.Fatal(err)
		}
		c := filedCase(t, w)
		if _, err := ledger.Sign(w.Ctx, db, k); err != nil {
			t.Fatal(err)
		}
		addVideo(t, w, c, []byte("国密录像字节"))
		cp, err := ledger.Sign(w.Ctx, db, k) // checks consistency with the first checkpoint
		if err != nil {
			t.Fatal(err)
		}
		all, _ := ledger.Leaves(w.Ctx, db.R, 0, cp.Size)
		var data [][]byte
		for _, l := range all {
			var leaf ledger.Leaf
			if json.Unmarshal([]byte(l.Data), &leaf); leaf.SM3 == "" || leaf.SHA256 != "" {
				t.Fatalf("an SM3 log's leaf: %s", l.Data)
			}
			data = append(data, []byte(l.Data))
		}
		if got := sm3MTH(data); got != [32]byte(cp.Root) {
			t.Fatalf("SM3 root by the RFC %x, checkpoint %x", got, cp.Root)
		}
		if rep, err := ledger.Verify(w.Ctx, db, k, allSources); err != nil || len(rep.Problems) != 0 {
			t.Fatalf("verify: %v %+v", err, rep)
		}
		if err := ledger.UseAlg(w.Ctx, db, ledger.SHA256); err == nil || !strings.Contains(err.Error(), "不能改为") {
			t.Fatalf("a begun SM3 log changed its algorithm: %v", err)
		}
		if err := ledger.UseAlg(w.Ctx, db, ledger.SM3); err != nil {
			t.Fatalf("asking for the log's own algorithm again: %v", err)
		}

		b, err := ledger.MakeBundle(w.Ctx, db.R, k, "case", "zfjd/"+c.SourceID)
		if err != nil || b.Hash != ledger.SM3 || len(b.Records) != 2 {
			t.Fatalf("bundle: %v %+v", err, b)
		}
		raw, _ := json.Marshal(b)
		if _, err := ledger.CheckBundle(raw, k.VKey); err != nil {
			t.Fatalf("SM3 bundle in Go: %v", err)
		}
		asSHA := *b
		asSHA.Hash = ""
		rawSHA, _ := json.Marshal(&asSHA)
		if _, err := ledger.CheckBundle(rawSHA, k.VKey); err == nil {
			t.Fatal("an SM3 bundle checks as SHA-256")
		}
		py, err := exec.LookPath("python3")
		if err != nil {
			t.Fatal("python3 is not installed: the independent SM3/SM2 verifier cannot run; use scripts/test")
		}
		run := func(b *ledger.Bundle) (string, error) {
			raw, _ := json.Marshal(b)
			f := filepath.Join(t.TempDir(), "bundle.json")
			os.WriteFile(f, raw, 0o600)
			var out bytes.Buffer
			cmd := exec.Command(py, "testdata/verify.py", f, "--key", k.VKey)
			cmd.Stdout, cmd.Stderr = &out, &out
			err := cmd.Run()
			return out.String(), err
		}
		if out, err := run(b); err != nil || !strings.Contains(out, "OK: 2 records") {
			t.Fatalf("verify.py on an SM3/SM2 bundle: %v\n%s", err, out)
		}
		bad := *b
		bad.Records = append([]ledger.BundleRecord(nil), b.Records...)
		bad.Records[1].Content = strings.Replace(bad.Records[1].Content, "便利店", "超市", 1)
		if out, err := run(&bad); err == nil || !strings.Contains(out, "SM3 differs") {
			t.Fatalf("verify.py accepted a changed SM3 record: %v\n%s", err, out)
		}
		if out, err := run(&asSHA); err == nil {
			t.Fatalf("verify.py accepted an SM3 bundle as SHA-256:\n%s", out)
		}
		forged := *b
		forged.Checkpoint = strings.Replace(b.Checkpoint, "zfjd.test/log\n", "zfjd.test/log2\n", 1)
		if out, err := run(&forged); err == nil || !strings.Contains(out, "INVALID") {
			t.Fatalf("verify.py accepted a changed SM2-signed checkpoint: %v\n%s", err, out)
		}

		// Tampering with the stored row of the case is named.
		if err := db.Tx(w.Ctx, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(w.Ctx, `UPDATE cases SET title = title || '改' WHERE id = $1`, c.ID)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		rep, err := ledger.Verify(w.Ctx, db, k, allSources)
		if err != nil || len(rep.Problems) != 1 || !strings.Contains(rep.Problems[0].What, "被改动") {
			t.Fatalf("a changed case in an SM3 log: %v %+v", err, rep)
		}
	})
}
