package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"zfjd/internal/cases"
	"zfjd/internal/config"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
)

// TestLogWitness: `zfjd log witness --key` counter-signs the latest
// checkpoint; the bundle made after it carries the cosignature, and
// `zfjd log verify-record --witness` accepts it with the witness's key and
// refuses it with another's.
func TestLogWitness(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		c := w.Register(t, "2026-05-25")
		if _, err := w.Cases.Append(w.Ctx, testworld.As("head"), c.ID, cases.Event{Type: "filed", At: "2026-05-26",
			Officers: []string{testworld.CertA, testworld.CertB}}); err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		key := filepath.Join(dir, "log.key")
		var out bytes.Buffer
		if err := run(w.Ctx, []string{"log", "witness", "--db", db.DSN, "--log-key", key, "--key", filepath.Join(dir, "notary.key"),
			"--name", "notary.jinan"}, &out); err != nil || !strings.Contains(out.String(), "— notary.jinan ") {
			t.Fatalf("witness: %v %q", err, out.String())
		}
		vkey := strings.Fields(strings.SplitN(out.String(), "见证人验证密钥：", 2)[1])[0]
		out.Reset()
		if err := run(w.Ctx, []string{"log", "bundle", "--db", db.DSN, "--log-key", key, "zfjd/" + c.SourceID}, &out); err != nil {
			t.Fatal(err)
		}
		bundle := filepath.Join(dir, "bundle.json")
		if err := os.WriteFile(bundle, out.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
		out.Reset()
		if err := run(w.Ctx, []string{"log", "verify-record", "--bundle", bundle, "--witness", vkey}, &out); err != nil ||
			!strings.Contains(out.String(), "已由 1 个见证人副署") {
			t.Fatalf("verify-record --witness: %v %q", err, out.String())
		}
		out.Reset()
		if err := run(w.Ctx, []string{"log", "witness", "--db", db.DSN, "--log-key", key, "--key", filepath.Join(dir, "other.key"),
			"--name", "notary.jinan"}, &out); err != nil {
			t.Fatal(err)
		}
		other := strings.Fields(strings.SplitN(out.String(), "见证人验证密钥：", 2)[1])[0]
		out.Reset()
		if err := run(w.Ctx, []string{"log", "verify-record", "--bundle", bundle, "--witness", other}, &out); err == nil {
			t.Fatalf("verify-record accepted a witness whose cosignature the bundle lacks: %q", out.String())
		}
	})
}

// TestLogKeygenSM2: `zfjd log keygen --alg sm2` makes a 国密 key before the
// first start; checkpoints are then SM2-signed and a bundle verifies
// offline with the printed verifier key; a second keygen refuses to
// replace the key.
func TestLogKeygenSM2(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		c := w.Register(t, "2026-05-25")
		dir := t.TempDir()
		key := filepath.Join(dir, "log.key")
		var out bytes.Buffer
		if err := run(w.Ctx, []string{"log", "keygen", "--alg", "sm2", "--db", db.DSN, "--log-key", key}, &out); err != nil {
			t.Fatalf("keygen: %v %q", err, out.String())
		}
		vkey := strings.TrimSpace(strings.SplitN(out.String(), "\n", 2)[1])
		if err := run(w.Ctx, []string{"log", "keygen", "--alg", "sm2", "--db", db.DSN, "--log-key", key}, &out); err == nil {
			t.Fatal("keygen replaced an existing key")
		}
		out.Reset()
		if err := run(w.Ctx, []string{"log", "checkpoint", "--db", db.DSN, "--log-key", key}, &out); err != nil {
			t.Fatal(err)
		}
		out.Reset()
		if err := run(w.Ctx, []string{"log", "bundle", "--db", db.DSN, "--log-key", key, "zfjd/" + c.SourceID}, &out); err != nil {
			t.Fatal(err)
		}
		bundle := filepath.Join(dir, "bundle.json")
		if err := os.WriteFile(bundle, out.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
		out.Reset()
		if err := run(w.Ctx, []string{"log", "verify-record", "--bundle", bundle, "--key", vkey}, &out); err != nil || !strings.Contains(out.String(), "存证包有效") {
			t.Fatalf("verify-record with the SM2 key: %v %q", err, out.String())
		}
	})
}

// TestLogHashSM3: --log-hash sm3 (ZFJD_LOG_HASH) before the first record
// makes an SM3 log; with an SM2 key from keygen the whole 国密 chain —
// bundle, offline verify-record, log verify — works from the command line;
// asking a begun log for another algorithm is refused.
func TestLogHashSM3(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		if err := useLogHash(w.Ctx, db, &config.Options{LogHash: "sm3"}); err != nil {
			t.Fatal(err)
		}
		c := w.Register(t, "2026-05-25")
		if err := useLogHash(w.Ctx, db, &config.Options{LogHash: "sha256"}); err == nil {
			t.Fatal("a begun SM3 log was switched to SHA-256")
		}
		if err := useLogHash(w.Ctx, db, &config.Options{LogHash: "md5"}); !errors.Is(err, errUsage) {
			t.Fatalf("an unknown algorithm: %v", err)
		}
		dir := t.TempDir()
		key := filepath.Join(dir, "log.key")
		var out bytes.Buffer
		if err := run(w.Ctx, []string{"log", "keygen", "--alg", "sm2", "--db", db.DSN, "--log-key", key}, &out); err != nil {
			t.Fatalf("keygen: %v %q", err, out.String())
		}
		vkey := strings.TrimSpace(strings.SplitN(out.String(), "\n", 2)[1])
		if err := run(w.Ctx, []string{"log", "checkpoint", "--db", db.DSN, "--log-key", key}, &out); err != nil {
			t.Fatal(err)
		}
		out.Reset()
		if err := run(w.Ctx, []string{"log", "bundle", "--db", db.DSN, "--log-key", key, "zfjd/" + c.SourceID}, &out); err != nil ||
			!strings.Contains(out.String(), `"hash":"sm3"`) {
			t.Fatalf("bundle: %v %s", err, out.String())
		}
		bundle := filepath.Join(dir, "bundle.json")
		if err := os.WriteFile(bundle, out.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
		out.Reset()
		if err := run(w.Ctx, []string{"log", "verify-record", "--bundle", bundle, "--key", vkey}, &out); err != nil || !strings.Contains(out.String(), "存证包有效") {
			t.Fatalf("verify-record of an SM3 bundle: %v %q", err, out.String())
		}
		out.Reset()
		if err := run(w.Ctx, []string{"log", "verify", "--db", db.DSN, "--log-key", key}, &out); err != nil || !strings.Contains(out.String(), "全部一致") {
			t.Fatalf("log verify of an SM3 log: %v %q", err, out.String())
		}
	})
}
