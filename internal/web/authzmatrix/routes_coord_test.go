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
		region := commonRegion(p.region, q.region)
		m, err := svc.OpenMeeting(f.Ctx, f.Admin, coordination.MeetingOpening{Title: "矩阵联席会议（" + p.name + "）", Agenda: "矩阵",
			HeldOn: testworld.Today, Members: []string{p.agency, q.agency}, Region: region})
		if err == nil {
			_, err = svc.ActMeeting(f.Ctx, f.Admin, m.ID, coordination.MeetingInput{Action: "minutes", At: testworld.Today, Note: "矩阵纪要",
				Attended: []string{"甲局", "乙局"}})
		}
		if err != nil {
			t.Fatalf("meeting of %s: %v", p.name, err)
		}
		m, err = svc.ActMeeting(f.Ctx, f.Admin, m.ID, coordination.MeetingInput{Action: "decision", At: testworld.Today, Note: "矩阵议定事项",
			Owner: p.agency})
		if err != nil {
			t.Fatalf("decision of %s: %v", p.name, err)
		}
		meetings.Store(p, placeMeeting{placeDispute{m.ID, region, []string{p.agency, q.agency}}, m.Decisions[0].ID})
		// The place's agency asks its partner (a row as a township's request
		// would leave it; the matrix asks who reads and signs it).
		var aid int64
		if err := f.DB.W.QueryRow(`INSERT INTO assists (kind, region_code, sender, recipient, subject, summary, status, sent_on, answer_due,
			created_by, created_at, updated_at) VALUES ('township', $1, $2, $3, '矩阵协作', '矩阵', 'sent', $4, $4, 'matrix', 0, 0) RETURNING id`,
			region, p.agency, q.agency, testworld.Today).Scan(&aid); err != nil {
			t.Fatalf("assist of %s: %v", p.name, err)
		}
		assists.Store(p, placeDispute{aid, region, []string{p.agency, q.agency}})
		var gid, eid int64
		if err := f.DB.W.QueryRow(`INSERT INTO guiding_cases (region_code, case_id, agency_code, title, summary, points, status, created_by,
			created_at, updated_at) VALUES ($1, $2, $3, '矩阵案例', '矩阵', '矩阵', 'draft', 'matrix', 0, 0) RETURNING id`,
			p.region, p.caseID, p.agency).Scan(&gid); err != nil {
			t.Fatalf("guiding case of %s: %v", p.name, err)
		}
		if err := f.DB.W.QueryRow(`INSERT INTO exemptions (region_code, agency_code, cert_no, officer_name, case_id, year, ground, reasons,
			decided_on, status, created_by, created_at, updated_at) VALUES ($1, $2, $3, '矩阵', $4, 2026, 'law_changed', '矩阵', $5, 'granted',
			'matrix', 0, 0) RETURNING id`, p.region, p.agency, p.officer, p.caseID, testworld.Today).Scan(&eid); err != nil {
			t.Fatalf("exemption of %s: %v", p.name, err)
		}
		guidings.Store(p, gid)
		exemptions.Store(p, eid)
	}
	addLicenses(t, f)
}

var guidings, exemptions sync.Map // *place → id (a draft 典型案例 of the place's case; a granted exemption of its officer)

func idOf(m *sync.Map, p *place) string {
	v, _ := m.Load(p)
	return strconv.FormatInt(v.(int64), 10)
}

// guidingRoutes are the rows of 典型案例 and 履职免责.
func guidingRoutes() []*route {
	return []*route{
		{pattern: "GET /guiding-cases", kind: "guiding", verb: list, req: get("/guiding-cases")},
		{pattern: "POST /guiding-cases", kind: "guiding", verb: create,
			req: func(f *fixture, _ *who, _ *place) request {
				return request{path: "/guiding-cases", form: url.Values{"case_id": {strconv.FormatInt(f.places[0].caseID, 10)},
					"title": {"矩阵案例"}, "summary": {"矩阵"}, "points": {"矩阵"}}}
			}},
		{pattern: "GET /guiding-cases/{id}", kind: "guiding", verb: read, placed: true,
			req: placed(func(p *place) string { return "/guiding-cases/" + idOf(&guidings, p) })},
		{pattern: "POST /guiding-cases/{id}/status", kind: "guiding", verb: act, placed: true,
			req: func(_ *fixture, _ *who, p *place) request {
				return request{path: "/guiding-cases/" + idOf(&guidings, p) + "/status", form: url.Values{"status": {"published"}}}
			}},
		{pattern: "GET /exemptions", kind: "exemption", verb: list, req: get("/exemptions")},
		{pattern: "POST /exemptions", kind: "exemption", verb: create,
			req: func(f *fixture, _ *who, _ *place) request {
				return request{path: "/exemptions", form: url.Values{"cert_no": {f.places[0].officer}, "ground": {"law_changed"}}}
			}},
		{pattern: "POST /exemptions/{id}/revoke", kind: "exemption", verb: act, placed: true,
			req: func(_ *fixture, _ *who, p *place) request {
				return request{path: "/exemptions/" + idOf(&exemptions, p) + "/revoke", form: url.Values{"reason": {"矩阵撤销"}}}
			}},
	}
}

type placeMeeting struct {
	placeDispute
	decision int64 // its decision, owned by the place's agency
}

var meetings sync.Map // *place → placeMeeting (convened by the admin in the region of the place's and its partner's agencies)

func meetingOf(p *place) placeMeeting {
	v, _ := meetings.Load(p)
	return v.(placeMeeting)
}

func mpath(p *place, rest string) string {
	return "/meetings/" + strconv.FormatInt(meetingOf(p).id, 10) + rest
}

