package ident

import (
	"testing"
	"time"
)

// testNow is the "today" used by tests that must not depend on the clock.
var testNow = time.Date(2025, 6, 15, 9, 30, 0, 0, shanghai)

// withIDCheck appends the correct check character to 17 digits.
func withIDCheck(body17 string) string { return body17 + string(idCheckChar(body17)) }

func TestValidateIDCardValid(t *testing.T) {
	valid := []string{
		"11010519491231002X", // GB 11643-1999 example
		withIDCheck("11010519000101001"),
		withIDCheck("37010220000229002"), // leap day
		withIDCheck("65010220250615001"), // born today
		withIDCheck("81000019800101001"), // Hong Kong resident permit
		withIDCheck("83000019800101002"), // Taiwan resident permit
		withIDCheck("71000019800101003"), // Taiwan
		withIDCheck("91115619800101004"), // foreign PR card, Beijing
		withIDCheck("93115619800101005"), // foreign PR card, Shanghai
		withIDCheck("96584019800101006"), // foreign PR card, Xinjiang
		MakeIDCard("540102", time.Date(1990, 8, 31, 0, 0, 0, 0, time.UTC), "123"),
	}
	for _, id := range valid {
		if _, err := checkIDCard(id, testNow); err != nil {
			t.Errorf("checkIDCard(%q) = %v, want nil", id, err)
		}
	}
	if err := ValidateIDCard("11010519491231002X"); err != nil {
		t.Errorf("ValidateIDCard = %v", err)
	}
}

func TestValidateIDCardInvalid(t *testing.T) {
	tests := []struct {
		name, id string
		kind     Kind
		msg      string
	}{
		{"empty", "", KindLength, "居民身份证号码应为18位"},
		{"17 chars", "11010519491231002", KindLength, ""},
		{"19 chars", "11010519491231002X1", KindLength, ""},
		{"15-digit old number", "110105491231002", KindLength, ""},
		{"wrong check digit", "110105195001010014", KindCheck, "居民身份证号码校验码错误"},
		{"check X where digit expected", "11010519500101001X", KindCheck, ""},
		{"lower-case x", "11010519491231002x", KindChar, "居民身份证号码校验码应为大写字母X"},
		{"X inside", "1101051949123100X2", KindChar, "居民身份证号码含有非法字符「X」"},
		{"letter", "11010519491231A02X", KindChar, ""},
		{"full-width digit", "11010519491231002Ｘ", KindChar, "居民身份证号码含有非法字符「Ｘ」"},
		{"invalid UTF-8", "\x8011010519491231002", KindChar, `居民身份证号码含有非法字符「\x80」`},
		{"province 99", withIDCheck("99010519491231002"), KindRegion, "居民身份证号码地址码「990105」无效"},
		{"province 00", withIDCheck("00010519491231002"), KindRegion, ""},
		{"province 16", withIDCheck("16010519491231002"), KindRegion, ""},
		{"province 84", withIDCheck("84000019491231002"), KindRegion, ""},
		{"foreign PR card, no province", withIDCheck("90115619800101004"), KindRegion, ""},
		{"foreign PR card, province 99", withIDCheck("99915619800101004"), KindRegion, ""},
		{"30 February", withIDCheck("11010519990230001"), KindBirthDate, "居民身份证号码出生日期「19990230」不是有效日期"},
		{"29 February 1900", withIDCheck("11010519000229001"), KindBirthDate, ""},
		{"29 February 2023", withIDCheck("11010520230229001"), KindBirthDate, ""},
		{"month 13", withIDCheck("11010519991301001"), KindBirthDate, ""},
		{"month 00", withIDCheck("11010519990001001"), KindBirthDate, ""},
		{"day 00", withIDCheck("11010519990100001"), KindBirthDate, ""},
		{"day 32", withIDCheck("11010519990132001"), KindBirthDate, ""},
		{"31 April", withIDCheck("11010519990431001"), KindBirthDate, ""},
		{"before 1900 (GB 11643 example)", "440524188001010014", KindBirthDate, "居民身份证号码出生日期「18800101」早于1900年1月1日"},
		{"31 December 1899", withIDCheck("11010518991231001"), KindBirthDate, ""},
		{"tomorrow", withIDCheck("11010520250616001"), KindBirthDate, "居民身份证号码出生日期「20250616」晚于当前日期"},
		{"far future", withIDCheck("11010599991231001"), KindBirthDate, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := checkIDCard(tt.id, testNow)
			checkErr(t, err, tt.kind, tt.msg)
		})
	}
}

// TestIDCardToday checks that "today" is the civil date in China: at
// 2025-06-14 20:00 UTC it is already 15 June in Beijing.
func TestIDCardToday(t *testing.T) {
	id := withIDCheck("11010520250615001")
	if _, err := checkIDCard(id, time.Date(2025, 6, 14, 20, 0, 0, 0, time.UTC)); err != nil {
		t.Errorf("born 15 June, checked 15 June 04:00 CST: %v", err)
	}
	_, err := checkIDCard(id, time.Date(2025, 6, 14, 15, 59, 0, 0, time.UTC))
	checkErr(t, err, KindBirthDate, "")
}

