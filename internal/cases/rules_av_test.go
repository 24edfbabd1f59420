package cases

import (
	"slices"
	"strings"
	"testing"
)

// avRow is one row of AV_RECORD_MISSING (国办发〔2018〕118号（九）; 处罚法
// Art. 47) on the clean base case: mut changes the case and returns the
// agency's list and the case's recordings the rule reads (nil: a case not
// handled in zfjd).
type avRow struct {
	name     string
	mut      func(c *Case) *AVRecords
	want     []string
	contains string
}

// recorded lists the acts of c of the given types as having a recording.
func recorded(c *Case, types ...string) map[int]string {
	m := map[int]string{}
	for i, e := range c.Events {
		if slices.Contains(types, e.Type) {
			m[i] = e.Type
		}
	}
	return m
}

var avTable = []avRow{
	{name: "118号（九）: 调查取证 on the default list without an audio or video recording", mut: func(c *Case) *AVRecords {
		return &AVRecords{Required: DefaultAVActs}
	}, want: []string{"AV_RECORD_MISSING"}, contains: "“调查取证”（2024-03-10）没有音像记录"},
	{name: "118号（九）: 调查取证 with its recording", mut: func(c *Case) *AVRecords {
		return &AVRecords{Required: DefaultAVActs, Recorded: recorded(c, "investigation")}
	}},
	{name: "118号（九）: 查封扣押 (全程音像记录) without one, 调查取证 recorded", mut: func(c *Case) *AVRecords {
		add(c, Event{Type: "seized", At: "2024-03-12", Officers: two}, Event{Type: "seizure_released", At: "2024-03-20", Officers: two})
		return &AVRecords{Required: DefaultAVActs, Recorded: recorded(c, "investigation")}
	}, want: []string{"AV_RECORD_MISSING"}, contains: "“查封扣押”（2024-03-12）"},
	{name: "118号（九）: a recording of another act does not count (the index names the act)", mut: func(c *Case) *AVRecords {
		return &AVRecords{Required: DefaultAVActs, Recorded: map[int]string{0: "filed"}}
	}, want: []string{"AV_RECORD_MISSING"}},
	{name: "118号（九）: an act the agency's list does not name needs none", mut: func(c *Case) *AVRecords {
		return &AVRecords{Required: []string{"hearing_held"}}
	}},
	{name: "118号（九）: 送达 added to the agency's list", mut: func(c *Case) *AVRecords {
		return &AVRecords{Required: []string{"delivered"}}
	}, want: []string{"AV_RECORD_MISSING"}, contains: "“送达”"},
	{name: "118号（九）: a case reported by another system (recordings are its own)", mut: func(c *Case) *AVRecords {
		return nil
	}},
}

// avRows are avTable's rows as the rule table's, for the coverage check.
func avRows() []ruleRow {
	var out []ruleRow
	for _, r := range avTable {
		out = append(out, ruleRow{name: r.name, want: r.want, contains: r.contains})
	}
	return out
}

// TestAVRecordRule runs avTable through the pure engine.
func TestAVRecordRule(t *testing.T) {
	for _, r := range avTable {
		t.Run(r.name, func(t *testing.T) {
			c, k := prepareRow(t, ruleTable[0])
			env := rowEnv(k)
			env.AV = r.mut(c)
			if err := c.normalize(env.Today); err != nil {
				t.Fatal(err)
			}
			ws := Judge(c, env).Warnings
			checkRow(t, ruleRow{name: r.name, want: r.want, contains: r.contains}, ws)
			for _, w := range ws {
				if w.Rule == "AV_RECORD_MISSING" && (w.Severity != "yellow" || !strings.Contains(w.Basis, "118号")) {
					t.Errorf("warning %+v", w)
				}
			}
		})
	}
}
