package inspectionweb_test

// In real Chromium, on both engines:
//   - on a 390 px phone the officer, checked in, photographs a problem
//     found for a line of the 一张表单; the photo shows on the inspection's
//     page and in the printed 现场检查笔录, whose Word link downloads a .docx;
//   - from a 综合查一次 proposal (two agencies of the county planned the same
//     enterprise in July) one click files the joint visit with both
//     agencies, and a second click opens the same visit;
//   - the head records an officer's conflict of interest (回避) with an
//     enterprise, and the next 双随机 draw does not send him there.

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"zfjd/internal/ident"
	"zfjd/internal/inspection"
	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/web/webtest"
)

func TestBrowserChecklistPhotoAndRecord(t *testing.T) {
	chromium := webtest.NeedChromium(t)
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
		t.Cleanup(cancel)
		w, svc := browserWorld(t, db)
		if err := svc.PutItem(w.Ctx, testworld.As("agency_admin"), Matter, "食品经营者", []string{"许可证照", "冷藏设施"}); err != nil {
			t.Fatal(err)
		}
		in := visit(t, w)
		file := filepath.Join(t.TempDir(), "IMG_0001.jpg")
		if err := os.WriteFile(file, photoJPEG(t, 200), 0o600); err != nil {
			t.Fatal(err)
		}
		base := webtest.Serve(ctx, t, db)
		off := webtest.Launch(ctx, t, chromium).Anonymous()
		off.Do("phone viewport", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch))
		login(off, base, "officer")
		page := fmt.Sprintf("%s/inspections/%d", base, in.ID)
		off.Nav("the inspection's page", page)
		off.Do("take the photo", chromedp.SetUploadFiles(chromedp.CSS("#photo-file"), []string{file}))
		off.SelectByLabel("photo-item", "冷藏设施")
		off.Do("say what was found", chromedp.SendKeys(chromedp.CSS("#photo-caption"), "冷藏柜温度12℃，超过规定"))
		off.ClickAndLoad("upload", chromedp.CSS("#do-photo"))
		if f := off.Text(".flash"); !strings.Contains(f, "已上传现场照片") {
			t.Fatalf("after the upload: flash %q; the form says %q", f, off.Text("#photos"))
		}
		if l := off.Text("#photo-list"); !strings.Contains(l, "冷藏设施") || !strings.Contains(l, "冷藏柜温度12℃") {
			t.Errorf("the photo's line and caption: %q", l)
		}
		// The image's width once the browser has finished loading it (a
		// loaded page's images may still be on their way).
		loaded := `new Promise(ok => { const i = document.querySelector('%s'); if (!i) return ok(-1);
			if (i.complete) return ok(i.naturalWidth); i.addEventListener('load', () => ok(i.naturalWidth)); i.addEventListener('error', () => ok(0)) })`
		if wd := webtest.Run(off, "the photo loads", chromedp.Evaluate[int](fmt.Sprintf(loaded, "#photo-list img"), chromedp.EvalAwaitPromise)); wd != 8 {
			t.Errorf("the photo's natural width %d, want 8", wd)
		}
		if sw := webtest.Run(off, "page width", chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); sw > 390 {
			t.Errorf("the inspection's page scrolls sideways on the phone: %d px", sw)
		}
		off.Nav("the 现场检查笔录", page+"/docs/site_record")
		if txt := off.Text(".sheet"); !strings.Contains(txt, "现场检查笔录") || !strings.Contains(txt, "照片1（冷藏设施）") {
			t.Errorf("the record: %q", txt)
		}
		if wd := webtest.Run(off, "the photo in print", chromedp.Evaluate[int](fmt.Sprintf(loaded, ".sheet .photos img"), chromedp.EvalAwaitPromise)); wd != 8 {
			t.Errorf("the record's photo width %d", wd)
		}
		got := webtest.Run(off, "download the Word file", chromedp.Evaluate[string](`(() => {
			const a = document.querySelector('.toolbar a[download]'), x = new XMLHttpRequest();
			x.open('GET', a.href, false); x.overrideMimeType('text/plain; charset=x-user-defined'); x.send();
			return x.status + ' ' + x.getResponseHeader('Content-Type') + ' ' + x.responseText.slice(0, 2) })()`))
		if got != "200 application/vnd.openxmlformats-officedocument.wordprocessingml.document PK" {
			t.Errorf("the Word link answers %q", got)
		}
	})
}

