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
	"entityLabel": entityLabel,
	"actionLabel": actionLabel,
}

// Routes registers the login and the administration pages.
func (h *Handler) Routes(r *webkit.Router) {
	r.Public("GET /login", h.loginForm)
	r.Public("POST /login", h.login)
	r.Public("POST /logout", h.logout)

	r.UI("GET /{$}", h.home)
	r.UI("GET /soon/{key}", h.soonPage)
	r.UI("GET /audit", h.auditList)
	r.UI("GET /audit/export.xlsx", h.auditExport)
	r.UI("GET /accounts", h.accountList)
	r.UI("POST /accounts", h.accountCreate)
	r.UI("POST /accounts/{id}/password", h.passwordReset)
	r.UI("GET /accounts/{id}/edit", h.accountEdit)
	r.UI("POST /accounts/{id}/edit", h.accountUpdate)
	r.UI("POST /accounts/{id}/disable", h.accountDisable)
	r.UI("GET /accounts/export.xlsx", h.accountExport)
	r.UI("GET "+webkit.PasswordPath, h.passwordForm)
	r.UI("POST "+webkit.PasswordPath, h.passwordChange)
	r.UI("GET /account/sessions", h.ownSessions)
	r.UI("POST /account/sessions/end", h.endOwnSession)
	r.UI("GET /integration", h.integrationPage)
}
