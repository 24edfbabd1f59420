package trainingweb_test

// The demo's lesson video in headless Chromium on both engines, on a
// 390 px phone: the player decodes it (320×180, four seconds) and seeks
// by byte ranges; the handout is a PDF the browser is given inline. The
// honest limits of the study clock as the real page reports them: a
// page in the background counts nothing, nor one untouched for over two
// minutes, nor a muted video playing; the lesson playing unmuted in front
// counts as study.

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"zfjd/internal/clock"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/web/webtest"
)

// progress is what the page's heartbeat answered.
type progress struct {
	Credited int    `json:"credited"`
	Seconds  int    `json:"seconds"`
	Message  string `json:"message"`
}

func TestBrowserDemoLesson(t *testing.T) {
	chromium := webtest.NeedChromium(t)
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		// A guard against a hung browser, not a measure: on a shared 2-core
		// machine under load the whole walk may take several minutes.
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
		t.Cleanup(cancel)
		w := testworld.Build(t, db)
		c, _, _ := demoCourse(t, w, db)
		clk := &stepClock{base: clock.Now(w.Ctx)}
		base := serve(ctx, t, db, clk)
		root := webtest.Launch(ctx, t, chromium)

		ph := root.Anonymous()
		ph.Do("phone viewport", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch))
		login(ph, base, "officer")
		ph.Nav("the course", base+"/training/courses/"+strconv.FormatInt(c.ID, 10))
		webtest.Run(ph, "the first beat starts the clock",
			chromedp.Poll[bool](`document.getElementById("study-msg").textContent === "开始计时"`, chromedp.WithPollingTimeout(10*time.Second)))
		fits(ph, 390)

		// The player decodes the demo's WebM.
		meta := webtest.Run(ph, "the video's metadata", chromedp.Poll[string](`(() => {
			const v = document.querySelector("#materials video");
			return v.readyState >= 1 && v.duration > 0 ? v.videoWidth + "x" + v.videoHeight + " " + Math.round(v.duration) : null;
		})()`, chromedp.WithPollingTimeout(20*time.Second)))
		if meta != "320x180 4" {
			t.Errorf("the video decodes as %q, want 320x180 4", meta)
		}
		if l := ph.Text(`#materials .pdf a`); !strings.Contains(l, "行政强制法第二十五条讲义（PDF）") {
			t.Errorf("the handout's link %q", l)
		}
		got := webtest.Run(ph, "the handout", chromedp.Evaluate[string](`fetch(document.querySelector("#materials .pdf a").href, {headers: {Range: "bytes=0-4"}})
			.then(async r => r.status + " " + r.headers.get("Content-Type") + " " + new TextDecoder().decode(await r.arrayBuffer()))`, chromedp.EvalAwaitPromise))
		if got != "206 application/pdf %PDF-" {
			t.Errorf("the handout's first bytes %q", got)
		}

		beat := func(step string) progress {
			t.Helper()
			clk.step(30 * time.Second)
			return webtest.Run(ph, step, chromedp.Evaluate[progress](`window.zfjdBeat()`, chromedp.EvalAwaitPromise))
		}
		// A tap on the page (sticky user activation: the lesson may later
		// play with sound) counts the next beat.
		ph.Do("tap the page", chromedp.Click(chromedp.CSS(`#material`)))
		if p := beat("after a tap"); p.Credited != 30 {
			t.Errorf("a beat 30 s after a tap: %+v", p)
		}
		webtest.Run(ph, "the tab goes to the background", chromedp.Evaluate[int](
			`Object.defineProperty(document, "visibilityState", {configurable: true, get: () => "hidden"}), 1`))
		if p := beat("in the background"); p.Credited != 0 || p.Message != "页面不在前台，暂停计时" {
			t.Errorf("a page in the background: %+v", p)
		}
		// Back in front, but nobody touches it for over two minutes (the
		// page's own clock moves on three minutes).
		webtest.Run(ph, "back in front, three minutes later", chromedp.Evaluate[int](`(() => {
			delete document.visibilityState;
			const real = Date.now;
			Date.now = () => real.call(Date) + 180000;
			return 1;
		})()`))
		if p := beat("untouched"); p.Credited != 0 || p.Message != "超过2分钟无操作，暂停计时" {
			t.Errorf("an untouched page: %+v", p)
		}
		// The lesson playing muted is not study.
		webtest.Run(ph, "play the lesson muted", chromedp.Evaluate[bool](`(() => {
			const v = document.querySelector("#materials video");
			v.loop = true; v.muted = true; window.zfjdUpdates = 0;
			v.addEventListener("timeupdate", () => window.zfjdUpdates++);
			return v.play().then(() => true);
		})()`, chromedp.EvalAwaitPromise))
		webtest.Run(ph, "the muted lesson plays", chromedp.Poll[bool](`window.zfjdUpdates >= 2`, chromedp.WithPollingTimeout(20*time.Second)))
		if p := beat("muted"); p.Credited != 0 || p.Message != "超过2分钟无操作，暂停计时" {
			t.Errorf("a muted lesson playing: %+v", p)
		}
		// Unmuted at normal speed it is.
		webtest.Run(ph, "unmute the lesson", chromedp.Evaluate[int](`(() => {
			const v = document.querySelector("#materials video");
			v.muted = false; v.volume = 1; window.zfjdUpdates = 0;
			return 1;
		})()`))
		webtest.Run(ph, "the lesson plays with sound", chromedp.Poll[bool](`!document.querySelector("#materials video").paused && window.zfjdUpdates >= 2`,
			chromedp.WithPollingTimeout(20*time.Second)))
		if p := beat("watching"); p.Credited != 30 || p.Seconds != 60 {
			t.Errorf("watching the lesson: %+v", p)
		}
		fits(ph, 390)
		ph.CheckNoExceptions()
	})
}
