package registry

import (
	"strings"
	"testing"
)

func TestImportParseYuan(t *testing.T) {
	good := map[string]int64{
		"5000.5": 500050, "5000.50": 500050, "5000.500": 500050, "0.01": 1, "5.": 500, "007": 700, "0": 0,
		"1,234.56": 123456, "12,345,678": 1234567800, "¥20000元": 2000000, "￥ 3 元": 300,
		"9999999999999.99": 999999999999999,
	}
	for in, want := range good {
		if got, msg := parseYuan(in); msg != "" || got != want {
			t.Errorf("parseYuan(%q) = %d %q, want %d", in, got, msg, want)
		}
	}
	for _, in := range []string{"", "1e3", "1E3", "0.125", "5000.505", "-5", "+5", ".5", "1.2.3", "abc", "12,34", "1,2345",
		"99999999999999", "5 000", "NaN", "Inf", "0x10", "五千"} {
		if got, msg := parseYuan(in); msg == "" {
			t.Errorf("parseYuan(%q) = %d, want an error", in, got)
		}
	}
}

func TestImportParseDate(t *testing.T) {
	csv, xlsx := &importTable{}, &importTable{xlsx: true}
	for _, in := range []string{"2023-01-05", "2023/1/5", "2023.1.5", "2023年1月5日", "2023 年 1 月 5 日", "20230105",
		"2023-01-05 00:00:00", "2023/1/5 8:30", "2023-01-05T00:00:00Z"} {
		if got, ok := csv.parseDate(in); !ok || got != "2023-01-05" {
			t.Errorf("parseDate(%q) = %q %v", in, got, ok)
		}
	}
	for _, in := range []string{"2023-02-30", "2023-13-01", "05/01/2023", "2023-1", "1899-12-31", "44931", "2023-01-05 abc", "明天", ""} {
		if got, ok := csv.parseDate(in); ok {
			t.Errorf("parseDate(%q) = %q, want rejection", in, got)
		}
	}
	for in, want := range map[string]string{"44931": "2023-01-05", "44931.75": "2023-01-05", "45351": "2024-02-29", "20230105": "2023-01-05"} {
		if got, ok := xlsx.parseDate(in); !ok || got != want {
			t.Errorf("xlsx parseDate(%q) = %q %v, want %s", in, got, ok, want)
		}
	}
	x1904 := &importTable{xlsx: true, date1904: true}
	if got, ok := x1904.parseDate("43469"); !ok || got != "2023-01-05" {
		t.Errorf("1904 parseDate = %q %v", got, ok)
	}
	if got, ok := xlsx.parseDate("99999999"); ok {
		t.Errorf("xlsx parseDate(99999999) = %q", got)
	}
}

func TestImportExcelNumber(t *testing.T) {
	xlsx := &importTable{xlsx: true}
	for in, want := range map[string]string{"1234.5599999999999": "1234.56", "5000.5": "5000.5", "86": "86",
		"0.30000000000000004": "0.3", "abc": "abc", "1E+3": "1000"} {
		if got := xlsx.excelNumber(in); got != want {
			t.Errorf("excelNumber(%q) = %q, want %q", in, got, want)
		}
	}
	if got := (&importTable{}).excelNumber("1234.5599999999999"); got != "1234.5599999999999" {
		t.Errorf("csv numbers must stay as typed, got %q", got)
	}
	if n, ok := xlsx.parseInt("86.0"); !ok || n != 86 {
		t.Errorf("parseInt(86.0) = %d %v", n, ok)
	}
	for _, in := range []string{"86.5", "", "+3", "八十"} {
		if n, ok := xlsx.parseInt(in); ok {
			t.Errorf("parseInt(%q) = %d", in, n)
		}
	}
}

func TestImportParseOptionAndHeader(t *testing.T) {
	for _, c := range []struct {
		opts     []Option
		in, want string
	}{
		{CertStatus, "有效", "valid"}, {CertStatus, "已暂扣", "suspended"}, {CertStatus, "REVOKED", "revoked"}, {CertStatus, "注销", "cancelled"},
		{MatterKinds, "行政处罚", "penalty"}, {MatterKinds, "处罚", "penalty"}, {MatterKinds, "levy", "levy"}, {MatterKinds, "其它", "other"},
		{Qualification, "听证主持人", "hearing_host"}, {Qualification, "legal_review", "legal_review"},
	} {
		if got, ok := parseOption(c.opts, c.in); !ok || got != c.want {
			t.Errorf("parseOption(%q) = %q %v, want %q", c.in, got, ok, c.want)
		}
	}
	for _, in := range []string{"过期", "已过期", "", "行政", "已"} {
		if got, ok := parseOption(CertStatus, in); ok {
			t.Errorf("parseOption(%q) = %q", in, got)
		}
	}
	if got := splitList(listSepRe, "听证主持人、法制审核, 执法监督；legal_review;x/y"); strings.Join(got, "|") != "听证主持人|法制审核|执法监督|legal_review|x|y" {
		t.Errorf("splitList = %q", got)
	}
	for in, want := range map[string]string{" 执法证号 ": "执法证号", "*姓名": "姓名", "姓名（必填）": "姓名",
		"涉嫌犯罪追诉标准（元）": "涉嫌犯罪追诉标准(元)", "\ufeff执法证号": "执法证号", "证件 有效期起": "证件有效期起"} {
		if got := headerKey(in); got != headerKey(want) {
			t.Errorf("headerKey(%q) = %q, want %q", in, got, want)
		}
	}
	if got := cleanCell(" a\x00b\x07\tc\n\u3000"); got != "ab\tc" {
		t.Errorf("cleanCell = %q", got)
	}
	if got := sciHint("3.70102E+17", "身份证号"); !strings.Contains(got, "科学计数法") {
		t.Errorf("sciHint = %q", got)
	}
}

func TestImportReadCSVRowNumbers(t *testing.T) {
	data := "\ufeff\n执法证号,姓名\r\nA,\"多\r\n行\"\r\n\r\n,\r\nB,乙\r\n"
	rows, err := readCSV([]byte(data))
	if err != nil {
		t.Fatal(err)
	}
	var nums []int
	for _, r := range rows {
		nums = append(nums, r.Num)
	}
	// Line 1 is blank; the header is row 2; "A" spans two lines but is one
	// row (3); a blank row (4); an all-empty row (5) is skipped; "B" is 6.
	if len(nums) != 3 || nums[0] != 2 || nums[1] != 3 || nums[2] != 6 {
		t.Fatalf("row numbers = %v", nums)
	}
	tab, err := readCSV([]byte("执法证号\t姓名\nA\t甲\n"))
	if err != nil || len(tab) != 2 || tab[1].Cells[1] != "甲" {
		t.Fatalf("tab-separated: %v %v", tab, err)
	}
}
