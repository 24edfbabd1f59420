package authzmatrix_test

// The registry's rows for coordination (协调指挥, DOMAIN.md C14): each
// place has an enforcement dispute opened ex officio naming its agency and
// a partner agency (the next place's, the far one's partner is here's),
// so the dispute lives in their common region; the rows list, read and
// open disputes, record a meeting (supervision) and an answer (a named
// agency), and read the overlap list and the command board.

import (
	"net/url"
	"strconv"
	"sync"
	"testing"

	"zfjd/internal/auth"
	"zfjd/internal/coordination"
	"zfjd/internal/testworld"
)

type placeDispute struct {
	id      int64
	region  string   // where the dispute lives, as the rules state it
	parties []string // the agencies named
}

var disputes sync.Map // *place → placeDispute

var transfers sync.Map // *place → transfer id (a case transfer its agency sent to 公安)

func tpath(p *place, rest string) string {
	v, _ := transfers.Load(p)
	return "/transfers/" + strconv.FormatInt(v.(int64), 10) + rest
}

var joints sync.Map // *place → placeDispute (the place's joint action, led by its agency)

func jointOf(p *place) placeDispute {
	v, _ := joints.Load(p)
	return v.(placeDispute)
}

func jpath(p *place, rest string) string {
	return "/joint-actions/" + strconv.FormatInt(jointOf(p).id, 10) + rest
}

func disputeOf(p *place) placeDispute {
	v, _ := disputes.Load(p)
	return v.(placeDispute)
}

func dpath(p *place, rest string) string {
	return "/disputes/" + strconv.FormatInt(disputeOf(p).id, 10) + rest
}

// partnerOf is the agency a place's dispute names besides its own.
func partnerOf(f *fixture, p *place) *place {
	for i, x := range f.places {
		if x == p {
			if i+1 < len(f.places) && p.name != "far" {
				return f.places[i+1]
			}
			return f.places[0]
		}
	}
	return f.places[0]
}

// commonRegion is the deepest of the six-digit levels (county, city,
// province) holding both regions.
func commonRegion(a, b string) string {
	for _, n := range []int{6, 4, 2} {
		if len(a) >= n && len(b) >= n && a[:n] == b[:n] {
			return (a[:n] + "000000")[:6]
		}
	}
	return ""
}

// addDisputes opens each place's dispute ex officio, as an administrator would.
func addDisputes(t *testing.T, f *fixture) {
	t.Helper()
	svc := coordination.NewService(f.DB)
	for _, p := range f.places {
		q := partnerOf(f, p)
		d, err := svc.Open(f.Ctx, f.Admin, coordination.Opening{Kind: "competence", Title: "矩阵争议（" + p.name + "）",
			Summary: "矩阵争议", Agencies: []string{p.agency, q.agency}})
		if err != nil {
			t.Fatalf("dispute of %s: %v", p.name, err)
		}
		disputes.Store(p, placeDispute{d.ID, commonRegion(p.region, q.region), []string{p.agency, q.agency}})
		j, err := svc.OpenJoint(f.Ctx, f.Admin, coordination.JointOpening{Title: "矩阵联合行动（" + p.name + "）", Summary: "矩阵",
			Lead: p.agency, Members: []string{q.agency}, StartsOn: testworld.Today, EndsOn: testworld.Today})
		if err != nil {
			t.Fatalf("joint action of %s: %v", p.name, err)
		}
		joints.Store(p, placeDispute{j.ID, commonRegion(p.region, q.region), []string{p.agency, q.agency}})
		sender := &auth.Principal{Name: "矩阵机关", Role: auth.RoleAgencyAdmin, Region: p.region, Agency: p.agency}
		tr, err := svc.Send(f.Ctx, sender, coordination.TransferOpening{Kind: "case_transfer", RecipientKind: "police",
			Recipient: "矩阵公安分局", Subject: "矩阵移送（" + p.name + "）", Summary: "矩阵"})
		if err != nil {
			t.Fatalf("transfer of %s: %v", p.name, err)
		}
		transfers.Store(p, tr.ID)
	}
}

