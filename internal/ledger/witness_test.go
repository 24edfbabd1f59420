package ledger_test

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"zfjd/internal/cases"
	"zfjd/internal/evidence"
	"zfjd/internal/ledger"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
)

// allSources are the record kinds zfjd log verify reads (cmd/zfjd).
var allSources = map[string]ledger.Source{"case": cases.LedgerSource, cases.RecordingKind: cases.RecordingSource,
	evidence.LedgerKind: evidence.LedgerSource}

// filedCase registers a case and files it: two leaves.
func filedCase(t *testing.T, w *testworld.World) *cases.Case {
	t.Helper()
	c := w.Register(t, "2026-05-25")
	c, err := w.Cases.Append(w.Ctx, testworld.As("head"), c.ID, cases.Event{Type: "filed", At: "2026-05-26",
		Officers: []string{testworld.CertA, testworld.CertB}})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestWitnessCosign: a witness counter-signs the latest checkpoint; the
// cosignature is a second signature line after the log's, served with the
// checkpoint and checked by CheckWitnesses (and refused for another key);
// a witness refuses a tree that does not extend the last one it signed.
func TestWitnessCosign(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w, k := setup(t, db)
		filedCase(t, w)
		dir := t.TempDir()
		wk, err := ledger.LoadOrCreateKeys(filepath.Join(dir, "notary.key"), "notary.jinan")
		if err != nil {
			t.Fatal(err)
		}
		state := ledger.WitnessStatePath(filepath.Join(dir, "notary.key"))
		cp, err := ledger.Cosign(w.Ctx, db, k, wk, state)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(cp.Note, "\n\n— zfjd.test/log ") || !strings.Contains(cp.Note, "\n— notary.jinan ") ||
			strings.Index(cp.Note, "— zfjd.test/log ") > strings.Index(cp.Note, "— notary.jinan ") {
			t.Fatalf("cosigned note: the log's signature first, then the witness's:\n%s", cp.Note)
		}
		stored, err := ledger.Latest(w.Ctx, db.R)
		if err != nil || stored.Note != cp.Note {
			t.Fatalf("the cosignature is not stored with the checkpoint: %v\n%v", err, stored)
		}
		if err := ledger.CheckWitnesses([]byte(cp.Note), k.VKey, []string{wk.VKey}); err != nil {
			t.Fatalf("witness check: %v", err)
		}
		other, _ := ledger.EphemeralKeys("notary.jinan")
		if err := ledger.CheckWitnesses([]byte(cp.Note), k.VKey, []string{other.VKey}); err == nil {
			t.Fatal("a checkpoint is accepted as cosigned by a key that did not sign it")
		}
		// Cosigning again adds nothing; the log still verifies.
		again, err := ledger.Cosign(w.Ctx, db, k, wk, state)
		if err != nil || again.Note != cp.Note {
			t.Fatalf("second cosign: %v\n%s", err, again.Note)
		}
		if rep, err := ledger.Verify(w.Ctx, db, k, sources); err != nil || len(rep.Problems) > 0 {
			t.Fatalf("verify after cosigning: %v %v", err, rep.Problems)
		}
		// The tree grows: the witness signs the new one after checking consistency.
		w.Register(t, "2026-05-27")
		cp2, err := ledger.Cosign(w.Ctx, db, k, wk, state)
		if err != nil || cp2.Size != cp.Size+1 {
			t.Fatalf("cosign the grown tree: %v %+v", err, cp2)
		}
		// A witness that signed a bigger tree, or another history, refuses.
		if err := os.WriteFile(state, []byte("99 "+cp2.Root.String()+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := ledger.Cosign(w.Ctx, db, k, wk, state); err == nil || !strings.Contains(err.Error(), "倒退") {
			t.Fatalf("witness signed a tree smaller than its last: %v", err)
		}
		if err := os.WriteFile(state, []byte("2 "+cp2.Root.String()+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := ledger.Cosign(w.Ctx, db, k, wk, state); err == nil || !strings.Contains(err.Error(), "不一致") {
			t.Fatalf("witness signed a tree inconsistent with its last: %v", err)
		}
	})
}

// TestLogRefusesToGoBackwards: signing (as the server does on start)
// fails when the tree is smaller than the last checkpoint, or when its
// stored hashes no longer extend the checkpointed tree.
func TestLogRefusesToGoBackwards(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, sql, want string }{
		{"leaves removed", `UPDATE log_state SET size = 1`, "倒退"},
		{"history rewritten", `UPDATE log_hashes SET hash = '00' || SUBSTR(hash, 3) WHERE id = 2`, "不一致"}, // the node over leaves 0 and 1
	} {
		t.Run(tc.name, func(t *testing.T) {
			testdb.Each(t, func(t *testing.T, db *store.DB) {
				w, k := setup(t, db)
				filedCase(t, w)
				if _, err := ledger.Sign(w.Ctx, db, k); err != nil {
					t.Fatal(err)
				}
				if _, err := db.W.ExecContext(w.Ctx, tc.sql); err != nil {
					t.Fatal(err)
				}
				if tc.want == "不一致" {
					w.Register(t, "2026-05-27") // the tree grows on the rewritten history
				}
				if _, err := ledger.Sign(w.Ctx, db, k); err == nil || !strings.Contains(err.Error(), tc.want) {
					t.Fatalf("sign after %s: %v, want %q", tc.name, err, tc.want)
				}
			})
		})
	}
}

// TestBundleVerifiesWithPython: a case's bundle — its writes and an act's
// video recording — verifies with testdata/verify.py, an implementation
// written from RFC 6962/9162, RFC 8032 and the C2SP note format alone
// (Python standard library, no zfjd or Go code), including the witness's
// cosignature; a changed content, proof or key fails it.
func TestBundleVerifiesWithPython(t *testing.T) {
	t.Parallel()
	py, err := exec.LookPath("python3")
	if err != nil {
		// scripts/test (README's test command, and CI) installs Python 3:
		// without it the independent check would silently not run.
		t.Fatal("python3 is not installed: the independent verifier (testdata/verify.py) cannot run; use scripts/test")
	}
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w, k := setup(t, db)
		c := filedCase(t, w)
		addVideo(t, w, c, []byte("not really a video, but bytes"))
		wk, _ := ledger.LoadOrCreateKeys(filepath.Join(t.TempDir(), "w.key"), "witness.shandong")
		if _, err := ledger.Cosign(w.Ctx, db, k, wk, filepath.Join(t.TempDir(), "w.state")); err != nil {
			t.Fatal(err)
		}
		refs, err := cases.RecordingRefs(w.Ctx, db.R, c)
		if err != nil || len(refs) != 1 {
			t.Fatalf("recording refs %v %v", refs, err)
		}
		b, err := ledger.MakeBundle(w.Ctx, db.R, k, "case", "zfjd/"+c.SourceID, ledger.Ref{Kind: cases.RecordingKind, Ref: refs[0]})
		if err != nil || len(b.Records) != 3 {
			t.Fatalf("bundle: %v %+v", err, b)
		}
		run := func(b *ledger.Bundle, args ...string) (string, error) {
			raw, _ := json.Marshal(b)
			f := filepath.Join(t.TempDir(), "bundle.json")
			if err := os.WriteFile(f, raw, 0o600); err != nil {
				t.Fatal(err)
			}
			var out bytes.Buffer
			cmd := exec.Command(py, append([]string{"testdata/verify.py", f}, args...)...)
			cmd.Stdout, cmd.Stderr = &out, &out
			err := cmd.Run()
			return out.String(), err
		}
		if out, err := run(b, "--key", k.VKey, "--witness", wk.VKey); err != nil || !strings.Contains(out, "OK: 3 records") {
			t.Fatalf("verify.py on an untouched bundle: %v\n%s", err, out)
		}
		bad := *b
		bad.Records = append([]ledger.BundleRecord(nil), b.Records...)
		bad.Records[2].Content = strings.Replace(bad.Records[2].Content, "现场", "室内", 1)
		if out, err := run(&bad, "--key", k.VKey); err == nil || !strings.Contains(out, "leaf "+jsonInt(b.Records[2].Index)+": content changed") {
			t.Fatalf("verify.py accepted a changed recording: %v\n%s", err, out)
		}
		bad.Records = append([]ledger.BundleRecord(nil), b.Records...)
		p := append([]byte(nil), bad.Records[0].Proof[0]...)
		p[0] ^= 1
		bad.Records[0].Proof = append([][]byte{p}, bad.Records[0].Proof[1:]...)
		if out, err := run(&bad, "--key", k.VKey); err == nil || !strings.Contains(out, "not included") {
			t.Fatalf("verify.py accepted a changed proof: %v\n%s", err, out)
		}
		other, _ := ledger.EphemeralKeys("zfjd.test/log")
		if out, err := run(b, "--key", other.VKey); err == nil || !strings.Contains(out, "INVALID") {
			t.Fatalf("verify.py accepted a foreign log key: %v\n%s", err, out)
		}
		if out, err := run(b, "--key", k.VKey, "--witness", other.VKey); err == nil || !strings.Contains(out, "INVALID") {
			t.Fatalf("verify.py accepted a witness that did not sign: %v\n%s", err, out)
		}
	})
}

