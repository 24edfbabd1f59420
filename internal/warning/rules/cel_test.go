package rules

import (
	"strings"
	"testing"

	"zfjd/internal/apperr"
	"zfjd/internal/law"
)

func TestCompileRefusals(t *testing.T) {
	for _, c := range []struct{ expr, want string }{
		{"case.procedure ==", "第1行第"},
		{"case.procedure == \"summary\" &&\n  case.facts.major ==", "第2行第"},
		{"1 + 2", "布尔值"},
		{"case.procedure", "布尔值"},
		{"nosuch.x == 1", "第1行第1列"},
		{"workdays(today)", "第1行第"},
		{"", "不能为空"},
		{strings.Repeat("true && ", 600) + "true", "过长"},
	} {
		_, err := Compile(c.expr)
		e, ok := err.(*apperr.Error)
		if !ok || e.Code != apperr.Invalid || !strings.Contains(e.Fields["expression"], c.want) {
			t.Errorf("Compile(%.40q) = %v, want field expression with %q", c.expr, err, c.want)
		}
	}
}

func TestExamplesCompile(t *testing.T) {
	for _, x := range Examples {
		if _, err := Compile(x.Expression); err != nil {
			t.Errorf("%s: %v", x.Code, err)
		}
		if !codeRE.MatchString(x.Code) {
			t.Errorf("%s: not a valid code", x.Code)
		}
	}
}

func sample() *Input {
	return &Input{
		Case: map[string]any{"procedure": "general", "region_code": "370102", "party": map[string]any{"kind": "org"},
			"facts": map[string]any{"major": false, "illegal_income_fen": int64(0), "case_amount_fen": int64(0), "corrected": false},
			"events": []any{
				map[string]any{"type": "filed", "at": "2026-05-04"},
				map[string]any{"type": "decided", "at": "2026-06-01", "penalties": []any{map[string]any{"kind": "fine", "amount_fen": int64(6_000_000)}}},
			}},
		Matter: map[string]any{"code": "M"}, Agency: map[string]any{"code": "A"}, History: emptyHistory(),
		Today: "2026-06-15", Cal: law.Default(),
	}
}

// The working-day functions count on the calendar: 端午 2026-06-19 is off.
func TestEvalWorkingDays(t *testing.T) {
	for _, c := range []struct {
		expr string
		want bool
	}{
		{`workdays("2026-06-15", "2026-06-22") == 4`, true}, // 16, 17, 18, 22: 端午 06-19 to 06-21 off
		{`add_workdays("2026-06-18", 1) == "2026-06-22"`, true},
		{`add_days("2026-06-15", 30) == "2026-07-15"`, true},
		{`case.events.exists(f, f.type == "filed" && workdays(f.at, today) > 10)`, true},
		{Examples[0].Expression, true},
		{`case.facts.nosuch == 1`, false}, // a runtime error is no match
	} {
		p, err := Compile(c.expr)
		if err != nil {
			t.Fatalf("%s: %v", c.expr, err)
		}
		got, _ := p.Eval(sample())
		if got != c.want {
			t.Errorf("%s = %v, want %v", c.expr, got, c.want)
		}
	}
}

// A comprehension nested deep enough runs into the cost limit instead of
// running away.
func TestCostLimit(t *testing.T) {
	p, err := Compile(`[1,2,3,4,5,6,7,8,9,10].all(a, [1,2,3,4,5,6,7,8,9,10].all(b, [1,2,3,4,5,6,7,8,9,10].all(c, [1,2,3,4,5,6,7,8,9,10].all(d, [1,2,3,4,5,6,7,8,9,10].all(e, a+b+c+d+e > 0)))))`)
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := p.Eval(sample()); ok || err == nil || !strings.Contains(err.Error(), "cost") {
		t.Errorf("cost limit: %v %v", ok, err)
	}
}

// FuzzCompile: any text either answers a field error or compiles to a
// program whose evaluation returns, never a panic.
func FuzzCompile(f *testing.F) {
	for _, x := range Examples {
		f.Add(x.Expression)
	}
	for _, s := range []string{"", "true", "1/0 == 1", `"a" < today`, `workdays("x", "y") > 0`, `add_workdays(today, -1) == ""`,
		`case.events.map(e, e.at).size() > 0`, "((((((((((", `add_days(today, 99999999999) == ""`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, expr string) {
		p, err := Compile(expr)
		if err != nil {
			if e, ok := err.(*apperr.Error); !ok || e.Fields["expression"] == "" {
				t.Fatalf("refusal without the field: %v", err)
			}
			return
		}
		p.Eval(sample())
	})
}
