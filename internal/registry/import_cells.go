package registry

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// Cell parsers of the import: dates, numbers, money, options, lists.

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