func disputeForm(f *fixture, p *place) url.Values {
	return url.Values{"kind": {"competence"}, "title": {"矩阵提请"}, "summary": {"矩阵提请协调"},
		"agency": {p.agency, partnerOf(f, p).agency}}
}

func coordinationRoutes() []*route {
	out := []*route{
		{pattern: "GET /disputes", kind: "dispute", verb: list, req: get("/disputes")},
		{pattern: "GET /disputes/export.xlsx", kind: "dispute", verb: list, req: get("/disputes/export.xlsx")},
		{pattern: "GET /disputes/new", kind: "dispute", verb: create, req: get("/disputes/new")},
		{pattern: "POST /disputes", kind: "dispute", verb: create, placed: true, strict: true,
			req: func(f *fixture, _ *who, p *place) request { return request{path: "/disputes", form: disputeForm(f, p)} }},
		{pattern: "GET /disputes/{id}", kind: "dispute", verb: read, placed: true, req: placed(func(p *place) string { return dpath(p, "") })},
		{pattern: "GET /coordination/overlaps", kind: "coordination-view", verb: list, req: get("/coordination/overlaps")},
		{pattern: "GET /coordination/board", kind: "coordination-view", verb: list, req: get("/coordination/board")},
	}
	out = append(out,
		&route{pattern: "GET /joint-actions", kind: "joint", verb: list, req: get("/joint-actions")},
		&route{pattern: "GET /joint-actions/new", kind: "joint", verb: create, req: get("/joint-actions/new")},
		&route{pattern: "POST /joint-actions", kind: "joint", verb: create, placed: true, strict: true,
			req: func(f *fixture, _ *who, p *place) request {
				return request{path: "/joint-actions", form: url.Values{"title": {"矩阵联合"}, "summary": {"矩阵"}, "lead": {p.agency},
					"agency": {partnerOf(f, p).agency}, "starts_on": {testworld.Today}, "ends_on": {testworld.Today}}}
			}},
		&route{pattern: "GET /joint-actions/{id}", kind: "joint", verb: read, placed: true, req: placed(func(p *place) string { return jpath(p, "") })},
		&route{pattern: "POST /joint-actions/{id}/act/{type}", kind: "joint-act", verb: act, act: "task", placed: true, strict: true,
			req: func(_ *fixture, _ *who, p *place) request {
				return request{path: jpath(p, "/act/task"), form: url.Values{"at": {testworld.Today}, "note": {"矩阵任务"},
					"owner": {p.agency}, "due": {testworld.Today}}}
			}},
	)
	out = append(out,
		&route{pattern: "GET /transfers", kind: "transfer", verb: list, req: get("/transfers")},
		&route{pattern: "GET /transfers/new", kind: "transfer", verb: create, req: get("/transfers/new")},
		&route{pattern: "POST /transfers", kind: "transfer", verb: create, strict: true,
			req: func(*fixture, *who, *place) request {
				return request{path: "/transfers", form: url.Values{"kind": {"case_transfer"}, "recipient_kind": {"police"},
					"recipient": {"矩阵公安分局"}, "subject": {"矩阵移送"}, "summary": {"矩阵"}}}
			}},
		&route{pattern: "GET /transfers/{id}", kind: "transfer", verb: read, placed: true, req: placed(func(p *place) string { return tpath(p, "") })},
		&route{pattern: "POST /transfers/{id}/act/{type}", kind: "transfer", verb: act, act: "receipt", placed: true,
			req: func(_ *fixture, _ *who, p *place) request {
				return request{path: tpath(p, "/act/receipt"), form: url.Values{"at": {testworld.Today}}}
			}},
	)
	for _, a := range []string{"meeting", "answer"} {
		out = append(out, &route{pattern: "POST /disputes/{id}/act/{type}", kind: "dispute-act", verb: act, act: a, placed: true,
			strict: a == "meeting", req: func(_ *fixture, _ *who, p *place) request {
				return request{path: dpath(p, "/act/"+a), form: url.Values{"at": {testworld.Today}, "note": {"矩阵测试"},
					"position": {"not_ours"}, "participants": {"甲局\n乙局"}}}
			}})
	}
	return out
}
