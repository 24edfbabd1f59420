package inspectionweb_test

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"zfjd/internal/auth"
	"zfjd/internal/calendar"
	"zfjd/internal/config"
	"zfjd/internal/inspection"
	"zfjd/internal/ledger"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/web/webtest"
)

// visit is an inspection handled in zfjd, approved, reported and checked
// in by two officers (events: 0 approved, 1 reported, 2 checked_in).
func visit(t *testing.T, w *testworld.World) *inspection.Inspection {
	t.Helper()
	svc := inspection.NewService(w.DB, calendar.RulesCalendar)
	officer := testworld.As("officer")
	in, err := svc.Create(w.Ctx, officer, &inspection.Inspection{AgencyCode: testworld.Agency, RegionCode: testworld.Region,
		MatterCode: Matter, Kind: "routine", Enterprise: inspection.Enterprise{Name: "济南某某便利店有限公司", IDNumber: Enterprise}})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []struct {
		p   *auth.Principal
		typ string
	}{{testworld.As("head"), inspection.ActApprove}, {officer, inspection.ActReport}, {officer, inspection.ActCheckIn}} {
		if in, err = svc.Act(w.Ctx, s.p, in.ID, s.typ, inspection.ActInput{Note: "同意", Code: in.Code, Officers: []string{testworld.CertB}}); err != nil {
			t.Fatalf("%s: %v", s.typ, err)
		}
	}
	return in
}

// uploadTo posts a recording form to inspection id: fields, and a file when name != "".
func uploadTo(t *testing.T, b *webtest.Browser, id int64, fields map[string]string, name, ctype string, data []byte) *webtest.Page {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	if name != "" {
		fw, _ := mw.CreatePart(map[string][]string{"Content-Disposition": {fmt.Sprintf(`form-data; name="file"; filename="%s"`, name)},
			"Content-Type": {ctype}})
		fw.Write(data)
	}
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, fmt.Sprintf("%s/inspections/%d/recordings/new", b.Env.TS.URL, id), &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return b.Send(req)
}