var assists sync.Map // *place → placeDispute (the place's agency's request to its partner: parties sender, recipient)

func assistOf(p *place) placeDispute {
	v, _ := assists.Load(p)
	return v.(placeDispute)
}

func aspath(p *place, rest string) string {
	return "/assists/" + strconv.FormatInt(assistOf(p).id, 10) + rest
}

// meetingRoutes are the rows of 联席会议 and 协作请求.
func meetingRoutes() []*route {
	return []*route{
		{pattern: "GET /meetings", kind: "meeting", verb: list, req: get("/meetings")},
		{pattern: "GET /meetings/new", kind: "meeting", verb: create, req: get("/meetings/new")},
		{pattern: "POST /meetings", kind: "meeting", verb: create, placed: true, strict: true,
			req: func(f *fixture, _ *who, p *place) request {
				return request{path: "/meetings", form: url.Values{"title": {"矩阵会议"}, "agenda": {"矩阵"}, "held_on": {testworld.Today},
					"agency": {p.agency, partnerOf(f, p).agency}}}
			}},
		{pattern: "GET /meetings/{id}", kind: "meeting", verb: read, placed: true, req: placed(func(p *place) string { return mpath(p, "") })},
		{pattern: "GET /meetings/{id}/minutes", kind: "meeting", verb: read, placed: true,
			req: placed(func(p *place) string { return mpath(p, "/minutes") })},
		{pattern: "POST /meetings/{id}/act/{type}", kind: "meeting-act", verb: act, act: "decision", placed: true, strict: true,
			req: func(_ *fixture, _ *who, p *place) request {
				return request{path: mpath(p, "/act/decision"), form: url.Values{"at": {testworld.Today}, "note": {"矩阵议定"},
					"owner": {p.agency}, "due_days": {"5"}}}
			}},
		{pattern: "POST /meetings/{id}/act/{type}", kind: "meeting-act", verb: act, act: "report", placed: true,
			req: func(_ *fixture, _ *who, p *place) request {
				return request{path: mpath(p, "/act/report"), form: url.Values{"at": {testworld.Today}, "note": {"矩阵落实"},
					"decision": {strconv.FormatInt(meetingOf(p).decision, 10)}}}
			}},
		{pattern: "GET /assists", kind: "assist", verb: list, req: get("/assists")},
		{pattern: "GET /assists/new", kind: "assist", verb: create, req: get("/assists/new")},
		{pattern: "POST /assists", kind: "assist", verb: create,
			req: func(f *fixture, _ *who, p *place) request {
				return request{path: "/assists", form: url.Values{"kind": {"licence"}, "recipient": {testworld.Other}, "subject": {"矩阵"},
					"summary": {"矩阵"}}}
			}},
		{pattern: "GET /assists/{id}", kind: "assist", verb: read, placed: true, req: placed(func(p *place) string { return aspath(p, "") })},
		{pattern: "POST /assists/{id}/act/{type}", kind: "assist", verb: act, act: "receipt", placed: true,
			req: func(_ *fixture, _ *who, p *place) request {
				return request{path: aspath(p, "/act/receipt"), form: url.Values{"at": {testworld.Today}}}
			}},
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
		// The overlap detection's parameters of a region: supervision of that region (as the inspection caps).
		{pattern: "POST /coordination/overlaps/settings", kind: "region-setting", verb: change, placed: true, strict: true,
			req: func(f *fixture, _ *who, p *place) request {
				return request{path: "/coordination/overlaps/settings", form: url.Values{"region": {p.region},
					"window_days": {strconv.Itoa(30 + f.next()%300)}, "min_agencies": {"2"}, "selective_cases": {"3"}, "selective_ratio": {"5"}}}
			}},
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
	out = append(out, meetingRoutes()...)
	out = append(out,
		&route{pattern: "GET /api/v1/disputes", kind: "dispute", verb: list, req: get("/api/v1/disputes")},
		&route{pattern: "GET /api/v1/disputes/{id}", kind: "dispute", verb: read, placed: true,
			req: placed(func(p *place) string { return "/api/v1" + dpath(p, "") })},
		&route{pattern: "GET /api/v1/assists", kind: "assist", verb: list, req: get("/api/v1/assists")},
		&route{pattern: "POST /api/v1/assists/{id}/actions", kind: "assist", verb: act, act: "receipt", placed: true,
			req: func(_ *fixture, _ *who, p *place) request {
				return request{path: "/api/v1" + aspath(p, "/actions"), body: map[string]any{"action": "receipt", "at": testworld.Today}}
			}})
	for _, a := range []string{"meeting", "answer"} {
		out = append(out, &route{pattern: "POST /api/v1/disputes/{id}/actions", kind: "dispute-act", verb: act, act: a, placed: true,
			strict: a == "meeting", req: func(_ *fixture, _ *who, p *place) request {
				return request{path: "/api/v1" + dpath(p, "/actions"), body: map[string]any{"action": a, "at": testworld.Today, "note": "矩阵测试",
					"position": "not_ours", "participants": []string{"甲局", "乙局"}}}
			}})
	}
	out = append(out, guidingRoutes()...)
	out = append(out, licenseRoutes()...)
	for _, a := range []string{"meeting", "answer"} {
		out = append(out, &route{pattern: "POST /disputes/{id}/act/{type}", kind: "dispute-act", verb: act, act: a, placed: true,
			strict: a == "meeting", req: func(_ *fixture, _ *who, p *place) request {
				return request{path: dpath(p, "/act/"+a), form: url.Values{"at": {testworld.Today}, "note": {"矩阵测试"},
					"position": {"not_ours"}, "participants": {"甲局\n乙局"}}}
			}})
	}
	return out
}
