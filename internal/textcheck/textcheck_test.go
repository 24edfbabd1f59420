package textcheck_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"zfjd/internal/apperr"
	"zfjd/internal/textcheck"
)

func TestProblem(t *testing.T) {
	for _, c := range []struct {
		name      string
		in        string
		max       int
		multiline bool
		ok        bool
	}{
		{"plain Chinese", "济南市历下区市场监督管理局", 100, false, true},
		{"empty", "", 10, false, true},
		{"exactly max", strings.Repeat("字", 5), 5, false, true},
		{"over max", strings.Repeat("字", 6), 5, false, false},
		{"no limit", strings.Repeat("字", 6000), 0, false, true},
		{"NUL", "名称\x00", 100, false, false},
		{"bell", "a\x07b", 100, false, false},
		{"DEL", "a\x7fb", 100, false, false},
		{"C1", "a\u0085b", 100, false, false},
		{"RLO", "abc\u202Egnp.exe", 100, false, false},
		{"LRE", "\u202Aabc", 100, false, false},
		{"PDF", "abc\u202C", 100, false, false},
		{"RLI", "\u2067abc", 100, false, false},
		{"PDI", "abc\u2069", 100, false, false},
		{"RLM", "abc\u200F", 100, false, false},
		{"ALM", "abc\u061C", 100, false, false},
		{"ZWSP", "张\u200B三", 100, false, false},
		{"BOM", "\uFEFF张三", 100, false, false},
		{"noncharacter", "a\uFFFE", 100, false, false},
		{"invalid UTF-8", "a\xff\xfeb", 100, false, false},
		{"newline single-line", "第一行\n第二行", 100, false, false},
		{"newline multi-line", "第一行\r\n第二行\t完", 100, true, true},
		{"NUL multi-line", "第一行\n\x00", 100, true, false},
		{"full-width and emoji", "ＡＢＣ１２３😀·—", 100, false, true},
	} {
		msg := textcheck.Problem(c.in, c.max, c.multiline)
		if (msg == "") != c.ok {
			t.Errorf("%s: Problem(%q) = %q, want ok=%v", c.name, c.in, msg, c.ok)
		}
		if msg != "" && !utf8.ValidString(msg) {
			t.Errorf("%s: message not UTF-8", c.name)
		}
	}
}

func TestCheckTextSetsField(t *testing.T) {
	f := apperr.Fields{}
	if textcheck.CheckText(f, "name", "好名字", 10) {
		if len(f) != 0 {
			t.Fatalf("fine text set %v", f)
		}
	}
	if textcheck.CheckText(f, "name", "坏\u202E名字", 10) || !strings.Contains(f["name"], "方向控制") {
		t.Errorf("bidi override: %v", f)
	}
	// The first problem of a field is kept.
	textcheck.CheckText(f, "name", strings.Repeat("长", 11), 10)
	if !strings.Contains(f["name"], "方向控制") {
		t.Errorf("first problem replaced: %v", f)
	}
	if textcheck.CheckLines(f, "facts", strings.Repeat("长", 11), 10) || !strings.Contains(f["facts"], "不能超过10个字") {
		t.Errorf("length: %v", f)
	}
}

func FuzzProblem(f *testing.F) {
	for _, s := range []string{"", "张三", "a\x00b", "\u202E", "\xff"} {
		f.Add(s, 10, false)
	}
	f.Fuzz(func(t *testing.T, s string, max int, multiline bool) {
		msg := textcheck.Problem(s, max, multiline)
		if msg == "" {
			if !utf8.ValidString(s) || strings.ContainsRune(s, 0) || strings.ContainsRune(s, '\u202E') {
				t.Fatalf("accepted %q", s)
			}
			if max > 0 && utf8.RuneCountInString(s) > max {
				t.Fatalf("accepted %d characters over %d", utf8.RuneCountInString(s), max)
			}
		}
	})
}
