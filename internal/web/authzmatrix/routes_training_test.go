package authzmatrix_test

// The registry's rows for 法律培训 and 证明事项告知承诺制 (issue 19): each
// place has a course of its agency, a question bank of its region, a 年检
// session of its region seating the place's matrix officer, a mock paper
// of that officer, a catalogue item of its agency handled by 告知承诺 and
// a promise under it already sent to the verifying agency (the sibling
// county's, or for the sibling itself the world's agency).

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"strconv"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"

	"zfjd/internal/auth"
	"zfjd/internal/promise"
	"zfjd/internal/recording"
	"zfjd/internal/testworld"
	"zfjd/internal/training"
)

type trainingObjects struct{ course, material, exam, paper, item, promise int64 }

// matrixPDF is a course material's file (a PDF, sniffed as one).
var matrixPDF = []byte("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")

func pdfFile() *recording.File {
	sum := sha256.Sum256(matrixPDF)
	return &recording.File{Name: "矩阵讲义.pdf", Size: int64(len(matrixPDF)), SHA256: hex.EncodeToString(sum[:]), Body: bytes.NewReader(matrixPDF)}
}

var trainingOf sync.Map // *place → trainingObjects

func tobj(p *place) trainingObjects { v, _ := trainingOf.Load(p); return v.(trainingObjects) }

// verifierOf is the agency the place's promises are verified by.
func verifierOf(p *place) string {
	if p.name == "sibling" {
		return testworld.Agency
	}
	return testworld.Other
}

func init() {
	for _, r := range []string{"GET /training/training.js"} {
		notObjects[r] = "a script, the same for everyone"
	}
	for _, r := range []string{"GET /public/exams", "GET /public/exams/{id}", "GET /public/promise-items"} {
		notObjects[r] = "public portal"
	}
}

// addTraining writes each place's training and promise objects, as the
// region's supervision and the place's officer would.
func addTraining(t *testing.T, f *fixture) {
	t.Helper()
	ts, ps := training.NewService(f.DB), promise.NewService(f.DB)
	for _, p := range f.places {
		var o trainingObjects
		for i := range 6 {
			if _, err := ts.PutQuestion(f.Ctx, f.Admin, &training.Question{RegionCode: p.region, Kind: "judge",
				Stem: "矩阵题" + p.name + strconv.Itoa(i), Answer: "正确", Law: "中华人民共和国行政处罚法", Article: "第三十六条", Difficulty: 1}); err != nil {
				t.Fatal(err)
			}
		}
		c := &training.Course{RegionCode: p.region, AgencyCode: p.agency, Track: "general", Title: "矩阵课程（" + p.name + "）", Body: "内容", Minutes: 45}
		e := &training.Exam{Kind: "annual", Title: "矩阵年检（" + p.name + "）", RegionCode: p.region, SittingOn: testworld.Today, Minutes: 30,
			Questions: 5, PassScore: 60}
		err := ts.AddCourse(f.Ctx, f.Admin, c)
		if err == nil {
			var m *training.Material
			if m, err = ts.AddMaterial(f.Ctx, f.Admin, c.ID, "矩阵讲义", pdfFile()); err == nil {
				o.material = m.ID
			}
		}
		if err == nil {
			err = ts.CreateExam(f.Ctx, f.Admin, e)
		}
		if err == nil {
			_, err = ts.AddSeats(f.Ctx, f.Admin, e.ID, []string{p.officer})
		}
		if err == nil {
			o.paper, err = ts.StartMock(f.Ctx, &auth.Principal{Role: auth.RoleOfficer, Region: p.region, Agency: p.agency, CertNo: p.officer}, "", 0, 3)
		}
		it := &promise.Item{AgencyCode: p.agency, Kind: "promise", Name: "矩阵证明（" + p.name + "）", Basis: "《优化营商环境条例》第四十四条",
			PromiseText: "承诺属实", VerifyRule: "部门间核查", VerifyAgency: verifierOf(p), VerifyDays: 5}
		if err == nil {
			_, err = ps.PutItem(f.Ctx, f.Admin, it)
		}
		pr := &promise.Promise{ItemID: it.ID, Applicant: "矩阵申请人", ApplicantID: testworld.Agency, Application: "矩阵申请"}
		if err == nil {
			err = ps.Record(f.Ctx, &auth.Principal{Role: auth.RoleOfficer, Region: p.region, Agency: p.agency, CertNo: p.officer}, pr)
		}
		if err == nil {
			_, err = ps.Act(f.Ctx, &auth.Principal{Role: auth.RoleOfficer, Region: p.region, Agency: p.agency, CertNo: p.officer}, pr.ID, "send", "")
		}
		if err != nil {
			t.Fatalf("training objects of %s: %v", p.name, err)
		}
		o.course, o.exam, o.item, o.promise = c.ID, e.ID, it.ID, pr.ID
		trainingOf.Store(p, o)
	}
}

