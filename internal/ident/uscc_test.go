package ident

import (
	"errors"
	"math/rand/v2"
	"testing"
)

// Published codes, verified by computation.
var validUSCCs = []string{
	"91350200776049653A",
	"914403001922038216",
	"91370102MA3C5R2K0M",
	"113701000041851293",
}

func TestValidateUSCCValid(t *testing.T) {
	for _, code := range validUSCCs {
		if err := ValidateUSCC(code); err != nil {
			t.Errorf("ValidateUSCC(%q) = %v, want nil", code, err)
		}
	}
}

// withUSCCCheck appends the correct final check character to 17 characters.
func withUSCCCheck(body17 string) string { return body17 + string(usccCheckChar(body17)) }

func TestValidateUSCCInvalid(t *testing.T) {
	tests := []struct {
		name, code string
		kind       Kind
		msg        string // checked when not empty
	}{
		{"empty", "", KindLength, "统一社会信用代码应为18位"},
		{"17 chars", "91350200776049653", KindLength, "统一社会信用代码应为18位"},
		{"19 chars", "91350200776049653AA", KindLength, ""},
		{"old 15-digit registration number", "350200100012345", KindLength, ""},
		{"lower case", "91370102ma3c5r2k0m", KindChar, "统一社会信用代码含有小写字母「m」，字母应为大写"},
		{"lower case check", "91350200776049653a", KindChar, ""},
		{"letter I", "91350200776049I53A", KindChar, "统一社会信用代码含有非法字符「I」"},
		{"letter O", "91350200776O49653A", KindChar, "统一社会信用代码含有非法字符「O」"},
		{"letter Z", "9135020077604965ZA", KindChar, ""},
		{"letter S", "S1350200776049653A", KindChar, ""},
		{"letter V", "9V350200776049653A", KindChar, ""},
		{"inner space", "91350200 76049653A", KindChar, "统一社会信用代码含有非法字符「 」"},
		{"leading space", " 1350200776049653A", KindChar, ""},
		{"hyphen", "913502007-6049653A", KindChar, ""},
		{"full-width digit", "9135020077604965３A", KindChar, "统一社会信用代码含有非法字符「３」"},
		{"Chinese", "91350200776049653号", KindChar, "统一社会信用代码含有非法字符「号」"},
		{"invalid UTF-8", "91350200776049653\xff", KindChar, `统一社会信用代码含有非法字符「\xFF」`},
		{"control char", "91350200776049653\x00", KindChar, "统一社会信用代码含有非法字符「U+0000」"},
		{"department 0", withUSCCCheck("01350200776049653"), KindDepartment, "统一社会信用代码第1位登记管理部门代码「0」无效"},
		{"department B", withUSCCCheck("B1350200776049653"), KindDepartment, ""},
		{"region with letter", withUSCCCheck("9135A200776049653"), KindRegion, "统一社会信用代码第3至8位行政区划码应为数字"},
		{"wrong org check", "91350200776049654A", KindOrgCheck, "统一社会信用代码组织机构代码部分校验位错误"},
		// Final check consistent with a wrong organisation check: both
		// checks must hold.
		{"wrong org check, right final", withUSCCCheck("91350200776049655"), KindOrgCheck, ""},
		{"wrong final check", "91350200776049653B", KindCheck, "统一社会信用代码校验位错误"},
		{"typo outside org code", "91350201776049653A", KindCheck, ""},
		{"swapped region digits", "91352000776049653A", KindCheck, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ValidateUSCC(tt.code)
			checkErr(t, err, tt.kind, tt.msg)
		})
	}
}

// checkErr asserts that err is an *Error of the given kind and, when msg is
// not empty, carries that message.
func checkErr(t *testing.T, err error, kind Kind, msg string) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("err = %v (%T), want *Error of kind %d", err, err, kind)
	}
	if e.Kind != kind {
		t.Errorf("kind = %d (%s), want %d", e.Kind, e.Msg, kind)
	}
	if msg != "" && e.Msg != msg {
		t.Errorf("msg = %q, want %q", e.Msg, msg)
	}
}

