package ledgerweb_test

import (
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"time"

	"zfjd/internal/auth"
	"zfjd/internal/cases"
	"zfjd/internal/config"
	"zfjd/internal/ledger"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/web/webtest"
)

// multipartBody builds a recording upload: fields, and a file when name != "".
func multipartBody(fields map[string]string, name, ctype string, data []byte) (*bytes.Buffer, string) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	if name != "" {
		h := make(map[string][]string)
		h["Content-Disposition"] = []string{fmt.Sprintf(`form-data; name="file"; filename="%s"`, name)}
		h["Content-Type"] = []string{ctype}
		fw, _ := mw.CreatePart(h)
		fw.Write(data)
	}
	mw.Close()
	return &buf, mw.FormDataContentType()
}

func upload(t *testing.T, b *webtest.Browser, id int64, fields map[string]string, name, ctype string, data []byte) *webtest.Page {
	t.Helper()
	body, ct := multipartBody(fields, name, ctype, data)
	req, _ := http.NewRequest(http.MethodPost, fmt.Sprintf("%s/cases/%d/recordings", b.Env.TS.URL, id), body)
	req.Header.Set("Content-Type", ct)
	return b.Send(req)
}

// actOf is the form value of the case's first act of type typ.
func actOf(t *testing.T, c *cases.Case, typ string) string {
	t.Helper()
	for i, e := range c.Events {
		if e.Type == typ {
			return fmt.Sprintf("%d|%s", i, typ)
		}
	}
	t.Fatalf("case has no %s", typ)
	return ""
}

func hasWarning(c *cases.Case, rule string) bool {
	for _, w := range c.Warnings {
		if w.Rule == rule {
			return true
		}
	}
	return false
}