func idPath(prefix string, id int64, rest string) string {
	return prefix + strconv.FormatInt(id, 10) + rest
}

func questionXLSX(f *fixture) []byte {
	x := excelize.NewFile()
	defer x.Close()
	x.SetSheetRow("Sheet1", "A1", &[]any{"题型", "题干", "选项（每行一个）", "答案", "法律", "条款", "难度", "解析"})
	x.SetSheetRow("Sheet1", "A2", &[]any{"判断题", "矩阵导入题" + strconv.Itoa(f.next()), "", "正确", "中华人民共和国行政处罚法", "第三十六条", "易", ""})
	var b bytes.Buffer
	x.Write(&b)
	return b.Bytes()
}

func trainingRoutes() []*route {
	form := func(fn func(f *fixture, p *place) (string, url.Values)) func(*fixture, *who, *place) request {
		return func(f *fixture, _ *who, p *place) request { path, v := fn(f, p); return request{path: path, form: v} }
	}
	return []*route{
		{pattern: "GET /training", kind: "training-desk", verb: list, req: get("/training")},
		{pattern: "GET /training/exams", kind: "training-desk", verb: list, req: get("/training/exams")},
		{pattern: "GET /training/courses/{id}", kind: "course-study", verb: read, placed: true,
			req: placed(func(p *place) string { return idPath("/training/courses/", tobj(p).course, "") })},
		{pattern: "POST /training/courses/{id}/beat", kind: "course-study", verb: act, placed: true, strict: true, sideEffects: []string{"training_clock"},
			req: form(func(_ *fixture, p *place) (string, url.Values) {
				return idPath("/training/courses/", tobj(p).course, "/beat"), url.Values{"visible": {"1"}, "idle": {"1"}}
			})},
		{pattern: "GET /training/materials/{id}", kind: "course-material", verb: read, placed: true,
			req: placed(func(p *place) string { return idPath("/training/materials/", tobj(p).material, "") })},
		{pattern: "POST /training/courses/{id}/materials", kind: "course-material-add", verb: create, placed: true, strict: true,
			req: func(f *fixture, _ *who, p *place) request {
				return request{path: idPath("/training/courses/", tobj(p).course, "/materials"), form: url.Values{"title": {"矩阵资料"}},
					files: map[string][]byte{"m.pdf": matrixPDF}, field: "file"}
			}},
		{pattern: "GET /training/courses/new", kind: "course", verb: create, req: get("/training/courses/new")},
		{pattern: "POST /training/courses", kind: "course", verb: create, placed: true, strict: true,
			req: form(func(_ *fixture, p *place) (string, url.Values) {
				return "/training/courses", url.Values{"region_code": {p.region}, "agency_code": {p.agency}, "track": {"general"},
					"title": {"矩阵新课程"}, "body": {"内容"}, "minutes": {"30"}}
			})},
		{pattern: "GET /training/plans", kind: "training-records", verb: list, req: get("/training/plans")},
		{pattern: "GET /training/stats", kind: "training-records", verb: list, req: get("/training/stats")},
		{pattern: "GET /training/stats/export", kind: "training-records", verb: list, req: get("/training/stats/export")},
		{pattern: "POST /training/plans", kind: "training-plan", verb: create, placed: true, strict: true,
			req: form(func(_ *fixture, p *place) (string, url.Values) {
				return "/training/plans", url.Values{"agency_code": {p.agency}, "year": {"2026"}, "title": {"矩阵计划"}, "track": {"rotation"},
					"required_hours": {"40"}}
			})},
		{pattern: "POST /training/mock", kind: "mock", verb: create, strict: true,
			req: func(*fixture, *who, *place) request {
				return request{path: "/training/mock", form: url.Values{"count": {"2"}}}
			}},
		{pattern: "GET /training/papers/{id}", kind: "paper", verb: read, placed: true,
			req: placed(func(p *place) string { return idPath("/training/papers/", tobj(p).paper, "") })},
		{pattern: "POST /training/papers/{id}", kind: "paper-submit", verb: act, placed: true,
			req: form(func(_ *fixture, p *place) (string, url.Values) {
				return idPath("/training/papers/", tobj(p).paper, ""), url.Values{}
			})},
		{pattern: "GET /training/questions", kind: "bank", verb: list, req: get("/training/questions")},
		{pattern: "GET /training/questions/export", kind: "bank", verb: list, req: get("/training/questions/export")},
		{pattern: "POST /training/questions", kind: "bank", verb: create, placed: true, strict: true,
			req: form(func(f *fixture, p *place) (string, url.Values) {
				return "/training/questions", url.Values{"region_code": {p.region}, "kind": {"judge"}, "stem": {"矩阵录入题" + strconv.Itoa(f.next())},
					"answer": {"错误"}, "law": {"中华人民共和国行政处罚法"}, "article": {"第三十六条"}, "difficulty": {"2"}}
			})},
		{pattern: "POST /training/questions/import", kind: "bank", verb: create, placed: true, strict: true,
			req: func(f *fixture, _ *who, p *place) request {
				return request{path: "/training/questions/import", form: url.Values{"region_code": {p.region}},
					files: map[string][]byte{"q.xlsx": questionXLSX(f)}, field: "file"}
			}},
		{pattern: "POST /training/exams", kind: "exam", verb: create, placed: true, strict: true,
			req: form(func(_ *fixture, p *place) (string, url.Values) {
				return "/training/exams", url.Values{"region_code": {p.region}, "kind": {"annual"}, "title": {"矩阵新考试"},
					"sitting_on": {testworld.Today}, "minutes": {"30"}, "questions": {"5"}, "pass_score": {"60"}}
			})},
		{pattern: "GET /training/exams/{id}", kind: "exam", verb: read, placed: true,
			req: placed(func(p *place) string { return idPath("/training/exams/", tobj(p).exam, "") })},
		{pattern: "POST /training/exams/{id}/seats", kind: "exam", verb: change, placed: true,
			req: form(func(_ *fixture, p *place) (string, url.Values) {
				return idPath("/training/exams/", tobj(p).exam, "/seats"), url.Values{"cert_nos": {p.officer}}
			})},
		{pattern: "POST /training/exams/{id}/publish", kind: "exam", verb: change, placed: true,
			req: form(func(_ *fixture, p *place) (string, url.Values) {
				return idPath("/training/exams/", tobj(p).exam, "/publish"), url.Values{}
			})},
		{pattern: "POST /training/exams/{id}/start", kind: "exam-start", verb: act, placed: true,
			req: form(func(_ *fixture, p *place) (string, url.Values) {
				return idPath("/training/exams/", tobj(p).exam, "/start"), url.Values{}
			})},
		{pattern: "GET /training/rules", kind: "fail-rule", verb: read, placed: true,
			req: placed(func(p *place) string { return "/training/rules?region_code=" + p.region })},
		{pattern: "POST /training/rules", kind: "fail-rule", verb: change, placed: true, strict: true,
			req: form(func(_ *fixture, p *place) (string, url.Values) {
				return "/training/rules", url.Values{"region_code": {p.region}, "first_fail": {"suspended"}, "second_fail": {"revoked"}, "basis": {"矩阵依据"}}
			})},

		{pattern: "GET /promises", kind: "promise-desk", verb: list, req: get("/promises")},
		{pattern: "GET /promises/stats", kind: "promise-desk", verb: list, req: get("/promises/stats")},
		{pattern: "GET /promises/items", kind: "promise-desk", verb: list, req: get("/promises/items")},
		{pattern: "POST /promises/items", kind: "promise-item", verb: create, placed: true, strict: true,
			req: form(func(f *fixture, p *place) (string, url.Values) {
				return "/promises/items", url.Values{"agency_code": {p.agency}, "kind": {"retained"}, "name": {"矩阵保留证明" + strconv.Itoa(f.next())},
					"basis": {"《优化营商环境条例》第四十四条"}, "issuer": {"某单位"}}
			})},
		{pattern: "POST /promises", kind: "promise-record", verb: create, placed: true, strict: true,
			req: form(func(_ *fixture, p *place) (string, url.Values) {
				return "/promises", url.Values{"item_id": {strconv.FormatInt(tobj(p).item, 10)}, "applicant": {"矩阵承诺人"},
					"applicant_id": {testworld.Agency}, "application": {"矩阵申请"}}
			})},
		{pattern: "GET /promises/{id}", kind: "promise", verb: read, placed: true,
			req: placed(func(p *place) string { return idPath("/promises/", tobj(p).promise, "") })},
		{pattern: "POST /promises/{id}/act/{type}", kind: "promise-verify", verb: act, act: "confirm", placed: true,
			req: form(func(_ *fixture, p *place) (string, url.Values) {
				return idPath("/promises/", tobj(p).promise, "/act/confirm"), url.Values{"note": {"矩阵核查"}}
			})},
	}
}