func TestNormalizeUSCC(t *testing.T) {
	tests := []struct{ in, want string }{
		{"91370102MA3C5R2K0M", "91370102MA3C5R2K0M"},
		{" 91370102ma3c5r2k0m\t\n", "91370102MA3C5R2K0M"},
		{"\u3000９１３７０１０２ＭＡ３Ｃ５Ｒ２Ｋ０ｍ\u3000", "91370102MA3C5R2K0M"},
		{"\ufeff91370102MA3C5R2K0M\u200b", "91370102MA3C5R2K0M"},
		{"9137 0102", "9137 0102"}, // inner blanks are kept
		{"ıo", "ıO"},               // only ASCII letters are upper-cased
	}
	for _, tt := range tests {
		if got := NormalizeUSCC(tt.in); got != tt.want {
			t.Errorf("NormalizeUSCC(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if err := ValidateUSCC(NormalizeUSCC(" 91370102ma3c5r2k0m ")); err != nil {
		t.Errorf("normalized lower-case code: %v", err)
	}
}

func TestMakeUSCC(t *testing.T) {
	for _, code := range validUSCCs {
		got, err := MakeUSCC(code[0], code[1], code[2:8], code[8:16])
		if err != nil || got != code {
			t.Errorf("MakeUSCC(parts of %s) = %q, %v", code, got, err)
		}
	}
	bad := []struct {
		dept, kind   byte
		region, body string
		wantKind     Kind
	}{
		{'B', '1', "350200", "77604965", KindDepartment},
		{'9', 'I', "350200", "77604965", KindChar},
		{'9', '1', "35020", "77604965", KindRegion},
		{'9', '1', "35020A", "77604965", KindRegion},
		{'9', '1', "350200", "7760496", KindLength},
		{'9', '1', "350200", "7760496O", KindChar},
		{'9', '1', "350200", "7760496a", KindChar},
		{0xFF, '1', "350200", "77604965", KindDepartment},
	}
	for _, b := range bad {
		got, err := MakeUSCC(b.dept, b.kind, b.region, b.body)
		if got != "" {
			t.Errorf("MakeUSCC(%q, %q, %q, %q) = %q, want error", b.dept, b.kind, b.region, b.body, got)
		}
		checkErr(t, err, b.wantKind, "")
	}
}

// TestUSCCRandomRoundTrip generates codes from random parts and checks that
// they validate and that every single-character substitution and every
// adjacent transposition in positions 1-17 is detected.
func TestUSCCRandomRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	pick := func(set string) byte { return set[r.IntN(len(set))] }
	for range 200 {
		region := make([]byte, 6)
		for i := range region {
			region[i] = pick("0123456789")
		}
		body := make([]byte, 8)
		for i := range body {
			body[i] = pick(usccCharset)
		}
		code, err := MakeUSCC(pick(usccDepartments), pick(usccCharset), string(region), string(body))
		if err != nil {
			t.Fatal(err)
		}
		if err := ValidateUSCC(code); err != nil {
			t.Fatalf("generated %s: %v", code, err)
		}
		for i := range usccLen {
			for j := range len(usccCharset) {
				c := usccCharset[j]
				if c == code[i] {
					continue
				}
				typo := code[:i] + string([]byte{c}) + code[i+1:]
				if ValidateUSCC(typo) == nil {
					t.Fatalf("substitution %s → %s accepted", code, typo)
				}
			}
		}
		for i := range 16 {
			if code[i] == code[i+1] {
				continue
			}
			swapped := code[:i] + string([]byte{code[i+1], code[i]}) + code[i+2:]
			if ValidateUSCC(swapped) == nil {
				t.Fatalf("transposition %s → %s accepted", code, swapped)
			}
		}
	}
}
