// Package auth holds accounts, sessions, API tokens, roles and the one place
// where access rules live (authz.go).
package auth

import "context"

// Role is what an account may do; its scope says where.
type Role string

const (
	RoleAdmin       Role = "admin"             // 系统管理员
	RoleSupervisor  Role = "supervisor"        // 监督机构工作人员
	RoleAgencyAdmin Role = "agency_admin"      // 执法部门管理员
	RoleOfficer     Role = "officer"           // 执法人员
	RoleReviewer    Role = "legal_reviewer"    // 法制审核人员
	RoleHead        Role = "agency_head"       // 执法部门负责人
	RoleSocial      Role = "social_supervisor" // 社会监督员
	RoleIntegration Role = "integration"       // 系统对接
	// RoleExpert is an outside expert (外聘评查专家) a supervision body lends
	// a case-file review: it reads and scores only the files it is assigned
	// (review.go), nothing else in its region.
	RoleExpert Role = "review_expert"
)

// Roles lists every role in display order.
var Roles = []Role{RoleAdmin, RoleSupervisor, RoleAgencyAdmin, RoleOfficer, RoleReviewer, RoleHead, RoleSocial, RoleIntegration, RoleExpert}

var roleLabels = map[Role]string{
	RoleAdmin: "系统管理员", RoleSupervisor: "监督机构人员", RoleAgencyAdmin: "执法部门管理员",
	RoleOfficer: "执法人员", RoleReviewer: "法制审核人员", RoleHead: "执法部门负责人",
	RoleSocial: "社会监督员", RoleIntegration: "系统对接", RoleExpert: "外聘评查专家",
}

// Label is the role's Chinese name.
func (r Role) Label() string { return roleLabels[r] }

// Valid reports whether r is a known role.
func (r Role) Valid() bool { _, ok := roleLabels[r]; return ok }

// Principal is who is acting: an account signed in on the web or an API token.
// Region is the root of the jurisdiction subtree ("" means the whole country);
// Agency, when set, narrows it to one agency (统一社会信用代码).
type Principal struct {
	ID     int64
	Name   string
	Role   Role
	Region string
	Agency string
	// Username identifies a signed-in account in events and audit; CertNo
	// is its officer's certificate number when the role acts as an officer
	// (events name people by certificate, never by display name).
	Username string
	CertNo   string
	// MustChangePassword: a signed-in account whose password an
	// administrator reset may only choose a new one (webkit.RequireLogin).
	MustChangePassword bool
}

// ActsAsOfficer reports whether accounts of r act as one officer record:
// they investigate, review or decide in their own name (办、审、定分离).
func (r Role) ActsAsOfficer() bool {
	return r == RoleOfficer || r == RoleReviewer || r == RoleHead
}

// Who is how events and audit rows name p: its certificate number when it
// acts as an officer, else its username or token name.
func (p *Principal) Who() string {
	switch {
	case p == nil:
		return "system"
	case p.CertNo != "":
		return p.CertNo
	case p.Username != "":
		return p.Username
	}
	return p.Name
}

type ctxKey struct{}

// With returns ctx carrying p.
func With(ctx context.Context, p *Principal) context.Context {
	return context.WithValue(ctx, ctxKey{}, p)
}

// From returns the principal in ctx, or nil for an anonymous request.
func From(ctx context.Context) *Principal {
	p, _ := ctx.Value(ctxKey{}).(*Principal)
	return p
}
