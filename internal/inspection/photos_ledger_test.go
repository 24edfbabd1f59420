package inspection_test

import (
	"bytes"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"path/filepath"
	"slices"
	"testing"

	"zfjd/internal/inspection"
	"zfjd/internal/ledger"
	"zfjd/internal/media"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
)

// 事中留痕 (国办发〔2024〕54号; spec §6: every accepted write appends a leaf):
// each checklist photo is a record of the log naming the SHA-256 of its
// bytes; `zfjd log verify` names the photo whose stored bytes were
// changed, the one whose row was pointed at other bytes, and the one
// deleted, and nothing else.
func TestPhotosInRecordLog(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		if err := f.svc.PutItem(f.Ctx, testworld.As("agency_admin"), Matter, "便利店", []string{"食品经营许可证公示", "进货查验记录"}); err != nil {
			t.Fatal(err)
		}
		officer := testworld.As("officer")
		in := checkedIn(t, f)
		var photos []*inspection.Photo
		for i, shade := range []uint8{10, 90, 170} {
			ph, err := f.svc.AddPhoto(f.Ctx, officer, in.ID, photoJPEG(t, shade), i%2, "现场照片")
			if err != nil {
				t.Fatal(err)
			}
			photos = append(photos, ph)
		}
		refs, err := inspection.PhotoRefs(f.Ctx, db.R, in)
		if err != nil || len(refs) != 3 {
			t.Fatalf("refs %v %v", refs, err)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM log_leaves WHERE kind = $1`, inspection.PhotoKind); n != 3 {
			t.Fatalf("%d photo leaves, want 3", n)
		}
		for i, ref := range refs {
			var sum string
			if err := db.R.QueryRow(`SELECT sha256 FROM log_leaves WHERE kind = $1 AND ref = $2`, inspection.PhotoKind, ref).Scan(&sum); err != nil {
				t.Fatal(err)
			}
			content, found, err := inspection.PhotoSource(f.Ctx, db.R, ref)
			if err != nil || !found || ledger.Digest(content) != sum {
				t.Fatalf("photo %d as stored does not match its leaf: %s %v %v", i, content, found, err)
			}
		}
		keys, err := ledger.LoadOrCreateKeys(filepath.Join(t.TempDir(), "log.key"), "test")
		if err != nil {
			t.Fatal(err)
		}
		sources := map[string]ledger.Source{inspection.Kind: inspection.LedgerSource, inspection.PhotoKind: inspection.PhotoSource}
		verify := func() map[string]string {
			t.Helper()
			rep, err := ledger.Verify(f.Ctx, db, keys, sources)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for _, p := range rep.Problems {
				got[p.Kind+" "+p.Ref] = p.What
			}
			return got
		}
		if got := verify(); len(got) != 0 {
			t.Fatalf("verify on untouched photos: %v", got)
		}

		// The first photo's bytes are changed in place (a chunk rewritten);
		// the second's row is pointed at other stored bytes (its hash
		// column changed); the third stays.
		other := photoJPEG(t, 250)
		if _, err := db.W.Exec(`UPDATE media_chunks SET data = $1 WHERE hash = $2`, other, photos[0].Hash); err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(other)
		otherHash := hex.EncodeToString(sum[:])
		if err := db.Tx(f.Ctx, func(tx *sql.Tx) error {
			return media.Put(f.Ctx, tx, otherHash, int64(len(other)), bytes.NewReader(other))
		}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.W.Exec(`UPDATE inspection_photos SET hash = $1 WHERE inspection_id = $2 AND seq = $3`,
			otherHash, in.ID, photos[1].Seq); err != nil {
			t.Fatal(err)
		}
		got := verify()
		for _, ref := range refs[:2] {
			if w := got[inspection.PhotoKind+" "+ref]; w != "记录现存内容与最后一次存证不符（被改动）" {
				t.Errorf("%s tampered: verify says %q", ref, w)
			}
		}
		if len(got) != 2 {
			t.Errorf("verify names %d records, want the 2 tampered photos: %v", len(got), got)
		}
		if _, err := db.W.Exec(`DELETE FROM inspection_photos WHERE inspection_id = $1 AND seq = $2`, in.ID, photos[2].Seq); err != nil {
			t.Fatal(err)
		}
		if w := verify()[inspection.PhotoKind+" "+refs[2]]; w != "记录已被删除" {
			t.Errorf("deleted photo: verify says %q", w)
		}
		if _, found, _ := inspection.PhotoSource(f.Ctx, db.R, "zfjd/none#photo-1"); found {
			t.Error("an unknown photo is found")
		}
		if slices.Contains(refs, "") {
			t.Error("an empty ref")
		}
	})
}
