package registry

import (
	"regexp"
	"strconv"
	"strings"
)

var yuanRe = regexp.MustCompile(`^\d{1,13}(\.\d{1,2})?$`)

// ParseYuan turns an amount in 元 with at most two decimals into integer 分
// exactly, without going through floating point.
func ParseYuan(s string) (int64, bool) {
	s = strings.ReplaceAll(strings.TrimSpace(s), ",", "")
	if !yuanRe.MatchString(s) {
		return 0, false
	}
	whole, frac, _ := strings.Cut(s, ".")
	frac = (frac + "00")[:2]
	n, err := strconv.ParseInt(whole+frac, 10, 64)
	return n, err == nil
}

// FormatYuan writes 分 as 元 with two decimals.
func FormatYuan(fen int64) string {
	sign := ""
	if fen < 0 {
		sign, fen = "-", -fen
	}
	return sign + strconv.FormatInt(fen/100, 10) + "." + strconv.FormatInt(fen%100/10, 10) + strconv.FormatInt(fen%10, 10)
}
