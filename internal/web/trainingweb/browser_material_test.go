package trainingweb_test

// Issue 19's course materials and statistics in headless Chromium on both
// engines: the district's supervision publishes a 业务轮训 course, uploads
// a PDF and a video to it (a text file named .pdf is refused, the form
// naming the file); the officer opens the course on a 390 px phone, sees
// the player and the PDF, and the browser reads the video in byte ranges
// (206); the city's supervision drills from the city's statistics into the
// district's.

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/web/webtest"
)

func TestBrowserCourseMaterials(t *testing.T) {
	chromium := webtest.NeedChromium(t)
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		// A guard against a hung browser, not a measure: on a shared 2-core
		// machine under load the whole walk may take several minutes.
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
		t.Cleanup(cancel)
		testworld.Build(t, db)
		dir := t.TempDir()
		write := func(name string, b []byte) string {
			p := filepath.Join(dir, name)
			if err := os.WriteFile(p, b, 0o600); err != nil {
				t.Fatal(err)
			}
			return p
		}
		pdf := write("行政强制法讲义.pdf", []byte("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"))
		mp4 := write("第二十五条解读.mp4", append([]byte{0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 0, 0, 2, 0, 'i', 's', 'o', 'm', 'm', 'p', '4', '1'},
			make([]byte, 8000)...))
		fake := write("假讲义.pdf", []byte("<html>not a pdf</html>"))
		base := webtest.Serve(ctx, t, db)
		root := webtest.Launch(ctx, t, chromium)

		sv := root.Anonymous()
		login(sv, base, "supervisor")
		sv.Nav("new course", base+"/training/courses/new")
		sv.Do("fill the course", chromedp.SendKeys(`#course-form input[name=title]`, "行政强制措施的期限"),
			chromedp.SetValue(`#course-form select[name=track]`, "rotation"),
			chromedp.SendKeys(`#course-form textarea[name=body]`, "《中华人民共和国行政强制法》第二十五条 查封、扣押的期限不得超过三十日……"))
		sv.ClickAndLoad("publish", chromedp.CSS(`#course-form button[type=submit]`))
		upload := func(file string, want int64) {
			if webtest.Run(sv, "is the upload open", chromedp.Evaluate[bool](`document.querySelector("#course-table details.material-upload").open`)) == false {
				sv.Do("open the upload", chromedp.Click(chromedp.CSS(`#course-table details.material-upload summary`)))
			}
			sv.Do("choose "+filepath.Base(file), chromedp.SetUploadFiles(chromedp.CSS(`#course-table details.material-upload input[type=file]`), []string{file}))
			resp, err := chromedp.RunResponse(sv.Ctx, chromedp.Click(chromedp.CSS(`#course-table details.material-upload button[type=submit]`)))
			if err != nil || resp == nil || resp.Status != want {
				t.Fatalf("upload %s: %+v %v, want %d", filepath.Base(file), resp, err, want)
			}
		}
		upload(fake, http.StatusBadRequest)
		if form := sv.Text(`#course-table details.material-upload`); !strings.Contains(form, "只能上传PDF文档或MP4、WebM视频") {
			t.Fatalf("a text file named .pdf: the form says %q", form)
		}
		upload(pdf, http.StatusOK)
		if f := sv.Text(".flash"); !strings.Contains(f, "已上传课程资料：行政强制法讲义") {
			t.Fatalf("after the pdf: flash %q", f)
		}
		upload(mp4, http.StatusOK)
		if list := sv.Text(`#course-table .materials`); !strings.Contains(list, "行政强制法讲义 PDF") || !strings.Contains(list, "第二十五条解读 视频") {
			t.Errorf("materials listed %q", list)
		}

		ph := root.Anonymous()
		ph.Do("phone viewport", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch))
		login(ph, base, "officer")
		ph.Nav("training", base+"/training")
		ph.ClickAndLoad("open the course", chromedp.CSS(`#course-list a`))
		fits(ph, 390)
		if n := webtest.Run(ph, "players", chromedp.Evaluate[int](`document.querySelectorAll('#materials video[src]').length`)); n != 1 {
			t.Errorf("%d video players, want 1", n)
		}
		if l := ph.Text(`#materials .pdf`); !strings.Contains(l, "行政强制法讲义（PDF）") {
			t.Errorf("pdf link %q", l)
		}
		// The browser asks for a range of the video, as a player seeking does.
		got := webtest.Run(ph, "a range of the video", chromedp.Evaluate[string](`fetch(document.querySelector('#materials video').src,
			{headers: {Range: "bytes=4-11"}}).then(async r => r.status + " " + r.headers.get("Content-Range") + " " + r.headers.get("Content-Type") + " " +
			new TextDecoder().decode(await r.arrayBuffer()))`, chromedp.EvalAwaitPromise))
		if got != "206 bytes 4-11/8024 video/mp4 ftypisom" {
			t.Errorf("range answer %q", got)
		}
		pdfType := webtest.Run(ph, "the pdf", chromedp.Evaluate[string](`fetch(document.querySelector('#materials .pdf a').href).then(r => r.status + " " + r.headers.get("Content-Type"))`,
			chromedp.EvalAwaitPromise))
		if pdfType != "200 application/pdf" {
			t.Errorf("the pdf answers %q", pdfType)
		}

		// Another agency's officer is not offered the course: its material does not exist for him.
		oo := root.Anonymous()
		login(oo, base, "other_officer")
		status := webtest.Run(oo, "another agency's officer", chromedp.Evaluate[int](`fetch("`+base+`/training/materials/1").then(r => r.status)`, chromedp.EvalAwaitPromise))
		if status != 404 {
			t.Errorf("another agency's officer reads the material: %d", status)
		}

		// The city's statistics drill down into the district.
		ct := root.Anonymous()
		login(ct, base, "city")
		ct.Nav("stats", base+"/training/stats")
		ct.ClickAndLoad("into the district", chromedp.CSS(`#region-table tr[data-region="`+testworld.Region+`"] a`))
		if h := ct.Text("h1"); !strings.Contains(h, "历下区") {
			t.Errorf("drilled into %q", h)
		}
		if rows := ct.Text("#stats-table"); !strings.Contains(rows, "历下区市场监督管理局") || strings.Contains(rows, "市中区") {
			t.Errorf("the district's agencies %q", rows)
		}
		ct.ClickAndLoad("back up", chromedp.CSS(`#stats-up`))
		if h := ct.Text("h1"); !strings.Contains(h, "济南市") {
			t.Errorf("back up at %q", h)
		}
	})
}
