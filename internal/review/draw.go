package review

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Candidate is one closed penalty case that may be drawn.
type Candidate struct {
	CaseID  int64
	Agency  string
	Warning bool // a warning fired on it (weighted draws favour it)
}

// Plan says how many files to draw from each agency: n each, or a ratio
// (percent, rounded up, at least one when the agency has any).
type Plan struct {
	PerAgency int
	RatioPct  int
	Weighted  bool
}

// key is a candidate's draw key: a uniform number in (0,1) from
// SHA-256(seed ":" case id), raised to 1/weight (Efraimidis–Spirakis
// weighted sampling without replacement: the largest keys are drawn).
// Anyone holding the seed and the pool replays the draw.
func key(seed string, c Candidate, weighted bool) float64 {
	h := sha256.Sum256([]byte(seed + ":" + strconv.FormatInt(c.CaseID, 10)))
	u := (float64(binary.BigEndian.Uint64(h[:8])>>11) + 0.5) / (1 << 53)
	if weighted && c.Warning {
		return math.Pow(u, 0.5) // weight 2
	}
	return u
}

// Draw is the pure, replayable sample of pool by plan with seed, per
// agency in code order, each agency's drawn files by case id.
func Draw(seed string, pool []Candidate, plan Plan) []Candidate {
	by := map[string][]Candidate{}
	for _, c := range pool {
		by[c.Agency] = append(by[c.Agency], c)
	}
	agencies := make([]string, 0, len(by))
	for a := range by {
		agencies = append(agencies, a)
	}
	slices.Sort(agencies)
	var out []Candidate
	for _, a := range agencies {
		cs := by[a]
		n := plan.PerAgency
		if plan.RatioPct > 0 {
			n = (len(cs)*plan.RatioPct + 99) / 100
		}
		n = min(n, len(cs))
		slices.SortFunc(cs, func(x, y Candidate) int {
			kx, ky := key(seed, x, plan.Weighted), key(seed, y, plan.Weighted)
			switch {
			case kx > ky:
				return -1
			case kx < ky:
				return 1
			}
			return int(x.CaseID - y.CaseID)
		})
		picked := slices.Clone(cs[:n])
		slices.SortFunc(picked, func(x, y Candidate) int { return int(x.CaseID - y.CaseID) })
		out = append(out, picked...)
	}
	return out
}

// PoolDigest is the SHA-256 of the pool (case ids in order, with a
// warning flag), published with the seed so a replay can check its pool.
func PoolDigest(pool []Candidate) string {
	ids := make([]string, 0, len(pool))
	for _, c := range pool {
		w := "0"
		if c.Warning {
			w = "1"
		}
		ids = append(ids, strconv.FormatInt(c.CaseID, 10)+":"+c.Agency+":"+w)
	}
	slices.Sort(ids)
	h := sha256.Sum256([]byte(strings.Join(ids, "\n")))
	return hex.EncodeToString(h[:])
}
