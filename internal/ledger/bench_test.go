package ledger_test

import (
	"database/sql"
	"fmt"
	"os"
	"strconv"
	"testing"

	"golang.org/x/mod/sumdb/tlog"

	"zfjd/internal/ledger"
	"zfjd/internal/testdb"
)

// BenchmarkAppend measures one leaf appended in its own transaction (what
// a record write adds), on each engine and with each hash algorithm.
func BenchmarkAppend(b *testing.B) {
	for _, e := range testdb.Engines {
		for _, a := range []ledger.Alg{ledger.SHA256, ledger.SM3} {
			b.Run(string(e)+"/"+string(a), func(b *testing.B) {
				db := testdb.Open(b, e)
				if err := ledger.UseAlg(bg, db, a); err != nil {
					b.Fatal(err)
				}
				i := 0
				for b.Loop() {
					i++
					err := db.Tx(bg, func(tx *sql.Tx) error {
						_, err := ledger.Append(bg, tx, "case", "bench/"+strconv.Itoa(i), []byte(`{"n":`+strconv.Itoa(i)+`}`))
						return err
					})
					if err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkProofAt10M builds the stored hashes of 10,000,000 leaves in
// memory (ZFJD_BENCH_LEAVES overrides the size) with each algorithm and
// measures an inclusion proof: the reads a proof costs and its size are
// what the database serves (one indexed row per hash read).
func BenchmarkProofAt10M(b *testing.B) {
	n := int64(10_000_000)
	if s := os.Getenv("ZFJD_BENCH_LEAVES"); s != "" {
		n, _ = strconv.ParseInt(s, 10, 64)
	}
	for _, a := range []ledger.Alg{ledger.SHA256, ledger.SM3} {
		b.Run(string(a), func(b *testing.B) {
			hashes := make([]tlog.Hash, 0, tlog.StoredHashCount(n))
			var reads int
			r := tlog.HashReaderFunc(func(ids []int64) ([]tlog.Hash, error) {
				reads += len(ids)
				out := make([]tlog.Hash, len(ids))
				for i, id := range ids {
					out[i] = hashes[id]
				}
				return out, nil
			})
			for i := int64(0); i < n; i++ {
				hs, err := a.StoredHashes(i, []byte(fmt.Sprintf(`{"seq":%d}`, i)), r)
				if err != nil {
					b.Fatal(err)
				}
				hashes = append(hashes, hs...)
			}
			root, err := a.TreeHash(n, r)
			if err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			var size int
			reads = 0
			for i := 0; b.Loop(); i++ {
				idx := int64(i*7919) % n
				p, err := a.ProveRecord(n, idx, r)
				if err != nil {
					b.Fatal(err)
				}
				if err := a.CheckRecord(p, n, root, idx, hashes[tlog.StoredHashIndex(0, idx)]); err != nil {
					b.Fatal(err)
				}
				size = len(p) * tlog.HashSize
			}
			b.ReportMetric(float64(size), "proof-bytes")
			b.ReportMetric(float64(reads)/float64(b.N), "hash-reads/op")
		})
	}
}
