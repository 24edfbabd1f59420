package inspectionweb_test

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/web/webtest"
)

// photoJPEG is a small JPEG with an EXIF segment carrying a GPS marker.
func photoJPEG(t testing.TB, shade uint8) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 8, 8))
	img.Set(1, 1, color.RGBA{shade, 10, 10, 255})
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	payload := []byte("Exif\x00\x00GPS36.6N117E")
	exif := append([]byte{0xFF, 0xE1, 0x00, byte(len(payload) + 2)}, payload...)
	return append(append(append([]byte{}, b[:2]...), exif...), b[2:]...)
}

// photoBody is the photo form's multipart body.
func photoBody(fields map[string]string, data []byte) (*bytes.Buffer, string) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	if data != nil {
		fw, _ := mw.CreateFormFile("photo", "IMG_0001.jpg")
		fw.Write(data)
	}
	mw.Close()
	return &buf, mw.FormDataContentType()
}

func photoTo(t *testing.T, b *webtest.Browser, id int64, fields map[string]string, data []byte) *webtest.Page {
	t.Helper()
	buf, ct := photoBody(fields, data)
	req, _ := http.NewRequest(http.MethodPost, fmt.Sprintf("%s/inspections/%d/photos/new", b.Env.TS.URL, id), buf)
	req.Header.Set("Content-Type", ct)
	return b.Send(req)
}

// TestInspectionPhotos: the officer on site uploads a photo of a problem
// found; a file that is not JPEG or PNG and an empty form are refused
// naming the field; the photo is listed on the page, served without its
// EXIF, shown in the 现场检查笔录 and named in its .docx; supervision sees
// it but gets no form; a social supervisor gets 404.
func TestInspectionPhotos(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := start(t, db)
		in := visit(t, w.World)
		path := fmt.Sprintf("/inspections/%d", in.ID)
		b := w.Login(t, "officer")
		if p := b.Get(path); p.Doc.Find("#photo-form").Length() != 1 || p.Doc.Find("#photos-empty").Length() != 1 {
			t.Fatalf("no photo form: %q", webtest.Text(p.Doc.Find("#photos")))
		}
		for _, c := range []struct {
			name string
			data []byte
			want string
		}{
			{"a page as a photo", []byte("<html><script>alert(1)</script></html>"), "只能上传JPEG或PNG格式的照片"},
			{"no file", nil, "请选择照片"},
		} {
			r := photoTo(t, b, in.ID, map[string]string{"caption": "x"}, c.data)
			if r.Status != http.StatusBadRequest || !strings.Contains(webtest.Text(r.Doc.Find("#photo-form")), c.want) {
				t.Errorf("%s: %d %q", c.name, r.Status, webtest.Text(r.Doc.Find("#photo-form")))
			}
		}
		if r := photoTo(t, b, in.ID, map[string]string{"item": "-1", "caption": "冷藏柜温度超标"}, photoJPEG(t, 200)); r.Status != http.StatusSeeOther {
			t.Fatalf("upload: %d %q", r.Status, webtest.Text(r.Doc.Find(".error-box, .field-error")))
		}
		p := b.Get(path)
		src := p.Doc.Find("#photo-list img").AttrOr("src", "")
		if src == "" || !strings.Contains(webtest.Text(p.Doc.Find("#photo-list")), "冷藏柜温度超标") {
			t.Fatalf("the photo is not listed: %q", webtest.Text(p.Doc.Find("#photos")))
		}
		got := b.Get(src)
		if got.Status != http.StatusOK || got.Header.Get("Content-Type") != "image/jpeg" || strings.Contains(got.Body, "GPS36.6N") ||
			got.Header.Get("Content-Security-Policy") != "sandbox" {
			t.Errorf("served photo: %d %q, EXIF kept %v", got.Status, got.Header.Get("Content-Type"), strings.Contains(got.Body, "GPS36.6N"))
		}
		rec := b.Get(path + "/docs/site_record")
		if rec.Status != http.StatusOK || !strings.Contains(rec.Body, `src="`+src+`"`) || !strings.Contains(rec.Body, "冷藏柜温度超标") {
			t.Errorf("the 现场检查笔录 lacks the photo: %d", rec.Status)
		}
		if dx := b.Get(path + "/docs/site_record?format=docx"); dx.Status != http.StatusOK || !strings.HasPrefix(dx.Body, "PK") ||
			!strings.Contains(dx.Header.Get("Content-Disposition"), url.PathEscape("现场检查笔录.docx")) {
			t.Errorf("docx: %d %q", dx.Status, dx.Header.Get("Content-Disposition"))
		}
		if dx := b.Get(path + "/docs/approval_form?format=docx"); dx.Status != http.StatusOK || !strings.HasPrefix(dx.Body, "PK") {
			t.Errorf("approval form docx: %d", dx.Status)
		}
		if ap := b.Get(path + "/docs/approval_form"); !strings.Contains(ap.Body, "负责人审批意见") || !strings.Contains(ap.Body, "返回检查") {
			t.Errorf("approval form page: %d", ap.Status)
		}
		sup := w.Login(t, "supervisor")
		if sp := sup.Get(path); sp.Doc.Find("#photo-form").Length() != 0 || sp.Doc.Find("#photo-list img").Length() != 1 {
			t.Errorf("supervision's view: form %d, photos %d", sp.Doc.Find("#photo-form").Length(), sp.Doc.Find("#photo-list img").Length())
		}
		if r := photoTo(t, sup, in.ID, nil, photoJPEG(t, 9)); r.Status != http.StatusForbidden {
			t.Errorf("supervision uploads: %d", r.Status)
		}
		if r := w.Login(t, "social").Get(src); r.Status != http.StatusNotFound {
			t.Errorf("a social supervisor sees the photo: %d", r.Status)
		}
	})
}
