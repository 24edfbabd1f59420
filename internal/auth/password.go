package auth

import (
	"crypto/rand"
	"crypto/subtle"
	_ "embed"
	"encoding/base64"
	"fmt"
	"strings"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// argon2id with OWASP's minimum (m=19 MiB, t=2, p=1); about 40 ms here.
const (
	argonTime    = 2
	argonMemory  = 19 * 1024
	argonThreads = 1
	argonKeyLen  = 32
)

// hashSem caps concurrent hashes: each takes 19 MiB.
var hashSem = make(chan struct{}, 4)

// HashPassword returns a PHC string $argon2id$v=19$m=...,t=...,p=...$salt$hash.
func HashPassword(pw string) string {
	salt := make([]byte, 16)
	rand.Read(salt)
	hashSem <- struct{}{}
	key := argon2.IDKey([]byte(pw), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	<-hashSem
	enc := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=19$m=%d,t=%d,p=%d$%s$%s", argonMemory, argonTime, argonThreads, enc.EncodeToString(salt), enc.EncodeToString(key))
}

// passwordChecks counts CheckPassword calls, so that a test can show an
// unknown user costs the same work as a known one (export_test.go).
var passwordChecks atomic.Int64

// CheckPassword reports whether pw matches the PHC string.
func CheckPassword(phc, pw string) bool {
	passwordChecks.Add(1)
	parts := strings.Split(phc, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil {
		return false
	}
	enc := base64.RawStdEncoding
	salt, err1 := enc.DecodeString(parts[4])
	want, err2 := enc.DecodeString(parts[5])
	if err1 != nil || err2 != nil {
		return false
	}
	hashSem <- struct{}{}
	got := argon2.IDKey([]byte(pw), salt, t, m, p, uint32(len(want)))
	<-hashSem
	return subtle.ConstantTimeCompare(got, want) == 1
}

// The password policy (等保 2.0 身份鉴别: 口令复杂度; OWASP ASVS 2.1). Length
// matters most; the classes and the lists stop the guesses that come first
// in every dictionary attack (Admin@123456, P@ssw0rd2024, the username).
const (
	MinPasswordLen = 10
	MaxPasswordLen = 128 // argon2 takes any length; this bounds the work per attempt
)

// weakPasswords are passwords (lower case) that meet the length and class
// rules yet lead every guessing list; weakWords are the words that, with
// only digits and symbols around them, make such a password (Zfjd@2026,
// Admin#2024!).
//
//go:embed weak_passwords.txt
var weakList string

var weakPasswords, weakWords = parseWeakList(weakList)

func parseWeakList(s string) (pws, words map[string]bool) {
	pws, words = map[string]bool{}, map[string]bool{}
	for _, line := range strings.Split(s, "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "word:"):
			words[strings.TrimPrefix(line, "word:")] = true
		default:
			pws[strings.ToLower(line)] = true
		}
	}
	return pws, words
}

// ValidatePassword checks a new password for the account username and
// returns what is wrong with it in Chinese, or "" if it may be used.
func ValidatePassword(pw, username string) string {
	n := utf8.RuneCountInString(pw)
	if n < MinPasswordLen {
		return fmt.Sprintf("密码至少%d位", MinPasswordLen)
	}
	if n > MaxPasswordLen {
		return fmt.Sprintf("密码不能超过%d位", MaxPasswordLen)
	}
	for _, r := range pw {
		if unicode.IsControl(r) || r == utf8.RuneError {
			return "密码不能包含控制字符"
		}
	}
	var lower, upper, digit, other bool
	distinct := map[rune]bool{}
	for _, r := range pw {
		distinct[unicode.ToLower(r)] = true
		switch {
		case r >= 'a' && r <= 'z':
			lower = true
		case r >= 'A' && r <= 'Z':
			upper = true
		case r >= '0' && r <= '9':
			digit = true
		default: // symbols, spaces and CJK characters alike
			other = true
		}
	}
	classes := 0
	for _, b := range []bool{lower, upper, digit, other} {
		if b {
			classes++
		}
	}
	if classes < 3 {
		return "密码须包含大写字母、小写字母、数字、符号中的至少三类"
	}
	low := strings.ToLower(pw)
	if u := strings.ToLower(strings.TrimSpace(username)); utf8.RuneCountInString(u) >= 3 && strings.Contains(low, u) {
		return "密码不能包含用户名"
	}
	if len(distinct) < 5 || weakPasswords[low] || weakWords[baseWord(low)] {
		return "密码过于简单或常见，容易被猜中，请换一个"
	}
	return ""
}

var leet = map[rune]rune{'@': 'a', '$': 's', '0': 'o', '1': 'i', '3': 'e', '5': 's'}

// baseWord is the letters (any script) of a lower-case password with the usual
// substitutions undone where they stand between letters (p@ssw0rd2024 →
// password, but zfjd@2026 → zfjd), so that a common word dressed up with
// digits and symbols is recognised.
func baseWord(low string) string {
	rs := []rune(low)
	letter := func(i int) bool {
		return i >= 0 && i < len(rs) && (unicode.IsLetter(rs[i]) || rs[i] == '@' || rs[i] == '$')
	}
	var b strings.Builder
	for i, r := range rs {
		switch {
		case unicode.IsLetter(r):
			b.WriteRune(r)
		case letter(i-1) && letter(i+1):
			if m, ok := leet[r]; ok {
				b.WriteRune(m)
			}
		}
	}
	return b.String()
}