func jsonInt(n int64) string { b, _ := json.Marshal(n); return string(b) }

// addVideo adds a video recording of the case's 立案 act (its second event).
func addVideo(t *testing.T, w *testworld.World, c *cases.Case, data []byte) *cases.Recording {
	t.Helper()
	rec := &cases.Recording{EventIndex: 1, EventType: c.Events[1].Type, Kind: "video", Title: "立案现场录像"}
	f := &cases.RecordingFile{Name: "现场.mp4", ContentType: "video/mp4", Size: int64(len(data)), SHA256: ledger.Digest(data),
		Body: bytes.NewReader(data)}
	rec, err := w.Cases.AddRecording(w.Ctx, testworld.As("officer"), c.ID, rec, f, 8<<20)
	if err != nil {
		t.Fatalf("add recording: %v", err)
	}
	return rec
}

// TestRecordingTamperingIsDetected: a recording is a record of the log —
// changing its row or a byte of its stored file is named by Verify.
func TestRecordingTamperingIsDetected(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, sql string }{
		{"the recording row", `UPDATE act_recordings SET title = '补录'`},
		{"the recorded act", `UPDATE act_recordings SET event_at = '2026-05-27'`},
		{"the stored file", `UPDATE media_chunks SET data = (SELECT data FROM media_chunks WHERE seq = 1) WHERE seq = 0`},
		{"a deleted recording", `DELETE FROM act_recordings`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			testdb.Each(t, func(t *testing.T, db *store.DB) {
				w, k := setup(t, db)
				c := filedCase(t, w)
				data := bytes.Repeat([]byte("frame "), (1<<20)/6+100) // two chunks
				rec := addVideo(t, w, c, data)
				if _, err := ledger.Sign(w.Ctx, db, k); err != nil {
					t.Fatal(err)
				}
				if rep, err := ledger.Verify(w.Ctx, db, k, allSources); err != nil || len(rep.Problems) > 0 || rep.Records != 2 {
					t.Fatalf("verify before tampering: %v %+v", err, rep)
				}
				if _, err := db.W.ExecContext(w.Ctx, tc.sql); err != nil {
					t.Fatal(err)
				}
				rep, err := ledger.Verify(w.Ctx, db, k, allSources)
				if err != nil {
					t.Fatal(err)
				}
				ref := "zfjd/" + c.SourceID + "#" + jsonInt(rec.ID)
				var named bool
				for _, p := range rep.Problems {
					named = named || (p.Kind == cases.RecordingKind && p.Ref == ref)
				}
				if !named {
					t.Fatalf("tampering with %s not named as %s: %v", tc.name, ref, rep.Problems)
				}
			})
		})
	}
}

