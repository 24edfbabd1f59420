package ident

import "testing"

func TestValidateRegionCode(t *testing.T) {
	valid := []string{"370000", "370102", "110000", "650102", "710000", "810000", "820000",
		"370102001", "370102001001", "370000000000", "429004"}
	for _, code := range valid {
		if err := ValidateRegionCode(code); err != nil {
			t.Errorf("ValidateRegionCode(%q) = %v, want nil", code, err)
		}
	}
	const syntax = "行政区划代码应为6位、9位或12位数字"
	invalid := []struct {
		code string
		kind Kind
		msg  string
	}{
		{"", KindLength, syntax},
		{"37", KindLength, syntax},
		{"37010", KindLength, syntax},
		{"3701020", KindLength, syntax},
		{"37010200100", KindLength, syntax},
		{"3701020010010", KindLength, syntax},
		{"37010a", KindChar, syntax},
		{" 37010", KindChar, syntax},
		{"３７０１", KindChar, syntax}, // 4 full-width digits are 12 bytes
		{"990000", KindRegion, "行政区划代码前2位「99」不是有效的省级代码"},
		{"000000", KindRegion, ""},
		{"100000", KindRegion, ""},
		{"830000", KindRegion, ""},
		{"910000", KindRegion, ""},
	}
	for _, tt := range invalid {
		err := ValidateRegionCode(tt.code)
		if err == nil {
			t.Errorf("ValidateRegionCode(%q) = nil, want error", tt.code)
			continue
		}
		checkErr(t, err, tt.kind, tt.msg)
	}
}

func TestRegionPrefix(t *testing.T) {
	tests := []struct{ code, want string }{
		{"", ""},
		{"370000", "37"},
		{"370100", "3701"},
		{"370102", "370102"},
		{"110000", "11"},
		{"429004", "429004"},
		{"370102001", "370102001"},
		{"370102000", "370102"},
		{"370100000", "3701"},
		{"370102001001", "370102001001"},
		{"370102001100", "370102001100"},
		{"370102001000", "370102001"},
		{"370102000000", "370102"},
		{"370100000000", "3701"},
		{"370000000000", "37"},
		{"370102100000", "370102100"},
		// Invalid codes are returned unchanged, never widened to "".
		{"000000", "000000"},
		{"990000", "990000"},
		{"3701", "3701"},
		{"abc", "abc"},
	}
	for _, tt := range tests {
		if got := RegionPrefix(tt.code); got != tt.want {
			t.Errorf("RegionPrefix(%q) = %q, want %q", tt.code, got, tt.want)
		}
	}
}

func TestPrefixEnd(t *testing.T) {
	tests := []struct{ prefix, want string }{
		{"", ""},
		{"3701", "3702"},
		{"37", "38"},
		{"379", "37:"},
		{"9", ":"},
		{"370102001", "370102002"},
		{"3\xff", "4"},
		{"\xff\xff", ""},
	}
	for _, tt := range tests {
		if got := PrefixEnd(tt.prefix); got != tt.want {
			t.Errorf("PrefixEnd(%q) = %q, want %q", tt.prefix, got, tt.want)
		}
	}
}

func TestContains(t *testing.T) {
	tests := []struct {
		scope, code string
		want        bool
	}{
		{"", "370102", true},
		{"", "370102001001", true},
		{"", "", false},
		{"", "garbage", false},
		{"370000", "370000", true},
		{"370000", "370102", true},
		{"370000", "370102001001", true},
		{"370000", "380000", false},
		{"370000", "3701", false}, // not a valid code
		{"370100", "370102", true},
		{"370100", "370100", true},
		{"370100", "370200", false},
		{"370100", "370000", false}, // the province is not inside the city
		{"370102", "370102", true},
		{"370102", "370102001000", true},
		{"370102", "370100", false},
		{"370102", "3701020", false},
		{"370102001", "370102001001", true},
		{"370102001", "370102002001", false},
		{"370102001", "370102", false},
		{"370102000", "370102", true},
		{"370100000000", "370105", true},
		{"110000", "110101", true},
		{"110000", "120101", false},
		// Invalid scopes contain nothing, even when they look like prefixes.
		{"37", "370102", false},
		{"3", "370102", false},
		{"000000", "370102", false},
		{"100000", "110101", false},
		{" ", "370102", false},
	}
	for _, tt := range tests {
		if got := Contains(tt.scope, tt.code); got != tt.want {
			t.Errorf("Contains(%q, %q) = %v, want %v", tt.scope, tt.code, got, tt.want)
		}
	}
}
