package registry

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"zfjd/internal/apperr"
)

// ErrStopRows, returned by a ReadXLSXRows visitor, ends the reading early
// without an error.
var ErrStopRows = errors.New("stop reading rows")

// Limits of an uploaded workbook. An xlsx file is a zip of XML parts, and a
// few hundred KB of zip can inflate to gigabytes of XML: the probe made the
// server take 1.15 GB with a 196 KB file (one 200 MB cell) and 22.6 s of CPU
// with a 584 KB one (240 MB of empty rows). The zip's directory is checked
// before excelize reads anything (archive/zip refuses a part that inflates
// beyond the size its header declares), and the rows are counted, empty
// ones too, as they are read.
const (
	// XLSXMaxUnzipped caps all parts together; a caller may set less.
	XLSXMaxUnzipped = 48 << 20
	// XLSXMaxPart caps any one part (a worksheet, the shared strings). The
	// import templates with 20,000 filled rows stay well below it. Parts up
	// to it are parsed in memory, so excelize writes no temporary files.
	XLSXMaxPart = 24 << 20
	// XLSXMaxParts caps the number of parts of the zip.
	XLSXMaxParts = 1000
	// XLSXMaxRows caps the rows of the sheet read, empty rows and the
	// header included (imports take at most 20,000 data rows).
	XLSXMaxRows = 50000
	// XLSXMaxCols caps the columns of a row, trailing empty cells not counted.
	XLSXMaxCols = 200
	// XLSXMaxCell caps a cell, in characters (Excel's own limit).
	XLSXMaxCell = 32767
	// XLSXTimeout bounds the whole reading, whatever the caller's context.
	XLSXTimeout = 20 * time.Second
)

// ReadXLSXRows reads an uploaded xlsx file (outside input) row by row with
// raw cell values — dates as serial numbers, numbers unformatted — from the
// worksheet named sheet, else the first one other than 说明. visit gets the
// 1-based row number, the cells and whether the workbook counts dates from
// 1904. unzipLimit caps the inflated size of all parts (at most
// XLSXMaxUnzipped). The file is refused with a Chinese message when it is
// over one of the limits above, when ctx ends or XLSXTimeout passes, and
// when it is an old .xls, encrypted or broken; a panic inside excelize on a
// malformed file is turned into a message too.
func ReadXLSXRows(ctx context.Context, data []byte, sheet string, unzipLimit int64,
	visit func(num int, cells []string, date1904 bool) error) (err error) {
	bad := apperr.New(apperr.Invalid, "无法读取xlsx文件，请确认文件未损坏、未设置密码，并用Excel或WPS另存为xlsx格式后再导入")
	if bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0}) {
		return apperr.New(apperr.Invalid, "该文件是旧版xls格式或设置了密码，请用Excel或WPS另存为不加密的xlsx格式后再导入")
	}
	if !bytes.HasPrefix(data, []byte("PK")) {
		return bad
	}
	if unzipLimit <= 0 || unzipLimit > XLSXMaxUnzipped {
		unzipLimit = XLSXMaxUnzipped
	}
	if err := checkZip(data, unzipLimit); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, XLSXTimeout)
	defer cancel()
	timeout := func() error {
		return apperr.New(apperr.Invalid, "读取xlsx文件超时，请删除多余的内容或拆分后分批导入")
	}
	defer func() {
		if recover() != nil {
			err = bad
		}
	}()
	opts := excelize.Options{RawCellValue: true, UnzipSizeLimit: unzipLimit, UnzipXMLSizeLimit: min(XLSXMaxPart, unzipLimit)}
	f, err := excelize.OpenReader(bytes.NewReader(data), opts)
	if err != nil {
		return bad
	}
	defer f.Close()
	if ctx.Err() != nil {
		return timeout()
	}
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
		if num > XLSXMaxRows {
			return apperr.New(apperr.Invalid, "工作表超过%d行（空行也计算在内），请删除多余的空行或拆分后分批导入", XLSXMaxRows)
		}
		if ctx.Err() != nil {
			return timeout()
		}
		cells, err := it.Columns(opts)
		if err != nil {
			return bad
		}
		for len(cells) > 0 && cells[len(cells)-1] == "" {
			cells = cells[:len(cells)-1]
		}
		if len(cells) > XLSXMaxCols {
			return apperr.New(apperr.Invalid, "第%d行超过%d列，请删除多余的列后再导入", num, XLSXMaxCols)
		}
		for i, c := range cells {
			if len(c) > XLSXMaxCell && utf8.RuneCountInString(c) > XLSXMaxCell {
				return apperr.New(apperr.Invalid, "第%d行第%d列超过%d个字，请检查后再导入", num, i+1, XLSXMaxCell)
			}
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

// checkZip refuses a workbook whose zip directory declares too many parts,
// a part over XLSXMaxPart or more than limit bytes in all once inflated.
// The declared sizes are binding: archive/zip fails a part that inflates
// to more, so excelize never sees more than was checked here.
func checkZip(data []byte, limit int64) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return apperr.New(apperr.Invalid, "无法读取xlsx文件，请确认文件未损坏、未设置密码，并用Excel或WPS另存为xlsx格式后再导入")
	}
	if len(zr.File) > XLSXMaxParts {
		return apperr.New(apperr.Invalid, "xlsx文件包含的部件过多（超过%d个），请用Excel或WPS另存为xlsx格式后再导入", XLSXMaxParts)
	}
	var total uint64
	for _, f := range zr.File {
		if f.UncompressedSize64 > XLSXMaxPart {
			return apperr.New(apperr.Invalid, "xlsx文件中有部件解压后超过%dMB，请删除多余的内容、空行和图片后再导入", XLSXMaxPart>>20)
		}
		if total += f.UncompressedSize64; total > uint64(limit) {
			return apperr.New(apperr.Invalid, "xlsx文件解压后超过%dMB，请删除多余的工作表、空行和图片，或拆分后分批导入", limit>>20)
		}
	}
	return nil
}
