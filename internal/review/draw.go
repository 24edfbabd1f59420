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

// Candidate is one file that may be drawn: a closed penalty case, or (Kind
// KindInspection) a closed inspection.
type Candidate struct {
	CaseID  int64  // the penalty case's id, or the inspection's
	Agency  string //
	Warning bool   // a warning fired on it (weighted draws favour it)
	Kind    string // the case kind; "" is a penalty case
}

// Case kinds the platform draws files of.
const (
	KindPenalty    = "penalty"
	KindInspection = "inspection"
)

// kind is the candidate's case kind.
func (c Candidate) kind() string {
	if c.Kind == "" {
		return KindPenalty
	}
	return c.Kind
}

// ref is the candidate's name in its draw key and the pool digest: the
// case id for a penalty case (as before inspection files were drawn, so
// earlier draws replay alike), "inspection:" and the id otherwise.
func (c Candidate) ref() string {
	id := strconv.FormatInt(c.CaseID, 10)
	if k := c.kind(); k != KindPenalty {
		return k + ":" + id
	}
	return id
}

// Plan says how many files to draw from each agency: n each, or a ratio
// (percent, rounded up, at least one when the agency has any).
type Plan struct {
	PerAgency int
	RatioPct  int
	Weighted  bool
}

// key is a candidate's draw key: a uniform number in (0,1) from
// SHA-256(seed ":" ref), raised to 1/weight (Efraimidis–Spirakis
// weighted sampling without replacement: the largest keys are drawn).
// Anyone holding the seed and the pool replays the draw.
func key(seed string, c Candidate, weighted bool) float64 {
	h := sha256.Sum256([]byte(seed + ":" + c.ref()))
	u := (float64(binary.BigEndian.Uint64(h[:8])>>11) + 0.5) / (1 << 53)
	if weighted && c.Warning {
		return math.Pow(u, 0.5) // weight 2
	}
	return u
}

// Draw is the pure, replayable sample of pool by plan with seed: the plan
// applies per agency and per case kind (n files of each kind of each
// agency, or the ratio of each), agencies in code order, kinds in the
// order of CaseKinds, each group's drawn files by id.
func Draw(seed string, pool []Candidate, plan Plan) []Candidate {
	type group struct{ agency, kind string }
	by := map[group][]Candidate{}
	for _, c := range pool {
		g := group{c.Agency, c.kind()}
		by[g] = append(by[g], c)
	}
	groups := make([]group, 0, len(by))
	for g := range by {
		groups = append(groups, g)
	}
	slices.SortFunc(groups, func(x, y group) int {
		if x.agency != y.agency {
			return strings.Compare(x.agency, y.agency)
		}
		return kindRank(x.kind) - kindRank(y.kind)
	})
	var out []Candidate
	for _, g := range groups {
		cs := by[g]
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

// PoolDigest is the SHA-256 of the pool (each file's ref, agency and
// warning flag, sorted), published with the seed so a replay can check
// its pool.
func PoolDigest(pool []Candidate) string {
	ids := make([]string, 0, len(pool))
	for _, c := range pool {
		w := "0"
		if c.Warning {
			w = "1"
		}
		ids = append(ids, c.ref()+":"+c.Agency+":"+w)
	}
	slices.Sort(ids)
	h := sha256.Sum256([]byte(strings.Join(ids, "\n")))
	return hex.EncodeToString(h[:])
}

// kindRank is the place of case kind k in CaseKinds.
func kindRank(k string) int {
	for i, c := range CaseKinds {
		if c.Value == k {
			return i
		}
	}
	return len(CaseKinds)
}
