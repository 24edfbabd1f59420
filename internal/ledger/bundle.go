package ledger

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"golang.org/x/mod/sumdb/tlog"

	"zfjd/internal/store"
)

// Bundle is what a court or notary receives for one record: every leaf of
// it with its content and inclusion proof, the signed checkpoint the proofs
// lead to, and the verifier key — enough to check it offline.
type Bundle struct {
	Kind       string         `json:"kind"`
	Ref        string         `json:"ref"`
	Hash       Alg            `json:"hash,omitempty"` // the log's algorithm (hash.go); "" = sha256
	Checkpoint string         `json:"checkpoint"`
	Key        string         `json:"key"`
	Records    []BundleRecord `json:"records"`
	Pending    int            `json:"pending"` // leaves written after the checkpoint (proved by the next one)
}

// BundleRecord is one leaf of the record with its proof. Kind and Ref
// name the record when it is not the bundle's own (a case's bundle also
// carries its acts' recordings); empty, they are the bundle's.
type BundleRecord struct {
	Kind    string   `json:"kind,omitempty"`
	Ref     string   `json:"ref,omitempty"`
	Index   int64    `json:"index"`
	Data    string   `json:"data"`
	Content string   `json:"content"`
	Proof   [][]byte `json:"proof"` // RFC 6962 audit path, base64 in JSON
}

// Ref names one record in the log.
type Ref struct{ Kind, Ref string }

// MakeBundle builds the bundle of record kind/ref against the latest
// checkpoint; also names further records that belong with it (a case's
// act recordings), whose leaves are added in index order.
func MakeBundle(ctx context.Context, q store.Querier, k *Keys, kind, ref string, also ...Ref) (*Bundle, error) {
	cp, err := latest(ctx, q)
	if err != nil {
		return nil, err
	}
	if cp == nil {
		return nil, fmt.Errorf("记录日志尚未签发检查点")
	}
	alg, err := LogAlg(ctx, q)
	if err != nil {
		return nil, err
	}
	b := &Bundle{Kind: kind, Ref: ref, Checkpoint: cp.Note, Key: k.VKey, Records: []BundleRecord{}}
	if alg != SHA256 {
		b.Hash = alg
	}
	for i, x := range append([]Ref{{kind, ref}}, also...) {
		recs, err := Records(ctx, q, x.Kind, x.Ref)
		if err != nil {
			return nil, err
		}
		for _, r := range recs {
			if r.Index >= cp.Size {
				b.Pending++
				continue
			}
			p, err := alg.ProveRecord(cp.Size, r.Index, reader(ctx, q))
			if err != nil {
				return nil, err
			}
			br := BundleRecord{Index: r.Index, Data: r.Data, Content: r.Content}
			if i > 0 {
				br.Kind, br.Ref = x.Kind, x.Ref
			}
			for _, h := range p {
				br.Proof = append(br.Proof, h[:])
			}
			b.Records = append(b.Records, br)
		}
	}
	slices.SortStableFunc(b.Records, func(x, y BundleRecord) int { return cmp.Compare(x.Index, y.Index) })
	return b, nil
}

// CheckBundle verifies a bundle offline with the verifier key the checker
// trusts (vkey; "" trusts the key in the bundle, which proves integrity
// but not origin): the checkpoint's signature, each record's content
// against its leaf, and each leaf's inclusion in the signed tree.
func CheckBundle(raw []byte, vkey string) (*Bundle, error) {
	var b Bundle
	if err := json.Unmarshal(raw, &b); err != nil {
		return nil, fmt.Errorf("存证包格式无效：%w", err)
	}
	alg, err := ParseAlg(string(b.Hash))
	if err != nil {
		return nil, err
	}
	if vkey == "" {
		vkey = b.Key
	}
	v, err := NewVerifier(vkey)
	if err != nil {
		return nil, fmt.Errorf("验证密钥无效：%w", err)
	}
	_, size, root, err := Open([]byte(b.Checkpoint), v)
	if err != nil {
		return nil, fmt.Errorf("检查点签名无效：%w", err)
	}
	if len(b.Records) == 0 {
		return nil, fmt.Errorf("存证包中没有记录")
	}
	for _, r := range b.Records {
		kind, ref := cmp.Or(r.Kind, b.Kind), cmp.Or(r.Ref, b.Ref)
		var l Leaf
		if err := json.Unmarshal([]byte(r.Data), &l); err != nil || l.Seq != r.Index || l.Kind != kind || l.Ref != ref {
			return nil, fmt.Errorf("叶子 %d 与存证包所称记录不符", r.Index)
		}
		if d := l.Digest(alg); d == "" || alg.Digest([]byte(r.Content)) != d {
			return nil, fmt.Errorf("叶子 %d 的记录内容已被改动", r.Index)
		}
		proof := make(tlog.RecordProof, len(r.Proof))
		for i, h := range r.Proof {
			if len(h) != tlog.HashSize {
				return nil, fmt.Errorf("叶子 %d 的证明无效", r.Index)
			}
			proof[i] = tlog.Hash(h)
		}
		if err := alg.CheckRecord(proof, size, root, r.Index, alg.RecordHash([]byte(r.Data))); err != nil {
			return nil, fmt.Errorf("叶子 %d 不在签名的记录树中：%w", r.Index, err)
		}
	}
	return &b, nil
}
