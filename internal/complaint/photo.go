package complaint

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"net/http"
	"strconv"

	"zfjd/internal/apperr"
	"zfjd/internal/media"
)

// Limits of a complaint's photos.
const (
	MaxPhotoBytes = 5 << 20
	MaxPhotos     = 6
)

// Upload is one photo as received.
type Upload struct {
	Name string
	Data []byte
}

// errPhoto is a photo the platform does not take, with the reason in Chinese.
type errPhoto string

func (e errPhoto) Error() string { return string(e) }

// CleanPhoto checks one photo and strips what could locate the
// complainant: the type is sniffed from the bytes (never the name or the
// client's word), only JPEG and PNG are taken, at most MaxPhotoBytes, and
// EXIF/XMP (GPS position, camera, time) are removed. It returns the
// cleaned bytes, their type and their SHA-256 (the stored name).
func CleanPhoto(b []byte) (clean []byte, mime, hash string, err error) {
	if len(b) == 0 {
		return nil, "", "", errPhoto("照片为空")
	}
	if len(b) > MaxPhotoBytes {
		return nil, "", "", errPhoto("照片不能超过5MB")
	}
	switch mime = http.DetectContentType(b); mime {
	case "image/jpeg":
		clean, err = stripJPEG(b)
	case "image/png":
		clean, err = stripPNG(b)
	default:
		return nil, "", "", errPhoto("只能上传JPEG或PNG格式的照片")
	}
	if err != nil {
		return nil, "", "", errPhoto("照片文件已损坏，无法读取")
	}
	sum := sha256.Sum256(clean)
	return clean, mime, hex.EncodeToString(sum[:]), nil
}

var errCorrupt = errors.New("corrupt image")

// stripJPEG drops the APP1 (EXIF, XMP), APP12 and APP13 (IPTC) segments
// and comments before the image data; the scan itself is copied as is.
func stripJPEG(b []byte) ([]byte, error) {
	if len(b) < 4 || b[0] != 0xFF || b[1] != 0xD8 {
		return nil, errCorrupt
	}
	out := bytes.NewBuffer(make([]byte, 0, len(b)))
	out.Write(b[:2])
	i := 2
	for {
		if i+4 > len(b) || b[i] != 0xFF {
			return nil, errCorrupt
		}
		marker := b[i+1]
		if marker == 0xFF { // fill byte
			i++
			continue
		}
		if marker == 0xD9 || marker == 0xDA { // end, or start of scan: the rest is image data
			out.Write(b[i:])
			return out.Bytes(), nil
		}
		if marker >= 0xD0 && marker <= 0xD7 || marker == 0x01 {
			out.Write(b[i : i+2])
			i += 2
			continue
		}
		n := int(binary.BigEndian.Uint16(b[i+2 : i+4]))
		if n < 2 || i+2+n > len(b) {
			return nil, errCorrupt
		}
		switch marker {
		case 0xE1, 0xEC, 0xED, 0xFE: // APP1 EXIF/XMP, APP12, APP13 IPTC, COM
		default:
			out.Write(b[i : i+2+n])
		}
		i += 2 + n
	}
}

var pngSig = []byte("\x89PNG\r\n\x1a\n")

// stripPNG drops the eXIf and text chunks (tEXt, zTXt, iTXt: XMP lives there).
func stripPNG(b []byte) ([]byte, error) {
	if !bytes.HasPrefix(b, pngSig) {
		return nil, errCorrupt
	}
	out := bytes.NewBuffer(make([]byte, 0, len(b)))
	out.Write(pngSig)
	i := len(pngSig)
	for i < len(b) {
		if i+12 > len(b) {
			return nil, errCorrupt
		}
		n := int(binary.BigEndian.Uint32(b[i : i+4]))
		if n < 0 || n > len(b) || i+12+n > len(b) {
			return nil, errCorrupt
		}
		typ := string(b[i+4 : i+8])
		switch typ {
		case "eXIf", "tEXt", "zTXt", "iTXt", "tIME":
		default:
			out.Write(b[i : i+12+n])
		}
		i += 12 + n
		if typ == "IEND" {
			return out.Bytes(), nil
		}
	}
	return nil, errCorrupt
}

// photoField names the i-th photo in errors.
func photoField(i int) string { return "photos[" + strconv.Itoa(i) + "]" }

// pic is one cleaned photo, ready to store.
type pic struct {
	data       []byte
	mime, hash string
}

// cleanUploads cleans at most MaxPhotos uploads (CleanPhoto), naming each
// refused one in bad as photos[i]; more than MaxPhotos is refused too.
func cleanUploads(bad apperr.Fields, uploads []Upload) []pic {
	if len(uploads) > MaxPhotos {
		bad.Set("photos", "最多上传"+itoa(MaxPhotos)+"张照片")
	}
	var pics []pic
	for i, u := range uploads {
		if len(pics) == MaxPhotos {
			break
		}
		data, mime, hash, err := CleanPhoto(u.Data)
		if err != nil {
			bad.Set(photoField(i), err.Error())
			continue
		}
		pics = append(pics, pic{data, mime, hash})
	}
	return pics
}

// putPhotos stores pics once per content hash in media and links them to
// row id of table (complaint_photos or observation_photos, by its column).
func putPhotos(ctx context.Context, tx *sql.Tx, table, col string, id int64, pics []pic) error {
	for i, ph := range pics {
		if err := media.Put(ctx, tx, ph.hash, int64(len(ph.data)), bytes.NewReader(ph.data)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO `+table+` (`+col+`, hash, mime, size, seq) VALUES ($1,$2,$3,$4,$5)
			ON CONFLICT (`+col+`, hash) DO NOTHING`, id, ph.hash, ph.mime, len(ph.data), i); err != nil {
			return err
		}
	}
	return nil
}