// TestRecordsPageAndRecordings: the case page links to the records page;
// it lists each of the case's leaves (index, name, digest, proof links)
// and offers the bundle. The 调查取证 act on the default 音像记录清单 has no
// recording (AV_RECORD_MISSING); the officer uploads a video for it, which
// settles the finding, appears with its player, is served with byte
// ranges, and is in the bundle, which verifies. Who may not see the case
// gets 404; a reviewer may see but not add (403); a text record needs text.
func TestRecordsPageAndRecordings(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := webtest.StartWorld(t, db)
		c := w.Case(t, "legal_review", nil)
		if !hasWarning(c, "AV_RECORD_MISSING") {
			t.Fatalf("调查取证 without a recording raised no AV_RECORD_MISSING: %+v", c.Warnings)
		}
		path := fmt.Sprintf("/cases/%d/records", c.ID)
		b := w.Login(t, "officer")
		if p := b.Get(fmt.Sprintf("/cases/%d", c.ID)); p.Doc.Find(`a#case-records[href="`+path+`"]`).Length() != 1 {
			t.Fatalf("the case page has no link to %s", path)
		}
		p := b.Get(path)
		if p.Status != http.StatusOK {
			t.Fatalf("records page: %d", p.Status)
		}
		n, _ := ledger.Size(w.Ctx, db.R)
		recs, _ := ledger.Records(w.Ctx, db.R, "case", "zfjd/"+c.SourceID)
		if got := p.Doc.Find("#records tbody tr").Length(); got != len(recs) || got < 4 {
			t.Fatalf("records page lists %d leaves, the log has %d for the case (tree %d)", got, len(recs), n)
		}
		if !strings.Contains(p.Body, "立案") || !strings.Contains(p.Body, "登记案件") || p.Doc.Find(`a#bundle-download`).Length() != 1 {
			t.Fatalf("records page lacks names or the bundle link:\n%s", p.Body)
		}
		if !strings.Contains(p.Doc.Find("#recordings").Text(), "应音像记录 · 尚无") {
			t.Fatal("the 调查取证 act is not shown as lacking its recording")
		}
		// A text record must have its text.
		if r := upload(t, b, c.ID, map[string]string{"act": actOf(t, c, "investigation"), "kind": "text", "title": "询问笔录"}, "", "", nil); r.Status != http.StatusBadRequest ||
			!strings.Contains(r.Body, "请填写文字记录的内容") {
			t.Fatalf("text record without text: %d", r.Status)
		}
		// A file that is not audio or video is refused for a video record.
		if r := upload(t, b, c.ID, map[string]string{"act": actOf(t, c, "investigation"), "kind": "video", "title": "现场录像"},
			"a.exe", "application/octet-stream", []byte("MZ")); r.Status != http.StatusBadRequest || !strings.Contains(r.Body, "请上传视频文件") {
			t.Fatalf("non-video file: %d", r.Status)
		}
		video := bytes.Repeat([]byte("0123456789"), 300_000) // 3 MB: three chunks
		r := upload(t, b, c.ID, map[string]string{"act": actOf(t, c, "investigation"), "kind": "video", "title": "现场检查执法记录仪录像"},
			"执法记录仪.mp4", "video/mp4", video)
		if r.Status != http.StatusSeeOther {
			t.Fatalf("upload: %d %s", r.Status, r.Body)
		}
		if hasWarning(w.GetCase(t, c.ID), "AV_RECORD_MISSING") {
			t.Fatal("the recording did not settle AV_RECORD_MISSING")
		}
		p = b.Get(path)
		src := p.Doc.Find("#recordings video").AttrOr("src", "")
		if src == "" || !strings.Contains(p.Body, ledger.Digest(video)) {
			t.Fatalf("the recording is not shown with its player and hash:\n%s", p.Doc.Find("#recordings").Text())
		}
		// Playback asks for byte ranges.
		req, _ := http.NewRequest(http.MethodGet, w.Env.TS.URL+src, nil)
		req.Header.Set("Range", "bytes=1048570-1048589") // across the first chunk's end
		got := b.Send(req)
		if got.Status != http.StatusPartialContent || got.Body != string(video[1048570:1048590]) ||
			!strings.HasPrefix(got.Header.Get("Content-Type"), "video/mp4") {
			t.Fatalf("range: %d %q %s", got.Status, got.Body, got.Header.Get("Content-Type"))
		}
		if whole := b.Get(src); whole.Status != http.StatusOK || len(whole.Body) != len(video) {
			t.Fatalf("whole file: %d, %d bytes", whole.Status, len(whole.Body))
		}
		// §6: the case's records over the API include the recording's leaf.
		tok := w.Env.Token(auth.RoleSupervisor, testworld.Region, "")
		var api []ledger.Entry
		w.Env.Get("/api/v1/cases/zfjd/"+c.SourceID+"/records", tok, http.StatusOK).Decode(t, &api)
		if len(api) != len(recs)+1 || !strings.Contains(api[len(api)-1].Data, `"kind":"recording"`) ||
			!strings.Contains(api[len(api)-1].Content, ledger.Digest(video)) {
			t.Fatalf("API records: %d entries (case %d), last %+v", len(api), len(recs), api[len(api)-1])
		}
		// The bundle carries the recording's leaf and verifies.
		bp := b.Get(path + ".json")
		key := strings.TrimSpace(b.Get("/api/v1/log/key").Body)
		bundle, err := ledger.CheckBundle([]byte(bp.Body), key)
		if err != nil {
			t.Fatalf("bundle: %v", err)
		}
		var withRec bool
		for _, rec := range bundle.Records {
			withRec = withRec || rec.Kind == cases.RecordingKind
		}
		if !withRec {
			t.Fatal("the bundle lacks the recording's leaf")
		}
		// Out of reach: 404 for the page, the file and an upload; a
		// reviewer sees the page but may not add (403).
		for _, user := range []string{"social", "other_officer"} {
			o := w.Login(t, user)
			for _, u := range []string{path, src} {
				if p := o.Get(u); p.Status != http.StatusNotFound {
					t.Errorf("%s GET %s: %d, want 404", user, u, p.Status)
				}
			}
			if r := upload(t, o, c.ID, map[string]string{"act": actOf(t, c, "investigation"), "kind": "text", "title": "x", "text": "x"}, "", "", nil); r.Status != http.StatusNotFound {
				t.Errorf("%s upload: %d, want 404", user, r.Status)
			}
		}
		rv := w.Login(t, "reviewer")
		if p := rv.Get(path); p.Status != http.StatusOK || p.Doc.Find("#recording-form").Length() != 0 {
			t.Errorf("reviewer: page %d, form shown %v", p.Status, p.Doc.Find("#recording-form").Length() > 0)
		}
		if r := upload(t, rv, c.ID, map[string]string{"act": actOf(t, c, "investigation"), "kind": "text", "title": "x", "text": "x"}, "", "", nil); r.Status != http.StatusForbidden {
			t.Errorf("reviewer upload: %d, want 403", r.Status)
		}
	})
}

