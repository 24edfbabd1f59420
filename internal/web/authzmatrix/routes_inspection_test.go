package authzmatrix_test

// The registry's rows for 涉企行政检查 (spec/supervision-v1.md §4): each
// place's agency holds an inspection matter; each place has an inspection
// handled in zfjd — filed by its officer, approved by its head, reported
// (so its 检查码 exists) — and one pushed by a source system. The rows list,
// read, check in, push, keep the list's checklist, file a plan, draw and
// import the 双随机 pool. The enterprise's pages and API (by the code, no
// account) and the published list are public: no object of the matrix
// (inspectionweb's tests).

import (
	"bytes"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"maps"
	"net/url"
	"strconv"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"

	"zfjd/internal/auth"
	"zfjd/internal/calendar"
	"zfjd/internal/ident"
	"zfjd/internal/inspection"
	"zfjd/internal/media"
	"zfjd/internal/recording"
	"zfjd/internal/registry"
	"zfjd/internal/testworld"
	"zfjd/internal/web/webtest"
)

func init() {
	for _, p := range []string{"GET /public/inspections/{code}", "POST /public/inspections/{code}/rating", "GET /public/inspection-items",
		"GET /public/inspection-plans", "GET /public/draws/{id}", "GET /api/v1/public/inspections/{code}",
		"POST /api/v1/public/inspections/{code}/rating"} {
		notObjects[p] = "the enterprise's page by the inspection code and the published lists (inspectionweb tests)"
	}
}

type placeInspection struct {
	id     int64
	code   string
	matter string
	second string // the place's second officer, who checks in with the first
	pushed map[string]any
	// recording is an audio recording of the inspection's approval (全过程记录).
	recording int64
	// photo is the SHA-256 of a photo of the inspection's checklist.
	photo string
}

var inspections sync.Map // *place → placeInspection

func inspectionOf(p *place) placeInspection {
	v, _ := inspections.Load(p)
	return v.(placeInspection)
}

// inspectionMatters are the inspection matters of the agencies, for the
// filing rows of whoever is asking.
var inspectionMatters sync.Map // agency → matter code

func ipath(p *place, rest string) string {
	return "/inspections/" + strconv.FormatInt(inspectionOf(p).id, 10) + rest
}

// the places' officers: the first files and checks in, the second goes with him.
var placeOfficers = map[string][2]string{
	"here": {testworld.CertA, testworld.CertB}, "peer": {"37010299001", "37010299002"},
	"sibling": {testworld.CertOther, testworld.CertOther2}, "far": {testworld.CertFar, "37020200002"},
}

func pushedBody(p *place, matter string) map[string]any {
	offs := placeOfficers[p.name]
	return map[string]any{"agency_code": p.agency, "region_code": p.region, "matter_code": matter, "kind": "routine",
		"enterprise": map[string]any{"name": "矩阵受检企业", "id_number": "91370102MA3C5R2K0M"},
		"events": []map[string]any{{"type": "approved", "at": webtest.DaysAgo(3), "actor": "负责人"}, {"type": "reported", "at": webtest.DaysAgo(3)},
			{"type": "checked_in", "at": webtest.DaysAgo(2), "officers": []string{offs[0], offs[1]}}}}
}

