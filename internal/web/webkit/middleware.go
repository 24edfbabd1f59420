package webkit

import (
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
)

// Bearer returns the request's bearer token, if it carries one.
func Bearer(r *http.Request) (string, bool) {
	h := r.Header.Get("Authorization")
	if len(h) > 7 && (h[:7] == "Bearer " || h[:7] == "bearer ") {
		return h[7:], true
	}
	return "", false
}

// RequireLogin sends anonymous visitors to the login page.
func RequireLogin(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		p := auth.From(r.Context())
		if p == nil {
			http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		}
		// A password an administrator reset is temporary: nothing else
		// until the user has chosen a new one.
		if p.MustChangePassword && r.URL.Path != PasswordPath {
			http.Redirect(w, r, PasswordPath+"?next="+url.QueryEscape(SafeNext(r.URL.RequestURI())), http.StatusSeeOther)
			return
		}
		// Pages behind the login carry personal data: never keep them in
		// the browser's cache, so Back after 退出 shows nothing.
		w.Header().Set("Cache-Control", "no-store")
		next(w, r)
	}
}

// RequireToken admits bearer tokens only (spec: Access). A signed-in
// browser session is not enough: the API has no CSRF defence of its own.
func (k *Kit) RequireToken(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if _, ok := Bearer(r); !ok || auth.From(r.Context()) == nil {
			k.APIError(w, r, apperr.New(apperr.Unauthorized, "缺少访问令牌：请在 Authorization 头中提供 Bearer 令牌"))
			return
		}
		next(w, r)
	}
}

// SafeNext returns next if it is a path on this site, else "/". Browsers
// read "/\evil.example" and "/<TAB>/evil.example" as another host, so a
// backslash or a control character anywhere refuses it, as do "//host",
// any scheme, and the same once percent-decoded.
func SafeNext(next string) string {
	if next == "" || next[0] != '/' || len(next) > 2000 || strings.HasPrefix(next, "//") {
		return "/"
	}
	for _, r := range next {
		if r < 0x20 || r == 0x7f || r == '\\' || r == 0x85 || r == 0x2028 || r == 0x2029 {
			return "/"
		}
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return "/"
	}
	// Once decoded it must still be safe ("/%5Cevil.example", "/%2F/evil"),
	// in case something on the way decodes it.
	if dec, err := url.PathUnescape(next); err != nil || dec != next && dec != "/" && SafeNext(dec) == "/" {
		return "/"
	}
	return next
}

// ClientAddr is the client's IP address: the connection's peer, or, when
// the peer is a trusted proxy, the last address in X-Forwarded-For that is
// not one (each proxy appends the address it received from, so addresses
// left of a trusted proxy's entry could be forged by the client).
func (k *Kit) ClientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return host
	}
	ip = ip.Unmap()
	if !k.trusted(ip) {
		return ip.String()
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break
		}
		ip = a.Unmap()
		if !k.trusted(ip) {
			break
		}
	}
	return ip.String()
}

func (k *Kit) trusted(ip netip.Addr) bool {
	for _, p := range k.Proxies {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}