// TestInspectionRecordings: the check-in of an inspection handled in zfjd
// shows as lacking its audio or video record, with the finding; bad input
// is refused naming the field; an audio upload settles the finding, is
// listed with its player and digest, and is served with byte ranges (206
// with Content-Range). Supervision reads and plays it but is offered no
// form; the agency's administrator may not add one; a social supervisor
// gets 404; a filed inspection with no act yet shows the empty state.
func TestInspectionRecordings(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := start(t, db)
		in := visit(t, w.World)
		path := fmt.Sprintf("/inspections/%d", in.ID)
		b := w.Login(t, "officer")
		p := b.Get(path)
		if rec := webtest.Text(p.Doc.Find("#recordings")); !strings.Contains(rec, "应音像记录 · 尚无") || !strings.Contains(rec, "扫码入企") {
			t.Fatalf("the check-in is not shown as lacking its record: %q", rec)
		}
		if ws := webtest.Text(p.Doc.Find("#warnings")); !strings.Contains(ws, "现场检查无音像记录") {
			t.Errorf("no finding on the page: %q", ws)
		}
		act := "2|checked_in"
		for _, c := range []struct {
			name   string
			fields map[string]string
			file   string
			ctype  string
			want   string
		}{
			{"a text record without text", map[string]string{"act": act, "kind": "text", "title": "现场笔录"}, "", "", "请填写文字记录的内容"},
			{"no title", map[string]string{"act": act, "kind": "audio"}, "a.mp3", "audio/mpeg", "请填写记录名称"},
			{"a program as audio", map[string]string{"act": act, "kind": "audio", "title": "录音"}, "a.exe", "application/octet-stream", "请上传音频文件"},
			{"an act it does not have", map[string]string{"act": "9|result", "kind": "audio", "title": "录音"}, "a.mp3", "audio/mpeg", "请选择本次检查已办理的环节"},
		} {
			r := uploadTo(t, b, in.ID, c.fields, c.file, c.ctype, []byte("ID3"))
			if r.Status != http.StatusBadRequest || !strings.Contains(webtest.Text(r.Doc.Find("#recording-form .field-error")), c.want) {
				t.Errorf("%s: %d %q", c.name, r.Status, webtest.Text(r.Doc.Find("#recording-form")))
			}
		}
		audio := bytes.Repeat([]byte("0123456789"), 300_000) // 3 MB: three chunks
		if r := uploadTo(t, b, in.ID, map[string]string{"act": act, "kind": "audio", "title": "入企检查录音"}, "入企.mp3", "audio/mpeg", audio); r.Status != http.StatusSeeOther {
			t.Fatalf("upload: %d %s", r.Status, webtest.Text(r.Doc.Find(".error-box, .field-error")))
		}
		p = b.Get(path)
		if ws := webtest.Text(p.Doc.Find("#warnings")); strings.Contains(ws, "现场检查无音像记录") {
			t.Errorf("the upload did not settle the finding: %q", ws)
		}
		src := p.Doc.Find("#recordings audio").AttrOr("src", "")
		if src == "" || !strings.Contains(p.Body, ledger.Digest(audio)) || !strings.Contains(webtest.Text(p.Doc.Find("#recordings")), "应音像记录 · 已记录") {
			t.Fatalf("the recording is not listed with its player and digest: %q", webtest.Text(p.Doc.Find("#recordings")))
		}
		req, _ := http.NewRequest(http.MethodGet, w.Env.TS.URL+src, nil)
		req.Header.Set("Range", "bytes=1048570-1048589") // across the first chunk's end
		got := b.Send(req)
		if got.Status != http.StatusPartialContent || got.Body != string(audio[1048570:1048590]) ||
			got.Header.Get("Content-Range") != fmt.Sprintf("bytes 1048570-1048589/%d", len(audio)) || got.Header.Get("Content-Type") != "audio/mpeg" {
			t.Fatalf("range: %d %q %q %q", got.Status, got.Body, got.Header.Get("Content-Range"), got.Header.Get("Content-Type"))
		}

		sup := w.Login(t, "supervisor")
		if sp := sup.Get(path); sp.Doc.Find("#recording-form").Length() != 0 || sp.Doc.Find("#recordings audio").Length() != 1 {
			t.Errorf("supervision's view: form %d, players %d", sp.Doc.Find("#recording-form").Length(), sp.Doc.Find("#recordings audio").Length())
		}
		if whole := sup.Get(src); whole.Status != http.StatusOK || len(whole.Body) != len(audio) {
			t.Errorf("supervision plays it: %d, %d bytes", whole.Status, len(whole.Body))
		}
		adm := w.Login(t, "agency_admin")
		if r := uploadTo(t, adm, in.ID, map[string]string{"act": act, "kind": "text", "title": "记录", "text": "x"}, "", "", nil); r.Status != http.StatusForbidden {
			t.Errorf("the agency's administrator adds a record: %d", r.Status)
		}
		soc := w.Login(t, "social")
		if r := soc.Get(src); r.Status != http.StatusNotFound {
			t.Errorf("a social supervisor plays it: %d", r.Status)
		}

		filed, err := inspection.NewService(db, calendar.RulesCalendar).Create(w.Ctx, testworld.As("officer"), &inspection.Inspection{
			AgencyCode: testworld.Agency, RegionCode: testworld.Region, MatterCode: Matter, Kind: "routine",
			Enterprise: inspection.Enterprise{Name: "济南某某便利店有限公司", IDNumber: Enterprise}})
		if err != nil {
			t.Fatal(err)
		}
		if ep := b.Get(fmt.Sprintf("/inspections/%d", filed.ID)); ep.Doc.Find("#recordings-empty").Length() != 1 || ep.Doc.Find("#recording-form").Length() != 0 {
			t.Errorf("the empty state: %q", webtest.Text(ep.Doc.Find("#recordings")))
		}
	})
}

// TestInspectionRecordingLimit: the configured size limit (the cases'
// --recording-max-mb) refuses a bigger file with a message naming it.
func TestInspectionRecordingLimit(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := &webtest.World{World: testworld.Build(t, db), Env: webtest.StartWith(t, db, webtest.Clock, &config.Options{RecordingMaxMB: 1})}
		addMatter(t, w)
		in := visit(t, w.World)
		b := w.Login(t, "officer")
		r := uploadTo(t, b, in.ID, map[string]string{"act": "2|checked_in", "kind": "audio", "title": "入企检查录音"}, "a.m4a", "audio/mp4",
			bytes.Repeat([]byte("a"), 1<<20+1))
		if r.Status != http.StatusBadRequest || !strings.Contains(webtest.Text(r.Doc.Find("#recording-form")), "文件超过1 MB的上限") {
			t.Fatalf("over the limit: %d %q", r.Status, webtest.Text(r.Doc.Find("#recording-form")))
		}
	})
}