// TestEvidenceTamperingIsDetected: an evidence item is a record of the log
// with its files' SHA-256 — changing its row, a file's stored bytes, a
// file's name or deleting it is named by Verify.
func TestEvidenceTamperingIsDetected(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, sql string }{
		{"the evidence row", `UPDATE evidence SET collected_on = '2026-05-20'`},
		{"the stored file", `UPDATE blobs SET data = (SELECT data FROM blobs ORDER BY size LIMIT 1) WHERE size = (SELECT MAX(size) FROM blobs)`},
		{"the file's name", `UPDATE evidence_files SET file_name = '替换.jpg'`},
		{"a deleted item", `DELETE FROM evidence`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			testdb.Each(t, func(t *testing.T, db *store.DB) {
				w, k := setup(t, db)
				c := filedCase(t, w)
				it, err := evidence.Add(w.Ctx, db, testworld.As("officer"), c.ID, &evidence.Item{Kind: "documentary", Title: "现场照片",
					CollectedOn: "2026-05-26", Officers: []string{testworld.CertA, testworld.CertB}},
					[]evidence.Upload{{Name: "现场.jpg", ContentType: "image/jpeg", Data: []byte("a photo of the shelf")},
						{Name: "票据.jpg", ContentType: "image/jpeg", Data: []byte("a receipt")}})
				if err != nil {
					t.Fatal(err)
				}
				if _, err := ledger.Sign(w.Ctx, db, k); err != nil {
					t.Fatal(err)
				}
				if rep, err := ledger.Verify(w.Ctx, db, k, allSources); err != nil || len(rep.Problems) > 0 || rep.Records != 2 {
					t.Fatalf("verify before tampering: %v %+v", err, rep)
				}
				if _, err := db.W.ExecContext(w.Ctx, tc.sql); err != nil {
					t.Fatal(err)
				}
				rep, err := ledger.Verify(w.Ctx, db, k, allSources)
				if err != nil {
					t.Fatal(err)
				}
				ref := "zfjd/" + c.SourceID + "#" + jsonInt(it.ID)
				var named bool
				for _, p := range rep.Problems {
					named = named || (p.Kind == evidence.LedgerKind && p.Ref == ref)
				}
				if !named {
					t.Fatalf("tampering with %s not named as %s: %v", tc.name, ref, rep.Problems)
				}
			})
		})
	}
}
