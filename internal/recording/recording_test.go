package recording

import (
	"bytes"
	"testing"

	"zfjd/internal/apperr"
)

func TestCheckAndLimits(t *testing.T) {
	if MaxBytes(0) != DefaultMaxBytes || MaxBytes(3) != 3<<20 {
		t.Errorf("MaxBytes: %d %d", MaxBytes(0), MaxBytes(3))
	}
	if KindLabel("audio") != "录音" || KindLabel("x") != "x" {
		t.Error("labels")
	}
	file := func(name, ct string, n int) *File {
		return &File{Name: name, ContentType: ct, Size: int64(n), Body: bytes.NewReader(make([]byte, n))}
	}
	for _, c := range []struct {
		name        string
		kind, title string
		text        string
		f           *File
		field       string
	}{
		{"a video", "video", "录像", "", file("a.mp4", "video/mp4", 10), ""},
		{"a text record", "text", " 笔录 ", "内容", nil, ""},
		{"no title", "audio", " ", "", file("a.mp3", "audio/mpeg", 1), "title"},
		{"a text record with a file", "text", "笔录", "内容", file("a.mp3", "audio/mpeg", 1), "file"},
		{"an empty file", "audio", "录音", "", file("a.mp3", "audio/mpeg", 0), "file"},
		{"over the limit", "audio", "录音", "", file("a.mp3", "audio/mpeg", 11), "file"},
		{"audio as video", "video", "录像", "", file("a.mp3", "audio/mpeg", 1), "file"},
		{"an unknown kind", "photo", "照片", "", nil, "kind"},
	} {
		fs := apperr.Fields{}
		title, text := c.title, c.text
		Check(fs, c.kind, &title, &text, c.f, 10)
		if (c.field == "" && len(fs) != 0) || (c.field != "" && fs[c.field] == "") {
			t.Errorf("%s: %v, want a message on %q", c.name, fs, c.field)
		}
	}
	if extOf("入企.mp3") != ".mp3" || extOf("录音.录音") != "" || extOf("noext") != "" {
		t.Error("extOf")
	}
}
