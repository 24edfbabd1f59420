package scale

import (
	"context"
	"database/sql"

	"zfjd/internal/auth"
	"zfjd/internal/store"
)

// Password of the generated accounts (the demo's).
const Password = "Zfjd@Demo2026"

// Login is one generated account: a supervisor per level, and an admin.
type Login struct {
	Username string
	Role     auth.Role
	Region   string
	Name     string
}

// Logins are the accounts Load creates: the province's, a city's and a
// county's supervision body (the scopes `zfjd bench` measures), and the
// system administrator.
func Logins(w *World) []Login {
	out := []Login{{"admin", auth.RoleAdmin, w.Root.Code, "系统管理员"}}
	for _, r := range []struct{ user, code, name string }{{"sheng", "370000", "省司法厅监督员"}, {"shi", "370100", "济南市司法局监督员"},
		{"xian", "370102", "历下区司法局监督员"}} {
		if len(r.code) >= 6 && (r.code[:len(rootPrefixOf(w.Root.Code))] == rootPrefixOf(w.Root.Code)) {
			out = append(out, Login{r.user, auth.RoleSupervisor, r.code, r.name})
		}
	}
	return out
}

func rootPrefixOf(code string) string {
	switch {
	case code[2:] == "0000":
		return code[:2]
	case code[4:] == "00":
		return code[:4]
	}
	return code
}

func createAccounts(ctx context.Context, db *store.DB, w *World) error {
	return db.Tx(ctx, func(tx *sql.Tx) error {
		for _, l := range Logins(w) {
			if _, err := auth.CreateAccount(ctx, tx, auth.NewAccount{Username: l.Username, DisplayName: l.Name, Password: Password,
				Role: l.Role, Region: l.Region}); err != nil {
				return err
			}
		}
		return nil
	})
}
