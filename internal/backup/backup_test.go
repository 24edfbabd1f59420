package backup_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"zfjd/internal/backup"
	"zfjd/internal/cases"
	"zfjd/internal/evidence"
	"zfjd/internal/ledger"
	"zfjd/internal/media"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
)

var sources = map[string]ledger.Source{"case": cases.LedgerSource, cases.RecordingKind: cases.RecordingSource,
	evidence.LedgerKind: evidence.LedgerSource}

// A backup taken while eight clients register cases holds every case
// acknowledged before it began; restored into an empty database, the row
// counts and stored files match the manifest and the record log verifies.
func TestBackupUnderLoadRestores(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		ctx := w.Ctx
		dir := t.TempDir()
		keyPath := filepath.Join(dir, "live.logkey")
		keys, err := ledger.LoadOrCreateKeys(keyPath, "zfjd.test/log")
		if err != nil {
			t.Fatal(err)
		}
		putMedia(t, ctx, db, bytes.Repeat([]byte("录音"), media.ChunkSize/3)) // 2 chunks

		var mu sync.Mutex
		var acked []int64
		stop := make(chan struct{})
		var wg sync.WaitGroup
		errs := make(chan error, 8)
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					select {
					case <-stop:
						return
					default:
					}
					c, err := w.Cases.Create(ctx, testworld.As("officer"), testworld.NewCase(),
						cases.Event{At: testworld.Today, Officers: []string{testworld.CertA, testworld.CertB}}, nil)
					if err != nil {
						errs <- err
						return
					}
					mu.Lock()
					acked = append(acked, c.ID)
					mu.Unlock()
				}
			}()
		}
		waitFor(t, func() bool { mu.Lock(); defer mu.Unlock(); return len(acked) >= 40 })
		if _, err := ledger.Sign(ctx, db, keys); err != nil {
			t.Fatal(err)
		}
		mu.Lock()
		before := append([]int64(nil), acked...)
		mu.Unlock()
		bdir := filepath.Join(dir, "backup")
		m, err := backup.Take(ctx, db, bdir, keyPath)
		if err != nil {
			t.Fatal(err)
		}
		waitFor(t, func() bool { mu.Lock(); defer mu.Unlock(); return len(acked) >= len(before)+20 })
		close(stop)
		wg.Wait()
		select {
		case err := <-errs:
			t.Fatalf("writer: %v", err)
		default:
		}
		if m.Counts["cases"] < int64(len(before)) || m.Verified.Media != 1 || m.LogSize < int64(len(before)) {
			t.Fatalf("manifest %+v: want at least %d cases, 1 media file", m, len(before))
		}
		if m.Counts["cases"] >= int64(len(acked)) {
			t.Fatalf("backup has %d cases, all %d written: it did not run under load", m.Counts["cases"], len(acked))
		}

		t.Logf("backup: %d of %d cases, %d leaves, took %s", m.Counts["cases"], len(acked), m.LogSize, m.Took)
		target, rkey := testdb.Empty(t, db.Dialect), filepath.Join(dir, "restored.logkey")
		if _, _, err := backup.Restore(context.Background(), bdir, target, rkey); err != nil {
			t.Fatal(err)
		}
		rdb, err := store.Open(ctx, target)
		if err != nil {
			t.Fatal(err)
		}
		defer rdb.Close()
		for _, id := range before {
			var n int
			if err := rdb.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM cases WHERE id = $1`, id).Scan(&n); err != nil || n != 1 {
				t.Fatalf("acknowledged case %d missing after restore (%v)", id, err)
			}
		}
		rkeys, err := ledger.LoadOrCreateKeys(rkey, "zfjd.test/log")
		if err != nil || rkeys.VKey != keys.VKey {
			t.Fatalf("restored key differs: %v", err)
		}
		rep, err := ledger.Verify(ctx, rdb, rkeys, sources)
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Problems) > 0 || rep.Size != m.LogSize || rep.Checkpoint == 0 {
			t.Fatalf("restored log: %+v, want %d leaves, a checkpoint, no problems", rep, m.LogSize)
		}
		// A restore refuses a non-empty target, and a damaged backup.
		if _, _, err := backup.Restore(ctx, bdir, target, rkey); err == nil {
			t.Fatal("restore into a non-empty database accepted")
		}
		damage(t, bdir, m)
		if _, err := backup.ReadManifest(bdir); err == nil || !strings.Contains(err.Error(), "SHA-256") {
			t.Fatalf("damaged backup read as good: %v", err)
		}
	})
}

func putMedia(t *testing.T, ctx context.Context, db *store.DB, b []byte) {
	t.Helper()
	h := sha256.Sum256(b)
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		return media.Put(ctx, tx, hex.EncodeToString(h[:]), int64(len(b)), bytes.NewReader(b))
	})
	if err != nil {
		t.Fatal(err)
	}
}

// damage flips one byte in the middle of the backup's database file.
func damage(t *testing.T, dir string, m *backup.Manifest) {
	name := backup.SQLiteFile
	if m.Engine == store.Postgres {
		name = backup.DumpFile
	}
	p := filepath.Join(dir, name)
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)/2] ^= 0xff
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

func waitFor(t *testing.T, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(60 * time.Second); !ok(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("timed out waiting for the writers")
		}
	}
}
