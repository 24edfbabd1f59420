package auth

import "zfjd/internal/ident"

// CanSetRules reports whether p may set the built-in rules' settings and
// write custom rules for region's subtree (spec/supervision-v1.md §2:
// supervision of that region, or an administrator over it).
func CanSetRules(p *Principal, region string) bool {
	return p != nil && (p.Role == RoleSupervisor || p.Role == RoleAdmin) && p.Agency == "" && ident.Contains(p.Region, region)
}

// CanReadRules reports whether p may read the rules in force in region:
// anyone whose jurisdiction lies in or above it (the rules that bind its
// cases) or contains it. The built-in rules are the law's; what custom
// rules watch is CanReadCustomRules's.
func CanReadRules(p *Principal, region string) bool {
	if p == nil || p.Role == RoleExpert || ident.ValidateRegionCode(region) != nil {
		return false
	}
	return ident.Contains(p.Region, region) || (p.Region != "" && ident.Contains(region, p.Region))
}

// CanReadCustomRules is CanReadRules for supervisors' own rules: social
// supervisors, who observe enforcement from outside, do not read what
// supervision watches for.
func CanReadCustomRules(p *Principal, region string) bool {
	return p != nil && p.Role != RoleSocial && CanReadRules(p, region)
}
