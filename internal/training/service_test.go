package training_test

import (
	"bytes"
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/training"
)

// seedBank adds n single questions on 行政处罚法 for region whose answer is A.
func seedBank(t *testing.T, w *testworld.World, s *training.Service, region string, n int) {
	t.Helper()
	sup := testworld.As("supervisor")
	for i := range n {
		q := &training.Question{RegionCode: region, Kind: "single", Stem: "第" + strconv.Itoa(i+1) + "题：行政处罚的追责时效一般为几年？",
			Options: []string{"二年", "三年", "五年"}, Answer: "A", Law: "中华人民共和国行政处罚法", Article: "第三十六条", Difficulty: 1 + i%3}
		if _, err := s.PutQuestion(w.Ctx, sup, q); err != nil {
			t.Fatal(err)
		}
	}
}

func at(ctx context.Context, d time.Duration) context.Context {
	return clock.With(ctx, clock.Fixed(clock.Now(ctx).Add(d)))
}

func TestStudyAndMock(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		s := training.NewService(db)
		seedBank(t, w, s, testworld.Region, 6)
		c := &training.Course{RegionCode: "370100", Track: "general", Title: "行政处罚法精讲", Body: "第一章 总则", Minutes: 45}
		if err := s.AddCourse(w.Ctx, testworld.As("city"), c); err != nil {
			t.Fatal(err)
		}
		if err := s.AddCourse(w.Ctx, testworld.As("officer"), &training.Course{RegionCode: testworld.Region, Track: "general",
			Title: "x", Body: "y", Minutes: 10}); err == nil {
			t.Error("an officer published a course")
		}
		officer := testworld.As("officer")
		// 100 beats 30 s apart: 45 minutes counted at most, one 学时.
		var pr *training.Progress
		for i := range 100 {
			var err error
			pr, err = s.Beat(at(w.Ctx, time.Duration(i*30)*time.Second), officer, c.ID, training.Beat{Visible: true, Idle: 3})
			if err != nil {
				t.Fatal(err)
			}
		}
		if pr.Seconds != 45*60 || pr.YearHours != 1 {
			t.Fatalf("after 50 minutes of beats: %+v", pr)
		}
		o, err := registry.GetOfficer(w.Ctx, db, w.Admin, testworld.CertA)
		if err != nil || len(o.Years) == 0 || o.Years[0].TrainingHours != 1 {
			t.Fatalf("the registry's year: %+v %v", o, err)
		}
		// A second tab within the same minute counts nothing.
		pr, err = s.Beat(at(w.Ctx, 3000*time.Second+5*time.Second), officer, c.ID, training.Beat{Visible: true})
		if err != nil || pr.Credited != 0 {
			t.Fatalf("second tab: %+v %v", pr, err)
		}
		if _, err := s.CourseFor(w.Ctx, testworld.As("other_officer"), c.ID); err != nil {
			t.Errorf("the city's course is offered to an officer of another district of the city: %v", err)
		}

		id, err := s.StartMock(w.Ctx, officer, "中华人民共和国行政处罚法", 0, 4)
		if err != nil {
			t.Fatal(err)
		}
		a, err := s.Attempt(w.Ctx, officer, id)
		if err != nil || len(a.Questions) != 4 {
			t.Fatalf("mock paper: %+v %v", a, err)
		}
		ans := map[string][]string{}
		for i, q := range a.Questions {
			ans[strconv.FormatInt(q.ID, 10)] = []string{map[bool]string{true: "A", false: "B"}[i%2 == 0]}
		}
		a, err = s.Submit(at(w.Ctx, time.Minute), officer, id, ans)
		if err != nil || a.Score != 50 || len(a.Wrong) != 2 || a.Wrong[0].Q.Basis() != "《中华人民共和国行政处罚法》第三十六条" {
			t.Fatalf("marked: %+v %v", a, err)
		}
		if _, err := s.Submit(w.Ctx, officer, id, ans); err == nil {
			t.Error("a paper was handed in twice")
		}
		if _, err := s.Attempt(w.Ctx, testworld.As("officer2"), id); err == nil {
			t.Error("another officer read the paper")
		}
	})
}

