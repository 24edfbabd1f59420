package registry

import (
	"bytes"
	"errors"

	"github.com/xuri/excelize/v2"

	"zfjd/internal/apperr"
)

// ErrStopRows, returned by a ReadXLSXRows visitor, ends the reading early
// without an error.
var ErrStopRows = errors.New("stop reading rows")

// ReadXLSXRows reads an uploaded xlsx file (outside input) row by row with
// raw cell values — dates as serial numbers, numbers unformatted — from the
// worksheet named sheet, else the first one other than 说明. visit gets the
// 1-based row number, the cells and whether the workbook counts dates from
// 1904. Old .xls, encrypted and broken files answer a Chinese message, and
// a panic inside excelize on a malformed file is turned into one too.
func ReadXLSXRows(data []byte, sheet string, unzipLimit int64, visit func(num int, cells []string, date1904 bool) error) (err error) {
	bad := apperr.New(apperr.Invalid, "无法读取xlsx文件，请确认文件未损坏、未设置密码，并用Excel或WPS另存为xlsx格式后再导入")
	if bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0}) {
		return apperr.New(apperr.Invalid, "该文件是旧版xls格式或设置了密码，请用Excel或WPS另存为不加密的xlsx格式后再导入")
	}
	if !bytes.HasPrefix(data, []byte("PK")) {
		return bad
	}
	defer func() {
		if recover() != nil {
			err = bad
		}
	}()
	opts := excelize.Options{RawCellValue: true, UnzipSizeLimit: unzipLimit, UnzipXMLSizeLimit: 16 << 20}
	f, err := excelize.OpenReader(bytes.NewReader(data), opts)
	if err != nil {
		return bad
	}
	defer f.Close()
	name := ""
	for _, s := range f.GetSheetList() {
		if s == sheet {
			name = s
			break
		}
		if name == "" && s != "说明" {
			name = s
		}
	}
	if name == "" {
		return bad
	}
	date1904 := false
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		date1904 = *props.Date1904
	}
	it, err := f.Rows(name)
	if err != nil {
		return bad
	}
	defer it.Close()
	num := 0
	for it.Next() {
		num++
		cells, err := it.Columns(opts)
		if err != nil {
			return bad
		}
		if err := visit(num, cells, date1904); errors.Is(err, ErrStopRows) {
			return nil
		} else if err != nil {
			return err
		}
	}
	if it.Error() != nil {
		return bad
	}
	return nil
}
