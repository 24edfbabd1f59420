package ident

import (
	"strings"
	"unicode/utf8"
)

// Unified social credit code (统一社会信用代码), GB 32100-2015 §4:
//
//	position  1     登记管理部门代码 (registration department)
//	position  2     机构类别代码 (organisation category)
//	positions 3-8   登记管理机关行政区划码 (GB/T 2260 region of the registrar)
//	positions 9-17  主体标识码 = GB 11714-1997 organisation code
//	                (8 body characters + 1 check character)
//	position  18    check character
const (
	usccLen = 18

	// usccCharset is the code's alphabet in value order (GB 32100-2015
	// §4.2, 表1): digits and upper-case letters without I, O, Z, S, V.
	usccCharset = "0123456789ABCDEFGHJKLMNPQRTUWXY"

	// usccDepartments are the registration department codes
	// (登记管理部门代码) in use with GB 32100-2015: 1 机构编制, 2 外交,
	// 3 司法行政, 4 文化, 5 民政, 6 旅游, 7 宗教, 8 工会, 9 工商,
	// A 中央军委改革和编制办公室, N 农业, Y 其他.
	usccDepartments = "123456789ANY"
)

// usccWeights are 3^i mod 31 for positions 1-17 (GB 32100-2015 §5).
var usccWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// orgWeights are the GB 11714-1997 weights for the 8 body characters.
var orgWeights = [8]int{3, 7, 9, 10, 5, 8, 4, 2}

// NormalizeUSCC prepares user input for ValidateUSCC: it trims surrounding
// blanks, folds full-width characters to ASCII and upper-cases letters. It
// does not repair anything else (for example it does not map O to 0).
func NormalizeUSCC(s string) string { return normalize(s) }

// ValidateUSCC reports whether code is a well-formed unified social credit
// code (GB 32100-2015). It checks the length, the alphabet, the
// registration department code, that positions 3-8 are digits, the
// GB 11714-1997 check character of the embedded organisation code and the
// final MOD 31 check character. Lower case is rejected; normalize input
// with NormalizeUSCC first.
//
// The organisation category (position 2) is only checked against the
// alphabet, and the region (positions 3-8) only for being digits:
// registrars at national level use 100000, which is not a province.
func ValidateUSCC(code string) error {
	if utf8.RuneCountInString(code) != usccLen {
		return newError(KindLength, "统一社会信用代码应为18位")
	}
	for i := 0; i < len(code); i++ {
		c := code[i]
		switch {
		case usccValue(c) >= 0:
			continue
		case 'a' <= c && c <= 'z':
			return newError(KindChar, "统一社会信用代码含有小写字母「%c」，字母应为大写", c)
		}
		return newError(KindChar, "统一社会信用代码含有非法字符「%s」", charAt(code, i))
	}
	// From here on code is 18 ASCII bytes.
	if strings.IndexByte(usccDepartments, code[0]) < 0 {
		return newError(KindDepartment, "统一社会信用代码第1位登记管理部门代码「%c」无效", code[0])
	}
	if !isDigits(code[2:8]) {
		return newError(KindRegion, "统一社会信用代码第3至8位行政区划码应为数字")
	}
	if orgCheckChar(code[8:16]) != code[16] {
		return newError(KindOrgCheck, "统一社会信用代码组织机构代码部分校验位错误")
	}
	if usccCheckChar(code[:17]) != code[17] {
		return newError(KindCheck, "统一社会信用代码校验位错误")
	}
	return nil
}

// MakeUSCC builds a unified social credit code from its parts and computes
// both check characters. It is meant for tests and demo data. dept must be
// a registration department code, kind a character of the code's alphabet,
// region 6 digits and orgBody the 8 body characters of an organisation
// code drawn from the USCC alphabet.
func MakeUSCC(dept byte, kind byte, region string, orgBody string) (string, error) {
	if strings.IndexByte(usccDepartments, dept) < 0 {
		return "", newError(KindDepartment, "登记管理部门代码「%s」无效", charAt(string([]byte{dept}), 0))
	}
	if usccValue(kind) < 0 {
		return "", newError(KindChar, "机构类别代码「%s」含有非法字符", charAt(string([]byte{kind}), 0))
	}
	if len(region) != 6 || !isDigits(region) {
		return "", newError(KindRegion, "行政区划码应为6位数字")
	}
	if len(orgBody) != 8 {
		return "", newError(KindLength, "组织机构代码本体应为8位")
	}
	for i := 0; i < len(orgBody); i++ {
		if usccValue(orgBody[i]) < 0 {
			return "", newError(KindChar, "组织机构代码本体含有非法字符「%s」", charAt(orgBody, i))
		}
	}
	body := string([]byte{dept, kind}) + region + orgBody + string(orgCheckChar(orgBody))
	return body + string(usccCheckChar(body)), nil
}

// usccValue returns the value of c in the USCC alphabet, or -1.
func usccValue(c byte) int { return strings.IndexByte(usccCharset, c) }

// usccCheckChar computes the 18th character from the first 17, which must
// all be in the USCC alphabet (GB 32100-2015 §5: C18 = 31 - Σ Ci·Wi mod 31,
// where 31 maps to 0).
func usccCheckChar(body17 string) byte {
	sum := 0
	for i, w := range usccWeights {
		sum += usccValue(body17[i]) * w
	}
	return usccCharset[(31-sum%31)%31]
}

// orgCheckChar computes the GB 11714-1997 check character of an
// organisation code from its 8 body characters (digits have their own
// value, A-Z are 10-35): C9 = 11 - Σ Ci·Wi mod 11, where 10 is written X
// and 11 is written 0.
func orgCheckChar(body8 string) byte {
	sum := 0
	for i, w := range orgWeights {
		c := body8[i]
		v := int(c - '0')
		if c >= 'A' {
			v = int(c-'A') + 10
		}
		sum += v * w
	}
	switch c := 11 - sum%11; c {
	case 10:
		return 'X'
	case 11:
		return '0'
	default:
		return byte('0' + c)
	}
}
