// Package adminweb serves the shell around the capabilities: the home page
// (工作台), login and logout, the password change, accounts (with the
// administrator's password reset), the audit log, the integration page and
// the pages of capabilities not built yet.
package adminweb

import (
	"embed"
	"html/template"

	"zfjd/internal/web/webkit"
)

//go:embed templates/*.html
var templateFS embed.FS

// Handler serves the home, login and administration pages.
type Handler struct {
	*webkit.Pages
}

// New builds the handler and parses its templates.
func New(k *webkit.Kit) (*Handler, error) {
	pg, err := k.NewPages(templateFS, funcs)
	if err != nil {
		return nil, err
	}
	return &Handler{Pages: pg}, nil
}

var funcs = template.FuncMap{
	"entityLabel": func(s string) string {
		return map[string]string{"agency": "机关", "officer": "执法人员", "officer_year": "年审培训", "matter": "事项", "account": "账号", "calendar": "工作日历",
			"benchmark": "裁量基准", "discretion_item": "四张清单事项", "api_token": "访问令牌",
			"warning": "预警", "warning_setting": "预警升级期限"}[s]
	},
	"actionLabel": func(s string) string {
		return map[string]string{"create": "新增", "update": "修改", "status": "变更证件状态", "delete": "删除",
			"password": "修改密码", "reset_password": "重置密码", "revoke": "吊销",
			"sign": "签收预警", "rectify": "报送整改情况", "explain": "说明理由", "verify": "核查销号", "return": "退回预警",
			"escalated": "预警升级为红色"}[s]
	},
}

// Routes registers the login and the administration pages.
func (h *Handler) Routes(r *webkit.Router) {
	r.Public("GET /login", h.loginForm)
	r.Public("POST /login", h.login)
	r.Public("POST /logout", h.logout)

	r.UI("GET /{$}", h.home)
	r.UI("GET /soon/{key}", h.soonPage)
	r.UI("GET /audit", h.auditList)
	r.UI("GET /accounts", h.accountList)
	r.UI("POST /accounts", h.accountCreate)
	r.UI("POST /accounts/{id}/password", h.passwordReset)
	r.UI("GET "+webkit.PasswordPath, h.passwordForm)
	r.UI("POST "+webkit.PasswordPath, h.passwordChange)
	r.UI("GET /integration", h.integrationPage)
}
