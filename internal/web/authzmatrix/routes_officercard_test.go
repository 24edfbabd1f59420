package authzmatrix_test

// The registry's rows for 红黄牌 records (package officercard): each place
// has a yellow card of its matrix officer, issued as a 不亮证 complaint of
// the place answered 属实 would issue it; the rows list and export the
// cards, lift each place's card, and set a rule of the caller's region.

import (
	"database/sql"
	"net/url"
	"strconv"
	"sync"
	"testing"

	"zfjd/internal/officercard"
)

var officerCards sync.Map // *place → card id

func addOfficerCards(t *testing.T, f *fixture) {
	t.Helper()
	for _, p := range f.places {
		var id int64
		err := f.DB.Tx(f.Ctx, func(tx *sql.Tx) error {
			c, err := officercard.IssueTx(f.Ctx, tx, f.Admin, officercard.Issue{CertNo: p.officer,
				Cause:      officercard.Cause{Kind: officercard.SourceComplaint, Category: "no_certificate"},
				SourceKind: officercard.SourceComplaint, SourceID: strconv.FormatInt(complaintOf(p).id, 10), What: "矩阵投诉经查属实"})
			if err == nil && c != nil {
				id = c.ID
			}
			return err
		})
		if err != nil || id == 0 {
			t.Fatalf("the card of %s: %d %v", p.name, id, err)
		}
		officerCards.Store(p, id)
	}
}

func cardPath(p *place, rest string) string {
	v, _ := officerCards.Load(p)
	return "/officer-cards/" + strconv.FormatInt(v.(int64), 10) + rest
}

func officerCardRoutes() []*route {
	return []*route{
		{pattern: "GET /officer-cards", kind: "officer-card", verb: list, req: get("/officer-cards")},
		{pattern: "GET /officer-cards/export.xlsx", kind: "officer-card", verb: list, req: get("/officer-cards/export.xlsx")},
		{pattern: "POST /officer-cards/{id}/lift", kind: "officer-card", verb: change, placed: true,
			req: func(_ *fixture, _ *who, p *place) request {
				return request{path: cardPath(p, "/lift"), form: url.Values{"reason": {"矩阵测试：申诉成立"}}}
			}},
		{pattern: "POST /officer-cards/rules", kind: "officer-card-rule", verb: change, strict: true,
			req: func(f *fixture, _ *who, _ *place) request {
				return request{path: "/officer-cards/rules", form: url.Values{"rule": {officercard.RuleCriticism}, "colour": {"yellow"},
					"points": {strconv.Itoa(1 + f.next()%50)}}}
			}},
	}
}

// officerCardRules: supervision bodies and administrators read the cards
// of their region down, lift them and set their region's rules; an
// agency's admin and head read their officers' cards; an officer or legal
// reviewer reads his own (the list narrowed to them); anyone else —
// social supervisors, outside review experts — reads none. Nobody else learns a card exists.
func officerCardRules(w *who, r *route, p *place) (want, why string, known bool) {
	switch r.kind {
	case "officer-card-rule":
		if isSupervision(w) {
			return ok, "supervision sets its own region's card rules", true
		}
		return forbid, "only supervision sets card rules", true
	case "officer-card":
	default:
		return "", "", false
	}
	if r.verb == list {
		if isSupervision(w) || ((w.role == agencyAdmin || w.role == head) && w.agency != "") ||
			((w.role == officer || w.role == reviewer) && w.cert != "") {
			return ok, "the list is narrowed to the region, the agency or the officer himself", true
		}
		return forbid, "social supervisors, integration tokens and outside experts read no cards", true
	}
	if !within(w, p.region) {
		return hidden, "outside the jurisdiction", true
	}
	if isSupervision(w) {
		return pass, "supervision of the officer's region lifts the card (a second lift is a 409)", true
	}
	if (w.role == agencyAdmin || w.role == head) && w.agency == p.agency {
		return forbid, "the officer's agency reads the card but may not lift it", true
	}
	return hidden, "the card is not the caller's own (no one signs in as the matrix officer)", true
}