func addInspections(t *testing.T, f *fixture) {
	t.Helper()
	svc := inspection.NewService(f.DB, calendar.RulesCalendar)
	robot := &auth.Principal{Name: "矩阵检查系统", Username: "mx-insp", Role: auth.RoleIntegration}
	for _, p := range f.places {
		offs := placeOfficers[p.name]
		matter := "J-MX-" + p.name
		if _, err := registry.PutMatter(f.Ctx, f.DB, f.Admin, &registry.Matter{Code: matter, Name: "矩阵检查事项（" + p.name + "）",
			Kind: "inspection", LegalBasis: "《中华人民共和国食品安全法》第一百一十条", AgencyCodes: []string{p.agency}}); err != nil {
			t.Fatal(err)
		}
		inspectionMatters.Store(p.agency, matter)
		off := &auth.Principal{Name: "矩阵执法员", Username: offs[0], Role: auth.RoleOfficer, Region: p.region, Agency: p.agency, CertNo: offs[0]}
		head := &auth.Principal{Name: "负责人", Username: "head_" + p.name, Role: auth.RoleHead, Region: p.region, Agency: p.agency, CertNo: offs[1]}
		in, err := svc.Create(f.Ctx, off, &inspection.Inspection{AgencyCode: p.agency, RegionCode: p.region, MatterCode: matter, Kind: "routine",
			Enterprise: inspection.Enterprise{Name: "矩阵受检企业（" + p.name + "）", IDNumber: "91370102MA3C5R2K0M"}})
		if err == nil {
			_, err = svc.Act(f.Ctx, head, in.ID, inspection.ActApprove, inspection.ActInput{Note: "同意"})
		}
		if err == nil {
			in, err = svc.Act(f.Ctx, off, in.ID, inspection.ActReport, inspection.ActInput{})
		}
		var rec *inspection.Recording
		if err == nil {
			audio := []byte("ID3矩阵检查录音")
			sum := sha256.Sum256(audio)
			rec, err = svc.AddRecording(f.Ctx, off, in.ID, &inspection.Recording{EventIndex: 0, EventType: inspection.EvApproved, Kind: "audio",
				Title: "审批录音"}, &recording.File{Name: "审批.mp3", ContentType: "audio/mpeg", Size: int64(len(audio)),
				SHA256: hex.EncodeToString(sum[:]), Body: bytes.NewReader(audio)}, recording.DefaultMaxBytes)
		}
		var photo string
		if err == nil { // a photo of the checklist, stored as AddPhoto stores one (the visit is not checked in)
			err = f.DB.Tx(f.Ctx, func(tx *sql.Tx) error {
				data := []byte("\x89PNG 矩阵照片 " + p.name)
				sum := sha256.Sum256(data)
				photo = hex.EncodeToString(sum[:])
				if err := media.Put(f.Ctx, tx, photo, int64(len(data)), bytes.NewReader(data)); err != nil {
					return err
				}
				_, err := tx.ExecContext(f.Ctx, `INSERT INTO inspection_photos (inspection_id, hash, mime, size, seq, created_by, created_at)
					VALUES ($1, $2, 'image/png', $3, 1, '矩阵', 0)`, in.ID, photo, len(data))
				return err
			})
		}
		body := pushedBody(p, matter)
		if err == nil {
			pushed := &inspection.Inspection{SourceSystem: "mx-insp", SourceID: p.name}
			_, _, err = svc.Put(f.Ctx, robot, fromBody(pushed, body))
		}
		if err != nil {
			t.Fatalf("inspection of %s: %v", p.name, err)
		}
		inspections.Store(p, placeInspection{id: in.ID, code: in.Code, matter: matter, second: offs[1], pushed: body, recording: rec.ID,
			photo: photo})
	}
}

// fromBody is the pushed body as the API's handler reads it.
func fromBody(in *inspection.Inspection, b map[string]any) *inspection.Inspection {
	in.AgencyCode, in.RegionCode, in.MatterCode, in.Kind = b["agency_code"].(string), b["region_code"].(string), b["matter_code"].(string), "routine"
	in.Enterprise = inspection.Enterprise{Name: "矩阵受检企业", IDNumber: "91370102MA3C5R2K0M"}
	for _, e := range b["events"].([]map[string]any) {
		ev := inspection.Event{Type: e["type"].(string), At: e["at"].(string)}
		if a, ok := e["actor"].(string); ok {
			ev.Actor = a
		}
		if o, ok := e["officers"].([]string); ok {
			ev.Officers = o
		}
		in.Events = append(in.Events, ev)
	}
	return in
}

// poolFile is an xlsx object pool of one enterprise.
func poolFile() []byte {
	x := excelize.NewFile()
	x.SetSheetRow("Sheet1", "A1", &[]any{"统一社会信用代码", "名称", "类型", "领域", "风险等级"})
	x.SetSheetRow("Sheet1", "A2", &[]any{"91370102MA3C5R2K0M", "矩阵受检企业", "企业", "食品", "高风险"})
	var buf bytes.Buffer
	x.Write(&buf)
	return buf.Bytes()
}

