package review

import (
	"testing"

	"zfjd/internal/apperr"
)

// TestScore: one row per scoring rule of the standard (domain-research
// §1.7: 基本标准 veto → 0 不合格; 卷面 20 + 内容 80; 扣完为止，不计负分).
func TestScore(t *testing.T) {
	std := &Standard{Items: DefaultItems}
	if err := std.Check(); err != nil {
		t.Fatalf("default standard: %v", err)
	}
	rows := []struct {
		rule    string
		sheet   Sheet
		score   int
		verdict string
		field   string // an error naming this field
	}{
		{"no deduction: 20 + 80", Sheet{}, 100, VerdictExcellent, ""},
		{"deductions add up", Sheet{Deductions: map[string]int{"F1": 2, "C2": 5}}, 93, VerdictExcellent, ""},
		{"扣完为止: an item deducts at most its points", Sheet{Deductions: map[string]int{"F1": 9}}, 98, VerdictExcellent, ""},
		{"不计负分: a layer never below 0", Sheet{Deductions: map[string]int{"F1": 2, "F2": 4, "F3": 2, "F4": 4, "F5": 3, "F6": 3, "F7": 2}}, 80, VerdictPass, ""},
		{"below 60 is 不合格", Sheet{Deductions: map[string]int{"C2": 15, "C3": 10, "C4": 10, "C6": 10}}, 55, VerdictFail, ""},
		{"基本标准: a veto item makes the file 0", Sheet{Vetoes: []string{"V2"}}, 0, VerdictFail, ""},
		{"a veto code must be a veto item", Sheet{Vetoes: []string{"C2"}}, 0, "", "vetoes"},
		{"deductions only on scored items", Sheet{Deductions: map[string]int{"V1": 1}}, 0, "", "deductions.V1"},
		{"no negative deductions", Sheet{Deductions: map[string]int{"C2": -3}}, 0, "", "deductions.C2"},
	}
	for _, r := range rows {
		got, err := Score(std, r.sheet)
		if r.field != "" {
			if _, ok := apperr.As(err).Fields[r.field]; !ok {
				t.Errorf("%s: err %v, want field %s", r.rule, err, r.field)
			}
			continue
		}
		if err != nil || got != r.score || Verdict(got, len(r.sheet.Vetoes) > 0) != r.verdict {
			t.Errorf("%s: %d %v (%s), want %d %s", r.rule, got, err, Verdict(got, len(r.sheet.Vetoes) > 0), r.score, r.verdict)
		}
	}
}

// TestPrefill: items the platform judges from the data are pre-filled
// from the rules that fired (处罚法 Art. 42 two officers; Art. 58 法制审核;
// Art. 36 时效).
func TestPrefill(t *testing.T) {
	std := &Standard{Items: DefaultItems}
	sh := Prefill(std, []string{"OFFICERS_INSUFFICIENT", "LEGAL_REVIEW_MISSING", "DELIVERY_OVERDUE"})
	if len(sh.Vetoes) != 1 || sh.Vetoes[0] != "V2" || sh.Deductions["C4"] != 10 || sh.Deductions["C9"] != 5 || len(sh.Deductions) != 2 {
		t.Fatalf("prefill %+v", sh)
	}
}

// TestDraw: the draw is a pure function of seed and pool (anyone replays
// it), n per agency or a ratio, and a weighted draw favours warned cases.
func TestDraw(t *testing.T) {
	var pool []Candidate
	for i := int64(1); i <= 40; i++ {
		pool = append(pool, Candidate{CaseID: i, Agency: []string{"A", "B"}[i%2], Warning: i <= 10})
	}
	a := Draw("seed-1", pool, Plan{PerAgency: 3})
	b := Draw("seed-1", append([]Candidate(nil), pool...), Plan{PerAgency: 3})
	if len(a) != 6 || PoolDigest(pool) == "" {
		t.Fatalf("draw %v", a)
	}
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("replay differs: %v %v", a, b)
		}
	}
	if c := Draw("seed-2", pool, Plan{PerAgency: 3}); equal(a, c) {
		t.Error("another seed draws the same sample")
	}
	if r := Draw("seed-1", pool, Plan{RatioPct: 10}); len(r) != 4 { // 20 each → 2 each
		t.Errorf("10%% of 20 per agency: %d", len(r))
	}
	warned, plain := 0, 0
	for s := 0; s < 200; s++ {
		for _, c := range Draw("w"+string(rune('a'+s%26))+string(rune('a'+s/26)), pool, Plan{PerAgency: 5, Weighted: true}) {
			if c.Warning {
				warned++
			} else {
				plain++
			}
		}
	}
	// A quarter of the pool is warned; weighted, clearly more than a quarter is drawn.
	if float64(warned)/float64(warned+plain) < 0.33 {
		t.Errorf("weighted draw: %d warned of %d", warned, warned+plain)
	}
}

func equal(a, b []Candidate) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
