package inspectionweb

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"zfjd/internal/complaint"
)

// FuzzReadPhotoUpload: whatever the body of the photo form, the reader
// returns a photo of at most complaint.MaxPhotoBytes with a line number
// of -1..10000 and a caption of at most 1 KB, or an error naming a field
// of the form; it never panics.
func FuzzReadPhotoUpload(f *testing.F) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("item", "1")
	mw.WriteField("caption", "冷藏柜温度超标")
	fw, _ := mw.CreateFormFile("photo", "a.jpg")
	fw.Write([]byte("\xff\xd8\xff\xe0JFIF"))
	mw.Close()
	f.Add(buf.String(), mw.Boundary())
	f.Add("--b\r\nContent-Disposition: form-data; name=\"item\"\r\n\r\n-7\r\n--b--\r\n", "b")
	f.Add("--b\r\nContent-Disposition: form-data; name=\"photo\"\r\n\r\nxx\r\n--b\r\nContent-Disposition: form-data; name=\"photo\"\r\n\r\nyy\r\n--b--\r\n", "b")
	f.Add("garbage", "b")
	f.Fuzz(func(t *testing.T, body, boundary string) {
		req, _ := http.NewRequest(http.MethodPost, "/inspections/1/photos/new", strings.NewReader(body))
		req.Header.Set("Content-Type", "multipart/form-data; boundary="+boundary)
		u, err := readPhotoUpload(req)
		if err != nil {
			e, ok := err.(*errUpload)
			if !ok || (e.field != "photo" && e.field != "item" && e.field != "caption") || e.msg == "" {
				t.Fatalf("error %T %v names no field of the form", err, err)
			}
			return
		}
		if len(u.Data) == 0 || len(u.Data) > complaint.MaxPhotoBytes || u.Item < -1 || u.Item > 10000 || len(u.Caption) > 1024 {
			t.Fatalf("upload out of bounds: %d bytes, item %d, caption %d bytes", len(u.Data), u.Item, len(u.Caption))
		}
	})
}
