// Package recording holds what the 全过程记录 of cases and of inspections
// share (处罚法 Art. 47; 国办发〔2018〕118号): the kinds of record of an act
// (文字记录、录音、录像) with their labels, the check of a record's title,
// text and file, storing the file in package media, and — for the web —
// reading an upload to a temporary file and serving a file with byte
// ranges for playback. Which act a record belongs to, who may add one and
// what the record log says of it are the owner's (cases, inspection).
package recording

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"mime"
	"path"
	"strings"
	"unicode/utf8"

	"zfjd/internal/apperr"
	"zfjd/internal/media"
)

// DefaultMaxBytes is the size limit of one file unless configured
// otherwise (--recording-max-mb).
const DefaultMaxBytes = 500 << 20

// MaxBytes is the size limit of one file for a configured limit of mb
// megabytes (0 or less: DefaultMaxBytes).
func MaxBytes(mb int) int64 {
	if mb > 0 {
		return int64(mb) << 20
	}
	return DefaultMaxBytes
}

// kinds are the kinds of record of an act.
var kinds = map[string]string{"text": "文字记录", "audio": "录音", "video": "录像"}

// KindLabel is a record kind in Chinese.
func KindLabel(k string) string {
	if l, ok := kinds[k]; ok {
		return l
	}
	return k
}

// IsMedia reports whether kind is a file kind (audio or video).
func IsMedia(kind string) bool { return kind == "audio" || kind == "video" }

// File is an uploaded file as the caller spooled it: its bytes (read
// again from the start on each try), size and SHA-256.
type File struct {
	Name, ContentType string
	Size              int64
	SHA256            string
	Body              io.ReadSeeker
}

// Check checks a record's kind, title, text and file into fs (fields
// kind, title, text, file), trimming title and text; maxBytes is the
// file size limit.
func Check(fs apperr.Fields, kind string, title, text *string, f *File, maxBytes int64) {
	*title, *text = strings.TrimSpace(*title), strings.TrimSpace(*text)
	if _, ok := kinds[kind]; !ok {
		fs.Set("kind", "请选择记录形式（文字记录、录音或录像）")
	}
	switch n := utf8.RuneCountInString(*title); {
	case n == 0:
		fs.Set("title", "请填写记录名称")
	case n > 200:
		fs.Set("title", "记录名称不能超过200字")
	}
	if utf8.RuneCountInString(*text) > 20000 {
		fs.Set("text", "文字记录不能超过20000字")
	}
	switch {
	case kind == "text" && *text == "":
		fs.Set("text", "请填写文字记录的内容")
	case kind == "text" && f != nil:
		fs.Set("file", "文字记录不附文件；录音、录像请选择相应的记录形式")
	case IsMedia(kind) && f == nil:
		fs.Set("file", "请选择录音或录像文件")
	case f != nil && f.Size == 0:
		fs.Set("file", "文件是空文件")
	case f != nil && f.Size > maxBytes:
		fs.Set("file", fmt.Sprintf("文件超过%d MB的上限", maxBytes>>20))
	case f != nil && !strings.HasPrefix(MediaType(f), kind+"/"):
		fs.Set("file", map[string]string{"audio": "请上传音频文件（如 mp3、m4a、wav）", "video": "请上传视频文件（如 mp4、webm）"}[kind])
	}
}

// MediaType is the file's media type: the browser's when it names audio
// or video, else by the name's extension.
func MediaType(f *File) string {
	if mt, _, err := mime.ParseMediaType(f.ContentType); err == nil && (strings.HasPrefix(mt, "audio/") || strings.HasPrefix(mt, "video/")) {
		return mt
	}
	if mt, _, err := mime.ParseMediaType(mime.TypeByExtension(strings.ToLower(path.Ext(f.Name)))); err == nil {
		return mt
	}
	return "application/octet-stream"
}

// Put stores f's bytes in package media in tx, from the start (a retried
// transaction reads them again); bytes that do not hash to f.SHA256 are
// refused as an unfinished upload.
func Put(ctx context.Context, tx *sql.Tx, f *File) error {
	if _, err := f.Body.Seek(0, io.SeekStart); err != nil {
		return err
	}
	if err := media.Put(ctx, tx, f.SHA256, f.Size, f.Body); err != nil {
		if errors.Is(err, media.ErrHashMismatch) {
			return apperr.New(apperr.Invalid, "上传未完成，请重试")
		}
		return err
	}
	return nil
}
