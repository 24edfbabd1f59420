package webkit

import (
	"net/http"
	"net/url"

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
		if auth.From(r.Context()) == nil {
			http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
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
