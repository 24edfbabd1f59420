package ledger

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"

	"golang.org/x/mod/sumdb/tlog"

	"zfjd/internal/store"
)

// Source gives the canonical content of a record of one kind as it is
// stored now, for verification (cases register theirs).
type Source func(ctx context.Context, q store.Querier, ref string) (content []byte, found bool, err error)

// Problem is one record or leaf that no longer matches.
type Problem struct {
	Index int64  // leaf index, -1 for the tree as a whole
	Kind  string // record kind
	Ref   string
	What  string // 中文说明
}

func (p Problem) String() string {
	if p.Index < 0 {
		return p.What
	}
	return fmt.Sprintf("叶子 %d（%s %s）：%s", p.Index, p.Kind, p.Ref, p.What)
}

// Report is the result of Verify.
type Report struct {
	Size       int64 // leaves checked
	Checkpoint int64 // size of the checkpoint the tree was checked against (0: none)
	Records    int   // records compared with their stored rows
	Problems   []Problem
}

// Verify recomputes every leaf from its stored content and the tree from
// the leaves (independently of the stored hashes), checks the latest
// checkpoint's signature and root, and compares each record's latest leaf
// with the record as stored now (sources by kind). Every mismatch is named.
func Verify(ctx context.Context, db *store.DB, k *Keys, sources map[string]Source) (*Report, error) {
	return VerifyWith(ctx, db, k, Sources{One: sources})
}

// VerifyWith is Verify reading the records through sources, in batches
// for the kinds that have a batch reader.
func VerifyWith(ctx context.Context, db *store.DB, k *Keys, sources Sources) (*Report, error) {
	r := &Report{}
	size, err := Size(ctx, db.R)
	if err != nil {
		return nil, err
	}
	r.Size = size
	alg, err := LogAlg(ctx, db.R)
	if err != nil {
		return nil, err
	}
	var hashes []tlog.Hash // stored hashes recomputed from the leaves alone
	mem := tlog.HashReaderFunc(func(ids []int64) ([]tlog.Hash, error) {
		out := make([]tlog.Hash, len(ids))
		for i, id := range ids {
			if id >= int64(len(hashes)) {
				return nil, fmt.Errorf("hash %d not computed", id)
			}
			out[i] = hashes[id]
		}
		return out, nil
	})
	latestOf := map[[2]string]Leaf{}
	for start := int64(0); start < size; start += 1000 {
		rows, err := db.R.QueryContext(ctx, `SELECT idx, kind, ref, data, sha256, content FROM log_leaves WHERE idx >= $1 AND idx < $2 ORDER BY idx`,
			start, start+1000)
		if err != nil {
			return nil, err
		}
		next := start
		for rows.Next() {
			var idx int64
			var kind, ref, data, sum, content string
			if err := rows.Scan(&idx, &kind, &ref, &data, &sum, &content); err != nil {
				rows.Close()
				return nil, err
			}
			if idx != next {
				r.Problems = append(r.Problems, Problem{Index: next, What: "叶子缺失"})
				rows.Close()
				return r, nil
			}
			next++
			var l Leaf
			if json.Unmarshal([]byte(data), &l) != nil || l.Seq != idx || l.Kind != kind || l.Ref != ref {
				r.Problems = append(r.Problems, Problem{Index: idx, Kind: kind, Ref: ref, What: "叶子数据与索引列不一致"})
			}
			if d := l.Digest(alg); d == "" || alg.Digest([]byte(content)) != d || sum != d {
				r.Problems = append(r.Problems, Problem{Index: idx, Kind: kind, Ref: ref, What: "存证内容已被改动（与叶子中的 " + alg.Label() + " 摘要不符）"})
			}
			hs, err := alg.StoredHashes(idx, []byte(data), mem)
			if err != nil {
				rows.Close()
				return nil, err
			}
			hashes = append(hashes, hs...)
			latestOf[[2]string{kind, ref}] = l
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
	}
	if cp, err := latest(ctx, db.R); err != nil {
		return nil, err
	} else if cp != nil {
		r.Checkpoint = cp.Size
		origin, n, root, err := Open([]byte(cp.Note), k.Verifier)
		switch {
		case err != nil:
			r.Problems = append(r.Problems, Problem{Index: -1, What: "最新检查点签名无效：" + err.Error()})
		case origin != k.Origin || n != cp.Size || root != cp.Root:
			r.Problems = append(r.Problems, Problem{Index: -1, What: "最新检查点内容与签名不符"})
		case n > size:
			r.Problems = append(r.Problems, Problem{Index: -1, What: fmt.Sprintf("记录日志倒退：检查点 %d 大于现有叶子数 %d", n, size)})
		default:
			th, err := alg.TreeHash(n, mem)
			if err != nil || th != root {
				r.Problems = append(r.Problems, Problem{Index: -1, What: fmt.Sprintf("由叶子重算的前 %d 个叶子的根哈希与签名检查点不符", n)})
			}
		}
	}
	if err := compareStored(ctx, db, hashes, r); err != nil {
		return nil, err
	}
	refsOf := map[string][]string{}
	for key := range latestOf {
		refsOf[key[0]] = append(refsOf[key[0]], key[1])
	}
	for _, kind := range slices.Sorted(maps.Keys(refsOf)) {
		_, err := sources.stored(ctx, db.R, kind, refsOf[kind], func(ref string, content []byte, found bool) {
			l := latestOf[[2]string{kind, ref}]
			r.Records++
			switch {
			case !found:
				r.Problems = append(r.Problems, Problem{Index: l.Seq, Kind: kind, Ref: ref, What: "记录已被删除"})
			case alg.Digest(content) != l.Digest(alg):
				r.Problems = append(r.Problems, Problem{Index: l.Seq, Kind: kind, Ref: ref, What: "记录现存内容与最后一次存证不符（被改动）"})
			}
		})
		if err != nil {
			return nil, err
		}
	}
	slices.SortStableFunc(r.Problems, func(a, b Problem) int { return cmp.Compare(a.Index, b.Index) })
	return r, nil
}

// compareStored checks the stored tree hashes (which proofs are built
// from) against the ones recomputed from the leaves.
func compareStored(ctx context.Context, db *store.DB, want []tlog.Hash, r *Report) error {
	for start := 0; start < len(want); start += 1000 {
		end := min(start+1000, len(want))
		ids := make([]int64, end-start)
		for i := range ids {
			ids[i] = int64(start + i)
		}
		got, err := reader(ctx, db.R).ReadHashes(ids)
		if err != nil {
			r.Problems = append(r.Problems, Problem{Index: -1, What: "存储的树哈希缺失或损坏：" + err.Error()})
			return nil
		}
		for i, h := range got {
			if h != want[start+i] {
				r.Problems = append(r.Problems, Problem{Index: -1, What: fmt.Sprintf("存储的树哈希 %d 被改动（证明将无效）", start+i)})
				return nil
			}
		}
	}
	return nil
}
