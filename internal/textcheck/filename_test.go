package textcheck_test

import (
	"strings"
	"testing"

	"zfjd/internal/textcheck"
)

func TestFileName(t *testing.T) {
	long := strings.Repeat("长", 250) + ".mp4"
	for _, c := range []struct{ in, want string }{
		{"现场笔录.pdf", "现场笔录.pdf"},
		{`C:\Users\执法\视频.mp4`, "视频.mp4"},
		{"../../etc/passwd", "passwd"},
		{" a\x00b\"c.txt ", "abc.txt"},
		{"", "未命名文件"},
		{"/", "未命名文件"},
		{long, string([]rune(long)[len([]rune(long))-200:])},
	} {
		if got := textcheck.FileName(c.in); got != c.want {
			t.Errorf("FileName(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
