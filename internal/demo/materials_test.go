package demo

import (
	"bytes"
	"regexp"
	"strconv"
	"testing"

	"zfjd/internal/training"
)

// TestCourseFiles: the demo's course files are what they claim — each PDF
// has a cross-reference table whose every offset points at its object
// and a startxref pointing at the table, the video is a WebM the
// material sniffer takes and under 300 KB — and every file is taken by
// AddMaterial's sniffer as its kind.
func TestCourseFiles(t *testing.T) {
	want := map[string]string{"岗前培训讲义.pdf": "pdf", "行政强制法第二十五条讲义.pdf": "pdf", "第二十五条解读.webm": "video"}
	files := CourseFiles()
	if len(files) != len(want) {
		t.Fatalf("%d files, want %d", len(files), len(want))
	}
	for name, b := range files {
		kind, _ := training.SniffMaterial(b[:min(len(b), 512)])
		if kind != want[name] {
			t.Errorf("%s sniffed as %q, want %q", name, kind, want[name])
		}
		if kind == "video" && len(b) > 300<<10 {
			t.Errorf("%s is %d bytes", name, len(b))
		}
		if kind == "pdf" {
			checkPDF(t, name, b)
		}
	}
}

func checkPDF(t *testing.T, name string, b []byte) {
	t.Helper()
	m := regexp.MustCompile(`startxref\n(\d+)\n%%EOF\n$`).FindSubmatch(b)
	if m == nil {
		t.Fatalf("%s: no startxref at the end", name)
	}
	at, _ := strconv.Atoi(string(m[1]))
	if !bytes.HasPrefix(b[at:], []byte("xref\n0 ")) {
		t.Fatalf("%s: startxref %d does not point at the table", name, at)
	}
	entries := regexp.MustCompile(`(\d{10}) 00000 n \n`).FindAllSubmatch(b[at:], -1)
	if len(entries) < 7 {
		t.Fatalf("%s: %d objects in the table", name, len(entries))
	}
	for i, e := range entries {
		off, _ := strconv.Atoi(string(e[1]))
		if !bytes.HasPrefix(b[off:], []byte(strconv.Itoa(i+1)+" 0 obj\n")) {
			t.Errorf("%s: object %d is not at %d", name, i+1, off)
		}
	}
	// The content stream's length is the one declared.
	s := regexp.MustCompile(`(?s)<< /Length (\d+) >>\nstream\n(.*?)endstream`).FindSubmatch(b)
	if s == nil {
		t.Fatalf("%s: no content stream", name)
	}
	if n, _ := strconv.Atoi(string(s[1])); n != len(s[2]) {
		t.Errorf("%s: stream Length %d, is %d", name, n, len(s[2]))
	}
}
