package registry

// Bulk import of officers and matters from a spreadsheet (DOMAIN.md C2, C3,
// C16). A file is read whole, every row is parsed and then run through the
// same validation and access checks as the API inside one transaction; the
// transaction is committed only when every row is good, so a file is
// imported completely or not at all.

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
	xunicode "golang.org/x/text/encoding/unicode"

	"zfjd/internal/apperr"
	"zfjd/internal/audit"
	"zfjd/internal/auth"
	"zfjd/internal/store"
)

// Import limits.
const (
	importMaxBytes = 10 << 20 // upload size
	importMaxRows  = 20000    // non-empty data rows per file
	// importHeaderScan is how many non-empty rows may precede the header
	// (a title row such as "某某市执法人员信息表" is common).
	importHeaderScan = 10
)

// Content types of the templates.
const (
	contentTypeXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	contentTypeCSV  = "text/csv; charset=utf-8"
)

// ImportResult is the outcome of a bulk import. When Errors is non-empty
// nothing was written and the counts are zero; Rows is always the number
// of non-empty data rows read from the file.
type ImportResult struct {
	Rows      int        `json:"rows"`
	Created   int        `json:"created"`
	Updated   int        `json:"updated"`
	Unchanged int        `json:"unchanged"`
	Errors    []RowError `json:"errors"`
}

// OK reports whether the file was imported.
func (r *ImportResult) OK() bool { return len(r.Errors) == 0 }

// Summary is a one-line Chinese account of the result for the page.
func (r *ImportResult) Summary() string {
	if !r.OK() {
		return fmt.Sprintf("共%d行数据，发现%d处错误，未导入任何数据。请修改后重新上传。", r.Rows, len(r.Errors))
	}
	return fmt.Sprintf("导入成功：共%d行，新增%d条，更新%d条，无变化%d条。", r.Rows, r.Created, r.Updated, r.Unchanged)
}

// RowError is one problem in one row of an imported file.
type RowError struct {
	Row     int    `json:"row"`    // spreadsheet row number, the header being 1
	Column  string `json:"column"` // Chinese column title; empty for the row as a whole
	Message string `json:"message"`
}

// importColumn describes one column of an import file and its template.
type importColumn struct {
	Title    string   // header title users see
	Path     string   // apperr field path of the API
	Required bool     // the column must be in the header
	Text     bool     // template formats the column as text (codes, numbers with leading zeros)
	Date     bool     // template formats the column as a date
	Width    float64  // template column width
	Example  string   // template example value
	Help     string   // 说明 sheet text
	Choices  []string // template drop-down list
}

// importSpec describes one kind of import file.
type importSpec struct {
	Entity  string // audit entity
	Sheet   string // template sheet name
	Columns []importColumn
	Notes   []string // general notes on the 说明 sheet
}

func (s *importSpec) column(path string) string {
	for _, c := range s.Columns {
		if c.Path == path {
			return c.Title
		}
	}
	return ""
}

func (s *importSpec) index(title string) int {
	for i, c := range s.Columns {
		if c.Title == title {
			return i
		}
	}
	return len(s.Columns)
}

// importRow is one non-empty data row of a file.
type importRow struct {
	Num   int      // spreadsheet row number
	Cells []string // cleaned cells in file order
}

// importTable is a file read into rows, with its header located.
type importTable struct {
	xlsx     bool
	date1904 bool
	cols     map[string]int // column title → cell index
	rows     []importRow
}

// get returns the cell of row r under title and whether the file has that column.
func (t *importTable) get(r importRow, title string) (string, bool) {
	i, ok := t.cols[title]
	if !ok {
		return "", false
	}
	if i < len(r.Cells) {
		return r.Cells[i], true
	}
	return "", true
}

func (t *importTable) has(title string) bool {
	_, ok := t.cols[title]
	return ok
}

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

// rowProblems collects the problems of one row, one per column.
type rowProblems struct {
	row  int
	errs []RowError
}

func (p *rowProblems) add(column, msg string) {
	for _, e := range p.errs {
		if e.Column == column && column != "" {
			return
		}
	}
	p.errs = append(p.errs, RowError{Row: p.row, Column: column, Message: msg})
}

func (p *rowProblems) has(column string) bool {
	return slices.ContainsFunc(p.errs, func(e RowError) bool { return e.Column == column })
}