// answerAll starts p's seat in exam and answers every question with right
// (the bank's answers are A) or wrong.
func sit(t *testing.T, ctx context.Context, s *training.Service, user string, exam int64, right bool) *training.Attempt {
	t.Helper()
	p := testworld.As(user)
	id, err := s.Start(ctx, p, exam)
	if err != nil {
		t.Fatal(err)
	}
	again, err := s.Start(ctx, p, exam)
	if err != nil || again != id {
		t.Fatalf("second start %d %v, want the same paper %d", again, err, id)
	}
	a, err := s.Attempt(ctx, p, id)
	if err != nil {
		t.Fatal(err)
	}
	ans := map[string][]string{}
	for _, q := range a.Questions {
		ans[strconv.FormatInt(q.ID, 10)] = []string{map[bool]string{true: "A", false: "C"}[right]}
	}
	a, err = s.Submit(at(ctx, 5*time.Minute), p, id, ans)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestExamSessionFeedsCertificates(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		s := training.NewService(db)
		sup := testworld.As("supervisor")

		// The bank comes in by xlsx, and goes out the same way.
		x := excelize.NewFile()
		x.SetSheetRow("Sheet1", "A1", &[]any{"题型", "题干", "选项（每行一个）", "答案", "法律", "条款", "难度", "解析"})
		for i := range 8 {
			x.SetSheetRow("Sheet1", "A"+strconv.Itoa(i+2), &[]any{"单选题", "导入题" + strconv.Itoa(i), "甲\n乙\n丙", "A",
				"中华人民共和国行政处罚法", "第五十五条", "中", ""})
		}
		var buf bytes.Buffer
		x.Write(&buf)
		added, _, err := s.ImportQuestions(w.Ctx, sup, testworld.Region, bytes.NewReader(buf.Bytes()))
		if err != nil || added != 8 {
			t.Fatalf("import: %d %v", added, err)
		}
		x.SetSheetRow("Sheet1", "A10", &[]any{"多选题", "坏题", "甲\n乙", "A", "中华人民共和国行政处罚法", "第五十五条", "中"})
		buf.Reset()
		x.Write(&buf)
		if _, _, err := s.ImportQuestions(w.Ctx, sup, testworld.Region, bytes.NewReader(buf.Bytes())); err == nil ||
			!bytes.Contains([]byte(err.Error()), []byte("第10行“答案”")) {
			t.Fatalf("a bad row: %v", err)
		}
		n := 0
		s.EachQuestion(w.Ctx, sup, training.QuestionFilter{}, func(*training.Question) bool { n++; return true })
		if n != 8 {
			t.Fatalf("export has %d questions, want 8 (the bad import wrote nothing)", n)
		}

		exam := func(title string) int64 {
			e := &training.Exam{Kind: "annual", Title: title, RegionCode: testworld.Region, SittingOn: testworld.Today, Minutes: 30,
				Questions: 5, PassScore: 60}
			if err := s.CreateExam(w.Ctx, sup, e); err != nil {
				t.Fatal(err)
			}
			if _, err := s.AddSeats(w.Ctx, sup, e.ID, []string{testworld.CertA, testworld.CertB}); err != nil {
				t.Fatal(err)
			}
			return e.ID
		}
		first := exam("2026年度行政执法人员资格年检考试")
		if a := sit(t, w.Ctx, s, "officer", first, true); a.Score != 100 {
			t.Fatalf("A's score %d", a.Score)
		}
		if a := sit(t, w.Ctx, s, "officer2", first, false); a.Score != 0 || len(a.Wrong) != 5 {
			t.Fatalf("B's result %+v", a)
		}
		if _, err := s.Publish(w.Ctx, testworld.As("agency_admin"), first); err == nil {
			t.Error("an agency published the session")
		}
		pub, err := s.Publish(w.Ctx, sup, first)
		if err != nil || pub.Passed != 1 || pub.Sat != 2 || training.PassRate(pub.Passed, pub.Sat) != 50 {
			t.Fatalf("publish: %+v %v", pub, err)
		}
		_, list, err := s.PassList(w.Ctx, first)
		if err != nil || len(list) != 1 || list[0].CertNo != testworld.CertA {
			t.Fatalf("pass list %+v %v", list, err)
		}
		cert := func(no string) *registry.Officer {
			o, err := registry.GetOfficer(w.Ctx, db, w.Admin, no)
			if err != nil {
				t.Fatal(err)
			}
			return o
		}
		if a := cert(testworld.CertA); a.CertStatus != "valid" || a.Years[0].ReviewResult != "pass" {
			t.Errorf("A after passing: %s %+v", a.CertStatus, a.Years)
		}
		if b := cert(testworld.CertB); b.CertStatus != "suspended" || b.Years[0].ReviewResult != "fail" {
			t.Errorf("B after failing: %s %+v", b.CertStatus, b.Years)
		}
		// The 补考: B fails again and the default rule revokes.
		second := exam("2026年度年检补考")
		sit(t, w.Ctx, s, "officer", second, true)
		sit(t, w.Ctx, s, "officer2", second, false)
		if _, err := s.Publish(w.Ctx, sup, second); err != nil {
			t.Fatal(err)
		}
		if b := cert(testworld.CertB); b.CertStatus != "revoked" {
			t.Errorf("B after failing again: %s (%s)", b.CertStatus, b.StatusReason)
		}
		rows, total, err := s.Stats(w.Ctx, sup, 2026)
		if err != nil || total.Sat != 4 || total.Passed != 2 || len(rows) == 0 {
			t.Fatalf("stats %+v %+v %v", rows, total, err)
		}
	})
}

