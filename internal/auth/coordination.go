package auth

import (
	"slices"

	"zfjd/internal/ident"
	"zfjd/internal/store"
)

// Who works on coordination (协调指挥, DOMAIN.md C14):
//
//   - enforcement disputes (争议协调, 行政执法监督条例 Art. 13; 山东省行政执法
//     监督条例 Art. 18): the supervision body of the dispute's region — a
//     supervisor or administrator bound to no agency whose region contains
//     it — opens one ex officio, reads it, holds the meeting and records
//     the outcome; an agency named in it — its admin, head or integration
//     token — opens one naming itself, reads it and answers. Which act and
//     when is the dispute definition's (coordination.Dispute).
//   - overlap detection and the command board read live cases of a region:
//     its supervision body only.
//
// Everyone else: the dispute does not exist (404).

// speaksForAgency reports whether p is an agency-bound role that answers
// for its agency (admin, head, integration token).
func speaksForAgency(p *Principal) bool {
	if p == nil || p.Agency == "" {
		return false
	}
	switch p.Role {
	case RoleAgencyAdmin, RoleHead, RoleIntegration:
		return true
	}
	return false
}

// IsDisputeParty reports whether p speaks for one of parties, the agencies
// named in a dispute.
func IsDisputeParty(p *Principal, parties []string) bool {
	return speaksForAgency(p) && slices.Contains(parties, p.Agency)
}

// CanOpenDispute reports whether p may open a dispute in region naming
// parties: the region's supervision body ex officio, or a named agency.
func CanOpenDispute(p *Principal, region string, parties []string) bool {
	return IsSupervisionOf(p, Target{Region: region}) || IsDisputeParty(p, parties)
}

// CanSeeDispute reports whether p may read a dispute of region naming parties.
func CanSeeDispute(p *Principal, region string, parties []string) bool {
	return IsSupervisionOf(p, Target{Region: region}) || IsDisputeParty(p, parties)
}

// CanCoordinate reports whether p is the supervision body of region, who
// coordinates, reads overlaps and the command board there.
func CanCoordinate(p *Principal, region string) bool {
	return IsSupervisionOf(p, Target{Region: region}) && (region == "" || ident.ValidateRegionCode(region) == nil)
}

// FilterDisputes narrows a list of disputes to what CanSeeDispute allows:
// a range scan on the region column for supervision, the agency's own
// parties (partyIn, an EXISTS over dispute_parties with one ?) otherwise.
func FilterDisputes(p *Principal, w *store.Where, regionCol, partyIn string) {
	switch {
	case p != nil && p.Agency == "" && (p.Role == RoleSupervisor || p.Role == RoleAdmin):
		FilterRegion(p, w, regionCol)
	case speaksForAgency(p):
		w.Add(partyIn, p.Agency)
	default:
		w.Add("1 = 0")
	}
}

// Joint actions (联合执法) follow the disputes' rules: the supervision body
// of the action's region and the member agencies' speakers read one; either
// may open one (an agency as a member); which member does what is the
// action definition's (coordination.Joint).

// CanSeeJointAction reports whether p may read a joint action of region
// with members.
func CanSeeJointAction(p *Principal, region string, members []string) bool {
	return CanSeeDispute(p, region, members)
}

// CanOpenJointAction reports whether p may open a joint action of region
// with members.
func CanOpenJointAction(p *Principal, region string, members []string) bool {
	return CanOpenDispute(p, region, members)
}

// Transfers (移送, Art. 33) are the sender's: the supervision body of the
// region sends clues and shares information, an agency's speaker sends
// its cases to 公安 and asks 检察院 for 立案监督; the sender and the
// region's supervision body read them and record the answers.

// CanSeeTransfer reports whether p may read and record on a transfer of
// region sent by sender ("" = the supervision body).
func CanSeeTransfer(p *Principal, region, sender string) bool {
	return IsSupervisionOf(p, Target{Region: region}) || (sender != "" && IsDisputeParty(p, []string{sender}))
}

// Joint meetings (联席会议) are convened by a supervision body (CanCoordinate
// of the meeting's region); it and the member agencies' speakers read one;
// a decision's owner reports on it (coordination.MeetingFlow).

// CanSeeMeeting reports whether p may read a meeting of region with members.
func CanSeeMeeting(p *Principal, region string, members []string) bool {
	return CanSeeDispute(p, region, members)
}

// Assists (协作请求、衔接通知) are between two agencies on the platform: the
// sender and the recipient speak on one, and the supervision body of its
// region reads it.

// CanSeeAssist reports whether p may read an assist of region between
// sender and recipient.
func CanSeeAssist(p *Principal, region, sender, recipient string) bool {
	return IsSupervisionOf(p, Target{Region: region}) || IsDisputeParty(p, []string{sender, recipient})
}

// Guiding cases (典型案例, 行政执法监督条例 Art. 24) and 尽职免责 findings are
// the supervision body's: it makes them from the cases and officers of
// its region (CanCoordinate); the agency concerned reads its officers'
// exemptions.

// CanSeeExemption reports whether p may read an exemption of an officer of
// agency in region.
func CanSeeExemption(p *Principal, region, agency string) bool {
	return IsSupervisionOf(p, Target{Region: region}) || (p != nil && p.Agency != "" && p.Agency == agency &&
		(p.Role == RoleAgencyAdmin || p.Role == RoleHead))
}
