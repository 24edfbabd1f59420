package webkit

import (
	"net/http/httptest"
	"net/netip"
	"testing"
)

// The client address behind trusted proxies is the last X-Forwarded-For
// hop that is not one; from anyone else the header is ignored (a client
// could write any address into it to escape the login throttle).
func TestClientAddr(t *testing.T) {
	k := &Kit{Proxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("::1/128")}}
	for _, c := range []struct {
		remote, xff, want string
	}{
		{"192.0.2.7:5000", "", "192.0.2.7"},
		{"192.0.2.7:5000", "203.0.113.9", "192.0.2.7"},               // not from a proxy: ignored
		{"10.1.2.3:443", "203.0.113.9", "203.0.113.9"},               // one proxy
		{"10.1.2.3:443", "198.51.100.1, 203.0.113.9", "203.0.113.9"}, // the client forged the left entry
		{"10.1.2.3:443", "203.0.113.9, 10.9.9.9", "203.0.113.9"},     // two proxies
		{"10.1.2.3:443", "10.9.9.9", "10.9.9.9"},                     // only proxies: the farthest
		{"10.1.2.3:443", "garbage", "10.1.2.3"},
		{"10.1.2.3:443", "", "10.1.2.3"},
		{"[::1]:443", "2001:db8::5", "2001:db8::5"},
		{"[::ffff:192.0.2.7]:80", "", "192.0.2.7"},
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = c.remote
		if c.xff != "" {
			r.Header.Set("X-Forwarded-For", c.xff)
		}
		if got := k.ClientAddr(r); got != c.want {
			t.Errorf("ClientAddr(%s, XFF %q) = %s, want %s", c.remote, c.xff, got, c.want)
		}
	}
}

func TestSafeNext(t *testing.T) {
	for next, want := range map[string]string{
		"/officers?state=valid": "/officers?state=valid",
		"/":                     "/",
		"":                      "/",
		"//evil.example":        "/",
		`/\evil.example`:        "/",
		"/\t/evil.example":      "/",
		"/%5c%5cevil.example":   "/",
		"/%2f%2fevil.example":   "/",
		"https://evil.example":  "/",
		"/a b":                  "/a b",
		"/%E4%B8%AD":            "/%E4%B8%AD",
	} {
		if got := SafeNext(next); got != want {
			t.Errorf("SafeNext(%q) = %q, want %q", next, got, want)
		}
	}
}
