package auth

// CanReconcileUpward reports whether p may read the upward push's
// reconciliation (C16): its targets, what they acknowledged and
// rejected. The targets are the platform's own connections to the
// systems above it, configured on the command line (zfjd upward), so
// only a system administrator bound to no agency reads them — as only an
// administrator's token reads /metrics.
func CanReconcileUpward(p *Principal) bool {
	return p != nil && p.Role == RoleAdmin && p.Agency == ""
}
