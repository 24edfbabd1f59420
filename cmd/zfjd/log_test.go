package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"zfjd/internal/cases"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
)

// TestLogVerify: `zfjd log checkpoint` signs the tree, `zfjd log verify`
// passes on an untouched database and fails, naming the case, once its
// stored row is changed behind the platform's back.
func TestLogVerify(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		c := w.Register(t, "2026-05-25")
		if _, err := w.Cases.Append(w.Ctx, testworld.As("head"), c.ID, cases.Event{Type: "filed", At: "2026-05-26",
			Officers: []string{testworld.CertA, testworld.CertB}}); err != nil {
			t.Fatal(err)
		}
		key := filepath.Join(t.TempDir(), "log.key")
		args := func(cmd string) []string { return []string{"log", cmd, "--db", db.DSN, "--log-key", key} }
		var out bytes.Buffer
		if err := run(w.Ctx, args("checkpoint"), &out); err != nil || !strings.Contains(out.String(), "\n2\n") {
			t.Fatalf("checkpoint: %v %q", err, out.String())
		}
		out.Reset()
		if err := run(w.Ctx, args("verify"), &out); err != nil || !strings.Contains(out.String(), "全部一致") {
			t.Fatalf("verify on an untouched database: %v %q", err, out.String())
		}
		out.Reset()
		if err := run(w.Ctx, []string{"log", "bundle", "--db", db.DSN, "--log-key", key, "zfjd/" + c.SourceID}, &out); err != nil {
			t.Fatal(err)
		}
		bundle := filepath.Join(t.TempDir(), "bundle.json")
		if err := os.WriteFile(bundle, out.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
		out.Reset()
		if err := run(w.Ctx, []string{"log", "verify-record", "--bundle", bundle}, &out); err != nil || !strings.Contains(out.String(), "存证包有效") {
			t.Fatalf("verify-record: %v %q", err, out.String())
		}
		if _, err := db.W.ExecContext(w.Ctx, `UPDATE cases SET facts_json = REPLACE(facts_json, '2026-05-20', '2026-05-19')`); err != nil {
			t.Fatal(err)
		}
		out.Reset()
		err := run(w.Ctx, args("verify"), &out)
		if err == nil || !strings.Contains(out.String(), "zfjd/"+c.SourceID) {
			t.Fatalf("verify after tampering: %v %q", err, out.String())
		}
	})
}
