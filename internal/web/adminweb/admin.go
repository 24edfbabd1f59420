package adminweb

import (
	"database/sql"
	"net/http"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/audit"
	"zfjd/internal/auth"
	"zfjd/internal/ident"
	"zfjd/internal/registry"
	"zfjd/internal/web/webkit"
)

type accountsData struct {
	Accounts []*auth.Account
	Roles    []auth.Role
	Form     auth.NewAccount
}

func (h *Handler) accountList(w http.ResponseWriter, r *http.Request) {
	h.accountsPage(w, r, http.StatusOK, auth.NewAccount{Region: auth.From(r.Context()).Region}, nil)
}

func (h *Handler) accountsPage(w http.ResponseWriter, r *http.Request, status int, form auth.NewAccount, err error) {
	p := auth.From(r.Context())
	if !auth.MayChange(p, auth.KindAccount) {
		h.UIError(w, r, apperr.New(apperr.Forbidden, "仅系统管理员可管理账号"))
		return
	}
	list, lerr := auth.ListAccounts(r.Context(), h.DB, p)
	if lerr != nil {
		h.UIError(w, r, lerr)
		return
	}
	sortAccounts(list, r.URL.Query().Get("sort"))
	v := &webkit.View{Title: "账号管理", Active: "accounts", Data: accountsData{list, auth.Roles, form}}
	if err != nil {
		e := apperr.As(err)
		v.Errors, v.Message = e.Fields, e.Message
	}
	h.Render(w, r, status, "accounts", v)
}

func (h *Handler) accountCreate(w http.ResponseWriter, r *http.Request) {
	p := auth.From(r.Context())
	r.ParseForm()
	n := auth.NewAccount{Username: r.PostForm.Get("username"), DisplayName: r.PostForm.Get("display_name"),
		Password: r.PostForm.Get("password"), Role: auth.Role(r.PostForm.Get("role")),
		Region: r.PostForm.Get("region_code"), Agency: r.PostForm.Get("agency_code"), OfficerCert: r.PostForm.Get("officer_cert")}
	err := h.checkAccountScope(r, &n)
	if err == nil {
		err = h.DB.Tx(r.Context(), func(tx *sql.Tx) error {
			if !auth.CanChange(p, auth.KindAccount, auth.Target{Region: n.Region, Agencies: []string{n.Agency}}) {
				return apperr.New(apperr.Forbidden, "不能在您的管辖范围之外创建账号")
			}
			id, err := auth.CreateAccount(r.Context(), tx, n)
			if err != nil {
				return err
			}
			after := map[string]any{"id": id, "username": n.Username, "role": n.Role, "region_code": n.Region, "agency_code": n.Agency}
			return audit.Record(r.Context(), tx, p, "create", "account", n.Username, n.Region, nil, after)
		})
	}
	if err != nil {
		n.Password = ""
		h.FormError(w, r, err, func(status int) { h.accountsPage(w, r, status, n, err) })
		return
	}
	h.Flash(r, "已创建账号："+n.Username)
	http.Redirect(w, r, "/accounts", http.StatusSeeOther)
}

// agencyRoles are roles that act for one agency and need it named.
var agencyRoles = map[auth.Role]bool{auth.RoleAgencyAdmin: true, auth.RoleOfficer: true, auth.RoleReviewer: true, auth.RoleHead: true}

// checkAccountScope makes sure an account's agency exists inside its region.
func (h *Handler) checkAccountScope(r *http.Request, n *auth.NewAccount) error {
	n.Agency = strings.ToUpper(strings.TrimSpace(n.Agency))
	n.Region = strings.TrimSpace(n.Region)
	f := apperr.Fields{}
	if n.Role == "" {
		f.Set("role", "请选择角色")
	}
	if n.Region != "" && ident.ValidateRegionCode(n.Region) == nil && registry.CheckRegion(r.Context(), h.DB.R, n.Region) != "" {
		f.Set("region_code", "区划不存在")
	}
	if n.Agency == "" && agencyRoles[n.Role] {
		f.Set("agency_code", "该角色须限定所属执法部门")
	}
	if n.Agency != "" {
		a, err := registry.GetAgency(r.Context(), h.DB, auth.From(r.Context()), n.Agency)
		switch {
		case err != nil:
			f.Set("agency_code", "部门不存在或不在您的管辖范围内")
		case !ident.Contains(n.Region, a.RegionCode):
			f.Set("agency_code", "部门不在该账号的管辖区划内")
		}
	}
	return f.Err()
}
