package recording

// The web side of a recording: the upload is streamed to one temporary
// file (hashed as it is written, removed whatever happens) and played back
// with byte ranges.

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"
)

// ReadUpload reads a multipart form: the fields (each at most 64 KB of
// text) and the one file of field "file", streamed to a temporary file
// while its SHA-256 and size are taken; a file over limit is refused.
// cleanup closes and removes the file; it is always safe to call. The
// caller caps the body (http.MaxBytesReader) before.
func ReadUpload(r *http.Request, limit int64) (url.Values, *File, func(), error) {
	v := url.Values{}
	var tmp *os.File
	cleanup := func() {
		if tmp != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return v, nil, cleanup, errors.New("请以表单上传（multipart/form-data）")
	}
	var file *File
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return v, nil, cleanup, uploadError(err, limit)
		}
		name := part.FormName()
		if name != "file" {
			b, err := io.ReadAll(io.LimitReader(part, 64<<10))
			if err != nil {
				return v, nil, cleanup, uploadError(err, limit)
			}
			v.Add(name, string(b))
			continue
		}
		if part.FileName() == "" || tmp != nil {
			io.Copy(io.Discard, part) // the empty file input, or a second file
			continue
		}
		if tmp, err = os.CreateTemp("", "zfjd-recording-*"); err != nil {
			return v, nil, cleanup, err
		}
		h := sha256.New()
		n, err := io.Copy(io.MultiWriter(tmp, h), io.LimitReader(part, limit+1))
		if err != nil {
			return v, nil, cleanup, uploadError(err, limit)
		}
		if n > limit {
			return v, nil, cleanup, fmt.Errorf("文件超过%d MB的上限", limit>>20)
		}
		file = &File{Name: part.FileName(), ContentType: part.Header.Get("Content-Type"), Size: n, SHA256: hex.EncodeToString(h.Sum(nil)), Body: tmp}
	}
	return v, file, cleanup, nil
}

func uploadError(err error, limit int64) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return fmt.Errorf("文件超过%d MB的上限", limit>>20)
	}
	return errors.New("上传未完成，请重试")
}

// Served is what Serve needs of a stored recording.
type Served struct {
	ID                    int64
	FileName, ContentType string
	SHA256                string
	CreatedAt             int64 // unix ms
}

// Serve answers with the file body, byte ranges for playback included
// (206 with Content-Range); audio and video play inline, anything else
// downloads.
func Serve(w http.ResponseWriter, r *http.Request, rec Served, body io.ReadSeeker) {
	disp := "attachment"
	if mt, _, err := mime.ParseMediaType(rec.ContentType); err == nil && (strings.HasPrefix(mt, "audio/") || strings.HasPrefix(mt, "video/")) {
		disp = "inline"
		w.Header().Set("Content-Type", mt)
	} else {
		w.Header().Set("Content-Type", "application/octet-stream")
	}
	w.Header().Set("Content-Disposition", fmt.Sprintf(`%s; filename="recording-%d%s"; filename*=UTF-8''%s`, disp, rec.ID,
		extOf(rec.FileName), url.PathEscape(rec.FileName)))
	w.Header().Set("ETag", `"`+rec.SHA256+`"`)
	w.Header().Set("Cache-Control", "private, max-age=3600")
	http.ServeContent(w, r, "", time.UnixMilli(rec.CreatedAt), body)
}

// extOf is the file name's extension when it is plain ASCII (for the
// ASCII fallback name).
func extOf(name string) string {
	i := strings.LastIndexByte(name, '.')
	if i < 0 || len(name)-i > 6 {
		return ""
	}
	for _, r := range name[i+1:] {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return ""
		}
	}
	return name[i:]
}
