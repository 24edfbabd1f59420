package authzmatrix_test

// The rules of 涉企行政检查 (spec/supervision-v1.md §4), stated here on
// their own. An inspection is read by whoever's jurisdiction holds its
// agency, never by social supervisors (they see the enterprise's public
// page only). Its acts are its agency's people's: the officers check in
// (two, on the spot), the head approves. Only an integration token pushes
// whole inspections (as cases: 审批 is the head's, 入企 the officers'), and
// only inside its jurisdiction (403 outside, as for cases). The 检查事项清单's
// checklist and the plans are kept by the agency's administrator and head
// (and supervision and administrators for the list); the plan and the
// 双随机 draw are the agency's own; the object pool is kept by supervision
// of the region or an agency's administrator or head. The enterprises'
// ratings are supervision's alone, never the inspected agency's. The
// 全过程记录 of an inspection's acts (国办发〔2018〕118号) is read with the
// inspection and added, like a case's, by the officers and the head of
// the inspecting agency only; so is the invitation of another agency to
// a joint visit (综合查一次), the one-click joint visit of a proposal and
// the photos of the on-site checklist (the checklist's officers). A
// conflict of interest (回避) is recorded by who organises the draws.

import (
	"slices"

	"zfjd/internal/auth"
)

// inspectionRules answer for the kinds of this file (known false: not one).
func inspectionRules(w *who, r *route, p *place) (want, why string, known bool) {
	switch r.kind {
	case "inspection":
		if r.verb == list {
			return ok, "lists are filtered to the jurisdiction (empty for social supervisors)", true
		}
		if w.role == social {
			return hidden, "an inspection record is closed to social supervisors", true
		}
		if !reaches(w, p.region, p.agency) {
			return hidden, "outside the jurisdiction", true
		}
		return ok, "inside the jurisdiction", true
	case "inspection-act":
		if w.role == social || !reaches(w, p.region, p.agency) {
			return hidden, "not visible", true
		}
		if w.role != officer {
			return forbid, "扫码入企 is the officers' (行政处罚法 Art. 42)", true
		}
		return pass, "an officer of the agency (once: then 409)", true
	case "inspection-recording":
		if w.role == social || !reaches(w, p.region, p.agency) {
			return hidden, "not visible", true
		}
		if (w.role != officer && w.role != head) || w.agency != p.agency {
			return forbid, "records of the acts are added by the inspecting agency's officers and head", true
		}
		return ok, "an officer or the head of the inspecting agency", true
	case "inspection-joint":
		if w.role == social || !reaches(w, p.region, p.agency) {
			return hidden, "not visible", true
		}
		if (w.role != officer && w.role != head) || w.agency != p.agency {
			return forbid, "a joint visit is arranged by the inspecting agency's officers and head (54号 综合查一次)", true
		}
		return pass, "the inspecting agency (the form or the visit's state refuses: 400/409)", true
	case "inspection-conflict":
		if !reaches(w, p.region, p.agency) {
			return hidden, "the officer is outside the jurisdiction", true
		}
		if !slices.Contains([]auth.Role{admin, supervisor, agencyAdmin, head}, w.role) {
			return forbid, "回避 is recorded by who organises the agency's 双随机 draws (its administrator or head, supervision)", true
		}
		return ok, "an organiser of the officer's agency's draws", true
	case "inspection-joint-visit":
		if (w.role != officer && w.role != head) || w.agency == "" {
			return forbid, "a joint visit is filed by an agency's officers and head (54号 综合查一次)", true
		}
		return hidden, "no 综合查一次 proposal of the asker's agency in the matrix's plans", true
	case "inspection-push":
		if w.role != integration {
			return forbid, "only an integration token pushes whole inspections", true
		}
		if !reaches(w, p.region, p.agency) {
			return forbid, "outside the token's jurisdiction: refused as for cases", true
		}
		return ok, "the agency's own system replays what it pushed", true
	case "inspection-new":
		if (w.role != officer && w.role != head) || w.agency == "" {
			return forbid, "inspections are filed by an agency's officers and head", true
		}
		return pass, "an officer or head of an agency files on its list", true
	case "inspection-lists":
		return ok, "the list, plans, proposals and draws are published", true
	case "inspection-ratings":
		if !isSupervision(w) {
			return forbid, "ratings reach supervision only (§4)", true
		}
		return ok, "supervision of the region", true
	case "inspection-item":
		if !reaches(w, p.region, p.agency) {
			return hidden, "the matter is outside the jurisdiction", true
		}
		if !slices.Contains(listKeepers, w.role) {
			return forbid, "the list is kept by its agency's administrator and head, supervision and administrators", true
		}
		return ok, "a keeper of the list inside the jurisdiction", true
	case "inspection-plan":
		if w.agency == "" || (w.role != agencyAdmin && w.role != head) {
			return forbid, "the yearly plan is filed by the agency's administrator or head", true
		}
		return ok, "the agency's own plan", true
	case "inspection-draw":
		if w.agency == "" || (w.role != agencyAdmin && w.role != head) {
			return forbid, "a 双随机 draw is organised by the agency's administrator or head", true
		}
		return pass, "the agency's own draw (an empty pool answers 400)", true
	case "inspection-pool":
		if !(isSupervision(w) || (w.agency != "" && (w.role == agencyAdmin || w.role == head))) {
			return forbid, "the object pool is kept by supervision or an agency's administrator or head", true
		}
		return ok, "a keeper of the region's pool", true
	}
	return "", "", false
}

// listKeepers keep the 检查事项清单's checklists inside their jurisdiction.
var listKeepers = []auth.Role{admin, supervisor, agencyAdmin, head, integration}
