package discretion

import (
	"context"
	"testing"

	"github.com/xuri/excelize/v2"
)

// FuzzParseFile feeds uploaded files (outside input) to the parser: it must
// never panic or hang, and every row it accepts must be well formed.
func FuzzParseFile(f *testing.F) {
	tpl, err := Template()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(tpl)
	x := excelize.NewFile()
	rows := [][]any{
		{"事项编码", "设定区划", "生效日期", "裁量阶次", "适用情形", "罚款下限(元)", "罚款上限(元)", "其他处罚", "自动核对条件"},
		{"M-1", "370100", "45658", "从轻", "x", "1,000.5", "¥2000元", "警告、吊销许可证件", "初次违法、限期15日内改正"},
		{"M-1", "", "2025年1月2日", "none", "", "", "", "", "未成年人"},
		{"M-1", "37", "2025/1/3 08:00", "bad", "", "1e3", "-5", "fine", "什么"},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		x.SetSheetRow("Sheet1", cell, &r)
	}
	buf, _ := x.WriteToBuffer()
	f.Add(buf.Bytes())
	f.Add([]byte{})
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte{0xD0, 0xCF, 0x11, 0xE0})
	f.Add(tpl[:len(tpl)/2])
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, errs, err := parseFile(context.Background(), data)
		if err != nil {
			if rows != nil || errs != nil {
				t.Fatal("rows with a file error")
			}
			return
		}
		for _, r := range rows {
			if r.MatterCode == "" || !validDate(r.EffectiveFrom) || tierRank(r.Tier.Tier) < 0 || r.Num < 1 {
				t.Fatalf("accepted a bad row: %+v", r)
			}
			for _, p := range []*int64{r.Tier.FineMinFen, r.Tier.FineMaxFen} {
				if p != nil && *p < 0 {
					t.Fatalf("negative amount: %+v", r)
				}
			}
		}
		for _, e := range errs {
			if e.Row < 1 || e.Message == "" {
				t.Fatalf("bad row error %+v", e)
			}
		}
		if len(rows) > importMaxRows {
			t.Fatal("too many rows")
		}
	})
}

// Cell parsers, with the article the conversions serve (处罚法 Art. 34: the
// published range must be read exactly).
func TestParseCells(t *testing.T) {
	for in, want := range map[string]int64{"5000": 500000, "5000.5": 500050, "1,234.56": 123456, "¥20000元": 2000000,
		"1234.5599999999999": 123456, "5000.499999999999": 500050, "0": 0} {
		if got, ok := parseYuan(in); !ok || got != want {
			t.Errorf("parseYuan(%q) = %d %v, want %d", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "-5", "abc", "0.125", "1e20", "五千"} {
		if got, ok := parseYuan(in); ok {
			t.Errorf("parseYuan(%q) = %d, want rejection", in, got)
		}
	}
	for in, want := range map[string]string{"2025-01-01": "2025-01-01", "2025/1/2": "2025-01-02", "2025年1月3日": "2025-01-03",
		"45658": "2025-01-01", "2025-01-04 00:00:00": "2025-01-04", "2025-01-05T00:00:00Z": "2025-01-05"} {
		if got, ok := parseDate(in, false); !ok || got != want {
			t.Errorf("parseDate(%q) = %q %v, want %s", in, got, ok, want)
		}
	}
	for _, in := range []string{"2025-02-30", "2025-13-01", "明天", "01/05/2025", "99999999"} {
		if got, ok := parseDate(in, false); ok {
			t.Errorf("parseDate(%q) = %q, want rejection", in, got)
		}
	}
	for in, want := range map[string]string{"从轻": "lighter", "从轻处罚": "lighter", "一般": "ordinary", "Heavier": "heavier", "不予处罚": "none", "减轻": "mitigated"} {
		if got, ok := parseTier(in); !ok || got != want {
			t.Errorf("parseTier(%q) = %q %v", in, got, ok)
		}
	}
	c, msg := parseCriteria("初次违法、危害后果轻微、在责令改正期限（15日）内改正、未成年人")
	if msg != "" || !isTrue(c.FirstOffense) || c.HarmMax != "slight" || c.CorrectionDays != 15 || !isTrue(c.Minor) {
		t.Errorf("parseCriteria = %+v %q", c, msg)
	}
	if back, _ := parseCriteria(criteriaCell(&c)); back.CorrectionDays != 15 || back.HarmMax != "slight" {
		t.Errorf("criteria round trip: %+v", back)
	}
	if _, msg := parseCriteria("运气不好"); msg == "" {
		t.Error("unknown condition accepted")
	}
}
