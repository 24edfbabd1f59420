package scale

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"zfjd/internal/clock"
	"zfjd/internal/inspection"
	"zfjd/internal/law"
)

// BenchmarkJudgeLoadedVisits is the loader's cost of judging one
// generated inspection by the §4 rules in memory (judgeInspections without
// its writes): 100,000 visits of 25,000 enterprises (VisitsPerEnterprise),
// sorted by enterprise and check-in as the loader sorts them. ns/op is per
// visit.
func BenchmarkJudgeLoadedVisits(b *testing.B) {
	const n, ents = 100_000, 25_000
	w := &World{Agencies: []*Agency{{Code: "11370102MB0000001X"}}}
	for i := range 50 {
		w.Officers = append(w.Officers, &Officer{Cert: fmt.Sprintf("370102%08d", i), Name: "执法人员", From: "2020-01-01", To: "2030-12-31",
			Status: "valid"})
	}
	rng := rand.New(rand.NewPCG(1, 2))
	today := time.Date(2026, 6, 15, 0, 0, 0, 0, clock.Shanghai)
	vis := make([]loadedVisit, n)
	for i := range vis {
		x := int32(rng.IntN(len(w.Officers)))
		vis[i] = loadedVisit{ent: uint64(rng.IntN(ents)), at: today.AddDate(0, 0, -rng.IntN(365)).Add(10 * time.Hour).UnixMilli(), n: int32(i),
			off: [2]int32{x, (x + 1) % int32(len(w.Officers))}, problem: rng.IntN(3) == 0}
	}
	slices.SortFunc(vis, func(a, b loadedVisit) int {
		return cmp.Or(cmp.Compare(a.ent, b.ent), cmp.Compare(a.at, b.at), cmp.Compare(a.n, b.n))
	})
	j := newJudger(w, 0, []inspection.Caps{inspection.DefaultCaps}, law.NewDate(2026, 6, 15))
	found := 0
	emit := func(_ loadedVisit, _ int64, ws []inspection.Warning) error { found += len(ws); return nil }
	b.ResetTimer()
	done := 0
	for done < b.N {
		for lo := 0; lo < len(vis) && done < b.N; {
			hi := lo + 1
			for hi < len(vis) && vis[hi].ent == vis[lo].ent {
				hi++
			}
			if err := j.group(vis[lo:hi], emit); err != nil {
				b.Fatal(err)
			}
			done += hi - lo
			lo = hi
		}
	}
	if b.N >= n && found == 0 {
		b.Fatal("no findings among the visits")
	}
}
