package inspection

import (
	"encoding/json"
	"fmt"
	"slices"
	"testing"
)

func pool(n int) ([]PoolObject, []PoolInspector) {
	var objs []PoolObject
	tiers := []string{"high", "mid_high", "mid", "low"}
	for i := range n {
		objs = append(objs, PoolObject{ID: fmt.Sprintf("E%05d", i), Name: fmt.Sprint("企业", i), Tier: tiers[i%4]})
	}
	ins := []PoolInspector{{CertNo: "A", Name: "甲"}, {CertNo: "B", Name: "乙"}, {CertNo: "C", Name: "丙", Conflicts: []string{"E00000"}}}
	return objs, ins
}

// 优化营商环境条例 Art. 54: random objects and inspectors; the draw is a
// function of the published seed and pools, whatever their order.
func TestDrawReplayable(t *testing.T) {
	objs, ins := pool(400)
	a := Draw("seed-1", objs, ins, nil)
	rev := slices.Clone(objs)
	slices.Reverse(rev)
	b := Draw("seed-1", rev, ins, nil)
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	if string(ja) != string(jb) {
		t.Fatal("the same seed and pools in another order drew differently")
	}
	c := Draw("seed-2", objs, ins, nil)
	jc, _ := json.Marshal(c)
	if string(ja) == string(jc) {
		t.Error("another seed drew the same")
	}
	// 河南 2021 ratios: 100 objects per tier → 30, 10, 2, 1.
	count := map[string]int{}
	for _, as := range a.Assignments {
		count[as.Object.Tier]++
		if len(as.Inspectors) != InspectorsPerObject {
			t.Errorf("%s has %d inspectors", as.Object.ID, len(as.Inspectors))
		}
		if as.Object.ID == "E00000" && slices.Contains(as.Inspectors, "C") {
			t.Error("an officer with a conflict of interest was drawn for the enterprise")
		}
	}
	if count["high"] != 30 || count["mid_high"] != 10 || count["mid"] != 2 || count["low"] != 1 {
		t.Errorf("counts by tier %v", count)
	}
	d := &Drawing{Seed: "seed-1", Objects: objs, Inspectors: ins, ObjectsHash: HashObjects(objs), InspectorsHash: HashInspectors(ins), Result: a}
	if ok, why := d.Replay(); !ok {
		t.Fatalf("replay: %s", why)
	}
	d.Objects = append(slices.Clone(objs), PoolObject{ID: "E99999", Name: "后加", Tier: "high"})
	if ok, _ := d.Replay(); ok {
		t.Error("a pool changed after the draw replayed as the published one")
	}
}

func TestCountRoundsUp(t *testing.T) {
	for _, c := range []struct{ n, pct, want int }{{0, 30, 0}, {1, 1, 1}, {99, 1, 1}, {101, 1, 2}, {10, 30, 3}, {10, 0, 0}, {5, 100, 5}} {
		if got := Count(c.n, c.pct); got != c.want {
			t.Errorf("Count(%d, %d) = %d, want %d", c.n, c.pct, got, c.want)
		}
	}
}
