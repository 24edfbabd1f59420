package authzmatrix_test

// The rules as the specification and the README state them, written here
// on their own — not read from package auth or the workflow — so that the
// matrix can disagree with the code. One line per object kind: who may
// change it (inside the jurisdiction), whether it is closed to social
// supervisors, and for the case acts who records each (办、审、定分离,
// 行政处罚法 Art. 54, 55, 57, 58).

import (
	"slices"
	"strings"

	"zfjd/internal/auth"
)

const (
	admin       = auth.RoleAdmin
	supervisor  = auth.RoleSupervisor
	agencyAdmin = auth.RoleAgencyAdmin
	officer     = auth.RoleOfficer
	reviewer    = auth.RoleReviewer
	head        = auth.RoleHead
	social      = auth.RoleSocial
	integration = auth.RoleIntegration
)

// kindRule is what the rules say of one object kind.
type kindRule struct {
	writers []auth.Role // may create, change or act inside their jurisdiction
	// readers, when set, are the only roles that may list or read (others 403).
	readers []auth.Role
	// caseFile: part of a case file — closed to social supervisors (404), and
	// written only by the case agency's own people (agency-bound).
	caseFile bool
	// ownAgency: only principals bound to the object's own agency write it.
	ownAgency bool
	// global: one object for the whole country (the calendar): no place,
	// and the writers need the whole province or more.
	global bool
	// creators, when set, are the writers of new objects (else writers).
	creators []auth.Role
	// regional: a norm of a region (a list item), read by everyone of the
	// region; written only for the agencies of its matter.
	regional bool
	// inCase: a part of an existing case (evidence, documents, acts): the
	// case must be visible even to add one.
	inCase bool
	// offered: the UI's form for a new one offers a choice of the caller's
	// own agencies or matters; another's is refused as an invalid choice
	// (400) or outright (403).
	offered bool
	// exchange, when set, are the only roles that may PUT it through the
	// API: a case's whole history is pushed by its agency's case system,
	// never by a person's token (that would record every act at once,
	// defeating 办、审、定分离).
	exchange []auth.Role
	// underMatter: kept under an existing matter (benchmarks).
	underMatter bool
}

var rules = map[string]kindRule{
	"region": {},
	"agency": {writers: []auth.Role{admin, supervisor, integration}},
	// The agency's case settings (review list, hearing thresholds, 陈述申辩
	// period) are kept like its benchmarks.
	"agency-rules": {writers: []auth.Role{admin, agencyAdmin, integration}},
	"doc-prefix":   {writers: []auth.Role{admin, agencyAdmin}},
	"officer":      {writers: []auth.Role{admin, supervisor, agencyAdmin, integration}},
	"matter":       {writers: []auth.Role{admin, supervisor, agencyAdmin, integration}},
	// A benchmark is set under its matter: a matter out of sight does not
	// exist for the caller (404 on the API's PUT as on a GET, as for an
	// unknown matter code, so it tells nothing).
	"benchmark": {writers: []auth.Role{admin, agencyAdmin, integration}, underMatter: true},
	"list-item": {writers: []auth.Role{admin, agencyAdmin, integration}, regional: true, offered: true},
	// The working-day calendar: a system administrator, or an integration
	// token of a whole province (README 安全; auth/authz.go's comment is the
	// code's statement, this is the test's).
	"calendar": {writers: []auth.Role{admin, integration}, global: true},
	// Cases are registered by officers (线索登记) or pushed by their agency's
	// case system; the officers and the head keep them.
	"case": {writers: []auth.Role{officer, head, integration}, creators: []auth.Role{officer, integration}, caseFile: true,
		ownAgency: true, offered: true, exchange: []auth.Role{integration}},
	"evidence": {writers: []auth.Role{officer, head}, caseFile: true, ownAgency: true, inCase: true},
	"document": {writers: []auth.Role{officer, head, integration}, caseFile: true, ownAgency: true, inCase: true},
	"records":  {caseFile: true},
	// Act recordings (执法全过程记录, 音像记录) are part of the case file,
	// added like its evidence by the officers and the head of its agency.
	"recording": {writers: []auth.Role{officer, head}, caseFile: true, ownAgency: true, inCase: true},
	"warnings":  {},
	// The supervision views (dashboard, statistics, inaction, card
	// proposals) are supervision's — administrators and supervisors — and
	// an agency's head and administrator's for their own agency.
	"supervision": {readers: []auth.Role{admin, supervisor, agencyAdmin, head}},
	"account":     {writers: []auth.Role{admin}, readers: []auth.Role{admin}},
	"audit":       {readers: []auth.Role{admin, supervisor}},
	"case-act":    {caseFile: true, ownAgency: true, inCase: true},
	// An agency's 音像记录清单 (the acts that must be recorded on audio or
	// video) is one of its case settings, kept like its benchmarks; everyone
	// who sees the agency reads it.
	"av-list": {writers: []auth.Role{admin, agencyAdmin, integration}},
}

// actRoles is who records each act of a general-procedure case.
var actRoles = map[string][]auth.Role{
	"filed": {head}, "investigation": {officer}, "evidence_preserved": {officer}, "preservation_decided": {head},
	"seized": {officer}, "seizure_extended": {head}, "testing": {officer}, "seizure_released": {officer},
	"investigation_concluded": {officer}, "legal_review": {reviewer}, "collective_discussion": {head},
	"notified": {officer}, "rights_waived": {officer}, "hearing_requested": {officer}, "hearing_noticed": {officer},
	"hearing_held": {officer}, "hearing_absent": {officer}, "extension_approved": {head}, "refund_ordered": {officer, head},
	"decided": {head}, "delivered": {officer}, "paid": {officer}, "payment_deferred": {head},
	"appealed": {officer, head}, "appeal_concluded": {officer, head}, "enforcement_urged": {officer},
	"enforcement_applied": {head}, "published": {officer, head}, "annulled": {head},
	"publication_withdrawn": {officer, head}, "transfer_proposed": {officer}, "transfer_approved": {head},
	"transferred": {officer}, "transfer_receipt": {officer}, "closed": {head}, "archived": {head},
}

