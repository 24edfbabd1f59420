package trainingweb_test

// The demo world's course files (a PDF handout made in Go and a real
// four-second WebM lesson) served to the officer on both engines: whole,
// in byte ranges (206 with Content-Range, as a player seeking asks), a
// range past the end refused (416), a repeat answered from the ETag
// (304); the course page links and plays them; a beat that does not say
// how idle the page is counts nothing.

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"zfjd/internal/clock"
	"zfjd/internal/demo"
	"zfjd/internal/recording"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/training"
	"zfjd/internal/web/webtest"
)

// demoCourse is a 业务轮训 course of the district with the demo's lesson
// video and its handout; it answers the course and the two materials.
func demoCourse(t *testing.T, w *testworld.World, db *store.DB) (c *training.Course, video, pdf *training.Material) {
	t.Helper()
	s, sup := training.NewService(db), testworld.As("supervisor")
	c = &training.Course{RegionCode: testworld.Region, Track: "rotation", Title: "行政强制措施的期限与程序", Body: "《中华人民共和国行政强制法》第二十五条", Minutes: 45}
	if err := s.AddCourse(w.Ctx, sup, c); err != nil {
		t.Fatal(err)
	}
	files := demo.CourseFiles()
	for name, out := range map[string]**training.Material{"第二十五条解读.webm": &video, "行政强制法第二十五条讲义.pdf": &pdf} {
		b := files[name]
		sum := sha256.Sum256(b)
		m, err := s.AddMaterial(w.Ctx, sup, c.ID, "", &recording.File{Name: name, Size: int64(len(b)), SHA256: hex.EncodeToString(sum[:]), Body: bytes.NewReader(b)})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		*out = m
	}
	return c, video, pdf
}

func TestDemoMaterialsServedInRanges(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		c, video, pdf := demoCourse(t, w, db)
		files := demo.CourseFiles()
		webm, handout := files["第二十五条解读.webm"], files["行政强制法第二十五条讲义.pdf"]
		if video.Kind != "video" || video.ContentType != "video/webm" || pdf.Kind != "pdf" || len(webm) > 300<<10 {
			t.Fatalf("the demo's files: %+v %+v (%d bytes of video)", video, pdf, len(webm))
		}
		clk := &stepClock{base: clock.Now(w.Ctx)}
		e := webtest.StartOn(t, db, clk)
		b := e.Browser(t)
		b.Login("officer", testworld.Password)
		get := func(id int64, header map[string]string) *webtest.Page {
			t.Helper()
			return b.Do(http.MethodGet, "/training/materials/"+strconv.FormatInt(id, 10), nil, header)
		}
		n := len(webm)
		for _, r := range []struct {
			name, rng    string
			status       int
			contentRange string
			body         []byte
		}{
			{"the whole file", "", http.StatusOK, "", webm},
			{"the first bytes: the EBML header", "bytes=0-3", http.StatusPartialContent, fmt.Sprintf("bytes 0-3/%d", n), webm[:4]},
			{"a seek into the middle", "bytes=40000-40099", http.StatusPartialContent, fmt.Sprintf("bytes 40000-40099/%d", n), webm[40000:40100]},
			{"the last bytes (a suffix range)", "bytes=-16", http.StatusPartialContent, fmt.Sprintf("bytes %d-%d/%d", n-16, n-1, n), webm[n-16:]},
			{"an open-ended range", fmt.Sprintf("bytes=%d-", n-100), http.StatusPartialContent, fmt.Sprintf("bytes %d-%d/%d", n-100, n-1, n), webm[n-100:]},
			{"a range past the end", fmt.Sprintf("bytes=%d-", n+10), http.StatusRequestedRangeNotSatisfiable, fmt.Sprintf("bytes */%d", n), nil},
		} {
			h := map[string]string{}
			if r.rng != "" {
				h["Range"] = r.rng
			}
			p := get(video.ID, h)
			if p.Status != r.status || p.Header.Get("Content-Range") != r.contentRange {
				t.Errorf("%s: %d %q, want %d %q", r.name, p.Status, p.Header.Get("Content-Range"), r.status, r.contentRange)
				continue
			}
			if r.body != nil && (!bytes.Equal([]byte(p.Body), r.body) || p.Header.Get("Content-Type") != "video/webm" || p.Header.Get("Accept-Ranges") != "bytes") {
				t.Errorf("%s: %d bytes of %s (ranges %q)", r.name, len(p.Body), p.Header.Get("Content-Type"), p.Header.Get("Accept-Ranges"))
			}
		}
		if p := get(video.ID, map[string]string{"If-None-Match": `"` + video.SHA256 + `"`}); p.Status != http.StatusNotModified {
			t.Errorf("a repeat with the ETag: %d", p.Status)
		}
		p := get(pdf.ID, map[string]string{"Range": "bytes=0-7"})
		if p.Status != http.StatusPartialContent || p.Body != string(handout[:8]) || p.Header.Get("Content-Type") != "application/pdf" ||
			!strings.HasPrefix(p.Header.Get("Content-Disposition"), "inline;") {
			t.Errorf("the handout's first bytes: %d %q %v", p.Status, p.Body, p.Header)
		}
		if p := get(pdf.ID, nil); p.Status != http.StatusOK || p.Body != string(handout) {
			t.Errorf("the whole handout: %d, %d bytes", p.Status, len(p.Body))
		}

		// The course page links the handout and plays the video.
		page := b.Get("/training/courses/" + strconv.FormatInt(c.ID, 10))
		src, _ := page.Doc.Find("#materials video").Attr("src")
		href, _ := page.Doc.Find("#materials .pdf a").Attr("href")
		if page.Status != http.StatusOK || src != "/training/materials/"+strconv.FormatInt(video.ID, 10) ||
			href != "/training/materials/"+strconv.FormatInt(pdf.ID, 10) {
			t.Errorf("the course page: %d video %q pdf %q", page.Status, src, href)
		}

		// A beat without the page's idle report counts nothing; the page's own does.
		beat := func(form url.Values) string {
			t.Helper()
			clk.step(30 * time.Second)
			p := b.Post("/training/courses/"+strconv.FormatInt(c.ID, 10)+"/beat", form)
			if p.Status != http.StatusOK {
				t.Fatalf("beat %v: %d %s", form, p.Status, p.Body)
			}
			return p.Body
		}
		for _, r := range []struct {
			name string
			form url.Values
			want string
		}{
			{"the first beat starts the clock", url.Values{"visible": {"1"}, "idle": {"3"}}, `"credited":0`},
			{"a beat without idle is idle", url.Values{"visible": {"1"}}, "超过2分钟无操作"},
			{"an idle that is not a number is idle", url.Values{"visible": {"1"}, "idle": {"x"}}, "超过2分钟无操作"},
			{"the page's beat counts its 30 seconds", url.Values{"visible": {"1"}, "idle": {"3"}}, `"credited":30`},
		} {
			if got := beat(r.form); !strings.Contains(got, r.want) {
				t.Errorf("%s: %s, want %s", r.name, got, r.want)
			}
		}
	})
}
