package inspectionweb_test

// 全过程记录 of an inspection in real Chromium, on both engines: on the page
// of an inspection handled in zfjd and checked in, the officer opens the
// record form, chooses the check-in (现场检查) and 录音, names it and picks a
// small audio file; after the upload the act lists it with its player and
// is no longer marked as lacking its record, and the finding is gone.

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/web/webtest"
)

func TestBrowserInspectionRecording(t *testing.T) {
	chromium := webtest.NeedChromium(t)
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
		t.Cleanup(cancel)
		w, _ := browserWorld(t, db)
		in := visit(t, w)
		file := filepath.Join(t.TempDir(), "入企检查.mp3")
		if err := os.WriteFile(file, append([]byte("ID3\x04\x00\x00\x00\x00\x00\x00"), make([]byte, 2048)...), 0o600); err != nil {
			t.Fatal(err)
		}
		base := webtest.Serve(ctx, t, db)
		off := webtest.Launch(ctx, t, chromium).Anonymous()
		login(off, base, "officer")
		page := fmt.Sprintf("%s/inspections/%d", base, in.ID)
		off.Nav("the inspection's page", page)
		if rec := off.Text("#recordings"); !strings.Contains(rec, "应音像记录 · 尚无") {
			t.Fatalf("the check-in is not shown as lacking its record: %q", rec)
		}
		off.Do("open the record form", chromedp.Click(chromedp.CSS("#act-recording summary")))
		off.Do("choose the check-in", chromedp.SetValue(chromedp.CSS("#recording-act"), "2|checked_in"))
		off.SelectByLabel("recording-kind", "录音")
		off.Do("name it", chromedp.SendKeys(chromedp.CSS("#recording-title"), "入企检查执法记录仪录音"))
		off.Do("choose the audio file", chromedp.SetUploadFiles(chromedp.CSS("#recording-file"), []string{file}))
		off.ClickAndLoad("upload", chromedp.CSS("#do-recording"))
		if f := off.Text(".flash"); !strings.Contains(f, "已添加执法记录") {
			t.Fatalf("after the upload: flash %q; the form says %q", f, off.Text("#recording-form"))
		}
		rec := off.Text("#recordings")
		if !strings.Contains(rec, "入企检查执法记录仪录音") || !strings.Contains(rec, "应音像记录 · 已记录") || !strings.Contains(rec, "入企检查.mp3") {
			t.Errorf("the recording is not listed on its act: %q", rec)
		}
		if n := webtest.Run(off, "players", chromedp.Evaluate[int](`document.querySelectorAll('#recordings audio[src]').length`)); n != 1 {
			t.Errorf("%d audio players, want 1", n)
		}
		if ws := off.Text("#warnings"); strings.Contains(ws, "现场检查无音像记录") {
			t.Errorf("the finding is still shown: %q", ws)
		}
	})
}
