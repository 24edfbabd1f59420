package adminweb

// Accounts (issue 16): edit, disable and enable, the list as xlsx. The
// password reset is password.go's.

import (
	"database/sql"
	"net/http"
	"strconv"

	"zfjd/internal/apperr"
	"zfjd/internal/audit"
	"zfjd/internal/auth"
	"zfjd/internal/web/webkit"
)

type accountEditData struct {
	Account *auth.Account
	Form    auth.NewAccount
	Roles   []auth.Role
}

// accountInScope loads account {id} if p may change it (else not found).
func (h *Handler) accountInScope(r *http.Request) (*auth.Account, error) {
	p := auth.From(r.Context())
	if !auth.MayChange(p, auth.KindAccount) {
		return nil, apperr.New(apperr.Forbidden, "仅系统管理员可管理账号")
	}
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	a, err := auth.GetAccount(r.Context(), h.DB, id)
	if err != nil || !auth.CanChange(p, auth.KindAccount, auth.Target{Region: a.Region, Agencies: []string{a.Agency}}) {
		return nil, apperr.NotFoundf("账号")
	}
	return a, nil
}

func (h *Handler) accountEdit(w http.ResponseWriter, r *http.Request) {
	a, err := h.accountInScope(r)
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	form := auth.NewAccount{Username: a.Username, DisplayName: a.DisplayName, Role: a.Role, Region: a.Region, Agency: a.Agency,
		OfficerCert: a.OfficerCert}
	h.renderAccountEdit(w, r, http.StatusOK, a, form, nil)
}

func (h *Handler) renderAccountEdit(w http.ResponseWriter, r *http.Request, status int, a *auth.Account, form auth.NewAccount, err error) {
	v := &webkit.View{Title: "修改账号：" + a.Username, Active: "accounts", Data: accountEditData{a, form, auth.Roles}}
	if err != nil {
		e := apperr.As(err)
		v.Errors, v.Message = e.Fields, e.Message
	}
	h.Render(w, r, status, "account_edit", v)
}

func (h *Handler) accountUpdate(w http.ResponseWriter, r *http.Request) {
	ctx, p := r.Context(), auth.From(r.Context())
	a, err := h.accountInScope(r)
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	r.ParseForm()
	n := auth.NewAccount{Username: a.Username, DisplayName: r.PostForm.Get("display_name"), Role: auth.Role(r.PostForm.Get("role")),
		Region: r.PostForm.Get("region_code"), Agency: r.PostForm.Get("agency_code"), OfficerCert: r.PostForm.Get("officer_cert")}
	err = h.checkAccountScope(r, &n)
	if err == nil {
		err = h.DB.Tx(ctx, func(tx *sql.Tx) error {
			if !auth.CanChange(p, auth.KindAccount, auth.Target{Region: n.Region, Agencies: []string{n.Agency}}) {
				msg := "不能把账号移到您的管辖范围之外"
				return &apperr.Error{Code: apperr.Forbidden, Message: msg, Fields: apperr.Fields{"region_code": msg}}
			}
			old, err := auth.UpdateAccount(ctx, tx, a.ID, auth.AccountEdit{DisplayName: n.DisplayName, Role: n.Role, Region: n.Region,
				Agency: n.Agency, OfficerCert: n.OfficerCert})
			if err != nil {
				return err
			}
			return audit.Record(ctx, tx, p, "update", "account", a.Username, n.Region, profileOf(old),
				map[string]any{"display_name": n.DisplayName, "role": n.Role, "region_code": n.Region, "agency_code": n.Agency, "officer_cert": n.OfficerCert})
		})
	}
	if err != nil {
		h.FormError(w, r, err, func(status int) { h.renderAccountEdit(w, r, status, a, n, err) })
		return
	}
	h.Flash(r, "已保存账号："+a.Username)
	http.Redirect(w, r, "/accounts", http.StatusSeeOther)
}

func (h *Handler) accountDisable(w http.ResponseWriter, r *http.Request) {
	ctx, p := r.Context(), auth.From(r.Context())
	a, err := h.accountInScope(r)
	if err == nil && a.ID == p.ID {
		err = apperr.New(apperr.Conflict, "不能停用您自己的账号")
	}
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	r.ParseForm()
	disable := r.PostForm.Get("disabled") != "0"
	action, msg := "disable", "已停用账号："
	if !disable {
		action, msg = "enable", "已启用账号："
	}
	err = h.DB.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := auth.SetDisabled(ctx, tx, a.ID, disable); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p, action, "account", a.Username, a.Region, map[string]any{"disabled": a.Disabled},
			map[string]any{"disabled": disable})
	})
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	h.Flash(r, msg+a.Username)
	http.Redirect(w, r, "/accounts", http.StatusSeeOther)
}

func profileOf(a *auth.Account) map[string]any {
	return map[string]any{"display_name": a.DisplayName, "role": a.Role, "region_code": a.Region, "agency_code": a.Agency, "officer_cert": a.OfficerCert}
}

func (h *Handler) accountExport(w http.ResponseWriter, r *http.Request) {
	p := auth.From(r.Context())
	if !auth.MayChange(p, auth.KindAccount) {
		h.UIError(w, r, apperr.New(apperr.Forbidden, "仅系统管理员可管理账号"))
		return
	}
	h.SendXLSX(w, r, webkit.Sheet{Name: "账号", File: "accounts.xlsx",
		Head: []string{"用户名", "姓名", "角色", "管辖区划", "限定部门", "执法证号", "状态", "创建时间"},
		Rows: func(add func(...any) bool) error {
			list, err := auth.ListAccounts(r.Context(), h.DB, p)
			sortAccounts(list, r.URL.Query().Get("sort"))
			for _, a := range list {
				state := "正常"
				if a.Disabled {
					state = "已停用"
				} else if a.MustChangePassword {
					state = "待修改密码"
				}
				if !add(a.Username, a.DisplayName, a.Role.Label(), a.Region, a.Agency, a.OfficerCert, state, webkit.Datetime(a.CreatedAt.UnixMilli())) {
					break
				}
			}
			return err
		}})
}
