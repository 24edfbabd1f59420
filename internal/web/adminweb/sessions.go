package adminweb

// The signed-in person's own sessions (issue 16): where they are signed
// in, and ending any of them ("退出其他设备").

import (
	"net/http"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/web/webkit"
)

func (h *Handler) ownSessions(w http.ResponseWriter, r *http.Request) {
	ctx, p := r.Context(), auth.From(r.Context())
	if p == nil || p.ID == 0 {
		h.UIError(w, r, apperr.New(apperr.Forbidden, "仅登录账号可查看登录设备"))
		return
	}
	list, err := auth.OwnSessions(ctx, h.DB, p.ID, h.Sessions.Token(ctx))
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	h.Render(w, r, http.StatusOK, "sessions", &webkit.View{Title: "我的登录设备", Data: list})
}

func (h *Handler) endOwnSession(w http.ResponseWriter, r *http.Request) {
	ctx, p := r.Context(), auth.From(r.Context())
	r.ParseForm()
	if p == nil || p.ID == 0 {
		h.UIError(w, r, apperr.New(apperr.Forbidden, "仅登录账号可结束登录"))
		return
	}
	ok, err := auth.EndOwnSession(ctx, h.DB, p.ID, r.PostForm.Get("session"))
	if err == nil && !ok {
		err = apperr.NotFoundf("登录")
	}
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	h.Flash(r, "已结束该设备上的登录")
	http.Redirect(w, r, "/account/sessions", http.StatusSeeOther)
}
