package backup

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"maps"
	"slices"

	"zfjd/internal/store"
)

// verifyFiles reads every evidence file (blobs) and every audio or video
// record (media, chunk by chunk) and checks it hashes to the key it is
// stored under: a copy that lost or garbled a byte of a file fails here.
func verifyFiles(ctx context.Context, q store.Querier) (Verified, error) {
	var v Verified
	rows, err := q.QueryContext(ctx, `SELECT hash, data FROM blobs`)
	if err != nil {
		return v, err
	}
	for rows.Next() {
		var h string
		var data []byte
		if err := rows.Scan(&h, &data); err != nil {
			rows.Close()
			return v, err
		}
		if s := sha256.Sum256(data); hex.EncodeToString(s[:]) != h {
			rows.Close()
			return v, fmt.Errorf("证据文件 %s 的内容与其哈希不符", h)
		}
		v.Blobs++
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return v, err
	}
	rows, err = q.QueryContext(ctx, `SELECT hash, seq, data FROM media_chunks ORDER BY hash, seq`)
	if err != nil {
		return v, err
	}
	defer rows.Close()
	var cur string
	var next int64
	var hs hash.Hash
	done := func() error {
		if cur == "" {
			return nil
		}
		if hex.EncodeToString(hs.Sum(nil)) != cur {
			return fmt.Errorf("音像记录文件 %s 的内容与其哈希不符", cur)
		}
		v.Media++
		return nil
	}
	for rows.Next() {
		var h string
		var seq int64
		var data []byte
		if err := rows.Scan(&h, &seq, &data); err != nil {
			return v, err
		}
		if h != cur {
			if err := done(); err != nil {
				return v, err
			}
			cur, next, hs = h, 0, sha256.New()
		}
		if seq != next {
			return v, fmt.Errorf("音像记录文件 %s 缺少第 %d 块", h, next)
		}
		next++
		hs.Write(data)
	}
	if err := rows.Err(); err != nil {
		return v, err
	}
	return v, done()
}

// compare reports how got differs from the manifest's counts.
func compare(want, got *Manifest) error {
	if got.Schema != want.Schema {
		return fmt.Errorf("恢复后的数据库结构版本为 %d，备份时为 %d", got.Schema, want.Schema)
	}
	if got.LogSize != want.LogSize {
		return fmt.Errorf("恢复后的记录日志有 %d 个叶子，备份时为 %d", got.LogSize, want.LogSize)
	}
	for _, t := range slices.Sorted(maps.Keys(want.Counts)) {
		if got.Counts[t] != want.Counts[t] {
			return fmt.Errorf("恢复后表 %s 有 %d 行，备份时为 %d", t, got.Counts[t], want.Counts[t])
		}
	}
	if got.Verified != want.Verified {
		return fmt.Errorf("恢复后核验的文件数（证据 %d、音像 %d）与备份时（%d、%d）不同",
			got.Verified.Blobs, got.Verified.Media, want.Verified.Blobs, want.Verified.Media)
	}
	return nil
}
