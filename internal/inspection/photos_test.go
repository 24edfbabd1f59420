package inspection_test

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"strings"
	"testing"

	"zfjd/internal/apperr"
	"zfjd/internal/inspection"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
)

// photoJPEG is a small JPEG carrying an EXIF segment with a GPS marker,
// shade telling two photos apart.
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

// The 一张表单's photos (鲁政办发〔2025〕3号; 国办发〔2024〕54号 事中留痕): taken on
// site by the inspecting officers, type sniffed, EXIF stripped, stored by
// content hash, refused before check-in, twice, of another type, by others.
func TestPhotos(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		if err := f.svc.PutItem(f.Ctx, testworld.As("agency_admin"), Matter, "便利店", []string{"食品经营许可证公示", "进货查验记录"}); err != nil {
			t.Fatal(err)
		}
		officer := testworld.As("officer")
		before := reported(t, f)
		if _, err := f.svc.AddPhoto(f.Ctx, officer, before.ID, photoJPEG(t, 1), -1, ""); apperr.As(err).Code != apperr.Conflict {
			t.Errorf("photo before check-in: %v", err)
		}
		in := checkedIn(t, f)
		ph, err := f.svc.AddPhoto(f.Ctx, officer, in.ID, photoJPEG(t, 200), 1, "进货查验记录缺失")
		if err != nil {
			t.Fatal(err)
		}
		if ph.Mime != "image/jpeg" || len(ph.Hash) != 64 || ph.Seq != 1 {
			t.Errorf("photo: %+v", ph)
		}
		got, rd, err := f.svc.OpenPhoto(f.Ctx, testworld.As("head"), in.ID, ph.Hash)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rd)
		if bytes.Contains(b, []byte("GPS36.6N")) || int64(len(b)) != got.Size {
			t.Errorf("stored photo keeps EXIF or has the wrong size (%d of %d)", len(b), got.Size)
		}
		for _, c := range []struct {
			name  string
			data  []byte
			item  int
			field string
		}{
			{"the same photo", photoJPEG(t, 200), -1, inspection.PhotoField},
			{"not an image", []byte("<html><script>alert(1)</script>"), -1, inspection.PhotoField},
			{"no such line", photoJPEG(t, 3), 2, "item"},
		} {
			if _, err := f.svc.AddPhoto(f.Ctx, officer, in.ID, c.data, c.item, ""); apperr.As(err).Fields[c.field] == "" {
				t.Errorf("%s: %v", c.name, err)
			}
		}
		if _, err := f.svc.AddPhoto(f.Ctx, testworld.As("other_officer"), in.ID, photoJPEG(t, 4), -1, ""); apperr.As(err).Code != apperr.NotFound {
			t.Errorf("another county's officer: %v", err)
		}
		if _, _, err := f.svc.OpenPhoto(f.Ctx, testworld.As("other_officer"), in.ID, ph.Hash); apperr.As(err).Code != apperr.NotFound {
			t.Errorf("another county's officer reads the photo: %v", err)
		}
		if _, _, err := f.svc.OpenPhoto(f.Ctx, officer, before.ID, ph.Hash); apperr.As(err).Code != apperr.NotFound {
			t.Errorf("the photo through another inspection: %v", err)
		}

		// The 现场检查笔录 shows it; the .docx names it by caption and hash.
		d, err := f.svc.Document(f.Ctx, officer, in.ID, inspection.DocRecord, func(h string) string { return "/p/" + h })
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"现场检查笔录", "进货查验记录缺失", "济南某某便利店有限公司", testworld.CertB} {
			if !strings.Contains(d.Text(), want) {
				t.Errorf("record lacks %q", want)
			}
		}
		var html, docx bytes.Buffer
		if err := d.WriteHTML(&html, "/back", "/docx"); err != nil || !strings.Contains(html.String(), `src="/p/`+ph.Hash+`"`) ||
			!strings.Contains(html.String(), "返回检查") {
			t.Errorf("A4 page: %v, photo or back link missing", err)
		}
		if err := d.WriteDocx(&docx); err != nil || !bytes.HasPrefix(docx.Bytes(), []byte("PK")) {
			t.Errorf("docx: %v", err)
		}
		xml, _ := d.DocumentXML()
		if !bytes.Contains(xml, []byte(ph.Hash)) {
			t.Error("the .docx does not name the photo's hash")
		}
	})
}

// 行政检查审批表 (司法部《关于涉企行政检查有关问题的解答》: the head approves
// before the visit): the head's opinion and name; 404 for another county.
func TestApprovalDocument(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		in := reported(t, f)
		d, err := f.svc.Document(f.Ctx, testworld.As("officer"), in.ID, inspection.DocApproval, nil)
		if err != nil {
			t.Fatal(err)
		}
		if txt := d.Text(); !strings.Contains(txt, "行政检查审批表") || !strings.Contains(txt, "同意") || !strings.Contains(txt, "负责人审批意见") {
			t.Errorf("approval form: %s", txt)
		}
		if _, err := f.svc.Document(f.Ctx, testworld.As("other_officer"), in.ID, inspection.DocApproval, nil); apperr.As(err).Code != apperr.NotFound {
			t.Errorf("another county: %v", err)
		}
		if _, err := f.svc.Document(f.Ctx, testworld.As("officer"), in.ID, "nonsense", nil); apperr.As(err).Code != apperr.NotFound {
			t.Errorf("unknown kind: %v", err)
		}
	})
}
