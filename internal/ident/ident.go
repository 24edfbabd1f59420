// Package ident validates Chinese identifiers that enter the system from
// outside: the unified social credit code (统一社会信用代码, GB 32100-2015),
// the citizen identity number (公民身份号码, GB 11643-1999) and
// administrative division codes (行政区划代码, GB/T 2260).
//
// Validate functions check the exact string they are given; callers that
// accept user input should pass it through the matching Normalize function
// first. Every validation failure is an *Error whose message is written in
// Simplified Chinese and may be shown to users as is.
package ident

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"zfjd/internal/clock"
)

// Kind classifies a validation failure so callers can react to it without
// parsing the (Chinese, user-facing) message.
type Kind uint8

const (
	KindLength     Kind = iota + 1 // wrong number of characters
	KindChar                       // a character outside the allowed set (including lower case)
	KindDepartment                 // USCC registration department code (第1位) unknown
	KindRegion                     // region or address code malformed or with an unknown province
	KindBirthDate                  // birth date impossible, before 1900-01-01 or in the future (AgeOn: after the day asked about)
	KindOrgCheck                   // GB 11714 check character inside a USCC wrong
	KindCheck                      // final check character wrong
)

// Error is a validation failure. Msg is user-facing Simplified Chinese.
type Error struct {
	Kind Kind
	Msg  string
}

func (e *Error) Error() string { return e.Msg }

func newError(k Kind, format string, args ...any) *Error {
	return &Error{Kind: k, Msg: fmt.Sprintf(format, args...)}
}

// shanghai is China Standard Time (clock.Shanghai, a fixed zone).
var shanghai = clock.Shanghai

// normalize trims surrounding blanks (including the ideographic space and
// zero-width characters that are often pasted along with a code), folds
// full-width ASCII forms (U+FF01..U+FF5E, typed by Chinese input methods)
// to ASCII and upper-cases ASCII letters. Only ASCII letters are
// upper-cased so that no non-ASCII letter can turn into a valid character
// (for example 'ı' would become 'I' under unicode.ToUpper).
func normalize(s string) string {
	s = strings.TrimFunc(s, isBlank)
	return strings.Map(func(r rune) rune {
		if r >= 0xFF01 && r <= 0xFF5E {
			r -= 0xFF01 - 0x21
		}
		if 'a' <= r && r <= 'z' {
			r -= 'a' - 'A'
		}
		return r
	}, s)
}

func isBlank(r rune) bool {
	return unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff'
}

// charAt renders the character starting at byte offset i of s for an error
// message: printable characters as themselves, anything else as an escape,
// so that messages are always valid, visible UTF-8.
func charAt(s string, i int) string {
	r, size := utf8.DecodeRuneInString(s[i:])
	switch {
	case r == utf8.RuneError && size <= 1:
		return fmt.Sprintf(`\x%02X`, s[i])
	case !unicode.IsPrint(r):
		return fmt.Sprintf("%U", r)
	}
	return string(r)
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
