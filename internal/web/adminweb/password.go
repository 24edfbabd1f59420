package adminweb

import (
	"database/sql"
	"errors"
	"net/http"
	"strconv"

	"zfjd/internal/apperr"
	"zfjd/internal/audit"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/web/webkit"
)

type passwordData struct {
	Next  string
	Reset bool // the password was reset by an administrator
}

func (h *Handler) passwordForm(w http.ResponseWriter, r *http.Request) {
	h.passwordPage(w, r, http.StatusOK, nil)
}

func (h *Handler) passwordPage(w http.ResponseWriter, r *http.Request, status int, err error) {
	p := auth.From(r.Context())
	next := r.URL.Query().Get("next")
	if r.Method == http.MethodPost {
		next = r.PostForm.Get("next")
	}
	v := &webkit.View{Title: "修改密码", Data: passwordData{Next: webkit.SafeNext(next), Reset: p.MustChangePassword}}
	if err != nil {
		e := apperr.As(err)
		v.Errors, v.Message = e.Fields, e.Message
	}
	h.Render(w, r, status, "password", v)
}

// passwordChange lets the signed-in user choose a new password, given the
// current one. Every other session of the account ends; this one gets a
// new token.
func (h *Handler) passwordChange(w http.ResponseWriter, r *http.Request) {
	ctx, p := r.Context(), auth.From(r.Context())
	r.ParseForm()
	current, pw := r.PostForm.Get("current_password"), r.PostForm.Get("new_password")
	fail := func(err error) {
		status := webkit.HTTPStatus(apperr.As(err).Code)
		var th *auth.Throttled
		if errors.As(err, &th) {
			status = http.StatusTooManyRequests
			w.Header().Set("Retry-After", strconv.Itoa(th.Seconds()))
		}
		if status >= 500 {
			h.UIError(w, r, err)
			return
		}
		h.passwordPage(w, r, status, err)
	}
	if pw != r.PostForm.Get("confirm_password") {
		msg := "两次输入的新密码不一致"
		fail(&apperr.Error{Code: apperr.Invalid, Message: msg, Fields: apperr.Fields{"confirm_password": msg}})
		return
	}
	if err := auth.VerifyPassword(ctx, h.DB, p.ID, current, clock.Now(ctx)); err != nil {
		fail(err)
		return
	}
	var a *auth.Account
	err := h.DB.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		if a, err = auth.SetPassword(ctx, tx, p.ID, pw, false); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p, "password", "account", a.Username, a.Region, nil, nil)
	})
	if err != nil {
		fail(err)
		return
	}
	if err := h.Sessions.RenewToken(ctx); err != nil {
		h.UIError(w, r, err)
		return
	}
	h.Sessions.Put(ctx, webkit.PasswordEpochKey, a.PasswordChangedAt)
	h.Flash(r, "密码已修改，其他设备上的登录已退出")
	http.Redirect(w, r, webkit.SafeNext(r.PostForm.Get("next")), http.StatusSeeOther)
}

// passwordReset is an administrator setting a temporary password for an
// account in scope; its owner must replace it at the next login, and the
// account's sessions end.
func (h *Handler) passwordReset(w http.ResponseWriter, r *http.Request) {
	ctx, p := r.Context(), auth.From(r.Context())
	if !auth.MayChange(p, auth.KindAccount) {
		h.UIError(w, r, apperr.New(apperr.Forbidden, "仅系统管理员可重置密码"))
		return
	}
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	r.ParseForm()
	var target *auth.Account
	err := h.DB.Tx(ctx, func(tx *sql.Tx) error {
		a, err := auth.GetAccount(ctx, h.DB, id)
		if err != nil || !auth.CanChange(p, auth.KindAccount, auth.Target{Region: a.Region, Agencies: []string{a.Agency}}) {
			return apperr.NotFoundf("账号")
		}
		if target, err = auth.SetPassword(ctx, tx, id, r.PostForm.Get("new_password"), true); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p, "reset_password", "account", target.Username, target.Region, nil,
			map[string]any{"must_change_password": true})
	})
	if err != nil {
		if apperr.Is(err, apperr.NotFound) {
			h.UIError(w, r, err)
			return
		}
		h.FormError(w, r, err, func(status int) {
			h.accountsPage(w, r, status, auth.NewAccount{Region: p.Region}, err)
		})
		return
	}
	h.Flash(r, "已重置 "+target.Username+" 的密码；该账号下次登录时须设置新密码")
	http.Redirect(w, r, "/accounts", http.StatusSeeOther)
}
