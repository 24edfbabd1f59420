package ledger_test

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"zfjd/internal/ledger"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
)

// TestSM2Checkpoints: with an SM2 key file (国密) the log's checkpoints are
// SM2-signed notes; Verify, the bundle check and a witness's cosignature
// work as with Ed25519; a foreign SM2 key, a changed note and a changed
// record are refused; an existing key is never overwritten.
func TestSM2Checkpoints(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w, _ := setup(t, db)
		dir := t.TempDir()
		k, err := ledger.CreateKeys(filepath.Join(dir, "log.key"), "zfjd.test/log", "sm2")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ledger.CreateKeys(filepath.Join(dir, "log.key"), "zfjd.test/log", "sm2"); err == nil {
			t.Fatal("an existing key file was overwritten")
		}
		again, err := ledger.LoadOrCreateKeys(filepath.Join(dir, "log.key"), "ignored")
		if err != nil || again.VKey != k.VKey || again.Origin != "zfjd.test/log" {
			t.Fatalf("reload: %v %+v", err, again)
		}
		c := filedCase(t, w)
		cp, err := ledger.Sign(w.Ctx, db, k)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, root, err := ledger.Open([]byte(cp.Note), again.Verifier); err != nil || root != cp.Root {
			t.Fatalf("SM2 checkpoint does not open with the reloaded key: %v", err)
		}
		forged := strings.Replace(cp.Note, "zfjd.test/log\n2\n", "zfjd.test/log\n3\n", 1)
		if _, _, _, err := ledger.Open([]byte(forged), k.Verifier); err == nil {
			t.Fatal("a changed SM2-signed note opens")
		}
		if rep, err := ledger.Verify(w.Ctx, db, k, allSources); err != nil || len(rep.Problems) > 0 {
			t.Fatalf("verify: %v %v", err, rep.Problems)
		}
		wk, err := ledger.CreateKeys(filepath.Join(dir, "w.key"), "notary.jinan", "sm2")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ledger.Cosign(w.Ctx, db, k, wk, filepath.Join(dir, "w.state")); err != nil {
			t.Fatal(err)
		}
		b, err := ledger.MakeBundle(w.Ctx, db.R, k, "case", "zfjd/"+c.SourceID)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := json.Marshal(b)
		if _, err := ledger.CheckBundle(raw, k.VKey); err != nil {
			t.Fatalf("SM2 bundle: %v", err)
		}
		if err := ledger.CheckWitnesses([]byte(b.Checkpoint), k.VKey, []string{wk.VKey}); err != nil {
			t.Fatalf("SM2 witness: %v", err)
		}
		other, _ := ledger.CreateKeys(filepath.Join(dir, "other.key"), "zfjd.test/log", "sm2")
		if _, err := ledger.CheckBundle(raw, other.VKey); err == nil {
			t.Fatal("an SM2 bundle checks against a foreign SM2 key")
		}
		b.Records[0].Content = strings.Replace(b.Records[0].Content, "便利店", "超市", 1)
		raw, _ = json.Marshal(b)
		if _, err := ledger.CheckBundle(raw, k.VKey); err == nil {
			t.Fatal("a changed record checks")
		}
		if _, err := ledger.NewVerifier(strings.Replace(k.VKey, "+", "+0", 1)); err == nil {
			t.Fatal("a malformed SM2 verifier key parses")
		}
	})
}
