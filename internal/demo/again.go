package demo

import (
	"cmp"
	"context"
	"fmt"
	"strings"

	"zfjd/internal/auth"
	"zfjd/internal/store"
)

// Existing lists the accounts of a database the demo was loaded into
// before, for a second start to print them again (the first start's list
// scrolled away). Passwords are not stored in the clear: the console says
// the demo password unless someone changed it.
func Existing(ctx context.Context, db *store.DB) ([]Login, error) {
	rows, err := db.R.QueryContext(ctx, `SELECT a.username, a.display_name, a.role, a.region_code, a.agency_code,
		COALESCE((SELECT g.name FROM agencies g WHERE g.code = a.agency_code), ''),
		COALESCE((SELECT r.name FROM regions r WHERE r.code = a.region_code), '')
		FROM accounts a WHERE a.disabled = 0 ORDER BY a.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Login
	for rows.Next() {
		var l Login
		var role, region, agency, agencyName, regionName string
		if err := rows.Scan(&l.Username, &l.Name, &role, &region, &agency, &agencyName, &regionName); err != nil {
			return nil, err
		}
		l.Role = auth.Role(role).Label()
		switch {
		case agency != "":
			l.Scope = cmp.Or(agencyName, agency)
		case region != "":
			l.Scope = cmp.Or(regionName, region) + "（" + region + "）"
		default:
			l.Scope = "全部数据"
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// AgainText is what a second start of the demo prints: the accounts again
// and how to start from fresh demo data.
func AgainText(logins []Login, dbPath string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "演示数据库 %s 已有数据，沿用上次的演示数据（未重新加载）。\n", dbPath)
	if len(logins) > 0 {
		b.WriteString("演示账号（密码为 " + DemoPassword + "，已在系统中修改的除外）：\n")
		for _, l := range logins {
			fmt.Fprintf(&b, "  %-10s %s（%s）%s\n", l.Username, l.Role, l.Name, l.Scope)
		}
	}
	b.WriteString("要从头开始（删除演示数据库并重新生成演示数据）：zfjd demo --reset\n")
	return b.String()
}
