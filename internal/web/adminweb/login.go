package adminweb

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/web/webkit"
)

// deviceCookie carries the browser's device cookie (auth/device.go): sent
// only to the login, so it travels no further than it is needed.
const deviceCookie = "zfjd_device"

func (h *Handler) loginForm(w http.ResponseWriter, r *http.Request) {
	if auth.From(r.Context()) != nil {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	h.Render(w, r, http.StatusOK, "login", &webkit.View{Title: "登录", Public: true, Data: map[string]string{"Next": webkit.SafeNext(r.URL.Query().Get("next"))}})
}

func (h *Handler) login(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	r.ParseForm()
	user, next := r.PostForm.Get("username"), webkit.SafeNext(r.PostForm.Get("next"))
	at := auth.Attempt{Username: user, Password: r.PostForm.Get("password"), Addr: h.ClientAddr(r)}
	if c, err := r.Cookie(deviceCookie); err == nil {
		at.Device = c.Value
	}
	now := clock.Now(ctx)
	a, err := auth.Login(ctx, h.DB, at, now)
	if err != nil {
		e := apperr.As(err)
		if e.Code == apperr.Internal {
			h.UIError(w, r, err)
			return
		}
		status := http.StatusUnauthorized
		var th *auth.Throttled
		if errors.As(err, &th) {
			status = http.StatusTooManyRequests
			w.Header().Set("Retry-After", strconv.Itoa(th.Seconds()))
		}
		h.Log.Warn("login failed", "username", user, "remote", at.Addr, "throttled", th != nil)
		h.Render(w, r, status, "login", &webkit.View{Title: "登录", Public: true, Message: e.Message,
			Data: map[string]string{"Next": next, "Username": user}})
		return
	}
	// A new session token on login defends against session fixation.
	if err := h.Sessions.RenewToken(ctx); err != nil {
		h.UIError(w, r, err)
		return
	}
	h.Sessions.Put(ctx, webkit.AccountKey, a.ID)
	if err := auth.RecordSession(ctx, h.DB, h.Sessions.Token(ctx), a.ID, r.UserAgent(), at.Addr); err != nil {
		h.Log.Warn("record session", "err", err) // the login stands; the list of own sessions misses it
	}
	h.Sessions.Put(ctx, webkit.PasswordEpochKey, a.PasswordChangedAt)
	if dev, err := auth.IssueDevice(ctx, h.DB, a.Username, now); err == nil {
		http.SetCookie(w, &http.Cookie{Name: deviceCookie, Value: dev, Path: "/login", MaxAge: int(auth.DeviceLifetime.Seconds()),
			HttpOnly: true, Secure: h.Sessions.Cookie.Secure, SameSite: http.SameSiteStrictMode})
	} else {
		h.Log.Warn("device cookie", "err", err)
	}
	h.Log.Info("login", "username", a.Username, "role", a.Role, "remote", at.Addr)
	if a.MustChangePassword {
		next = webkit.PasswordPath + "?next=" + url.QueryEscape(next)
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (h *Handler) logout(w http.ResponseWriter, r *http.Request) {
	h.Sessions.Destroy(r.Context())
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}
