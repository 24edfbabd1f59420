// Package textcheck is the one check every free-text field of outside
// input goes through (API bodies, forms, imports): valid UTF-8, no control
// characters, no invisible direction or zero-width controls, and a
// server-side length limit counted in characters. Domain normalizers call
// it, so the UI, the API and the imports refuse the same things.
package textcheck

import (
	"fmt"
	"unicode/utf8"

	"zfjd/internal/apperr"
)

// Common limits, in characters (runes), for fields that have no limit of
// their own in the spec.
const (
	Name    = 100  // names of people, agencies, parties
	Short   = 200  // titles, addresses, sources, reasons
	Basis   = 5000 // legal bases, conditions
	Long    = 5000 // descriptions of facts, notes
	Code    = 64   // identifiers written as text
	Default = 2000
)

// Problem says what is wrong with value as a text field of at most max
// characters ("" when nothing is). Line breaks and tabs are allowed only
// when multiline is set. Refused everywhere: invalid UTF-8, NUL and the
// other C0 and C1 control characters, DEL, the bidirectional embedding,
// override and isolate controls (U+202A–U+202E, U+2066–U+2069, and the
// marks U+200E, U+200F, U+061C) that make text display in another order
// than it is stored (the "Trojan Source" trick), zero-width characters and
// the byte-order mark, which make two different strings look the same, and
// Unicode noncharacters.
func Problem(value string, max int, multiline bool) string {
	if !utf8.ValidString(value) {
		return "包含无效的字符编码，请使用UTF-8文本"
	}
	n := 0
	for _, r := range value {
		n++
		if multiline && (r == '\n' || r == '\r' || r == '\t') {
			continue
		}
		if bad, what := forbidden(r); bad {
			return fmt.Sprintf("不能包含%s（U+%04X）", what, r)
		}
	}
	if max > 0 && n > max {
		return fmt.Sprintf("不能超过%d个字（现为%d个字）", max, n)
	}
	return ""
}

func forbidden(r rune) (bool, string) {
	switch {
	case r == 0:
		return true, "空字符"
	case r < 0x20 || r == 0x7F || (r >= 0x80 && r <= 0x9F):
		return true, "控制字符"
	case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069, r == 0x200E, r == 0x200F, r == 0x061C:
		return true, "文字方向控制字符"
	case r >= 0x200B && r <= 0x200D, r >= 0x2060 && r <= 0x2064, r == 0xFEFF:
		return true, "不可见字符"
	case r >= 0xFFF9 && r <= 0xFFFB, r >= 0xFDD0 && r <= 0xFDEF, r&0xFFFE == 0xFFFE:
		return true, "非法字符"
	}
	return false, ""
}

// CheckText records a problem of the single-line text field on f (keeping
// an earlier problem of the same field) and reports whether value is fine.
// max is in characters; 0 means no length limit beyond the characters.
func CheckText(f apperr.Fields, field, value string, max int) bool {
	if msg := Problem(value, max, false); msg != "" {
		f.Set(field, msg)
		return false
	}
	return true
}

// CheckLines is CheckText for multi-line text (facts, notes, legal bases):
// line breaks and tabs are allowed.
func CheckLines(f apperr.Fields, field, value string, max int) bool {
	if msg := Problem(value, max, true); msg != "" {
		f.Set(field, msg)
		return false
	}
	return true
}
