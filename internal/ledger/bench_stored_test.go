package ledger

import (
	"context"
	"encoding/hex"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/mod/sumdb/tlog"

	"zfjd/internal/store"
	"zfjd/internal/testdb"
)

// BenchmarkProofStored measures an inclusion proof served from the stored
// hashes of a SQLite log of ZFJD_BENCH_STORED_LEAVES leaves (e.g.
// 10000000): the tree's hashes are computed in memory, bulk-loaded into
// log_hashes, and each proof is then built by Inclusion through the same
// reader the API uses (one IN query on the primary key). Skipped unless the
// variable is set: loading 10 million leaves takes minutes and gigabytes.
func BenchmarkProofStored(b *testing.B) {
	n, _ := strconv.ParseInt(os.Getenv("ZFJD_BENCH_STORED_LEAVES"), 10, 64)
	if n <= 0 {
		b.Skip("set ZFJD_BENCH_STORED_LEAVES (e.g. 10000000) to load a log of that many leaves")
	}
	ctx := context.Background()
	db := testdb.Open(b, store.SQLite)
	hashes := make([]tlog.Hash, 0, tlog.StoredHashCount(n))
	mem := tlog.HashReaderFunc(func(ids []int64) ([]tlog.Hash, error) {
		out := make([]tlog.Hash, len(ids))
		for i, id := range ids {
			out[i] = hashes[id]
		}
		return out, nil
	})
	for i := int64(0); i < n; i++ {
		hs, err := tlog.StoredHashes(i, []byte(fmt.Sprintf(`{"seq":%d}`, i)), mem)
		if err != nil {
			b.Fatal(err)
		}
		hashes = append(hashes, hs...)
	}
	const batch = 500
	for start := 0; start < len(hashes); {
		tx, err := db.W.BeginTx(ctx, nil)
		if err != nil {
			b.Fatal(err)
		}
		for end := min(start+200_000, len(hashes)); start < end; {
			k := min(batch, end-start)
			var sb strings.Builder
			args := make([]any, 0, 2*k)
			sb.WriteString(`INSERT INTO log_hashes (id, hash) VALUES `)
			for j := 0; j < k; j++ {
				if j > 0 {
					sb.WriteByte(',')
				}
				fmt.Fprintf(&sb, "($%d,$%d)", 2*j+1, 2*j+2)
				args = append(args, int64(start+j), hex.EncodeToString(hashes[start+j][:]))
			}
			if _, err := tx.ExecContext(ctx, sb.String(), args...); err != nil {
				b.Fatal(err)
			}
			start += k
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := db.W.ExecContext(ctx, `UPDATE log_state SET size = $1 WHERE id = 1`, n); err != nil {
		b.Fatal(err)
	}
	root, err := tlog.TreeHash(n, mem)
	if err != nil {
		b.Fatal(err)
	}
	var size int
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		idx := int64(i*7919) % n
		p, err := Inclusion(ctx, db.R, idx, n)
		if err != nil {
			b.Fatal(err)
		}
		if err := tlog.CheckRecord(p, n, root, idx, hashes[tlog.StoredHashIndex(0, idx)]); err != nil {
			b.Fatal(err)
		}
		size = len(p) * tlog.HashSize
	}
	b.ReportMetric(float64(size), "proof-bytes")
}
