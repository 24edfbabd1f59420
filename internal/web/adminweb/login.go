package adminweb

import (
	"net/http"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/web/webkit"
)

func (h *Handler) loginForm(w http.ResponseWriter, r *http.Request) {
	if auth.From(r.Context()) != nil {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	h.Render(w, r, http.StatusOK, "login", &webkit.View{Title: "登录", Public: true, Data: map[string]string{"Next": r.URL.Query().Get("next")}})
}

func (h *Handler) login(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	user, next := r.PostForm.Get("username"), r.PostForm.Get("next")
	a, err := auth.Authenticate(r.Context(), h.DB, user, r.PostForm.Get("password"), clock.Now(r.Context()))
	if err != nil {
		e := apperr.As(err)
		if e.Code == apperr.Internal {
			h.UIError(w, r, err)
			return
		}
		h.Log.Warn("login failed", "username", user, "remote", r.RemoteAddr)
		h.Render(w, r, http.StatusUnauthorized, "login", &webkit.View{Title: "登录", Public: true, Message: e.Message,
			Data: map[string]string{"Next": next, "Username": user}})
		return
	}
	// A new session token on login defends against session fixation.
	if err := h.Sessions.RenewToken(r.Context()); err != nil {
		h.UIError(w, r, err)
		return
	}
	h.Sessions.Put(r.Context(), webkit.AccountKey, a.ID)
	h.Log.Info("login", "username", a.Username, "role", a.Role)
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") {
		next = "/"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (h *Handler) logout(w http.ResponseWriter, r *http.Request) {
	h.Sessions.Destroy(r.Context())
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}
