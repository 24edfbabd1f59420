package config

import (
	"cmp"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
)

// value is one key of the config file: its TOML value and line.
type value struct {
	v    any
	line int
}

// readFile reads the TOML config file at path. Every key must be one of
// the options (Keys); an unknown key or a table is refused naming the
// file's line, and the known keys are still returned (so their faults are
// reported at the same time); a syntax error returns nothing else.
func readFile(path string) (map[string]value, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("无法读取配置文件 %s / cannot read the config file: %w", path, err)
	}
	raw := map[string]any{}
	if _, err := toml.Decode(string(b), &raw); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, fmt.Errorf("配置文件 %s 第 %d 行：TOML 格式错误 / syntax error: %s", path, pe.Position.Line, pe.Message)
		}
		return nil, fmt.Errorf("配置文件 %s：TOML 格式错误 / syntax error: %v", path, err)
	}
	lines := keyLines(string(b))
	out := map[string]value{}
	type bad struct {
		line int
		msg  string
	}
	var unknown []bad
	for k, v := range raw {
		line := lines[k]
		if lookup(k) == nil {
			msg := fmt.Sprintf("配置文件 %s 第 %d 行：未知的配置项 “%s” / unknown key %q", path, line, k, k)
			if s := suggest(k); s != "" {
				msg += fmt.Sprintf("（是否为 “%s”？/ did you mean %q?）", s, s)
			}
			unknown = append(unknown, bad{line, msg})
			continue
		}
		out[k] = value{v: v, line: line}
	}
	if len(unknown) > 0 { // as the file orders them
		slices.SortFunc(unknown, func(a, b bad) int { return cmp.Compare(a.line, b.line) })
		errs := make([]error, len(unknown))
		for i, u := range unknown {
			errs[i] = errors.New(u.msg)
		}
		return out, errors.Join(errs...)
	}
	return out, nil
}

// keyLines finds the line of each top-level key (or table) of a TOML
// document. The options are flat, so a key is the first thing on its line:
// bare, "quoted" or 'quoted', before = or a dot; a table is [name].
func keyLines(doc string) map[string]int {
	out := map[string]int{}
	for i, l := range strings.Split(doc, "\n") {
		l = strings.TrimSpace(l)
		l = strings.TrimLeft(l, "[")
		k := ""
		switch {
		case strings.HasPrefix(l, `"`) || strings.HasPrefix(l, `'`):
			if end := strings.IndexByte(l[1:], l[0]); end >= 0 {
				k = l[1 : 1+end]
			}
		default:
			if end := strings.IndexAny(l, " \t=.]"); end > 0 {
				k = l[:end]
			}
		}
		if _, seen := out[k]; k != "" && !seen && !strings.HasPrefix(k, "#") {
			out[k] = i + 1
		}
	}
	return out
}

// suggest is the known key nearest to k, when it is a likely typo.
func suggest(k string) string {
	best, bestD := "", 3
	for _, op := range options {
		if d := distance(k, op.key); d < bestD {
			best, bestD = op.key, d
		}
	}
	return best
}

// distance is the Levenshtein distance of a and b.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := 1
			if a[i-1] == b[j-1] {
				c = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
		}
		prev = cur
	}
	return prev[len(b)]
}

// tomlType names a TOML value's type in Chinese.
func tomlType(v any) string {
	switch v.(type) {
	case string:
		return "字符串"
	case int64:
		return "整数"
	case float64:
		return "小数"
	case bool:
		return "布尔值"
	case []any, []map[string]any:
		return "数组"
	case map[string]any:
		return "表"
	case time.Time:
		return "日期时间"
	}
	return fmt.Sprintf("%T", v)
}