func askerMatter(w *who) string {
	if v, ok := inspectionMatters.Load(w.agency); ok {
		return v.(string)
	}
	return "J-MX-none"
}

// inspectionRoutes: the check-in is the officers' and taken once (later
// allowed rows answer 409); the push changes the enterprise's name (200).
func inspectionRoutes() []*route {
	return []*route{
		{pattern: "GET /inspections", kind: "inspection", verb: list, req: get("/inspections")},
		{pattern: "GET /inspections/export.xlsx", kind: "inspection", verb: list, req: get("/inspections/export.xlsx")},
		{pattern: "GET /api/v1/inspections", kind: "inspection", verb: list, req: get("/api/v1/inspections")},
		{pattern: "GET /inspections/items", kind: "inspection-lists", verb: list, req: get("/inspections/items")},
		{pattern: "GET /inspections/plans", kind: "inspection-lists", verb: list, req: get("/inspections/plans")},
		{pattern: "GET /inspections/joint", kind: "inspection-lists", verb: list, req: get("/inspections/joint")},
		{pattern: "GET /inspections/draws", kind: "inspection-lists", verb: list, req: get("/inspections/draws")},
		{pattern: "GET /inspections/ratings", kind: "inspection-ratings", verb: list, req: get("/inspections/ratings")},
		{pattern: "GET /inspections/stats", kind: "supervision", verb: list, req: get("/inspections/stats")},
		// The frequency caps of a region: supervision of that region (as the warnings' escalation period).
		{pattern: "POST /inspections/caps", kind: "region-setting", verb: change, placed: true, strict: true,
			req: func(f *fixture, _ *who, p *place) request {
				return request{path: "/inspections/caps", form: url.Values{"region": {p.region}, "per_day": {"1"}, "per_week": {"2"},
					"per_month": {strconv.Itoa(3 + f.next()%20)}}}
			}},
		{pattern: "GET /inspections/{id}", kind: "inspection", verb: read, placed: true, req: placed(func(p *place) string { return ipath(p, "") })},
		{pattern: "GET /inspections/{id}/qr.png", kind: "inspection", verb: read, placed: true,
			req: placed(func(p *place) string { return ipath(p, "/qr.png") })},
		{pattern: "GET /inspections/{id}/docs/{kind}", kind: "inspection", verb: read, placed: true,
			req: placed(func(p *place) string { return ipath(p, "/docs/approval_form") })},
		{pattern: "GET /inspections/{id}/recordings/{rid}", kind: "inspection", verb: read, placed: true,
			req: placed(func(p *place) string {
				return ipath(p, "/recordings/"+strconv.FormatInt(inspectionOf(p).recording, 10))
			})},
		{pattern: "POST /inspections/{id}/recordings/new", kind: "inspection-recording", verb: create, placed: true, strict: true,
			req: func(_ *fixture, _ *who, p *place) request {
				return request{path: ipath(p, "/recordings/new"), field: "file", files: map[string][]byte{"入企.mp3": []byte("ID3矩阵录音")},
					form: url.Values{"kind": {"audio"}, "title": {"矩阵检查录音"}, "act": {"0|approved"}}}
			}},
		{pattern: "GET /inspections/{id}/photos/{hash}", kind: "inspection", verb: read, placed: true,
			req: placed(func(p *place) string { return ipath(p, "/photos/"+inspectionOf(p).photo) })},
		// A photo of the checklist is the officers' on site, as the checklist: before the check-in the visit's state answers 409.
		{pattern: "POST /inspections/{id}/photos/new", kind: "inspection-act", verb: act, act: "checklist", placed: true,
			req: func(_ *fixture, _ *who, p *place) request {
				return request{path: ipath(p, "/photos/new"), field: "photo", files: map[string][]byte{"现场.png": []byte("\x89PNG 矩阵现场照片")},
					form: url.Values{"caption": {"矩阵照片"}}}
			}},
		// 回避: the place's officer declared in conflict with an enterprise, another each time (the same twice is one row).
		{pattern: "POST /inspections/conflicts", kind: "inspection-conflict", verb: change, placed: true, strict: true,
			req: func(f *fixture, _ *who, p *place) request {
				ent, _ := ident.MakeUSCC('9', '1', "370102", fmt.Sprintf("M%07d", f.next()))
				return request{path: "/inspections/conflicts", form: url.Values{"cert_no": {p.officer}, "enterprise_id": {ent}}}
			}},
		// 综合查一次 in one click: the matrix's plans propose no joint visit, so whoever may file answers 404.
		{pattern: "POST /inspections/joint/new", kind: "inspection-joint-visit", verb: create,
			req: func(*fixture, *who, *place) request {
				return request{path: "/inspections/joint/new", form: url.Values{"enterprise_id": {"91370102MA3C5R2K0M"}, "month": {"2026-07"}}}
			}},
		{pattern: "GET /api/v1/inspections/{source_system}/{source_id}", kind: "inspection", verb: read, placed: true,
			req: placed(func(p *place) string { return "/api/v1/inspections/mx-insp/" + p.name })},
		{pattern: "PUT /api/v1/inspections/{source_system}/{source_id}", kind: "inspection-push", verb: change, placed: true, strict: true,
			req: func(f *fixture, _ *who, p *place) request {
				b := maps.Clone(inspectionOf(p).pushed)
				b["enterprise"] = map[string]any{"name": "矩阵受检企业" + strconv.Itoa(f.next()), "id_number": "91370102MA3C5R2K0M"}
				return request{path: "/api/v1/inspections/mx-insp/" + p.name, body: b}
			}},
		{pattern: "POST /inspections/{id}/act/{type}", kind: "inspection-act", verb: act, act: "check_in", placed: true,
			req: func(_ *fixture, _ *who, p *place) request {
				i := inspectionOf(p)
				return request{path: ipath(p, "/act/check_in"), form: url.Values{"code": {i.code}, "officers": {i.second}}}
			}},
		// 综合查一次: inviting the inspection's own agency is refused by the form (400), so the row changes no visibility.
		{pattern: "POST /inspections/{id}/joint/new", kind: "inspection-joint", verb: act, placed: true,
			req: func(_ *fixture, _ *who, p *place) request {
				return request{path: ipath(p, "/joint/new"), form: url.Values{"joint_agency_code": {p.agency}}}
			}},
		{pattern: "GET /inspections/new", kind: "inspection-new", verb: create, req: get("/inspections/new")},
		{pattern: "POST /inspections/new", kind: "inspection-new", verb: create,
			req: func(_ *fixture, w *who, _ *place) request {
				return request{path: "/inspections/new", form: url.Values{"matter_code": {askerMatter(w)}, "kind": {"routine"},
					"enterprise_name": {"矩阵新登记企业"}, "enterprise_id": {"91370102MA3C5R2K0M"}, "region_code": {w.region}}}
			}},
		{pattern: "POST /inspections/items/{code}", kind: "inspection-item", verb: change, placed: true, strict: true,
			req: func(_ *fixture, _ *who, p *place) request {
				return request{path: "/inspections/items/" + inspectionOf(p).matter,
					form: url.Values{"object_types": {"食品经营者"}, "checklist": {"许可证照\r\n健康证明"}}}
			}},
		{pattern: "POST /inspections/plans", kind: "inspection-plan", verb: create, strict: true,
			req: func(*fixture, *who, *place) request {
				return request{path: "/inspections/plans", form: url.Values{"year": {"2026"}, "title": {"矩阵年度计划"}}}
			}},
		{pattern: "POST /inspections/draws", kind: "inspection-draw", verb: create,
			req: func(*fixture, *who, *place) request {
				return request{path: "/inspections/draws", form: url.Values{"title": {"矩阵抽查"}}}
			}},
		{pattern: "POST /inspections/pool", kind: "inspection-pool", verb: create, strict: true,
			req: func(*fixture, *who, *place) request {
				return request{path: "/inspections/pool", files: map[string][]byte{"pool.xlsx": poolFile()}, field: "file"}
			}},
	}
}
