package authzmatrix_test

// The registry's rows for complaints (码上监督, spec/supervision-v1.md §3):
// each place has a complaint about its agency, accepted by supervision and
// forwarded to that agency, with one photo; the rows list, read, reveal
// the contact and take an act of each side on it. The public intake
// (form, challenge, filing, tracking, rating, poster) needs no account and
// is no object of the matrix (complaintweb's tests).

import (
	"bytes"
	"image"
	"image/jpeg"
	"net/url"
	"strconv"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"

	"zfjd/internal/calendar"
	"zfjd/internal/complaint"
)

func init() {
	for _, p := range []string{"GET /complaint/complaint.js", "GET /complaint/complaint.css", "GET /complaint/new", "POST /complaint",
		"GET /complaint/track", "POST /complaint/track", "POST /complaint/track/rate", "GET /complaint/poster/{code}", "GET /social/verify/{token}",
		"GET /api/v1/public/challenge", "POST /api/v1/public/complaints", "GET /api/v1/public/complaints/{tracking_code}",
		"POST /api/v1/public/complaints/{tracking_code}/rating"} {
		notObjects[p] = "public complaint intake and tracking, the 聘任证 verification (complaintweb tests)"
	}
	for _, p := range []string{"GET /open", "GET /open/v1/decisions", "GET /open/v1/decisions.csv",
		"GET /open/v1/agencies", "GET /open/v1/agencies.csv", "GET /open/v1/officers", "GET /open/v1/officers.csv",
		"GET /open/v1/matters", "GET /open/v1/matters.csv"} {
		notObjects[p] = "public open data (openweb tests)"
	}
}

type placeComplaint struct {
	id, social, observation int64
	photo                   string
}

var complaints sync.Map // *place → placeComplaint

func complaintOf(p *place) placeComplaint {
	v, _ := complaints.Load(p)
	return v.(placeComplaint)
}

func ccpath(p *place, rest string) string {
	return "/complaints/" + strconv.FormatInt(complaintOf(p).id, 10) + rest
}

// addComplaints files a named complaint (as the 12345 hotline would, so no
// proof of work) about each place's agency, accepts it and forwards it to
// that agency, as an administrator would.
func addComplaints(t *testing.T, f *fixture) {
	t.Helper()
	keys, err := complaint.StoredKeys(f.Ctx, f.DB)
	if err != nil {
		t.Fatal(err)
	}
	svc := complaint.NewService(f.DB, calendar.RulesCalendar, keys)
	var buf bytes.Buffer
	jpeg.Encode(&buf, image.NewGray(image.Rect(0, 0, 4, 4)), nil)
	no := false
	for i, p := range f.places {
		r, err := svc.File(f.Ctx, f.Admin, &complaint.Filing{Category: "rude", RegionCode: p.region, AgencyCode: p.agency,
			Description: "矩阵投诉：执法人员态度粗暴（" + p.name + "）", Anonymous: &no,
			Contact: &complaint.Contact{Name: "矩阵投诉人", Phone: "13900000000"}, Source: complaint.SourceHotline,
			SourceRef: "MX-" + strconv.Itoa(i)}, "", []complaint.Upload{{Name: "a.jpg", Data: buf.Bytes()}})
		if err == nil {
			_, err = svc.Act(f.Ctx, f.Admin, r.ID, complaint.Action{Action: "accept"})
		}
		var c *complaint.Complaint
		if err == nil {
			c, err = svc.Act(f.Ctx, f.Admin, r.ID, complaint.Action{Action: "forward", AgencyCode: p.agency})
		}
		if err != nil {
			t.Fatalf("complaint of %s: %v", p.name, err)
		}
		// An appointment of the place's region, and an observation of its
		// agency by the matrix's social supervisor (written as the form would).
		x, err := svc.Appoint(f.Ctx, f.Admin, complaint.Appointment{Name: "矩阵监督员" + p.name, Region: p.region,
			TermFrom: "2026-01-01", TermTo: "2027-12-31"})
		if err != nil {
			t.Fatal(err)
		}
		var obs int64
		if err := f.DB.W.QueryRowContext(f.Ctx, `INSERT INTO observations (account_id, observer_name, agency_code, region_code, on_date,
			place, checklist, created_at) VALUES ((SELECT id FROM accounts WHERE username = 'social'), '矩阵监督员', $1, $2, $3, '矩阵地点', '{}', 0)
			RETURNING id`, p.agency, p.region, "2026-06-12").Scan(&obs); err != nil {
			t.Fatal(err)
		}
		if _, err := f.DB.W.ExecContext(f.Ctx, `INSERT INTO observation_photos (observation_id, hash, mime, size, seq)
			SELECT $1, hash, mime, size, seq FROM complaint_photos WHERE complaint_id = $2`, obs, c.ID); err != nil {
			t.Fatal(err)
		}
		complaints.Store(p, placeComplaint{c.ID, x.ID, obs, c.Photos[0].Hash})
	}
	// The social account's own appointment, for the city (clues and observations need one).
	if _, err := svc.Appoint(f.Ctx, f.Admin, complaint.Appointment{Username: "social", Name: "矩阵社会监督员", Region: "370100",
		TermFrom: "2026-01-01", TermTo: "2027-12-31"}); err != nil {
		t.Fatal(err)
	}
}

