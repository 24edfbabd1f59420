package auth

// CanExchangeCases reports whether p may push whole cases through the
// exchange API (PUT /api/v1/cases/...): only an integration token, the
// agency's own case system. A person's token (an officer's, a legal
// reviewer's, a head's) would record a case's every act at once and so
// defeat 办、审、定分离; people record acts one by one through the case
// workflow. Where the token may write is CanChange of KindCase.
func CanExchangeCases(p *Principal) bool {
	return p != nil && p.Role == RoleIntegration
}
