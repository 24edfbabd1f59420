package trainingweb_test

// The "done when" of issue 19's training half, in headless Chromium on
// both engines: an officer studies a course on a 390 px phone (the page's
// heartbeats count on the server's clock), takes a mock exam and reads the
// article behind each wrong answer; the district's supervision runs a 年检
// exam session, two officers sit it, the pass list is published on the
// portal and the failed officer's certificate is suspended by the rule.

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"zfjd/internal/clock"
	"zfjd/internal/config"
	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/training"
	"zfjd/internal/web"
	"zfjd/internal/web/webtest"
)

// stepClock is the pinned day's clock, moved on by the test.
type stepClock struct {
	base time.Time
	off  atomic.Int64
}

func (c *stepClock) Now() time.Time { return c.base.Add(time.Duration(c.off.Load())) }

func (c *stepClock) step(d time.Duration) { c.off.Add(int64(d)) }

func serve(ctx context.Context, t *testing.T, db *store.DB, c clock.Clock) string {
	t.Helper()
	srv := httptest.NewUnstartedServer(nil)
	s, err := web.New(clock.With(ctx, c), db, &config.Options{BaseURL: "http://" + srv.Listener.Addr().String()},
		slog.New(slog.NewTextHandler(io.Discard, nil)), web.WithClock(c))
	if err != nil {
		t.Fatal(err)
	}
	srv.Config.Handler = s
	srv.Start()
	t.Cleanup(srv.Close)
	return srv.URL
}

func login(b *webtest.Tab, base, user string) {
	b.T.Helper()
	b.Nav("open /login", base+"/login")
	b.Do("type the login "+user,
		chromedp.SendKeys(chromedp.CSS(`input[name="username"]`), user),
		chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), testworld.Password))
	b.ClickAndLoad("log in as "+user, chromedp.CSS(`.login button[type="submit"]`))
	if loc := b.Location(); loc != base+"/" {
		b.T.Fatalf("login %s: at %s (%.200s)", user, loc, b.Text("body"))
	}
}

// answer picks, on the paper, A for the first right questions and C for the rest.
func answer(b *webtest.Tab, right int) {
	b.T.Helper()
	webtest.Run(b, "answer the paper", chromedp.Evaluate[int](`(() => {
		const qs = document.querySelectorAll("fieldset.question");
		qs.forEach((f, i) => f.querySelector('input[value="' + (i < `+strconv.Itoa(right)+` ? "A" : "C") + '"]').click());
		return qs.length;
	})()`))
}

// beat runs the page's heartbeat now and waits for its answer.
func beat(b *webtest.Tab) {
	b.T.Helper()
	webtest.Run(b, "beat", chromedp.Evaluate[int](`window.zfjdBeat().then(() => 1)`, chromedp.EvalAwaitPromise))
}

func fits(b *webtest.Tab, width int) {
	b.T.Helper()
	if w := webtest.Run(b, "page width", chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); w > width+1 {
		b.T.Errorf("the page is %dpx wide on a %dpx phone", w, width)
	}
}

