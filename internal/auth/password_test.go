package auth_test

import (
	"strings"
	"testing"

	"zfjd/internal/auth"
)

func TestHashPasswordRoundTrip(t *testing.T) {
	h := auth.HashPassword("Zfjd2024secret")
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("hash %q is not an argon2id PHC string with the OWASP parameters", h)
	}
	if strings.Contains(h, "Zfjd2024secret") {
		t.Fatal("hash contains the password")
	}
	if !auth.CheckPassword(h, "Zfjd2024secret") {
		t.Error("right password rejected")
	}
	for _, wrong := range []string{"zfjd2024secret", "Zfjd2024secret ", "Zfjd2024secre", ""} {
		if auth.CheckPassword(h, wrong) {
			t.Errorf("wrong password %q accepted", wrong)
		}
	}
	if h2 := auth.HashPassword("Zfjd2024secret"); h2 == h {
		t.Error("two hashes of one password are equal: the salt is not random")
	} else if !auth.CheckPassword(h2, "Zfjd2024secret") {
		t.Error("second hash does not verify")
	}
	if !auth.CheckPassword(auth.HashPassword("密码Mima123"), "密码Mima123") {
		t.Error("non-ASCII password does not round-trip")
	}
}

func TestCheckPasswordRejectsMalformedHashes(t *testing.T) {
	good := auth.HashPassword("abc12345")
	parts := strings.Split(good, "$")
	for name, phc := range map[string]string{
		"empty":          "",
		"plain text":     "abc12345",
		"bcrypt":         "$2a$10$abcdefghijklmnopqrstuuJ6Ljx2Q2k8rXr6b3o4vN8p1y7Kc1S2",
		"wrong algo":     strings.Replace(good, "argon2id", "argon2i", 1),
		"bad params":     strings.Join([]string{"", parts[1], parts[2], "m=x,t=2,p=1", parts[4], parts[5]}, "$"),
		"bad salt":       strings.Join([]string{"", parts[1], parts[2], parts[3], "!!!", parts[5]}, "$"),
		"bad key":        strings.Join([]string{"", parts[1], parts[2], parts[3], parts[4], "!!!"}, "$"),
		"truncated key":  strings.Join([]string{"", parts[1], parts[2], parts[3], parts[4], parts[5][:10]}, "$"),
		"extra field":    good + "$x",
		"other password": auth.HashPassword("xyz12345"),
	} {
		if auth.CheckPassword(phc, "abc12345") {
			t.Errorf("%s: CheckPassword accepted %q", name, phc)
		}
	}
}

func TestValidatePassword(t *testing.T) {
	const (
		short   = "密码至少10位"
		classes = "密码须包含大写字母、小写字母、数字、符号中的至少三类"
		user    = "密码不能包含用户名"
		weak    = "密码过于简单或常见，容易被猜中，请换一个"
	)
	for _, c := range []struct{ pw, username, want string }{
		{"", "li", short},
		{"Abc@12345", "li", short},      // 9 characters
		{"密码密码密码Ab1", "li", short},      // 9 runes, though more than 10 bytes
		{"aaaaaaa1", "li", short},       // the probe's example
		{"abcdefghijk", "li", classes},  // one class
		{"abcdefgh1234", "li", classes}, // two
		{"ABCDEFGH1234", "li", classes}, // two
		{"!@#$%^&*()12", "li", classes}, // two
		{"密码密码密码密码密码1", "li", classes},  // CJK counts as a symbol: two classes
		{"weak2weak2Z", "weak2weak2", user},
		{"xWeak2Weak2!", "weak2weak2", user}, // case does not hide it
		{"Lixia_sj2026!", "lixia_sj", user},
		{"Password123", "li", weak},  // the probe's example, grown to 11
		{"P@ssw0rd2024", "li", weak}, // substitutions undone between letters
		{"Admin@123456", "li", weak},
		{"2024Admin!!", "li", weak},
		{"Zfjd@20260101", "li", weak}, // the product's name and a date
		{"1qaz@WSX3edc", "li", weak},  // a keyboard walk from the list
		{"Aa1Aa1Aa1Aa1", "li", weak},  // three distinct characters
		{"Woaini1314520", "li", weak},
		{strings.Repeat("Ab1!", 33), "li", "密码不能超过128位"},
		{"Zfjd\x00Good2026", "li", "密码不能包含控制字符"},
		// Good ones: long, mixed, not on a list, not the username.
		{"Zfjd2024ok", "li", ""},
		{"Zfjd@Demo2026", "admin", ""}, // the demo password (internal/demo)
		{"Zfjd@2026-test", "officer", ""},
		{"执法监督平台2026ab", "li", ""},
		{"correct horse Battery", "li", ""},
		{"Tr0ub4dor&3x", "li", ""},
		{"Lixia2026!x", "li", ""}, // a username of two letters is not looked for
	} {
		if got := auth.ValidatePassword(c.pw, c.username); got != c.want {
			t.Errorf("ValidatePassword(%q, %q) = %q, want %q", c.pw, c.username, got, c.want)
		}
	}
}
