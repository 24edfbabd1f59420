package inspection

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
)

// 双随机一公开 (优化营商环境条例 第五十四条): objects and inspectors drawn at
// random, the results published. A draw is replayable: its seed is
// published with the SHA-256 of each pool's snapshot, and Draw is a pure
// function of them, so anyone holding the published pools recomputes the
// same draw (Replay) and sees a pool changed after the fact by its hash.

// Tiers are the risk tiers with the default share of each drawn (河南 2021:
// 高风险 30 %, 中高 10 %, 中 2 %, 低 1 %).
var Tiers = []struct {
	Code, Label string
	Percent     int
}{{"high", "高风险", 30}, {"mid_high", "中高风险", 10}, {"mid", "中风险", 2}, {"low", "低风险", 1}}

// TierLabel is the tier in Chinese.
func TierLabel(t string) string {
	for _, x := range Tiers {
		if x.Code == t {
			return x.Label
		}
	}
	return t
}

// PoolObject is one enterprise of the object pool (检查对象名录库).
type PoolObject struct {
	ID    string `json:"id"` // 统一社会信用代码
	Name  string `json:"name"`
	Type  string `json:"type"`
	Field string `json:"field"`
	Tier  string `json:"tier"`
}

// PoolInspector is one certified officer of the inspector pool (执法检查人员名录库).
type PoolInspector struct {
	CertNo string `json:"cert_no"`
	Name   string `json:"name"`
	// Conflicts are the enterprises the officer may not inspect (利害关系, 回避).
	Conflicts []string `json:"conflicts,omitempty"`
}

// Assignment is one drawn enterprise with its inspectors.
type Assignment struct {
	Object     PoolObject `json:"object"`
	Inspectors []string   `json:"inspectors"`
}

// DrawResult is a draw's outcome.
type DrawResult struct {
	Assignments []Assignment `json:"assignments"`
	Unstaffed   []string     `json:"unstaffed"` // drawn enterprises without two inspectors free of conflicts
}

// InspectorsPerObject: at least two inspectors each (处罚法 Art. 42).
const InspectorsPerObject = 2

// HashObjects is the SHA-256 of the object pool's canonical snapshot
// (sorted by id; one line per object, fields tab-separated).
func HashObjects(objs []PoolObject) string {
	lines := make([]string, len(objs))
	for i, o := range objs {
		lines[i] = strings.Join([]string{o.ID, o.Name, o.Type, o.Field, o.Tier}, "\t")
	}
	return hashLines(lines)
}

// HashInspectors is the SHA-256 of the inspector pool's canonical snapshot.
func HashInspectors(ins []PoolInspector) string {
	lines := make([]string, len(ins))
	for i, o := range ins {
		c := slices.Clone(o.Conflicts)
		slices.Sort(c)
		lines[i] = strings.Join([]string{o.CertNo, o.Name, strings.Join(c, ",")}, "\t")
	}
	return hashLines(lines)
}

func hashLines(lines []string) string {
	slices.Sort(lines)
	h := sha256.New()
	for _, l := range lines {
		h.Write([]byte(l))
		h.Write([]byte{'\n'})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// rng is the draw's generator: ChaCha8 keyed by SHA-256 of the seed.
func rng(seed string) *rand.Rand {
	return rand.New(rand.NewChaCha8(sha256.Sum256([]byte("zfjd-draw-v1:" + seed))))
}

// Count is how many of n objects a percent draws: rounded up, so a tier
// with objects and a share above zero is never skipped.
func Count(n, percent int) int {
	if n == 0 || percent <= 0 {
		return 0
	}
	return min(n, (n*percent+99)/100)
}

// Draw draws, for each tier in Tiers order, its percent of the objects
// of that tier (ratios by tier code; absent: the default), then two
// inspectors for each drawn object free of conflicts with it. Pure: the
// pools are taken in canonical order, so the same seed and pools give the
// same result whatever order they were listed in.
func Draw(seed string, objects []PoolObject, inspectors []PoolInspector, ratios map[string]int) DrawResult {
	objs := slices.Clone(objects)
	slices.SortFunc(objs, func(a, b PoolObject) int { return strings.Compare(a.ID, b.ID) })
	ins := slices.Clone(inspectors)
	slices.SortFunc(ins, func(a, b PoolInspector) int { return strings.Compare(a.CertNo, b.CertNo) })
	r := rng(seed)
	res := DrawResult{Assignments: []Assignment{}, Unstaffed: []string{}}
	for _, tier := range Tiers {
		pct, ok := ratios[tier.Code]
		if !ok {
			pct = tier.Percent
		}
		var pool []PoolObject
		for _, o := range objs {
			if o.Tier == tier.Code {
				pool = append(pool, o)
			}
		}
		r.Shuffle(len(pool), func(i, j int) { pool[i], pool[j] = pool[j], pool[i] })
		for _, o := range pool[:Count(len(pool), pct)] {
			order := r.Perm(len(ins))
			var picked []string
			for _, k := range order {
				if len(picked) == InspectorsPerObject {
					break
				}
				if !slices.Contains(ins[k].Conflicts, o.ID) {
					picked = append(picked, ins[k].CertNo)
				}
			}
			if len(picked) < InspectorsPerObject {
				res.Unstaffed = append(res.Unstaffed, o.ID)
				picked = []string{}
			}
			slices.Sort(picked)
			res.Assignments = append(res.Assignments, Assignment{Object: o, Inspectors: picked})
		}
	}
	return res
}

// NewSeed is a draw's public seed: the draw's agency, the instant and 8
// random bytes, so nobody can choose a seed for a wanted outcome unseen.
func NewSeed(agency string, ms int64, random [8]byte) string {
	return fmt.Sprintf("%s-%d-%x", agency, ms, binary.BigEndian.Uint64(random[:]))
}
