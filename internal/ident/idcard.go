package ident

import (
	"fmt"
	"time"
	"unicode/utf8"

	"zfjd/internal/clock"
)

// Citizen identity number (公民身份号码), GB 11643-1999:
//
//	positions 1-6   address code (GB/T 2260 county of first registration)
//	positions 7-14  birth date YYYYMMDD
//	positions 15-17 sequence code (odd for men, even for women)
//	position  18    ISO 7064 MOD 11-2 check character, 0-9 or X
const idLen = 18

// idWeights are 2^(17-i) mod 11 for positions 1-17 (GB 11643-1999 §7.2).
var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// idCheckChars maps Σ Ai·Wi mod 11 to the check character.
const idCheckChars = "10X98765432"

// earliestBirth is the earliest birth date accepted (YYYYMMDD).
const earliestBirth = 19000101

// NormalizeIDCard prepares user input for ValidateIDCard: it trims
// surrounding blanks, folds full-width characters to ASCII and upper-cases
// a trailing x.
func NormalizeIDCard(s string) string { return normalize(s) }

// ValidateIDCard reports whether id is a well-formed 18-character identity
// number (GB 11643-1999): 17 digits and a check character (0-9 or upper
// case X); an address code of a known province; a real calendar birth date
// between 1900-01-01 and today in China Standard Time inclusive; and a
// correct check character.
//
// Besides mainland provinces (11-65) and 71 (Taiwan), address codes 81,
// 82 and 83 are accepted for residence permits of Hong Kong, Macao and
// Taiwan residents (港澳台居民居住证). A leading 9 denotes the 2023 foreign
// permanent resident ID card (外国人永久居留身份证), whose positions 2-3
// hold the mainland province of issue.
//
// The old 15-digit numbers are not accepted.
func ValidateIDCard(id string) error {
	_, err := checkIDCard(id, clock.System().Now())
	return err
}

// BirthDate validates id like ValidateIDCard and returns the birth date it
// encodes, at midnight China Standard Time.
func BirthDate(id string) (time.Time, error) {
	return birthDateAt(id, clock.System().Now())
}

func birthDateAt(id string, now time.Time) (time.Time, error) {
	b, err := checkIDCard(id, now)
	if err != nil {
		return time.Time{}, err
	}
	return time.Date(b/10000, time.Month(b/100%100), b%100, 0, 0, 0, 0, shanghai), nil
}

// AgeOn validates id like ValidateIDCard and returns the holder's age in
// full years (周岁) on the civil date of day, taken in day's own location
// (convert an instant with day.In(...) first if needed). The age goes up
// on the birthday itself; someone born on 29 February becomes a year
// older on 1 March in common years. It is an error if day is before the
// birth date.
//
// Note that for criminal responsibility Chinese courts count an age as
// reached only from the day after the birthday (最高人民法院《关于审理未成年人
// 刑事案件具体应用法律若干问题的解释》第二条); callers needing that rule
// should pass the previous day.
func AgeOn(id string, day time.Time) (int, error) {
	return ageOn(id, day, clock.System().Now())
}

func ageOn(id string, day, now time.Time) (int, error) {
	b, err := checkIDCard(id, now)
	if err != nil {
		return 0, err
	}
	y, m, d := day.Date()
	on := y*10000 + int(m)*100 + d
	if on < b {
		return 0, newError(KindBirthDate, "日期早于居民身份证号码中的出生日期")
	}
	// (on-b)/10000 compares month and day as MMDD, which is exactly the
	// "has the birthday passed" test.
	return (on - b) / 10000, nil
}

// MakeIDCard builds an identity number from a 6-digit address code, a
// birth date (taken in birth's own location) and a 3-digit sequence code,
// and appends the check character. It is meant for tests and demo data and
// does not check the address code or the date range, so it can also build
// numbers that ValidateIDCard rejects. It panics if region6 or seq3 is not
// all digits of the right length or the year is outside 0-9999.
func MakeIDCard(region6 string, birth time.Time, seq3 string) string {
	if len(region6) != 6 || !isDigits(region6) {
		panic(fmt.Sprintf("ident.MakeIDCard: region6 %q is not 6 digits", region6))
	}
	if len(seq3) != 3 || !isDigits(seq3) {
		panic(fmt.Sprintf("ident.MakeIDCard: seq3 %q is not 3 digits", seq3))
	}
	y, m, d := birth.Date()
	if y < 0 || y > 9999 {
		panic(fmt.Sprintf("ident.MakeIDCard: birth year %d is outside 0-9999", y))
	}
	body := fmt.Sprintf("%s%04d%02d%02d%s", region6, y, int(m), d, seq3)
	return body + string(idCheckChar(body))
}

// checkIDCard validates id as of now and returns its birth date as
// YYYYMMDD.
func checkIDCard(id string, now time.Time) (int, error) {
	if utf8.RuneCountInString(id) != idLen {
		return 0, newError(KindLength, "居民身份证号码应为18位")
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		switch {
		case '0' <= c && c <= '9':
			continue
		case i == idLen-1 && c == 'X':
			continue
		case i == idLen-1 && c == 'x':
			return 0, newError(KindChar, "居民身份证号码校验码应为大写字母X")
		}
		return 0, newError(KindChar, "居民身份证号码含有非法字符「%s」", charAt(id, i))
	}
	// From here on id is 18 ASCII bytes: 17 digits and a digit or X.
	if !idProvinceOK(id) {
		return 0, newError(KindRegion, "居民身份证号码地址码「%s」无效", id[:6])
	}
	b := atoi(id[6:14])
	y, m, d := b/10000, b/100%100, b%100
	if m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return 0, newError(KindBirthDate, "居民身份证号码出生日期「%s」不是有效日期", id[6:14])
	}
	if b < earliestBirth {
		return 0, newError(KindBirthDate, "居民身份证号码出生日期「%s」早于1900年1月1日", id[6:14])
	}
	ty, tm, td := now.In(shanghai).Date()
	if b > ty*10000+int(tm)*100+td {
		return 0, newError(KindBirthDate, "居民身份证号码出生日期「%s」晚于当前日期", id[6:14])
	}
	if idCheckChar(id[:17]) != id[17] {
		return 0, newError(KindCheck, "居民身份证号码校验码错误")
	}
	return b, nil
}

// idProvinceOK checks the province part of the address code of an id whose
// first 17 characters are digits.
func idProvinceOK(id string) bool {
	if id[0] == '9' {
		// Foreign permanent resident ID card (2023): 9, then the
		// mainland province of issue.
		return isMainlandProvince(id[1:3])
	}
	switch id[:2] {
	case "71", "81", "82", "83":
		return true
	}
	return isMainlandProvince(id[:2])
}

// idCheckChar computes the GB 11643-1999 check character from the first 17
// characters, which must be digits.
func idCheckChar(body17 string) byte {
	sum := 0
	for i, w := range idWeights {
		sum += int(body17[i]-'0') * w
	}
	return idCheckChars[sum%11]
}

// daysIn returns the number of days in month m of year y (proleptic
// Gregorian calendar).
func daysIn(y, m int) int {
	return time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// atoi parses a string of at most 9 ASCII digits.
func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}
