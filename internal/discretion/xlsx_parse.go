package discretion

import (
	"bytes"
	"context"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"zfjd/internal/apperr"
	"zfjd/internal/registry"
)

// Column titles of the benchmark file: one row per tier.
const (
	colMatter     = "事项编码"
	colRegion     = "设定区划"
	colDate       = "生效日期"
	colTier       = "裁量阶次"
	colConditions = "适用情形"
	colFineMin    = "罚款下限(元)"
	colFineMax    = "罚款上限(元)"
	colOther      = "其他处罚"
	colIncomeMin  = "违法所得倍数下限"
	colIncomeMax  = "违法所得倍数上限"
	colCriteria   = "自动核对条件"
)

// columns in file order; the first four are required.
var columns = []struct {
	Title    string
	Required bool
	Width    float64
	Example  string
	Help     string
}{
	{colMatter, true, 22, "370100-SC-CF-0005", "权责清单中的事项编码，须是您管辖范围内已有的事项"},
	{colRegion, false, 12, "370100", "制定该基准的省、市或县级行政区划6位代码；不填时为您的管辖区划。下级基准只能在上级基准同一阶次的幅度内细化"},
	{colDate, true, 14, "2025-01-01", "该版本的生效日期，格式YYYY-MM-DD。同一事项、同一设定区划、同一生效日期的各行组成一个版本"},
	{colTier, true, 12, "从轻处罚", "不予处罚、减轻处罚、从轻处罚、一般、从重处罚；同一版本中每个阶次只能出现一次"},
	{colConditions, false, 40, "初次违法，及时改正，危害后果轻微", "适用该阶次的情形，按公布的基准填写"},
	{colFineMin, false, 14, "5000", "单位元，最多两位小数；该阶次不设罚款的留空"},
	{colFineMax, false, 14, "15000", "单位元，最多两位小数；不能低于下限"},
	{colOther, false, 24, "警告", "罚款以外的处罚种类（警告、没收违法所得、责令停产停业、吊销许可证件等），多个用顿号分隔"},
	{colIncomeMin, false, 14, "", "按违法所得倍数处罚的，倍数下限（如1）；可不填"},
	{colIncomeMax, false, 14, "", "倍数上限（如3）；可不填"},
	{colCriteria, false, 30, "", "系统可自动核对的条件：初次违法、没有危害后果、危害后果轻微、及时改正、限期15日内改正、未成年人；可不填"},
}

// fileRow is one parsed data row of a benchmark file.
type fileRow struct {
	Num                    int // spreadsheet row number
	MatterCode, RegionCode string
	EffectiveFrom          string
	Tier                   Tier
}

// RowError aliases the registry's import row error, so that the import
// page shows both alike.
type RowError = registry.RowError

const (
	importMaxBytes = 10 << 20
	importMaxRows  = 5000
	headerScan     = 10
)

var (
	dateRe    = regexp.MustCompile(`^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$`)
	serialRe  = regexp.MustCompile(`^\d{4,6}(\.\d+)?$`)
	numRe     = regexp.MustCompile(`^\d+(\.\d+)?([Ee][+-]?\d+)?$`)
	listSepRe = regexp.MustCompile(`[、,，;；/\s]+`)
	daysRe    = regexp.MustCompile(`(\d{1,3})\s*日`)
)