// addErr maps an error of normalize or put to columns. Field problems of
// columns that already failed to parse are dropped: the parse message is
// the better one. Errors other than apperr ones are returned: they are
// failures of the system, not of the row.
func (p *rowProblems) addErr(spec *importSpec, err error) error {
	var e *apperr.Error
	if !errors.As(err, &e) {
		return err
	}
	if len(e.Fields) == 0 {
		p.add("", e.Message)
		return nil
	}
	paths := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		paths = append(paths, k)
	}
	slices.Sort(paths)
	for _, k := range paths {
		col := spec.column(k)
		if col != "" && p.has(col) {
			continue
		}
		p.add(col, e.Fields[k])
	}
	return nil
}

// sorted returns the problems in column order.
func (p *rowProblems) sorted(spec *importSpec) []RowError {
	slices.SortStableFunc(p.errs, func(a, b RowError) int { return spec.index(a.Column) - spec.index(b.Column) })
	return p.errs
}

// errImportRejected rolls the import transaction back when a row failed.
var errImportRejected = errors.New("registry: import rejected")

// importOutcome is what one row did.
type importOutcome int

const (
	outcomeCreated importOutcome = iota
	outcomeUpdated
	outcomeUnchanged
)

// runImport runs each row through fn inside one transaction and commits
// only when no row has a problem. fn reports a row's problems in p and
// returns an error only for a failure of the system.
func runImport(ctx context.Context, db *store.DB, p *auth.Principal, spec *importSpec, t *importTable, filename string,
	fn func(tx *sql.Tx, row importRow, probs *rowProblems) (importOutcome, error)) (*ImportResult, error) {
	res := &ImportResult{Rows: len(t.rows), Errors: []RowError{}}
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		for _, row := range t.rows {
			if err := ctx.Err(); err != nil {
				return err
			}
			probs := &rowProblems{row: row.Num}
			out, err := fn(tx, row, probs)
			if err != nil {
				return err
			}
			if len(probs.errs) > 0 {
				res.Errors = append(res.Errors, probs.sorted(spec)...)
				continue
			}
			switch out {
			case outcomeCreated:
				res.Created++
			case outcomeUpdated:
				res.Updated++
			default:
				res.Unchanged++
			}
		}
		if len(res.Errors) > 0 {
			return errImportRejected
		}
		if res.Created+res.Updated == 0 {
			return nil
		}
		name := path.Base(strings.ReplaceAll(filename, `\`, "/"))
		if r := []rune(name); len(r) > 200 {
			name = string(r[:200])
		}
		return audit.Record(ctx, tx, p, "import", spec.Entity, name, p.Region, nil, map[string]any{
			"file": name, "rows": res.Rows, "created": res.Created, "updated": res.Updated, "unchanged": res.Unchanged,
		})
	})
	if errors.Is(err, errImportRejected) {
		res.Created, res.Updated, res.Unchanged = 0, 0, 0
		return res, nil
	}
	if err != nil {
		return nil, err
	}
	return res, nil
}

// ---- cell parsers ----

var (
	dateYMDRe  = regexp.MustCompile(`^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$`)
	date8Re    = regexp.MustCompile(`^(\d{4})(\d{2})(\d{2})$`)
	timeRe     = regexp.MustCompile(`^\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$`)
	serialRe   = regexp.MustCompile(`^\d+(\.\d+)?$`)
	sciRe      = regexp.MustCompile(`^\d(\.\d+)?[Ee]\+?\d+$`)
	listSepRe  = regexp.MustCompile(`[、,，;；/\s]+`)
	codeSepRe  = regexp.MustCompile(`[、,，;；\s]+`)
	decimalRe  = regexp.MustCompile(`^(\d+)(?:\.(\d*))?$`)
	groupedRe  = regexp.MustCompile(`^\d{1,3}(,\d{3})+(\.\d*)?$`)
	plainNumRe = regexp.MustCompile(`^-?\d+(\.\d+)?([Ee][+-]?\d+)?$`)
)

const dateHint = "日期格式应为YYYY-MM-DD，如2023-01-05"

// parseDate accepts YYYY-MM-DD, YYYY/M/D, YYYY.M.D, YYYY年M月D日 and
// YYYYMMDD, a trailing time of day, and in xlsx files date serial numbers.
func (t *importTable) parseDate(s string) (string, bool) {
	if t.xlsx && serialRe.MatchString(s) {
		if v, err := strconv.ParseFloat(s, 64); err == nil && v >= 1 && v < 2958466 {
			d, err := excelize.ExcelDateToTime(v, t.date1904)
			if err != nil {
				return "", false
			}
			return d.Format(time.DateOnly), true
		}
	}
	if i := strings.IndexByte(s, 'T'); i == 10 {
		s = s[:i] // ISO 8601 date-time (xlsx cells of type d)
	} else if day, tod, ok := strings.Cut(s, " "); ok && timeRe.MatchString(strings.TrimSpace(tod)) {
		s = day
	}
	m := dateYMDRe.FindStringSubmatch(s)
	if m == nil {
		m = date8Re.FindStringSubmatch(s)
	}
	if m == nil {
		return "", false
	}
	y, _ := strconv.Atoi(m[1])
	mo, _ := strconv.Atoi(m[2])
	d, _ := strconv.Atoi(m[3])
	if y < 1900 || y > 2199 || mo < 1 || mo > 12 || d < 1 || d > 31 {
		return "", false
	}
	tm := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
	if tm.Day() != d {
		return "", false // 2023-02-30
	}
	return tm.Format(time.DateOnly), true
}

// excelNumber undoes binary floating point noise in numbers read from xlsx
// files (1234.5599999999999 is what Excel may store for 1234.56): Excel
// itself works to 15 significant digits.
func (t *importTable) excelNumber(s string) string {
	if !t.xlsx || !plainNumRe.MatchString(s) {
		return s
	}
	digits := 0
	for _, r := range s {
		if r == 'e' || r == 'E' {
			break
		}
		if '0' <= r && r <= '9' {
			digits++
		}
	}
	if digits <= 15 && !strings.ContainsAny(s, "eE") {
		return s
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(v, 0) || math.Abs(v) >= 1e15 {
		return s
	}
	v, _ = strconv.ParseFloat(strconv.FormatFloat(v, 'g', 15, 64), 64)
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// parseYuan converts an amount in 元 with at most two decimals to 分,
// exactly, from its decimal text: "5000.5" is 500050. Thousands
// separators, a leading ¥ and a trailing 元 are accepted; exponents,
// signs and more than two significant decimals are not.
func parseYuan(s string) (int64, string) {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimLeft(s, "¥￥ "), "元"))
	if groupedRe.MatchString(s) {
		s = strings.ReplaceAll(s, ",", "")
	}
	if strings.HasPrefix(s, "-") {
		return 0, "金额不能为负数"
	}
	m := decimalRe.FindStringSubmatch(s)
	if m == nil {
		return 0, "金额应为以元为单位的数字，最多两位小数，如5000或5000.50"
	}
	intPart, frac := strings.TrimLeft(m[1], "0"), strings.TrimRight(m[2], "0")
	if len(frac) > 2 {
		return 0, "金额最多保留两位小数（精确到分）"
	}
	if len(intPart) > 13 {
		return 0, "金额过大"
	}
	frac += strings.Repeat("0", 2-len(frac))
	yuan, _ := strconv.ParseInt("0"+intPart, 10, 64)
	fen, _ := strconv.ParseInt(frac, 10, 64)
	return yuan*100 + fen, ""
}

// parseOption maps a Chinese label or a wire value to the wire value.
// Labels may carry a leading 已 (已暂扣) or omit a leading 行政 (处罚).
func parseOption(opts []Option, s string) (string, bool) {
	s = strings.TrimSpace(s)
	for _, o := range opts {
		if strings.EqualFold(s, o.Value) || s == o.Label || strings.TrimPrefix(s, "已") == o.Label || "行政"+s == o.Label {
			return o.Value, true
		}
	}
	if s == "其它" {
		return parseOption(opts, "其他")
	}
	return "", false
}

func optionLabels(opts []Option) string {
	var ls []string
	for _, o := range opts {
		ls = append(ls, o.Label)
	}
	return strings.Join(ls, "、")
}

// parseInt parses a whole number, allowing "86.0" as Excel may write it.
func (t *importTable) parseInt(s string) (int, bool) {
	s = t.excelNumber(s)
	if i := strings.IndexByte(s, '.'); i >= 0 && strings.Trim(s[i+1:], "0") == "" {
		s = s[:i]
	}
	if s == "" || strings.HasPrefix(s, "+") {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	return n, err == nil
}

// splitList splits a multi-value cell.
func splitList(re *regexp.Regexp, s string) []string {
	var out []string
	for _, p := range re.Split(s, -1) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// sciHint explains a code Excel has turned into a number in scientific notation.
func sciHint(s, what string) string {
	if sciRe.MatchString(s) {
		return what + "被Excel转换成了科学计数法（" + s + "），请将该列设置为文本格式后重新填写"
	}
	return ""
}
