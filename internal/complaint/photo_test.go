package complaint

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"
)

func sampleJPEG(t testing.TB) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 8, 8))
	img.Set(1, 1, color.RGBA{200, 10, 10, 255})
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	// An EXIF APP1 segment with a GPS marker right after SOI.
	payload := []byte("Exif\x00\x00GPS36.6N117E")
	exif := append([]byte{0xFF, 0xE1, 0x00, byte(len(payload) + 2)}, payload...)
	return append(append(append([]byte{}, b[:2]...), exif...), b[2:]...)
}

func TestCleanPhotoStripsEXIF(t *testing.T) {
	raw := sampleJPEG(t)
	if !bytes.Contains(raw, []byte("GPS36.6N")) {
		t.Fatal("sample has no EXIF")
	}
	clean, mime, hash, err := CleanPhoto(raw)
	if err != nil || mime != "image/jpeg" || len(hash) != 64 {
		t.Fatalf("%v %s %s", err, mime, hash)
	}
	if bytes.Contains(clean, []byte("GPS36.6N")) || bytes.Contains(clean, []byte("Exif")) {
		t.Fatal("EXIF kept")
	}
	if _, err := jpeg.Decode(bytes.NewReader(clean)); err != nil {
		t.Fatalf("cleaned JPEG does not decode: %v", err)
	}
}

func TestCleanPhotoPNGAndRefusals(t *testing.T) {
	var buf bytes.Buffer
	png.Encode(&buf, image.NewGray(image.Rect(0, 0, 4, 4)))
	b := buf.Bytes()
	// Insert a tEXt chunk after IHDR (8 + 25 bytes).
	text := []byte{0, 0, 0, 9, 't', 'E', 'X', 't', 'G', 'P', 'S', 0, 'h', 'e', 'r', 'e', '!', 0, 0, 0, 0}
	withText := append(append(append([]byte{}, b[:33]...), text...), b[33:]...)
	clean, mime, _, err := CleanPhoto(withText)
	if err != nil || mime != "image/png" || bytes.Contains(clean, []byte("tEXt")) {
		t.Fatalf("png: %v %s", err, mime)
	}
	if _, err := png.Decode(bytes.NewReader(clean)); err != nil {
		t.Fatalf("cleaned PNG does not decode: %v", err)
	}
	for name, data := range map[string][]byte{
		"empty": nil, "html named .jpg": []byte("<html><script>alert(1)</script>"),
		"too big": append(sampleJPEG(t), make([]byte, MaxPhotoBytes)...), "truncated jpeg": sampleJPEG(t)[:10],
	} {
		if _, _, _, err := CleanPhoto(data); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// FuzzCleanPhoto: any bytes from the outside either refuse or give an
// image of the same type with no EXIF marker left, and never panic.
func FuzzCleanPhoto(f *testing.F) {
	f.Add(sampleJPEG(f))
	var buf bytes.Buffer
	png.Encode(&buf, image.NewGray(image.Rect(0, 0, 2, 2)))
	f.Add(buf.Bytes())
	f.Add([]byte{0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x02})
	f.Fuzz(func(t *testing.T, b []byte) {
		clean, mime, _, err := CleanPhoto(b)
		if err != nil {
			return
		}
		if mime != "image/jpeg" && mime != "image/png" {
			t.Fatalf("type %s", mime)
		}
		if len(clean) > len(b) {
			t.Fatalf("cleaning grew the file")
		}
	})
}

// FuzzFiling: the filing's normalization never panics and what it passes
// keeps to the limits it states.
func FuzzFiling(f *testing.F) {
	f.Add("rude", "370102", "执法人员态度粗暴，拒绝说明理由。", "2026-06-01", "13800138000", false)
	f.Add("x", "3", "", "2026-13-40", "12", true)
	today := mustDate("2026-06-15")
	f.Fuzz(func(t *testing.T, cat, region, desc, on, phone string, anon bool) {
		fl := &Filing{Category: cat, RegionCode: region, Description: desc, HappenedOn: on, Anonymous: &anon,
			Contact: &Contact{Phone: phone}}
		if err := fl.normalize(today); err != nil {
			return
		}
		if CategoryLabel(fl.Category) == fl.Category || len([]rune(fl.Description)) > MaxDescription {
			t.Fatalf("passed %+v", fl)
		}
		if !*fl.Anonymous && !mobile.MatchString(fl.Contact.Phone) {
			t.Fatalf("named without a valid phone: %+v", fl.Contact)
		}
		if *fl.Anonymous && fl.Contact != nil {
			t.Fatal("anonymous keeps a contact")
		}
	})
}