// TestIDCardSingleErrors checks that every single-digit substitution and
// every adjacent transposition of different digits is rejected.
func TestIDCardSingleErrors(t *testing.T) {
	const id = "11010519491231002X"
	for i := range idLen {
		for c := byte('0'); c <= '9'; c++ {
			if c == id[i] {
				continue
			}
			typo := id[:i] + string([]byte{c}) + id[i+1:]
			if _, err := checkIDCard(typo, testNow); err == nil {
				t.Errorf("substitution %s accepted", typo)
			}
		}
	}
	for i := range idLen - 1 {
		if id[i] == id[i+1] {
			continue
		}
		swapped := id[:i] + string([]byte{id[i+1], id[i]}) + id[i+2:]
		if _, err := checkIDCard(swapped, testNow); err == nil {
			t.Errorf("transposition %s accepted", swapped)
		}
	}
}

func TestNormalizeIDCard(t *testing.T) {
	tests := []struct{ in, want string }{
		{"11010519491231002X", "11010519491231002X"},
		{"11010519491231002x", "11010519491231002X"},
		{" 11010519491231002x\r\n", "11010519491231002X"},
		{"１１０１０５１９４９１２３１００２ｘ", "11010519491231002X"},
	}
	for _, tt := range tests {
		if got := NormalizeIDCard(tt.in); got != tt.want {
			t.Errorf("NormalizeIDCard(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestMakeIDCard(t *testing.T) {
	got := MakeIDCard("110105", time.Date(1949, 12, 31, 0, 0, 0, 0, shanghai), "002")
	if got != "11010519491231002X" {
		t.Errorf("MakeIDCard = %q, want 11010519491231002X", got)
	}
	// Round trip over many dates and sequence numbers.
	start := time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)
	for day := 0; day < 45000; day += 37 {
		birth := start.AddDate(0, 0, day)
		seq := []byte{byte('0' + day%10), byte('0' + day/10%10), byte('0' + day/100%10)}
		id := MakeIDCard("370102", birth, string(seq))
		if _, err := checkIDCard(id, testNow); err != nil {
			t.Fatalf("MakeIDCard(%s) = %s: %v", birth.Format(time.DateOnly), id, err)
		}
		b, err := birthDateAt(id, testNow)
		if err != nil || !b.Equal(time.Date(birth.Year(), birth.Month(), birth.Day(), 0, 0, 0, 0, shanghai)) {
			t.Fatalf("birth date of %s = %v, %v; want %s", id, b, err, birth.Format(time.DateOnly))
		}
	}
	for _, bad := range []struct{ region, seq string }{{"37010", "001"}, {"37010A", "001"}, {"370102", "01"}, {"370102", "0a1"}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("MakeIDCard(%q, …, %q) did not panic", bad.region, bad.seq)
				}
			}()
			MakeIDCard(bad.region, testNow, bad.seq)
		}()
	}
}

func TestBirthDate(t *testing.T) {
	got, err := BirthDate("11010519491231002X")
	want := time.Date(1949, 12, 31, 0, 0, 0, 0, shanghai)
	if err != nil || !got.Equal(want) {
		t.Errorf("BirthDate = %v, %v; want %v", got, err, want)
	}
	if _, err := BirthDate("110105195001010014"); err == nil {
		t.Error("BirthDate of an invalid id: want error")
	}
}

func TestAgeOn(t *testing.T) {
	date := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, shanghai) }
	leap := withIDCheck("37010220000229001")
	tests := []struct {
		id   string
		day  time.Time
		want int
	}{
		{"11010519491231002X", date(1949, 12, 31), 0},
		{"11010519491231002X", date(1950, 12, 30), 0},
		{"11010519491231002X", date(1950, 12, 31), 1},
		{"11010519491231002X", date(2024, 12, 30), 74},
		{"11010519491231002X", date(2024, 12, 31), 75},
		{"11010519491231002X", date(2025, 1, 1), 75},
		{leap, date(2001, 2, 28), 0},
		{leap, date(2001, 3, 1), 1},
		{leap, date(2004, 2, 28), 3},
		{leap, date(2004, 2, 29), 4},
		{leap, date(2018, 2, 28), 17},
		{leap, date(2018, 3, 1), 18},
		// The civil date is taken in day's own location.
		{leap, time.Date(2018, 2, 28, 23, 0, 0, 0, time.UTC), 17},
	}
	for _, tt := range tests {
		got, err := ageOn(tt.id, tt.day, testNow)
		if err != nil || got != tt.want {
			t.Errorf("ageOn(%s, %s) = %d, %v; want %d", tt.id, tt.day.Format(time.DateOnly), got, err, tt.want)
		}
	}
	if got, err := AgeOn("11010519491231002X", date(2024, 12, 31)); err != nil || got != 75 {
		t.Errorf("AgeOn = %d, %v; want 75", got, err)
	}
	_, err := ageOn("11010519491231002X", date(1949, 12, 30), testNow)
	checkErr(t, err, KindBirthDate, "日期早于居民身份证号码中的出生日期")
	_, err = ageOn("110105195001010014", date(2000, 1, 1), testNow)
	checkErr(t, err, KindCheck, "")
}
