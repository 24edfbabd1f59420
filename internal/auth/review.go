package auth

import "zfjd/internal/ident"

// Case-file review (案卷评查, C12): the reviewers a supervision body
// assigns to a drawn file — its own staff, accounts of other agencies lent
// to the campaign (交叉评查), or outside experts (外聘评查专家, RoleExpert)
// whose accounts the body creates — read that file's case (its record,
// acts and documents) for the scoring, whatever their own jurisdiction,
// and nothing else through it: not other files, not the case lists, not
// the warnings. An outside expert has nothing else at all: CanSee and
// FilterRegion give it nothing, its region only names the body that made
// it. Social supervisors and integration tokens are never reviewers.

// CanReadReviewedCase reports whether p, assigned (or not) to a drawn
// file, reads the file's case for the review.
func CanReadReviewedCase(p *Principal, assigned bool) bool {
	return p != nil && assigned && p.Role != RoleSocial && p.Role != RoleIntegration
}

// CanBeReviewer reports whether an account of role, region and agency may
// be assigned files of a campaign of a body of bodyRegion: not a social
// supervisor or an integration account; an outside expert only of the
// body that made it or a body above or below it (a province's pool lent to
// a county).
func CanBeReviewer(role Role, region, bodyRegion string) bool {
	switch role {
	case RoleSocial, RoleIntegration:
		return false
	case RoleExpert:
		return ident.Contains(region, bodyRegion) || ident.Contains(bodyRegion, region)
	}
	return true
}

// CanKeepReviewExperts reports whether p may create, list and disable the
// outside experts of region: supervision of that region (never the whole
// country: an expert belongs to a body).
func CanKeepReviewExperts(p *Principal, region string) bool {
	return region != "" && IsSupervisionOf(p, Target{Region: region})
}
