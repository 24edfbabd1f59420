package registryweb_test

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/web/webtest"
)

// An import upload by a role that may not import (an officer, a social
// supervisor) is refused before its body is read (security review M6):
// the body stalls after its first bytes, and the answer comes anyway.
func TestImportRefusedBeforeBody(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := webtest.StartWorld(t, db)
		for _, user := range []string{"officer", "social", "head"} {
			for _, path := range []string{"/officers/import", "/matters/import", "/discretion/import"} {
				before := webtest.Counts(t, db)
				status, early := stalledImport(t, w.Login(t, user), path)
				if status != http.StatusForbidden || !early {
					t.Errorf("%s POST %s with a 10 MB body: %d (answered before the body: %v), want 403 at once", user, path, status, early)
				}
				webtest.SameCounts(t, db, before, user+" import")
			}
		}
	})
}

func stalledImport(t *testing.T, b *webtest.Browser, path string) (int, bool) {
	t.Helper()
	var head bytes.Buffer
	mw := multipart.NewWriter(&head)
	fw, _ := mw.CreateFormFile("file", "officers.csv")
	fw.Write([]byte("执法证号,姓名\n"))
	pr, pw := io.Pipe()
	answered := make(chan struct{})
	go func() {
		pw.Write(head.Bytes())
		select {
		case <-answered:
		case <-time.After(20 * time.Second):
		}
		pw.CloseWithError(io.ErrUnexpectedEOF)
	}()
	req, _ := http.NewRequest(http.MethodPost, b.Env.TS.URL+path, pr)
	req.ContentLength = int64(head.Len()) + 10<<20
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	start := time.Now()
	resp, err := b.Client.Do(req)
	close(answered)
	if err != nil {
		return 0, false
	}
	resp.Body.Close()
	return resp.StatusCode, time.Since(start) < 15*time.Second
}

// An allowed import leaves no multipart temporary file, after a good and a
// bad file (TMPDIR is an empty directory for the test).
func TestImportTempFilesRemoved(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("TMPDIR", dir)
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := webtest.StartWorld(t, db)
		b := w.Login(t, "agency_admin")
		for _, data := range [][]byte{[]byte("不是表格"), bytes.Repeat([]byte("x"), 9<<20)} {
			if p := b.Upload("/officers/import", "officers.csv", data); p.Status < 400 {
				t.Errorf("import of a bad file: %d, want a refusal", p.Status)
			}
			ents, _ := os.ReadDir(dir)
			for _, e := range ents {
				if strings.HasPrefix(e.Name(), "multipart-") {
					t.Errorf("temporary file %s left after an import", e.Name())
				}
			}
		}
	})
}