func TestBrowserTraining(t *testing.T) {
	chromium := webtest.NeedChromium(t)
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		// A guard against a hung browser, not a measure: on a shared 2-core
		// machine under load the whole walk may take several minutes.
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
		t.Cleanup(cancel)
		w := testworld.Build(t, db)
		svc := training.NewService(db)
		sup := testworld.As("supervisor")
		for i := range 12 {
			if _, err := svc.PutQuestion(w.Ctx, sup, &training.Question{RegionCode: testworld.Region, Kind: "single",
				Stem: "第" + strconv.Itoa(i+1) + "题：违法行为在几年内未被发现的，不再给予行政处罚？", Options: []string{"二年", "三年", "五年"},
				Answer: "A", Law: "中华人民共和国行政处罚法", Article: "第三十六条", Difficulty: 2}); err != nil {
				t.Fatal(err)
			}
		}
		course := &training.Course{RegionCode: testworld.Region, Track: "rotation", Title: "新修订行政处罚法要点", Body: "第三十六条 违法行为在二年内未被发现的，不再给予行政处罚……", Minutes: 45}
		if err := svc.AddCourse(w.Ctx, sup, course); err != nil {
			t.Fatal(err)
		}
		clk := &stepClock{base: clock.Now(w.Ctx)}
		base := serve(ctx, t, db, clk)
		root := webtest.Launch(ctx, t, chromium)

		// The officer studies on a phone.
		ph := root.Anonymous()
		ph.Do("phone viewport", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch))
		login(ph, base, "officer")
		ph.Nav("training", base+"/training")
		ph.ClickAndLoad("open the course", chromedp.CSS(`#course-list a`))
		webtest.Run(ph, "the first beat starts the clock",
			chromedp.Poll[bool](`document.getElementById("study-msg").textContent === "开始计时"`, chromedp.WithPollingTimeout(10*time.Second)))
		fits(ph, 390)
		for range 4 {
			clk.step(30 * time.Second)
			webtest.Run(ph, "scroll the material", chromedp.Evaluate[int](`window.scrollBy(0, 40), 1`))
			beat(ph)
		}
		if got := ph.Text("#study-minutes"); got != "2" {
			t.Errorf("after four beats 30 s apart: %s minutes, want 2 (%s)", got, ph.Text("#study-msg"))
		}
		// A beat right after the last counts nothing: the page says why.
		beat(ph)
		if msg := ph.Text("#study-msg"); !strings.Contains(msg, "不计时") {
			t.Errorf("a beat too soon: %q", msg)
		}

		// A mock exam on 行政处罚法: two right, two wrong, the article shown for each wrong one.
		ph.Nav("training", base+"/training")
		fits(ph, 390)
		ph.Do("choose the law and the count", chromedp.SetValue(`#mock-form select[name=law]`, "中华人民共和国行政处罚法"),
			chromedp.SetValue(`#mock-form input[name=count]`, "4"))
		ph.ClickAndLoad("start the mock exam", chromedp.CSS(`#mock-form button[type=submit]`))
		if ph.Text("#countdown") == "" {
			t.Error("the paper shows no countdown")
		}
		fits(ph, 390)
		answer(ph, 2)
		ph.ClickAndLoad("hand in", chromedp.CSS(`#paper button[type=submit]`))
		if got := ph.Text("#score b"); got != "50" {
			t.Fatalf("mock score %q", got)
		}
		if wrong := ph.Text("#wrong-list"); strings.Count(wrong, "《中华人民共和国行政处罚法》第三十六条") != 2 {
			t.Errorf("wrong answers without their article: %q", wrong)
		}
		fits(ph, 390)

		// The 年检 exam session: supervision opens it and seats two officers.
		sv := root.Anonymous()
		login(sv, base, "supervisor")
		sv.Nav("exams", base+"/training/exams")
		sv.Do("fill the session", chromedp.SendKeys(`#exam-form input[name=title]`, "2026年度资格年检考试"),
			chromedp.SetValue(`#exam-form select[name=kind]`, "annual"), chromedp.SetValue(`#exam-form input[name=sitting_on]`, testworld.Today),
			chromedp.SetValue(`#exam-form input[name=questions]`, "5"), chromedp.SetValue(`#exam-form input[name=minutes]`, "30"))
		sv.ClickAndLoad("create it", chromedp.CSS(`#exam-form button[type=submit]`))
		exam := sv.Location()
		sv.Do("seat two officers", chromedp.SendKeys(`#seat-form textarea`, testworld.CertA+"\n"+testworld.CertB))
		sv.ClickAndLoad("seat them", chromedp.CSS(`#seat-form button[type=submit]`))
		if n := webtest.Run(sv, "seats", chromedp.Evaluate[int](`document.querySelectorAll("#seat-table tbody tr").length`)); n != 2 {
			t.Fatalf("%d seats", n)
		}
		sit := func(b *webtest.Tab, right int) {
			b.Nav("the session", exam)
			b.ClickAndLoad("start", chromedp.CSS(`#start-exam`))
			answer(b, right)
			b.ClickAndLoad("hand in", chromedp.CSS(`#paper button[type=submit]`))
		}
		sit(ph, 5)
		o2 := root.Anonymous()
		login(o2, base, "officer2")
		sit(o2, 0)
		if got := o2.Text("#score b"); got != "0" {
			t.Fatalf("officer2's score %q", got)
		}
		// One attempt: the paper cannot be started again.
		o2.Nav("the session", exam)
		if strings.Contains(o2.HTML(), `id="start-exam"`) {
			t.Error("a handed-in candidate is offered the exam again")
		}
		sv.Nav("the session", exam)
		sv.ClickAndLoad("publish", chromedp.CSS(`#publish`))
		if flash := sv.Text(".flash"); !strings.Contains(flash, "合格率50%") || !strings.Contains(flash, "暂扣") {
			t.Errorf("publish flash %q", flash)
		}
		if out := sv.Text(`#seat-table tr[data-cert="` + testworld.CertB + `"] .outcome`); !strings.Contains(out, "暂扣证件并离岗培训") {
			t.Errorf("the failed officer's outcome %q", out)
		}
		pub := root.Anonymous()
		pub.Nav("the portal", base+"/public")
		pub.ClickAndLoad("the header's pass lists", chromedp.CSS(`header .public-nav #nav-exams`))
		pub.ClickAndLoad("open the pass list", chromedp.CSS(`#public-exams a`))
		if list := pub.Text("#pass-table"); !strings.Contains(list, testworld.CertA) || strings.Contains(list, testworld.CertB) {
			t.Errorf("pass list %q", list)
		}
		b, err := registry.GetOfficer(w.Ctx, db, w.Admin, testworld.CertB)
		if err != nil || b.CertStatus != "suspended" || b.Years[0].ReviewResult != "fail" {
			t.Fatalf("the failed officer's certificate: %+v %v", b, err)
		}
		a, err := registry.GetOfficer(w.Ctx, db, w.Admin, testworld.CertA)
		if err != nil || a.CertStatus != "valid" || a.Years[0].ReviewResult != "pass" || a.Years[0].TrainingHours != 0 {
			t.Fatalf("the passed officer: %+v %v", a, err)
		}
	})
}
