package ledgerweb

import (
	"bytes"
	"net/http"
	"path/filepath"
	"testing"

	"zfjd/internal/recording"
)

// FuzzReadRecordingUpload: any request body with a multipart content type
// is read without panicking, a file over the limit is refused, and the
// temporary file is always removed once cleanup runs.
func FuzzReadRecordingUpload(f *testing.F) {
	dir := f.TempDir()
	f.Setenv("TMPDIR", dir)
	f.Add([]byte("--B\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\n录像\r\n--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.mp4\"\r\nContent-Type: video/mp4\r\n\r\n0123456789abcdef\r\n--B--\r\n"))
	f.Add([]byte("--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.mp4\"\r\n\r\nunterminated"))
	f.Add([]byte("garbage"))
	f.Fuzz(func(t *testing.T, body []byte) {
		r, _ := http.NewRequest(http.MethodPost, "/cases/1/recordings", bytes.NewReader(body))
		r.Header.Set("Content-Type", "multipart/form-data; boundary=B")
		_, file, cleanup, err := recording.ReadUpload(r, 8)
		if err == nil && file != nil && file.Size > 8 {
			t.Fatalf("a %d-byte file passed the 8-byte limit", file.Size)
		}
		cleanup()
		if left, _ := filepath.Glob(filepath.Join(dir, "zfjd-recording-*")); len(left) > 0 {
			t.Fatalf("temporary files left: %v", left)
		}
	})
}
