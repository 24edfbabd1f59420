package auth

// Case-file review (案卷评查, C12): the reviewers a supervision body
// assigns to a drawn file — its own staff, or accounts of other agencies
// lent to the campaign as outside reviewers (外聘、交叉评查) — read that
// file's case (its record, acts and documents) for the scoring, whatever
// their own jurisdiction, and nothing else through it: not other files,
// not the case lists, not the warnings. Social supervisors and
// integration tokens are never reviewers of a file.

// CanReadReviewedCase reports whether p, assigned (or not) to a drawn
// file, reads the file's case for the review.
func CanReadReviewedCase(p *Principal, assigned bool) bool {
	return p != nil && assigned && p.Role != RoleSocial && p.Role != RoleIntegration
}
