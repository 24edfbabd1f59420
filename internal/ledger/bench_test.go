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
// a record write adds), on each engine.
func BenchmarkAppend(b *testing.B) {
	for _, e := range testdb.Engines {
		b.Run(string(e), func(b *testing.B) {
			db := testdb.Open(b, e)
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

// BenchmarkProofAt10M builds the stored hashes of 10,000,000 leaves in
// memory (ZFJD_BENCH_LEAVES overrides the size) and measures an inclusion
// proof and a tree hash: the reads a proof costs and its size are what the
// database serves (one indexed row per hash read).
func BenchmarkProofAt10M(b *testing.B) {
	n := int64(10_000_000)
	if s := os.Getenv("ZFJD_BENCH_LEAVES"); s != "" {
		n, _ = strconv.ParseInt(s, 10, 64)
	}
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
		hs, err := tlog.StoredHashes(i, []byte(fmt.Sprintf(`{"seq":%d}`, i)), r)
		if err != nil {
			b.Fatal(err)
		}
		hashes = append(hashes, hs...)
	}
	b.ResetTimer()
	var size int
	reads = 0
	for i := 0; b.Loop(); i++ {
		p, err := tlog.ProveRecord(n, int64(i*7919)%n, r)
		if err != nil {
			b.Fatal(err)
		}
		size = len(p) * tlog.HashSize
	}
	b.ReportMetric(float64(size), "proof-bytes")
	b.ReportMetric(float64(reads)/float64(b.N), "hash-reads/op")
}