// TestRecordingUploadLimits: the configured size limit refuses a bigger
// file with a Chinese message naming it; a refused uploader is answered
// before the body is sent (permission is checked before reading).
func TestRecordingUploadLimits(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := &webtest.World{World: testworld.Build(t, db), Env: webtest.StartWith(t, db, webtest.Clock, &config.Options{RecordingMaxMB: 1})}
		c := w.Case(t, "legal_review", nil)
		b := w.Login(t, "officer")
		r := upload(t, b, c.ID, map[string]string{"act": actOf(t, c, "investigation"), "kind": "audio", "title": "询问录音"},
			"询问.m4a", "audio/mp4", bytes.Repeat([]byte("a"), 1<<20+1))
		if r.Status != http.StatusBadRequest || !strings.Contains(r.Body, "文件超过1 MB的上限") {
			t.Fatalf("over the limit: %d", r.Status)
		}
		// A social supervisor's upload is refused while its body is still unsent.
		s := w.Login(t, "social")
		head, ct := multipartBody(map[string]string{"act": actOf(t, c, "investigation"), "kind": "video", "title": "x"}, "x.mp4", "video/mp4",
			bytes.Repeat([]byte("v"), 64<<10))
		pr, pw := io.Pipe()
		answered := make(chan struct{})
		go func() {
			pw.Write(head.Bytes()[:head.Len()-100]) // the file is never finished
			select {
			case <-answered:
			case <-time.After(20 * time.Second):
			}
			pw.CloseWithError(io.ErrUnexpectedEOF)
		}()
		req, _ := http.NewRequest(http.MethodPost, fmt.Sprintf("%s/cases/%d/recordings", w.Env.TS.URL, c.ID), pr)
		req.ContentLength = int64(head.Len()) + 40<<20
		req.Header.Set("Content-Type", ct)
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		start := time.Now()
		resp, err := s.Client.Do(req)
		close(answered)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound || time.Since(start) > 15*time.Second {
			t.Fatalf("refused upload: %d after %v (read the body before checking?)", resp.StatusCode, time.Since(start))
		}
	})
}

// TestAVListPage: the agency administrator sets the 音像记录清单 (送达 only);
// the case's 调查取证 no longer needs a recording and its 送达 does; an
// officer sees the list but may not change it (403); an unknown act type
// is refused naming the field; another agency's officer gets 404.
func TestAVListPage(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := webtest.StartWorld(t, db)
		c := w.Case(t, "published", nil)
		if !hasWarning(c, "AV_RECORD_MISSING") {
			t.Fatal("default list: 调查取证 without recording raised nothing")
		}
		path := "/agencies/" + testworld.Agency + "/av-list"
		a := w.Login(t, "agency_admin")
		if p := a.Get(path); p.Status != http.StatusOK || p.Doc.Find(`input[name=act_types][value=investigation]:checked`).Length() != 1 {
			t.Fatalf("list page: %d", p.Status)
		}
		if p := a.Post(path, map[string][]string{"act_types": {"delivered"}}); p.Status != http.StatusSeeOther {
			t.Fatalf("save: %d %s", p.Status, p.Body)
		}
		c = w.GetCase(t, c.ID)
		var msgs []string
		for _, x := range c.Warnings {
			if x.Rule == "AV_RECORD_MISSING" {
				msgs = append(msgs, x.Message)
			}
		}
		if len(msgs) != 1 || !strings.Contains(msgs[0], "“送达”") {
			t.Fatalf("after the list changed: %v", msgs)
		}
		if p := a.Post(path, map[string][]string{"act_types": {"dancing"}}); p.Status != http.StatusBadRequest || !strings.Contains(p.Body, "未知的办案环节") {
			t.Fatalf("unknown act type: %d", p.Status)
		}
		o := w.Login(t, "officer")
		if p := o.Get(path); p.Status != http.StatusOK || p.Doc.Find(`#avlist-form button`).Length() != 0 {
			t.Fatalf("officer view: %d", p.Status)
		}
		if p := o.Post(path, map[string][]string{"act_types": {"seized"}}); p.Status != http.StatusForbidden {
			t.Fatalf("officer save: %d, want 403", p.Status)
		}
		if p := w.Login(t, "other_officer").Get(path); p.Status != http.StatusNotFound {
			t.Fatalf("other agency's officer: %d, want 404", p.Status)
		}
	})
}
