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
	const short, mix = "密码至少8位", "密码须同时包含字母和数字"
	for _, c := range []struct{ pw, want string }{
		{"", short},
		{"abc1234", short},
		{"密码密码1a", short}, // 6 runes, though more than 8 bytes
		{"abcdefgh", mix},
		{"ABCDEFGH", mix},
		{"12345678", mix},
		{"密码密码密码密码1", mix}, // no Latin letter
		{"!@#$%^&*", mix},
		{"abcd1234", ""},
		{"ABCD1234", ""},
		{"密码密码密码a1", ""},
		{"Zfjd 2024!", ""},
	} {
		if got := auth.ValidatePassword(c.pw); got != c.want {
			t.Errorf("ValidatePassword(%q) = %q, want %q", c.pw, got, c.want)
		}
	}
}