// TestQualificationIssues: a 资格考试 passed issues the pending certificate
// from today for five years (行政执法监督条例 Art. 17); one failed leaves it
// pending, its score recorded.
func TestQualificationIssues(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		s := training.NewService(db)
		sup := testworld.As("supervisor")
		seedBank(t, w, s, testworld.Region, 5)
		for _, c := range []string{"37010200091", "37010200092"} {
			if _, err := registry.PutOfficer(w.Ctx, db, w.Admin, &registry.Officer{CertNo: c, Name: "新人" + c[len(c)-1:], AgencyCode: testworld.Agency,
				CertValidFrom: "2030-01-01", CertValidTo: "2034-12-31"}); err != nil {
				t.Fatal(err)
			}
		}
		e := &training.Exam{Kind: "qualify", Title: "2026年新增执法人员资格考试", RegionCode: testworld.Region, SittingOn: testworld.Today,
			Minutes: 30, Questions: 5, PassScore: 60}
		if err := s.CreateExam(w.Ctx, sup, e); err != nil {
			t.Fatal(err)
		}
		if _, err := s.AddSeats(w.Ctx, sup, e.ID, []string{testworld.CertA}); err == nil {
			t.Error("an officer already certified was seated in a 资格考试")
		}
		if _, err := s.AddSeats(w.Ctx, sup, e.ID, []string{"37010200091", "37010200092"}); err != nil {
			t.Fatal(err)
		}
		for i, c := range []string{"37010200091", "37010200092"} {
			p := &auth.Principal{Role: auth.RoleOfficer, Region: testworld.Region, Agency: testworld.Agency, CertNo: c}
			id, err := s.Start(w.Ctx, p, e.ID)
			if err != nil {
				t.Fatal(err)
			}
			a, _ := s.Attempt(w.Ctx, p, id)
			ans := map[string][]string{}
			for _, q := range a.Questions {
				ans[strconv.FormatInt(q.ID, 10)] = []string{map[bool]string{true: "A", false: "B"}[i == 0]}
			}
			if _, err := s.Submit(w.Ctx, p, id, ans); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.Publish(w.Ctx, sup, e.ID); err != nil {
			t.Fatal(err)
		}
		got := func(c string) *registry.Officer {
			o, err := registry.GetOfficer(w.Ctx, db, w.Admin, c)
			if err != nil {
				t.Fatal(err)
			}
			return o
		}
		if o := got("37010200091"); o.State != "valid" || o.CertValidFrom != testworld.Today || o.CertValidTo != "2031-06-14" || *o.ExamScore != 100 {
			t.Errorf("passed: %s %s–%s score %v", o.State, o.CertValidFrom, o.CertValidTo, o.ExamScore)
		}
		if o := got("37010200092"); o.State != "pending" || o.ExamScore == nil || *o.ExamScore != 0 {
			t.Errorf("failed: %s score %v", o.State, o.ExamScore)
		}
	})
}