// parseFile reads an uploaded benchmark workbook: the first sheet other
// than 说明, the header among its first rows, then one tier per row. A
// problem with the file as a whole is an apperr Invalid error; problems of
// cells are row errors. It never panics on any input.
func parseFile(ctx context.Context, data []byte) (rows []fileRow, errs []RowError, err error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, nil, apperr.New(apperr.Invalid, "文件是空的")
	}
	if len(data) > importMaxBytes {
		return nil, nil, apperr.New(apperr.Invalid, "文件不能超过10MB，请拆分后分批导入")
	}
	var cols map[string]int
	scanned := 0
	err = registry.ReadXLSXRows(ctx, data, sheetName, 16<<20, func(num int, cells []string, date1904 bool) error {
		empty := true
		for i, c := range cells {
			cells[i] = cleanCell(c)
			empty = empty && cells[i] == ""
		}
		if empty {
			return nil
		}
		if cols == nil {
			if scanned++; scanned > headerScan {
				return registry.ErrStopRows
			}
			if h, ok := header(cells); ok {
				cols = h
			}
			return nil
		}
		if len(rows)+len(errs) >= importMaxRows {
			return apperr.New(apperr.Invalid, "数据超过%d行，请拆分后分批导入", importMaxRows)
		}
		r, rerrs := parseRow(num, cells, cols, date1904)
		if len(rerrs) > 0 {
			errs = append(errs, rerrs...)
			return nil
		}
		rows = append(rows, r)
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	if cols == nil {
		return nil, nil, apperr.New(apperr.Invalid, "文件中没有找到表头（“%s”“%s”“%s”“%s”列），请使用导入模板，表头的列名不要修改",
			colMatter, colDate, colTier, colFineMin)
	}
	if len(rows)+len(errs) == 0 {
		return nil, nil, apperr.New(apperr.Invalid, "文件中没有可导入的数据行")
	}
	return rows, errs, nil
}

// header recognises the header row; it fails when required columns are
// missing and the row holds the first column's title (a header after all).
func header(cells []string) (map[string]int, bool) {
	cols := map[string]int{}
	for i, c := range cells {
		k := headerKey(c)
		for _, col := range columns {
			if headerKey(col.Title) == k {
				if _, dup := cols[col.Title]; !dup {
					cols[col.Title] = i
				}
			}
		}
	}
	for _, col := range columns {
		if _, ok := cols[col.Title]; col.Required && !ok {
			return nil, false
		}
	}
	return cols, true
}

// headerKey folds a title: no blanks or * markers, half-width brackets,
// no (必填)-style suffix.
func headerKey(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case unicode.IsSpace(r) || r == '*' || r == '＊' || r == '\ufeff':
			return -1
		case r == '（':
			return '('
		case r == '）':
			return ')'
		}
		return r
	}, s)
	for _, suffix := range []string{"(必填)", "(选填)", "(可选)"} {
		s = strings.TrimSuffix(s, suffix)
	}
	return s
}

// cleanCell makes a cell safe to store: valid UTF-8, no control
// characters other than line breaks and tabs, no surrounding blanks.
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

func parseRow(num int, cells []string, cols map[string]int, date1904 bool) (fileRow, []RowError) {
	get := func(title string) string {
		if i, ok := cols[title]; ok && i < len(cells) {
			return cells[i]
		}
		return ""
	}
	var errs []RowError
	bad := func(col, msg string) { errs = append(errs, RowError{Row: num, Column: col, Message: msg}) }
	r := fileRow{Num: num, MatterCode: get(colMatter), RegionCode: get(colRegion)}
	if r.MatterCode == "" {
		bad(colMatter, "请填写事项编码")
	} else if len(r.MatterCode) > 64 {
		bad(colMatter, "事项编码过长")
	}
	if r.RegionCode != "" && (len(r.RegionCode) != 6 || strings.Trim(r.RegionCode, "0123456789") != "") {
		bad(colRegion, "设定区划“"+r.RegionCode+"”应为6位数字代码，如370100")
	}
	switch v := get(colDate); {
	case v == "":
		bad(colDate, "请填写生效日期")
	default:
		if d, ok := parseDate(v, date1904); ok {
			r.EffectiveFrom = d
		} else {
			bad(colDate, "生效日期“"+v+"”无效，格式应为YYYY-MM-DD，如2025-01-01")
		}
	}
	switch v := get(colTier); {
	case v == "":
		bad(colTier, "请填写裁量阶次")
	default:
		if t, ok := parseTier(v); ok {
			r.Tier.Tier = t
		} else {
			bad(colTier, "裁量阶次“"+v+"”无效，应为不予处罚、减轻处罚、从轻处罚、一般或从重处罚")
		}
	}
	r.Tier.Conditions = get(colConditions)
	for _, c := range []struct {
		title string
		dst   **int64
	}{{colFineMin, &r.Tier.FineMinFen}, {colFineMax, &r.Tier.FineMaxFen}} {
		if v := get(c.title); v != "" {
			if fen, ok := parseYuan(v); ok {
				*c.dst = &fen
			} else {
				bad(c.title, "金额“"+v+"”无效，应为以元为单位的数字，最多两位小数，如5000或5000.50")
			}
		}
	}
	for _, c := range []struct {
		title string
		dst   **float64
	}{{colIncomeMin, &r.Tier.IncomeMultipleMin}, {colIncomeMax, &r.Tier.IncomeMultipleMax}} {
		if v := strings.TrimSuffix(get(c.title), "倍"); v != "" {
			x, err := strconv.ParseFloat(v, 64)
			if err != nil || !numRe.MatchString(v) || math.IsInf(x, 0) || x > 1000 {
				bad(c.title, "倍数“"+v+"”无效，应为数字，如1或2.5")
				continue
			}
			x = math.Round(x*100) / 100
			*c.dst = &x
		}
	}
	r.Tier.OtherPenalties = []string{}
	for _, v := range splitList(get(colOther)) {
		if k, ok := parsePenalty(v); ok {
			r.Tier.OtherPenalties = append(r.Tier.OtherPenalties, k)
		} else {
			bad(colOther, "处罚种类“"+v+"”无效，应为"+labels(OtherPenaltyOptions))
		}
	}
	if v := get(colCriteria); v != "" {
		c, msg := parseCriteria(v)
		if msg != "" {
			bad(colCriteria, msg)
		} else if !c.Empty() {
			r.Tier.Criteria = &c
		}
	}
	return r, errs
}

