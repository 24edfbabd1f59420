package ident

import (
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// checkFailure asserts the contract of every rejection: an *Error with a
// known kind and a non-empty, valid UTF-8 message.
func checkFailure(t *testing.T, err error) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v is %T, want *Error", err, err)
	}
	if e.Kind < KindLength || e.Kind > KindCheck || e.Msg == "" || !utf8.ValidString(e.Msg) {
		t.Fatalf("malformed error: kind %d, msg %q", e.Kind, e.Msg)
	}
}

func FuzzValidateUSCC(f *testing.F) {
	for _, s := range validUSCCs {
		f.Add(s)
	}
	for _, s := range []string{"", "91350200776049653a", "91350200776049654A", "91350200776049I53A",
		"0000000000000000000", " 91370102ma3c5r2k0m ", "9135020077604965３A", "Y1100000MA00000000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := NormalizeUSCC(s)
		if NormalizeUSCC(n) != n {
			t.Fatalf("NormalizeUSCC not idempotent on %q", s)
		}
		if err := ValidateUSCC(s); err != nil {
			checkFailure(t, err)
		} else {
			if len(s) != usccLen {
				t.Fatalf("accepted %q of length %d", s, len(s))
			}
			if orgCheckChar(s[8:16]) != s[16] || usccCheckChar(s[:17]) != s[17] {
				t.Fatalf("accepted %q with wrong check characters", s)
			}
			if n != s {
				t.Fatalf("accepted %q, which normalizes to %q", s, n)
			}
			made, err := MakeUSCC(s[0], s[1], s[2:8], s[8:16])
			if err != nil || made != s {
				t.Fatalf("MakeUSCC(parts of %q) = %q, %v", s, made, err)
			}
		}
		// Read the input as parts for the generator too: whatever it
		// builds must validate and keep the parts.
		if len(s) >= 16 {
			made, err := MakeUSCC(s[0], s[1], s[2:8], s[8:16])
			if err != nil {
				checkFailure(t, err)
				return
			}
			if made[:16] != s[:16] {
				t.Fatalf("MakeUSCC(parts of %q) = %q changed the parts", s, made)
			}
			if err := ValidateUSCC(made); err != nil {
				t.Fatalf("MakeUSCC(parts of %q) = %q, which is invalid: %v", s, made, err)
			}
		}
	})
}

func FuzzValidateIDCard(f *testing.F) {
	for _, s := range []string{"11010519491231002X", "110105195001010014", "11010519491231002x",
		"440524188001010014", "", "110105491231002", "11010519990230001", "99010519491231002",
		"93115619800101005", "830000198001010024", "１１０１０５１９４９１２３１００２ｘ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := NormalizeIDCard(s)
		if NormalizeIDCard(n) != n {
			t.Fatalf("NormalizeIDCard not idempotent on %q", s)
		}
		b, err := birthDateAt(s, testNow)
		if err != nil {
			checkFailure(t, err)
		} else {
			if len(s) != idLen || !isDigits(s[:17]) || idCheckChar(s[:17]) != s[17] {
				t.Fatalf("accepted malformed %q", s)
			}
			if n != s {
				t.Fatalf("accepted %q, which normalizes to %q", s, n)
			}
			if b.Year() < 1900 || b.After(testNow) {
				t.Fatalf("accepted %q with birth date %v", s, b)
			}
			if made := MakeIDCard(s[:6], b, s[14:17]); made != s {
				t.Fatalf("MakeIDCard(parts of %q) = %q", s, made)
			}
			if age, err := ageOn(s, testNow, testNow); err != nil || age < 0 || age > 125 {
				t.Fatalf("ageOn(%q) = %d, %v", s, age, err)
			}
		}
		// Use the first 17 bytes as a body, when they are digits: the
		// generator must reproduce them and the check must then hold.
		if len(s) >= 17 && isDigits(s[:17]) {
			id := withIDCheck(s[:17])
			body := atoi(s[6:14])
			y, m, d := body/10000, body/100%100, body%100
			if m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, m) {
				made := MakeIDCard(s[:6], time.Date(y, time.Month(m), d, 12, 0, 0, 0, time.UTC), s[14:17])
				if made != id {
					t.Fatalf("MakeIDCard(parts of %q) = %q, want %q", s, made, id)
				}
			}
			if _, err := checkIDCard(id, testNow); err != nil {
				var e *Error
				if errors.As(err, &e) && (e.Kind == KindCheck || e.Kind == KindChar || e.Kind == KindLength) {
					t.Fatalf("%q with computed check rejected: %v", id, err)
				}
			}
		}
	})
}

func FuzzRegionCode(f *testing.F) {
	for _, p := range [][2]string{{"370000", "370102"}, {"", "370102001001"}, {"370100", "370200"},
		{"370102000", "370102"}, {"000000", "000001"}, {"37", "370102"}, {"370100000000", "3701"}} {
		f.Add(p[0], p[1])
	}
	f.Fuzz(func(t *testing.T, scope, code string) {
		for _, s := range []string{scope, code} {
			p := RegionPrefix(s)
			if err := ValidateRegionCode(s); err != nil {
				checkFailure(t, err)
				if p != s {
					t.Fatalf("RegionPrefix(invalid %q) = %q, want it unchanged", s, p)
				}
				if Contains(scope, s) || Contains("", s) {
					t.Fatalf("Contains accepted invalid code %q", s)
				}
				continue
			}
			if len(p) < 2 || !strings.HasPrefix(s, p) || strings.Trim(s[len(p):], "0") != "" {
				t.Fatalf("RegionPrefix(%q) = %q", s, p)
			}
			if end := PrefixEnd(p); !(p < end && p <= s && s < end) {
				t.Fatalf("%q not in [%q, %q)", s, p, end)
			}
			if !Contains(s, s) || !Contains("", s) {
				t.Fatalf("%q does not contain itself", s)
			}
		}
		if Contains(scope, code) {
			if ValidateRegionCode(code) != nil || (scope != "" && ValidateRegionCode(scope) != nil) {
				t.Fatalf("Contains(%q, %q) with an invalid argument", scope, code)
			}
			p := RegionPrefix(scope)
			if end := PrefixEnd(p); p > code || (end != "" && code >= end) {
				t.Fatalf("Contains(%q, %q) but code outside [%q, %q)", scope, code, p, end)
			}
		} else if ValidateRegionCode(code) == nil && scope == "" {
			t.Fatalf("empty scope does not contain %q", code)
		}
		if end := PrefixEnd(scope); end != "" && !(scope < end && !strings.HasPrefix(end, scope)) {
			t.Fatalf("PrefixEnd(%q) = %q", scope, end)
		}
	})
}