func TestBrowserJointVisitAndConflict(t *testing.T) {
	chromium := webtest.NeedChromium(t)
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
		t.Cleanup(cancel)
		w, svc := browserWorld(t, db)
		safety, _ := ident.MakeUSCC('1', '1', testworld.Region, "00000071")
		if _, err := registry.PutAgency(w.Ctx, db, w.Admin, &registry.Agency{Code: safety, Name: "济南市历下区应急管理局", Kind: "enforcement",
			RegionCode: testworld.Region}); err != nil {
			t.Fatal(err)
		}
		if _, err := registry.PutMatter(w.Ctx, db, w.Admin, &registry.Matter{Code: "J-SAFE-001", Name: "安全生产日常监督检查", Kind: "inspection",
			LegalBasis: "《中华人民共和国安全生产法》第六十五条", AgencyCodes: []string{safety}}); err != nil {
			t.Fatal(err)
		}
		for _, pl := range []*inspection.Plan{{AgencyCode: testworld.Agency, Tasks: []inspection.Task{{MatterCode: Matter}}},
			{AgencyCode: safety, Tasks: []inspection.Task{{MatterCode: "J-SAFE-001"}}}} {
			pl.Year, pl.Title = 2026, "2026年度涉企行政检查计划"
			pl.Tasks[0].Objects, pl.Tasks[0].EnterpriseID, pl.Tasks[0].EnterpriseName, pl.Tasks[0].Month = "便利店", Enterprise, "济南某某便利店有限公司", "2026-07"
			if _, err := svc.PutPlan(w.Ctx, w.Admin, pl); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := svc.ImportObjects(w.Ctx, testworld.As("agency_admin"), testworld.Region, []inspection.PoolObject{
			{ID: Enterprise, Name: "济南某某便利店有限公司", Type: "企业", Field: "食品", Tier: "high"}}); err != nil {
			t.Fatal(err)
		}
		base := webtest.Serve(ctx, t, db)
		root := webtest.Launch(ctx, t, chromium)
		off, head := root.Anonymous(), root.Anonymous()
		login(off, base, "officer")
		login(head, base, "head")

		button := fmt.Sprintf(`button[data-joint-visit="%s/2026-07"]`, Enterprise)
		off.Nav("the 综合查一次 proposals", base+"/inspections/joint?year=2026")
		off.ClickAndLoad("one click: the joint visit", chromedp.CSS(button))
		visit := off.Location()
		if s := off.Text("#status"); s != "待审批" || !strings.Contains(off.Text(".facts"), "联合："+safety) {
			t.Fatalf("the joint visit: %q %q", s, off.Text(".facts"))
		}
		off.Nav("the proposals again", base+"/inspections/joint?year=2026")
		off.ClickAndLoad("a second click", chromedp.CSS(button))
		if off.Location() != visit || !strings.Contains(off.Text(".flash"), "无须重复登记") {
			t.Errorf("the second click: %s (first %s) %q", off.Location(), visit, off.Text(".flash"))
		}

		head.Nav("the draws page", base+"/inspections/draws")
		if !strings.Contains(head.Text("#conflicts"), "尚未登记回避事项") {
			t.Errorf("the empty 回避 list: %q", head.Text("#conflicts"))
		}
		head.SelectByLabel("conflict-officer", webtest.NameA+"（"+testworld.CertA+"）")
		head.Do("the enterprise", chromedp.SendKeys(chromedp.CSS("#conflict-enterprise"), Enterprise))
		head.ClickAndLoad("record the conflict", chromedp.CSS("#do-conflict"))
		if c := head.Text("#conflicts-table"); !strings.Contains(c, webtest.NameA) || !strings.Contains(c, "济南某某便利店有限公司") {
			t.Fatalf("the 回避 list: %q (%s)", c, head.Text(".flash"))
		}
		head.Do("title", chromedp.SendKeys(chromedp.CSS(`#draw-form input[name="title"]`), "回避后的双随机抽查"))
		head.ClickAndLoad("draw", chromedp.CSS("#do-draw"))
		resp, err := http.Get(head.Location() + "?format=json")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var d inspection.Drawing
		if err := json.NewDecoder(resp.Body).Decode(&d); err != nil {
			t.Fatal(err)
		}
		if len(d.Result.Assignments) != 1 || len(d.Result.Assignments[0].Inspectors) != 2 {
			t.Fatalf("the draw: %+v", d.Result)
		}
		for _, o := range d.Result.Assignments[0].Inspectors {
			if o == testworld.CertA {
				t.Error("the officer in conflict was drawn for the enterprise")
			}
		}
	})
}