func sspath(p *place, rest string) string {
	return "/social-supervisors/" + strconv.FormatInt(complaintOf(p).social, 10) + rest
}

func opath(p *place, rest string) string {
	return "/observations/" + strconv.FormatInt(complaintOf(p).observation, 10) + rest
}

// hotlineFile is a 12345 export with one fresh work order of region.
func hotlineFile(f *fixture, region string) map[string][]byte {
	x := excelize.NewFile()
	x.SetSheetRow("Sheet1", "A1", &[]any{"工单号", "来电时间", "诉求内容", "所属区域"})
	x.SetSheetRow("Sheet1", "A2", &[]any{"MXGD" + strconv.Itoa(f.next()), "2026-06-12 09:00", "矩阵热线工单：执法人员乱罚款", region})
	var buf bytes.Buffer
	x.Write(&buf)
	return map[string][]byte{"gd.xlsx": buf.Bytes()}
}

// complaintRoutes: 调查记录 (note) is supervision's and open while the
// complaint is handled (strict); the reply is the agency's, taken once
// (later allowed rows answer 409).
func complaintRoutes() []*route {
	out := []*route{
		{pattern: "GET /complaints", kind: "complaint", verb: list, req: get("/complaints")},
		{pattern: "GET /complaints/export.xlsx", kind: "complaint", verb: list, req: get("/complaints/export.xlsx")},
		{pattern: "GET /complaints/stats", kind: "complaint", verb: list, req: get("/complaints/stats")},
		{pattern: "GET /complaints/stats.xlsx", kind: "complaint", verb: list, req: get("/complaints/stats.xlsx")},
		{pattern: "GET /api/v1/complaints", kind: "complaint", verb: list, req: get("/api/v1/complaints")},
		{pattern: "GET /complaints/{id}", kind: "complaint", verb: read, placed: true, req: placed(func(p *place) string { return ccpath(p, "") })},
		// Supervision's read carries the contact, and each such read is audited.
		{pattern: "GET /api/v1/complaints/{id}", kind: "complaint", verb: read, placed: true, sideEffects: []string{"audit_log", "complaint_events"},
			req: placed(func(p *place) string { return "/api/v1" + ccpath(p, "") })},
		{pattern: "GET /complaints/{id}/photos/{hash}", kind: "complaint", verb: read, placed: true,
			req: placed(func(p *place) string { return ccpath(p, "/photos/"+complaintOf(p).photo) })},
		{pattern: "POST /complaints/{id}/contact", kind: "complaint-contact", verb: act, placed: true, strict: true,
			req: placed(func(p *place) string { return ccpath(p, "/contact") })},
	}
	out = append(out,
		&route{pattern: "POST /complaints/settings", kind: "complaint-setting", verb: change, placed: true, strict: true,
			req: func(f *fixture, _ *who, p *place) request {
				return request{path: "/complaints/settings", form: url.Values{"region": {p.region}, "accept_workdays": {strconv.Itoa(1 + f.next()%15)},
					"answer_days": {"60"}, "forward_workdays": {"15"}, "hourly_limit": {"5"}}}
			}},
		&route{pattern: "GET /complaints/hotline", kind: "complaint-hotline", verb: create, req: get("/complaints/hotline")},
		&route{pattern: "POST /complaints/hotline/import", kind: "complaint-hotline", verb: create, placed: true, strict: true,
			req: func(f *fixture, _ *who, p *place) request {
				return request{path: "/complaints/hotline/import", files: hotlineFile(f, p.region), field: "file"}
			}},
		&route{pattern: "GET /complaints/hotline/export.xlsx", kind: "complaint", verb: list, req: get("/complaints/hotline/export.xlsx")},
		&route{pattern: "GET /complaints/clue", kind: "complaint-clue", verb: create, req: get("/complaints/clue")},
		&route{pattern: "POST /complaints/clue", kind: "complaint-clue", verb: create, placed: true, strict: true,
			req: func(_ *fixture, _ *who, p *place) request {
				return request{path: "/complaints/clue", form: url.Values{"category": {"rude"}, "agency_code": {p.agency},
					"description": {"矩阵线索：执法人员态度粗暴"}}}
			}},
		&route{pattern: "GET /social-supervisors", kind: "social", verb: list, req: get("/social-supervisors")},
		&route{pattern: "POST /social-supervisors", kind: "social", verb: create, placed: true, strict: true,
			req: func(_ *fixture, _ *who, p *place) request {
				return request{path: "/social-supervisors", form: url.Values{"name": {"矩阵聘任"}, "region": {p.region},
					"term_from": {"2026-01-01"}, "term_to": {"2026-12-31"}}}
			}},
		&route{pattern: "GET /social-supervisors/{id}", kind: "social", verb: read, placed: true, req: placed(func(p *place) string { return sspath(p, "") })},
		&route{pattern: "POST /social-supervisors/{id}/records", kind: "social", verb: act, act: "record", placed: true, strict: true,
			req: func(f *fixture, _ *who, p *place) request {
				return request{path: sspath(p, "/records"), form: url.Values{"kind": {"training"}, "on": {"2026-06-01"},
					"title": {"矩阵培训" + strconv.Itoa(f.next())}, "hours": {"2"}}}
			}},
		&route{pattern: "POST /social-supervisors/{id}/exit", kind: "social", verb: act, act: "exit", placed: true,
			req: func(_ *fixture, _ *who, p *place) request {
				return request{path: sspath(p, "/exit"), form: url.Values{"exit_on": {"2026-06-15"}, "exit_reason": {"矩阵退出"}}}
			}},
		&route{pattern: "GET /observations", kind: "observation", verb: list, req: get("/observations")},
		&route{pattern: "GET /observations/export.xlsx", kind: "observation", verb: list, req: get("/observations/export.xlsx")},
		&route{pattern: "GET /observations/new", kind: "observation", verb: create, req: get("/observations/new")},
		&route{pattern: "POST /observations", kind: "observation", verb: create, placed: true, strict: true,
			req: func(_ *fixture, _ *who, p *place) request {
				return request{path: "/observations", form: url.Values{"agency_code": {p.agency}, "on": {"2026-06-12"}, "place": {"矩阵地点"},
					"check_certificate": {"yes"}}}
			}},
		&route{pattern: "GET /observations/{id}", kind: "observation", verb: read, placed: true, req: placed(func(p *place) string { return opath(p, "") })},
		&route{pattern: "POST /observations/{id}/review", kind: "observation", verb: act, act: "review", placed: true,
			req: func(_ *fixture, _ *who, p *place) request {
				return request{path: opath(p, "/review"), form: url.Values{"result": {"accepted"}, "note": {"矩阵审核"}}}
			}},
		&route{pattern: "GET /observations/{id}/photos/{hash}", kind: "observation", verb: read, placed: true,
			req: placed(func(p *place) string { return opath(p, "/photos/"+complaintOf(p).photo) })},
		// Turning a finding into a clue needs the record accepted: before the
		// review row it answers 409, after it the first allowed row writes.
		&route{pattern: "POST /observations/{id}/clue", kind: "observation", verb: act, act: "clue", placed: true,
			req: func(_ *fixture, _ *who, p *place) request {
				return request{path: opath(p, "/clue"), form: url.Values{"category": {"other"}}}
			}},
	)
	for _, a := range []string{"note", "reply"} {
		out = append(out,
			&route{pattern: "POST /complaints/{id}/act/{type}", kind: "complaint-act", verb: act, act: a, placed: true, strict: a == "note",
				req: func(_ *fixture, _ *who, p *place) request {
					return request{path: ccpath(p, "/act/"+a), form: url.Values{"note": {"矩阵测试"}}}
				}},
			&route{pattern: "POST /api/v1/complaints/{id}/actions", kind: "complaint-act", verb: act, act: a, placed: true, strict: a == "note",
				req: func(_ *fixture, _ *who, p *place) request {
					return request{path: "/api/v1" + ccpath(p, "/actions"), body: map[string]any{"action": a, "note": "矩阵测试"}}
				}},
		)
	}
	return out
}
