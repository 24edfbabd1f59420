package registry

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"io"
	"path"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	xunicode "golang.org/x/text/encoding/unicode"

	"zfjd/internal/apperr"
)

// Reading an import file: CSV (UTF-8 or GBK) or xlsx, header location, limits.

// readImport reads the file, finds the header and checks the limits. Any
// problem with the file as a whole is an apperr Invalid error.
func readImport(ctx context.Context, r io.Reader, filename string, spec *importSpec) (*importTable, error) {
	ext := strings.ToLower(path.Ext(strings.ReplaceAll(filename, `\`, "/")))
	if ext != ".xlsx" && ext != ".csv" {
		return nil, apperr.New(apperr.Invalid, "仅支持xlsx或csv格式的文件")
	}
	if r == nil {
		return nil, apperr.New(apperr.Invalid, "请选择要导入的文件")
	}
	data, err := io.ReadAll(io.LimitReader(r, importMaxBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > importMaxBytes {
		return nil, apperr.New(apperr.Invalid, "文件不能超过10MB，请拆分后分批导入")
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, apperr.New(apperr.Invalid, "文件是空的")
	}
	var raw []importRow
	t := &importTable{}
	if ext == ".xlsx" {
		t.xlsx = true
		raw, t.date1904, err = readXLSX(ctx, data, spec)
	} else {
		raw, err = readCSV(data)
	}
	if err != nil {
		return nil, err
	}
	if err := t.locateHeader(raw, spec); err != nil {
		return nil, err
	}
	if len(t.rows) == 0 {
		return nil, apperr.New(apperr.Invalid, "文件中没有可导入的数据行")
	}
	return t, nil
}

// tooManyRows is the error for a file over the row limit.
func tooManyRows() error {
	return apperr.New(apperr.Invalid, "数据超过%d行，请拆分后分批导入", importMaxRows)
}

// locateHeader finds the header among the first rows: the first row holding
// the first column's title. The rows after it are the data.
func (t *importTable) locateHeader(raw []importRow, spec *importSpec) error {
	if len(raw) == 0 {
		return apperr.New(apperr.Invalid, "文件中没有数据")
	}
	key := headerKey(spec.Columns[0].Title)
	at := -1
	for i := 0; i < len(raw) && i < importHeaderScan; i++ {
		if slices.ContainsFunc(raw[i].Cells, func(c string) bool { return headerKey(c) == key }) {
			at = i
			break
		}
	}
	header := raw[0]
	if at >= 0 {
		header = raw[at]
	}
	t.cols = map[string]int{}
	for i, c := range header.Cells {
		k := headerKey(c)
		for _, col := range spec.Columns {
			if headerKey(col.Title) != k {
				continue
			}
			if _, dup := t.cols[col.Title]; dup {
				return apperr.New(apperr.Invalid, "表头中“%s”列出现了两次，请删除重复的列", col.Title)
			}
			t.cols[col.Title] = i
		}
	}
	var missing []string
	for _, col := range spec.Columns {
		if _, ok := t.cols[col.Title]; col.Required && !ok {
			missing = append(missing, "“"+col.Title+"”")
		}
	}
	if len(missing) > 0 {
		return apperr.New(apperr.Invalid, "文件缺少必需的列：%s。请使用导入模板，表头的列名不要修改", strings.Join(missing, "、"))
	}
	t.rows = raw[at+1:]
	if len(t.rows) > importMaxRows {
		return tooManyRows()
	}
	return nil
}

// headerKey folds a header title for matching: no blanks, no required
// markers (*), half-width brackets, no "(必填)"-style suffix.
func headerKey(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff' || r == '*' || r == '＊':
			return -1
		case r == '（':
			return '('
		case r == '）':
			return ')'
		}
		return r
	}, s)
	for _, suffix := range []string{"(必填)", "(选填)", "(可选)", "(非必填)"} {
		s = strings.TrimSuffix(s, suffix)
	}
	return s
}

// cleanCell makes a cell safe to store: valid UTF-8, no control
// characters other than tab and line breaks, no surrounding blanks.
func cleanCell(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	s = strings.Map(func(r rune) rune {
		if (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || r == 0x7f {
			return -1
		}
		return r
	}, s)
	return strings.TrimFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff' })
}

// addRow cleans cells and appends the row unless it is empty. It reports
// false when the file has too many rows.
func addRow(rows []importRow, num int, cells []string) ([]importRow, bool) {
	empty := true
	for i, c := range cells {
		cells[i] = cleanCell(c)
		if cells[i] != "" {
			empty = false
		}
	}
	if empty {
		return rows, true
	}
	// The header and a few title rows come on top of the data rows.
	if len(rows) > importMaxRows+importHeaderScan {
		return rows, false
	}
	return append(rows, importRow{Num: num, Cells: cells}), true
}

// readCSV decodes a CSV file in UTF-8 (with or without BOM), UTF-16 with
// BOM, or GB18030 (what Excel on Chinese Windows saves), comma- or
// tab-separated. Row numbers are those a spreadsheet shows.
func readCSV(data []byte) ([]importRow, error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		data = data[3:]
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		dec := xunicode.UTF16(xunicode.LittleEndian, xunicode.ExpectBOM).NewDecoder()
		b, err := dec.Bytes(data)
		if err != nil {
			return nil, apperr.New(apperr.Invalid, "无法识别文件的字符编码，请另存为“CSV UTF-8（逗号分隔）”格式后再导入")
		}
		data = b
	case !utf8.Valid(data):
		b, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
		if err != nil {
			return nil, apperr.New(apperr.Invalid, "无法识别文件的字符编码，请另存为“CSV UTF-8（逗号分隔）”格式后再导入")
		}
		data = b
	}
	if bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		return nil, apperr.New(apperr.Invalid, "文件内容是xlsx格式，但扩展名是.csv，请改为.xlsx后再导入")
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	first, _, _ := bytes.Cut(bytes.TrimLeft(data, "\r\n"), []byte("\n"))
	if !bytes.ContainsRune(first, ',') && bytes.ContainsRune(first, '\t') {
		cr.Comma = '\t'
	}
	var rows []importRow
	num, end := 0, 0 // spreadsheet row of the last record, line it ended on
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return rows, nil
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, apperr.New(apperr.Invalid, "CSV文件第%d行格式有误（如引号不配对），请检查后重新导入", pe.StartLine)
			}
			return nil, apperr.New(apperr.Invalid, "无法读取CSV文件，请检查后重新导入")
		}
		start, _ := cr.FieldPos(0)
		last, _ := cr.FieldPos(len(rec) - 1)
		num += max(start-end, 1)
		end = last + strings.Count(rec[len(rec)-1], "\n")
		var ok bool
		if rows, ok = addRow(rows, num, rec); !ok {
			return nil, tooManyRows()
		}
	}
}

// readXLSX reads the first worksheet other than 说明 with raw cell values:
// dates come as serial numbers, numbers unformatted.
func readXLSX(ctx context.Context, data []byte, spec *importSpec) (rows []importRow, date1904 bool, err error) {
	err = ReadXLSXRows(ctx, data, spec.Sheet, XLSXMaxUnzipped, func(num int, cells []string, d1904 bool) error {
		date1904 = d1904
		var ok bool
		if rows, ok = addRow(rows, num, cells); !ok {
			return tooManyRows()
		}
		return nil
	})
	if err != nil {
		return nil, false, err
	}
	return rows, date1904, nil
}
