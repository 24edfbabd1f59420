package caseweb_test

import (
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/web/webtest"
)

// stalledUpload posts a multipart form to path whose file part is
// declared and begun but never finished: the body stalls after head bytes
// until the answer has come. A server that reads the body before checking
// permission cannot answer at all (it waits for the rest); one that checks
// first answers while the body is still unsent.
func stalledUpload(t *testing.T, b *webtest.Browser, path string, fields url.Values) (status int, answeredEarly bool) {
	t.Helper()
	var head bytes.Buffer
	mw := multipart.NewWriter(&head)
	for k, vs := range fields {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	fw, _ := mw.CreateFormFile("ev_files", "big.bin")
	fw.Write(bytes.Repeat([]byte("x"), 64<<10))
	pr, pw := io.Pipe()
	answered := make(chan struct{})
	go func() {
		pw.Write(head.Bytes())
		select { // the rest (40 MB) only after the answer, or never
		case <-answered:
		case <-time.After(20 * time.Second):
		}
		pw.CloseWithError(io.ErrUnexpectedEOF)
	}()
	req, _ := http.NewRequest(http.MethodPost, b.Env.TS.URL+path, pr)
	req.ContentLength = int64(head.Len()) + 40<<20
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	done := make(chan int, 1)
	start := time.Now()
	go func() {
		resp, err := b.Client.Do(req)
		if err != nil {
			done <- 0
			return
		}
		resp.Body.Close()
		done <- resp.StatusCode
	}()
	status = <-done
	close(answered)
	return status, time.Since(start) < 15*time.Second
}

// An upload by someone who may not add evidence to the case — a social
// supervisor (the case is hidden from him), a legal reviewer (his role may
// not), an officer of another agency — is refused before its body is
// read (security review M6), for evidence and for an act with files.
func TestUploadRefusedBeforeBody(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := webtest.StartWorld(t, db)
		c := w.Case(t, "investigation", nil)
		form := url.Values{"ev_kind": {"documentary"}, "ev_title": {"大文件"}, "ev_collected_on": {testworld.Today}, "at": {testworld.Today}}
		for _, tc := range []struct {
			user, path string
			want       int
		}{
			{"social", webtest.CasePath(c.ID, "/evidence"), http.StatusNotFound},
			{"reviewer", webtest.CasePath(c.ID, "/evidence"), http.StatusForbidden},
			{"other_officer", webtest.CasePath(c.ID, "/evidence"), http.StatusNotFound},
			{"agency_admin", webtest.CasePath(c.ID, "/evidence"), http.StatusForbidden},
			{"social", webtest.CasePath(c.ID, "/act/investigation"), http.StatusNotFound},
			{"agency_admin", webtest.CasePath(c.ID, "/act/investigation"), http.StatusForbidden},
			{"supervisor", webtest.CasePath(c.ID, "/act/investigation"), http.StatusForbidden},
			{"officer", "/cases/999999/evidence", http.StatusNotFound},
		} {
			before := webtest.Counts(t, db)
			status, early := stalledUpload(t, w.Login(t, tc.user), tc.path, form)
			if status != tc.want || !early {
				t.Errorf("%s POST %s with a 40 MB body: %d (answered before the body: %v), want %d at once", tc.user, tc.path, status, early, tc.want)
			}
			webtest.SameCounts(t, db, before, tc.user+" upload")
		}
	})
}

// No multipart temporary file outlives its request, after a success and
// after a refusal (the server's own clean-up misses handlers' copies of
// the request). TMPDIR points at an empty directory for the test.
func TestUploadTempFilesRemoved(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("TMPDIR", dir)
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := webtest.StartWorld(t, db)
		c := w.Case(t, "investigation", nil)
		off := w.Login(t, "officer")
		big := bytes.Repeat([]byte("证据"), 9<<20/6+1) // over the 8 MB kept in memory: a temporary file while parsing
		leftovers := func(what string) {
			t.Helper()
			ents, _ := os.ReadDir(dir)
			for _, e := range ents {
				if strings.HasPrefix(e.Name(), "multipart-") {
					info, _ := e.Info()
					t.Errorf("%s: temporary file %s (%d bytes) left", what, filepath.Join(dir, e.Name()), info.Size())
					os.Remove(filepath.Join(dir, e.Name()))
				}
			}
		}
		ok := url.Values{"ev_kind": {"documentary"}, "ev_title": {"现场录像"}, "ev_collected_on": {testworld.Today}, "officers": webtest.Team}
		if p := ucMultipart(t, off, webtest.CasePath(c.ID, "/evidence"), ok, map[string][]byte{"录像.bin": big}); p.Status != http.StatusSeeOther {
			t.Fatalf("upload of 9 MB: %d %s", p.Status, webtest.Text(p.Doc.Find(".error-box")))
		}
		leftovers("after a saved upload")
		bad := url.Values{"ev_kind": {"documentary"}, "ev_title": {""}, "ev_collected_on": {testworld.Today}}
		if p := ucMultipart(t, off, webtest.CasePath(c.ID, "/evidence"), bad, map[string][]byte{"录像.bin": big}); p.Status != http.StatusBadRequest {
			t.Errorf("upload without a title: %d, want 400", p.Status)
		}
		leftovers("after a refused upload")
		act := url.Values{"at": {testworld.Today}, "officers": webtest.Team, "note": {""}, "ev_kind": {"documentary"}, "ev_title": {"录像"}}
		if p := ucMultipart(t, off, webtest.CasePath(c.ID, "/act/investigation"), act, map[string][]byte{"录像.bin": big}); p.Status < 400 {
			t.Errorf("act without its required note: %d, want a refusal", p.Status)
		}
		leftovers("after a refused act with files")
		// Over the request limit: refused, nothing left.
		huge := bytes.Repeat([]byte("x"), 51<<20)
		if p := ucMultipart(t, off, webtest.CasePath(c.ID, "/evidence"), ok, map[string][]byte{"huge.bin": huge}); p.Status != http.StatusBadRequest ||
			!strings.Contains(webtest.Text(p.Doc.Find(".error-box, .field-error")), fmt.Sprintf("%d MB", 50)) {
			t.Errorf("a 51 MB upload: %d %q", p.Status, webtest.Text(p.Doc.Find(".error-box, .field-error")))
		}
		leftovers("after an upload over the limit")
	})
}
