package ident

import "strings"

// Administrative division codes (行政区划代码), GB/T 2260: 6 digits for
// province (2), prefecture (2) and county (2) levels, where a level that
// is not used is 00. The National Bureau of Statistics extends them with 3
// digits for the township (9-digit codes) and 3 more for the village
// (12-digit statistical codes, 统计用区划代码), where 000 likewise means
// the level is not used.

// isMainlandProvince reports whether the 2 digits s are the code of a
// mainland province-level division in GB/T 2260.
func isMainlandProvince(s string) bool {
	if len(s) != 2 || !isDigits(s) {
		return false
	}
	switch n := atoi(s); {
	case 11 <= n && n <= 15, 21 <= n && n <= 23, 31 <= n && n <= 37,
		41 <= n && n <= 46, 50 <= n && n <= 54, 61 <= n && n <= 65:
		return true
	}
	return false
}

// isProvince reports whether the 2 digits s are a province-level code in
// GB/T 2260, including 71 Taiwan, 81 Hong Kong and 82 Macao.
func isProvince(s string) bool {
	return isMainlandProvince(s) || s == "71" || s == "81" || s == "82"
}

// ValidateRegionCode checks the syntax of a region code: 6, 9 or 12 digits
// whose first two are a GB/T 2260 province-level code. It does not check
// that the division exists.
func ValidateRegionCode(code string) error {
	switch len(code) {
	case 6, 9, 12:
	default:
		return newError(KindLength, "行政区划代码应为6位、9位或12位数字")
	}
	if !isDigits(code) {
		return newError(KindChar, "行政区划代码应为6位、9位或12位数字")
	}
	if !isProvince(code[:2]) {
		return newError(KindRegion, "行政区划代码前2位「%s」不是有效的省级代码", code[:2])
	}
	return nil
}

// RegionPrefix returns the significant prefix of a region code, which all
// codes inside that region (and no code outside it) start with: trailing
// unused 3-digit village and township groups are removed, then trailing
// unused 2-digit prefecture and county pairs. For example 370000 → 37,
// 370100 → 3701, 370102 → 370102, 370102001000 → 370102001 and
// 370100000000 → 3701 (the 12-digit statistical code of the same city).
//
// The empty code yields "" (the whole country). Any other code that
// ValidateRegionCode rejects is returned unchanged; validate codes before
// deriving prefixes from them, because a short invalid input such as "3"
// would make a wide prefix.
func RegionPrefix(code string) string {
	if code == "" || ValidateRegionCode(code) != nil {
		return code
	}
	p := code
	for len(p) > 6 && strings.HasSuffix(p, "000") {
		p = p[:len(p)-3]
	}
	if len(p) == 6 {
		// Province codes are never 00, so this stops at 2 digits.
		for strings.HasSuffix(p, "00") {
			p = p[:len(p)-2]
		}
	}
	return p
}

// PrefixEnd returns the exclusive upper bound of the range of strings that
// start with prefix, so that s has the prefix exactly when
// prefix <= s && s < PrefixEnd(prefix) (byte-wise comparison, as in
// SQL with a binary/C collation). It increments the last byte, so "3701"
// gives "3702" and "379" gives "37:" (':' follows '9' in ASCII). Trailing
// 0xFF bytes, which cannot occur in region codes, are dropped first.
//
// For "" (and for all-0xFF prefixes) it returns "", which means no upper
// bound: the range is unbounded above.
func PrefixEnd(prefix string) string {
	for i := len(prefix) - 1; i >= 0; i-- {
		if prefix[i] != 0xFF {
			return prefix[:i] + string([]byte{prefix[i] + 1})
		}
	}
	return ""
}

// Contains reports whether code lies in the region subtree of scopeCode,
// that is whether code starts with RegionPrefix(scopeCode). An empty scope
// is the whole country and contains every valid code. Because the result
// typically decides access, Contains is strict: it is false whenever code
// is not a valid region code, or scopeCode is neither empty nor valid.
func Contains(scopeCode, code string) bool {
	if ValidateRegionCode(code) != nil {
		return false
	}
	if scopeCode == "" {
		return true
	}
	if ValidateRegionCode(scopeCode) != nil {
		return false
	}
	return strings.HasPrefix(code, RegionPrefix(scopeCode))
}