// answer classes.
const (
	ok     = "ok"     // 2xx or 3xx (not a redirect to the login)
	pass   = "pass"   // past authorization: ok, or 400/409/422 for the object's state or the form
	forbid = "forbid" // 403
	hidden = "hidden" // 404
	refuse = "refuse" // 400 (a choice the form does not offer) or 403
	// unwritten: 2xx or 3xx that writes nothing (a batch whose refusals are
	// in its answer's text).
	unwritten = "unwritten"
)

// expect is the rules' answer for w asking r about an object at p (nil:
// no place) — for a case act, of type act.
func expect(w *who, r *route, p *place, actType string) (string, string) {
	want, why := expectKind(w, r, p, actType)
	if r.batch && !r.api() && (want == forbid || want == hidden) {
		// The UI's batch answers each warning in a flash message after the
		// redirect: a refusal must write nothing.
		return unwritten, why + " (the batch page redirects and writes nothing)"
	}
	return want, why
}

func expectKind(w *who, r *route, p *place, actType string) (string, string) {
	if want, why, known := supervisionRules(w, r, p); known {
		return want, why
	}
	if want, why, known := supervisionCaseRules(w, r, p); known {
		return want, why
	}
	if want, why, known := coordinationRules(w, r, p); known {
		return want, why
	}
	if want, why, known := complaintRules(w, r, p); known {
		return want, why
	}
	if want, why, known := trainingRules(w, r, p); known {
		return want, why
	}
	if want, why, known := inspectionRules(w, r, p); known {
		return want, why
	}
	if want, why, known := statsRules(w, r, p); known {
		return want, why
	}
	if want, why, known := officerCardRules(w, r, p); known {
		return want, why
	}
	rule, known := rules[r.kind]
	if !known {
		return "", "no rule for object kind " + r.kind
	}
	visible := p == nil || reaches(w, p.region, p.agency)
	if rule.regional && p != nil {
		visible = strings.HasPrefix(p.region, prefix(w.region))
	}
	existing := r.verb != create || rule.inCase
	if r.api() && r.method() == "PUT" && rule.underMatter && !slices.Contains(rule.writers, w.role) {
		return forbid, "the role may not change it (before looking for the matter)"
	}
	if r.api() && r.method() == "PUT" && !visible && !rule.underMatter {
		// The API's PUT is an upsert: outside the jurisdiction it answers
		// 403 for an existing object and a new one alike, so that it tells
		// nothing of what exists there (oracle_test.go).
		return forbid, "outside the jurisdiction (an upsert does not tell what exists)"
	}
	if rule.caseFile && w.role == social && existing {
		if r.verb == list && p == nil {
			return ok, "social supervisors get an empty list"
		}
		return hidden, "case files are closed to social supervisors"
	}
	if rule.readers != nil && !slices.Contains(rule.readers, w.role) {
		return forbid, "only " + roleNames(rule.readers) + " may open it"
	}
	switch r.verb {
	case list:
		if p != nil && !visible {
			return hidden, "outside the jurisdiction"
		}
		return ok, "lists are filtered to the jurisdiction"
	case read:
		if !visible {
			return hidden, "outside the jurisdiction"
		}
		return ok, "inside the jurisdiction"
	}

	// create, change, act.
	writers := rule.writers
	if r.kind == "case-act" {
		writers = actRoles[actType]
	}
	if r.verb == create && rule.creators != nil && !rule.inCase {
		writers = rule.creators
	}
	if r.api() && rule.exchange != nil {
		writers = rule.exchange
	}
	if existing && !visible {
		return hidden, "outside the jurisdiction"
	}
	if !slices.Contains(writers, w.role) {
		return forbid, "the role may not " + r.verb + " it"
	}
	if rule.ownAgency && p != nil && w.agency != p.agency && !(w.role == integration && r.verb == create) {
		if rule.offered && r.verb == create && !r.api() {
			return refuse, "the form offers only the caller's own agency"
		}
		return forbid, "only the case agency's own people"
	}
	if rule.regional && p != nil && w.agency != "" && w.agency != p.agency {
		if rule.offered && r.verb == create && !r.api() {
			return refuse, "the form offers only the matters of the caller's agency"
		}
		return forbid, "only for the agencies of the item's matter"
	}
	if rule.global && !(w.role == admin || (w.role == integration && w.agency == "" && prefix(w.region) != "" && len(prefix(w.region)) <= 2)) {
		return forbid, "the national calendar needs a system administrator or a province-level token"
	}
	if r.verb == create && p != nil {
		// The new object's home must be inside the caller's jurisdiction; a
		// new agency is never an agency-bound caller's own.
		agency := p.agency
		if r.kind == "agency" {
			agency = "new"
		}
		if !reaches(w, p.region, agency) {
			if rule.offered && !r.api() {
				return refuse, "the form offers only what the caller may choose"
			}
			return forbid, "the new object's home is outside the jurisdiction"
		}
	}
	if r.strict {
		return ok, "allowed"
	}
	return pass, "allowed (the object's state or the form may still refuse)"
}

func roleNames(rs []auth.Role) string {
	out := ""
	for i, r := range rs {
		if i > 0 {
			out += ", "
		}
		out += string(r)
	}
	return out
}