func splitList(s string) []string {
	var out []string
	for _, p := range listSepRe.Split(s, -1) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func labels(opts []registry.Option) string {
	var ls []string
	for _, o := range opts {
		ls = append(ls, o.Label)
	}
	return strings.Join(ls, "、")
}

var tierAliases = map[string]string{
	"不予处罚": TierNone, "不予行政处罚": TierNone, "不罚": TierNone,
	"减轻处罚": TierMitigated, "减轻": TierMitigated, "减轻行政处罚": TierMitigated,
	"从轻处罚": TierLighter, "从轻": TierLighter, "从轻行政处罚": TierLighter,
	"一般": TierOrdinary, "一般处罚": TierOrdinary, "一般情形": TierOrdinary, "一般情节": TierOrdinary,
	"从重处罚": TierHeavier, "从重": TierHeavier, "从重行政处罚": TierHeavier,
}

func parseTier(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if tierRank(strings.ToLower(s)) >= 0 {
		return strings.ToLower(s), true
	}
	t, ok := tierAliases[s]
	return t, ok
}

func parsePenalty(s string) (string, bool) {
	for _, o := range OtherPenaltyOptions {
		if strings.EqualFold(s, o.Value) || s == o.Label || "责令"+s == o.Label {
			return o.Value, true
		}
	}
	return "", false
}

// parseYuan reads an amount in 元: exact decimal text, or the float an
// xlsx file stores (5000.5 may come as 5000.499999999999).
func parseYuan(s string) (int64, bool) {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimLeft(s, "¥￥ "), "元"))
	if fen, ok := registry.ParseYuan(s); ok {
		return fen, true
	}
	if !numRe.MatchString(s) {
		return 0, false
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v < 0 || v >= 1e13 {
		return 0, false
	}
	fen := math.Round(v * 100)
	if math.Abs(fen-v*100) > 1e-4*math.Max(1, v) {
		return 0, false // more than two decimals
	}
	return int64(fen), true
}

// parseDate accepts YYYY-MM-DD, YYYY/M/D, YYYY年M月D日 and date serial numbers.
func parseDate(s string, date1904 bool) (string, bool) {
	if serialRe.MatchString(s) {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || v < 1 || v >= 2958466 {
			return "", false
		}
		d, err := excelize.ExcelDateToTime(v, date1904)
		if err != nil {
			return "", false
		}
		return d.Format(time.DateOnly), true
	}
	if i := strings.IndexByte(s, 'T'); i == 10 {
		s = s[:i]
	} else if day, _, ok := strings.Cut(s, " "); ok && len(day) >= 8 {
		s = day
	}
	m := dateRe.FindStringSubmatch(s)
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
		return "", false
	}
	return tm.Format(time.DateOnly), true
}

// parseCriteria reads the 自动核对条件 cell, the inverse of Criteria.Describe.
func parseCriteria(s string) (Criteria, string) {
	var c Criteria
	for _, p := range splitList(s) {
		switch {
		case p == "初次违法" || p == "首次违法":
			c.FirstOffense = truePtr()
		case p == "没有危害后果" || p == "没有造成危害后果" || p == "无危害后果":
			c.HarmMax = "none"
		case p == "危害后果轻微":
			c.HarmMax = "slight"
		case p == "危害后果不限":
			c.HarmMax = "serious"
		case p == "及时改正" || p == "已改正":
			c.Corrected = truePtr()
		case strings.Contains(p, "改正") && daysRe.MatchString(p):
			n, _ := strconv.Atoi(daysRe.FindStringSubmatch(p)[1])
			if n < 1 || n > 365 {
				return c, "改正期限应为1至365日"
			}
			c.Corrected, c.CorrectionDays = truePtr(), n
		case p == "未成年人" || p == "当事人为未成年人":
			c.Minor = truePtr()
		default:
			return c, "条件“" + p + "”无法识别，可用：初次违法、没有危害后果、危害后果轻微、及时改正、限期15日内改正、未成年人"
		}
	}
	return c, ""
}

// sortRowErrors orders problems by row, then by column.
func sortRowErrors(errs []RowError) {
	idx := func(title string) int {
		for i, c := range columns {
			if c.Title == title {
				return i
			}
		}
		return len(columns)
	}
	slices.SortStableFunc(errs, func(a, b RowError) int {
		if a.Row != b.Row {
			return a.Row - b.Row
		}
		return idx(a.Column) - idx(b.Column)
	})
}
