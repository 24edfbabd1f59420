package store

import (
	"strconv"
	"strings"
)

// Where accumulates SQL conditions written with ? and numbers them as $n,
// which both engines accept, so one query text serves SQLite and PostgreSQL.
type Where struct {
	conds []string
	Args  []any
}

// Add appends one condition; each ? in cond consumes one of args.
func (w *Where) Add(cond string, args ...any) {
	var b strings.Builder
	i := 0
	for _, r := range cond {
		if r == '?' && i < len(args) {
			w.Args = append(w.Args, args[i])
			i++
			b.WriteString("$" + strconv.Itoa(len(w.Args)))
			continue
		}
		b.WriteRune(r)
	}
	w.conds = append(w.conds, "("+b.String()+")")
}

// Arg appends a bare argument (e.g. for LIMIT) and returns its placeholder.
func (w *Where) Arg(v any) string {
	w.Args = append(w.Args, v)
	return "$" + strconv.Itoa(len(w.Args))
}

// SQL renders " WHERE a AND b", or "" when there are no conditions.
func (w *Where) SQL() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// MaxSearch is the longest search term, in characters, that list filters
// use: longer terms are cut to it (no code, name or legal text anyone
// searches for is longer). Without the cap a term of some 50,000
// characters makes SQLite fail with "LIKE or GLOB pattern too complex"
// and every such anonymous request became a 500 and an error log line.
const MaxSearch = 100

// SearchTerm is s as list filters search for it: trimmed, without NUL and
// invalid UTF-8 (PostgreSQL refuses both in text parameters) and cut to
// MaxSearch characters. Filters that compare a term with "=" as well as
// LIKE should use it for both.
func SearchTerm(s string) string {
	return capTerm(strings.TrimSpace(strings.ReplaceAll(strings.ToValidUTF8(s, ""), "\x00", "")))
}

func capTerm(s string) string {
	n := 0
	for i := range s {
		if n == MaxSearch {
			return s[:i]
		}
		n++
	}
	return s
}

// Like escapes s for use inside a LIKE pattern with ESCAPE '\'. It drops
// NUL and invalid UTF-8 and cuts s to MaxSearch characters, as SearchTerm
// does (but keeps its spaces).
func Like(s string) string {
	s = capTerm(strings.ReplaceAll(strings.ToValidUTF8(s, ""), "\x00", ""))
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(s) + "%"
}
