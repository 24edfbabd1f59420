package textcheck

import (
	"path"
	"strings"
)

// FileName keeps the base name of an uploaded file (a browser may send a
// Windows path), without control characters or quotes, at most 200
// characters (the end, where the extension is); "未命名文件" when nothing
// is left. Evidence and act recordings store names through it.
func FileName(s string) string {
	s = path.Base(strings.ReplaceAll(strings.TrimSpace(s), `\`, "/"))
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == '"' {
			return -1
		}
		return r
	}, s)
	if s == "" || s == "." || s == "/" {
		s = "未命名文件"
	}
	if r := []rune(s); len(r) > 200 {
		s = string(r[len(r)-200:])
	}
	return s
}
