package adminweb

import (
	"cmp"
	"slices"
	"strings"

	"zfjd/internal/auth"
)

// The account list sorts by its column headers (?sort=, issue 16); the
// page and its xlsx export sort alike. The list holds a region's
// accounts in one page, so it is sorted here rather than in SQL.

// accountSorts compare two accounts for each ?sort= value; "" is the
// store's order (region, then username).
var accountSorts = map[string]func(a, b *auth.Account) int{
	"username": func(a, b *auth.Account) int { return strings.Compare(a.Username, b.Username) },
	"name":     func(a, b *auth.Account) int { return strings.Compare(a.DisplayName, b.DisplayName) },
	"role": func(a, b *auth.Account) int {
		return cmp.Compare(slices.Index(auth.Roles, a.Role), slices.Index(auth.Roles, b.Role))
	},
	"region": func(a, b *auth.Account) int { return strings.Compare(a.Region, b.Region) },
	// status: 正常 first, then 待修改密码, then 已停用.
	"status": func(a, b *auth.Account) int { return cmp.Compare(accountState(a), accountState(b)) },
}

func accountState(a *auth.Account) int {
	switch {
	case a.Disabled:
		return 2
	case a.MustChangePassword:
		return 1
	}
	return 0
}

// sortAccounts orders list by the ?sort= value key (stable: ties keep the
// store's order); an unknown key keeps the store's order.
func sortAccounts(list []*auth.Account, key string) {
	if c, ok := accountSorts[key]; ok {
		slices.SortStableFunc(list, c)
	}
}
