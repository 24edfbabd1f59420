package web

import (
	"net/http"
	"net/url"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
)

// requireLogin sends anonymous visitors to the login page.
func (s *Server) requireLogin(next http.HandlerFunc) http.HandlerFunc {
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

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) {
	if auth.From(r.Context()) != nil {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, "login", &view{Title: "登录", Public: true, Data: map[string]string{"Next": r.URL.Query().Get("next")}})
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	user, next := r.PostForm.Get("username"), r.PostForm.Get("next")
	a, err := auth.Authenticate(r.Context(), s.db, user, r.PostForm.Get("password"), clock.Now(r.Context()))
	if err != nil {
		e := apperr.As(err)
		if e.Code == apperr.Internal {
			s.uiError(w, r, err)
			return
		}
		s.log.Warn("login failed", "username", user, "remote", r.RemoteAddr)
		s.render(w, r, http.StatusUnauthorized, "login", &view{Title: "登录", Public: true, Message: e.Message,
			Data: map[string]string{"Next": next, "Username": user}})
		return
	}
	// A new session token on login defends against session fixation.
	if err := s.sessions.RenewToken(r.Context()); err != nil {
		s.uiError(w, r, err)
		return
	}
	s.sessions.Put(r.Context(), "account_id", a.ID)
	s.log.Info("login", "username", a.Username, "role", a.Role)
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") {
		next = "/"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	s.sessions.Destroy(r.Context())
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}
