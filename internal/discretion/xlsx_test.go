package discretion_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/discretion"
	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
)

var header = []any{"事项编码", "设定区划", "生效日期", "裁量阶次", "适用情形", "罚款下限(元)", "罚款上限(元)", "其他处罚"}

// book writes rows under the header into an xlsx file, after a title row
// as agencies often put one.
func book(t *testing.T, rows ...[]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	all := append([][]any{{"某某市行政处罚裁量基准"}, header}, rows...)
	for i, r := range all {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func importFile(t *testing.T, db *store.DB, p *auth.Principal, data []byte) *registry.ImportResult {
	t.Helper()
	res, err := discretion.ImportBenchmarks(ctx, db, p, bytes.NewReader(data), "基准.xlsx")
	if err != nil {
		t.Fatalf("ImportBenchmarks: %v", err)
	}
	return res
}

func errText(res *registry.ImportResult) string {
	var s []string
	for _, e := range res.Errors {
		s = append(s, fmt.Sprintf("%02d %s %s", e.Row, e.Column, e.Message))
	}
	return strings.Join(s, "\n")
}

// Whole-file check, per-row Chinese errors, all or nothing.
func TestImportBenchmarks(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := setup(t, db)
		city := &auth.Principal{Name: "济南市市场监管局管理员", Role: auth.RoleAgencyAdmin, Region: "370100", Agency: w.a100}
		good := book(t,
			[]any{w.m100, "", "2025-01-01", "不予处罚", "初次违法且危害后果轻微并及时改正", "", "", ""},
			[]any{w.m100, "", "2025-01-01", "从轻处罚", "主动消除危害后果", 5000, "15000.00", "警告"},
			[]any{w.m100, "", "2025-01-01", "一般", "一般情形", "15000", "35000", ""},
			[]any{w.m100, "", "2025-01-01", "从重", "拒不改正", "35000", "50000", "停产停业、吊销许可证件"},
		)
		res := importFile(t, db, city, good)
		if !res.OK() || res.Rows != 4 || res.Created != 1 {
			t.Fatalf("good file: %+v\n%s", res, errText(res))
		}
		b, err := discretion.Get(ctx, db, city, w.m100)
		if err != nil || len(b.Versions) != 1 || b.Versions[0].RegionCode != "370100" || len(b.Versions[0].Tiers) != 4 {
			t.Fatalf("imported = %+v %v", b, err)
		}
		heavy := b.Versions[0].Tiers[3]
		if heavy.Tier != "heavier" || *heavy.FineMinFen != 3_500_000 || strings.Join(heavy.OtherPenalties, ",") != "suspend_business,revoke_license" {
			t.Errorf("heavier tier = %+v", heavy)
		}
		// The same file again: nothing changes.
		audits := count(t, db, `SELECT COUNT(*) FROM audit_log`)
		if res := importFile(t, db, city, good); !res.OK() || res.Unchanged != 1 || res.Created+res.Updated != 0 {
			t.Errorf("re-import: %+v", res)
		}
		// Export and import back: unchanged too.
		out, err := discretion.Export(ctx, db, city, discretion.VersionFilter{MatterCode: w.m100})
		if err != nil {
			t.Fatal(err)
		}
		if res := importFile(t, db, city, out); !res.OK() || res.Unchanged != 1 || res.Rows != 4 {
			t.Errorf("export round trip: %+v\n%s", res, errText(res))
		}
		if n := count(t, db, `SELECT COUNT(*) FROM audit_log`); n != audits {
			t.Errorf("unchanged imports wrote %d audit rows", n-audits)
		}

		// One bad row anywhere: nothing is written, every problem reported by row.
		versions := count(t, db, `SELECT COUNT(*) FROM benchmarks`)
		bad := book(t,
			[]any{w.m100, "", "2026-01-01", "一般", "", "1000", "5000", ""},
			[]any{w.m100, "", "2026-01-01", "从轻", "", "abc", "6000", "鞭刑"},
			[]any{w.m100, "", "2026-13-01", "中等", "", "1", "2", ""},
			[]any{w.m100, "", "2026-01-01", "一般", "", "1000", "5000", ""},
			[]any{w.m103, "", "2026-01-01", "一般", "", "1000", "5000", ""},
			[]any{w.m100, "370000", "2026-01-01", "一般", "", "1000", "5000", ""},
		)
		res = importFile(t, db, city, bad)
		if res.OK() || res.Created+res.Updated+res.Unchanged != 0 {
			t.Fatalf("bad file imported: %+v", res)
		}
		got := errText(res)
		for _, want := range []string{
			"04 罚款下限(元) 金额“abc”无效", "04 其他处罚 处罚种类“鞭刑”无效",
			"05 生效日期 生效日期“2026-13-01”无效", "05 裁量阶次 裁量阶次“中等”无效",
			"06 裁量阶次 裁量阶次“一般”与第1个重复",
			"07 事项编码 事项" + w.m103 + "不存在或不在您的管辖范围内",
		} {
			if !strings.Contains(got, want) {
				t.Errorf("errors lack %q:\n%s", want, got)
			}
		}
		if n := count(t, db, `SELECT COUNT(*) FROM benchmarks`); n != versions {
			t.Errorf("bad file wrote %d versions", n-versions)
		}
		// The province's row is not the city's to set: skipped with a note at its column.
		if len(res.Skipped) != 1 || res.Skipped[0].Row != 8 || res.Skipped[0].Column != "区划代码" || !strings.Contains(res.Skipped[0].Message, "由上级制定") {
			t.Errorf("the province's row: skipped %+v", res.Skipped)
		}

		// The range rule across levels, within one file: the province's
		// row comes after the city's in the file but is applied first.
		mixed := book(t,
			[]any{w.m100, "370100", "2027-01-01", "一般", "", "2000", "4000", ""},
			[]any{w.m100, "370000", "2027-01-01", "一般", "", "1000", "3000", ""},
		)
		res = importFile(t, db, admin, mixed)
		if res.OK() || !strings.Contains(errText(res), "超出了上级基准：山东省（370000）2027-01-01") {
			t.Errorf("range rule in a file: %+v\n%s", res, errText(res))
		}
		if n := count(t, db, `SELECT COUNT(*) FROM benchmarks`); n != versions {
			t.Errorf("refused file wrote %d versions", n-versions)
		}
	})
}

func TestImportBenchmarksFile(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		setup(t, db)
		p := &auth.Principal{Name: "省", Role: auth.RoleAdmin, Region: "370000"}
		for _, c := range []struct {
			name, file string
			data       []byte
			want       string
		}{
			{"csv", "a.csv", []byte("a,b"), "仅支持xlsx"},
			{"empty", "a.xlsx", nil, "文件是空的"},
			{"garbage", "a.xlsx", []byte("PK\x03\x04garbage"), "无法读取xlsx文件"},
			{"xls", "a.xlsx", []byte{0xD0, 0xCF, 0x11, 0xE0, 1, 2, 3}, "旧版xls"},
			{"no header", "a.xlsx", func() []byte {
				f := excelize.NewFile()
				f.SetCellStr("Sheet1", "A1", "随便")
				b, _ := f.WriteToBuffer()
				return b.Bytes()
			}(), "没有找到表头"},
			{"header only", "a.xlsx", book(t), "没有可导入的数据行"},
		} {
			_, err := discretion.ImportBenchmarks(ctx, db, p, bytes.NewReader(c.data), c.file)
			if e := apperr.As(err); e.Code != apperr.Invalid || !strings.Contains(e.Message, c.want) {
				t.Errorf("%s: %v, want %q", c.name, err, c.want)
			}
		}
		if _, err := discretion.ImportBenchmarks(ctx, db, &auth.Principal{Role: auth.RoleOfficer, Region: "370102"}, bytes.NewReader(book(t)), "a.xlsx"); !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("officer import: %v", err)
		}
		tpl, err := discretion.Template()
		if err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenReader(bytes.NewReader(tpl))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if s := f.GetSheetList(); len(s) != 2 || s[0] != "裁量基准" || s[1] != "说明" {
			t.Errorf("template sheets %v", s)
		}
		if v, _ := f.GetCellValue("裁量基准", "D1"); v != "裁量阶次" {
			t.Errorf("template D1 = %q", v)
		}
	})
}

// A county's export of what applies there holds the province's and the
// city's versions too; re-imported unchanged it imports, those rows
// skipped with a note each (issue 16). Both engines.
func TestImportBenchmarksRoundTrip(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := setup(t, db)
		province := &auth.Principal{Name: "省管理员", Role: auth.RoleAdmin, Region: "370000"}
		city := &auth.Principal{Name: "济南市管理员", Role: auth.RoleAdmin, Region: "370100"}
		county := &auth.Principal{Name: "历下区市场监管局管理员", Role: auth.RoleAgencyAdmin, Region: "370102", Agency: w.a102}
		for _, x := range []struct {
			p   *auth.Principal
			row []any
		}{
			{province, []any{w.m102, "370000", "2026-01-01", "一般", "", "1000", "9000", ""}},
			{city, []any{w.m102, "370100", "2026-02-01", "一般", "", "2000", "8000", ""}},
			{county, []any{w.m102, "370102", "2026-03-01", "一般", "", "3000", "7000", ""}},
		} {
			if res := importFile(t, db, x.p, book(t, x.row)); !res.OK() || res.Created != 1 {
				t.Fatalf("import as %s: %+v (%s)", x.p.Name, res, errText(res))
			}
		}
		out, err := discretion.Export(ctx, db, county, discretion.VersionFilter{MatterCode: w.m102})
		if err != nil {
			t.Fatal(err)
		}
		res := importFile(t, db, county, out)
		if !res.OK() || res.Unchanged != 1 || res.Created+res.Updated != 0 || len(res.Skipped) != 2 {
			t.Fatalf("the county's own export re-imported: %+v (%s)", res, errText(res))
		}
		for _, s := range res.Skipped {
			if s.Column != "区划代码" || !strings.Contains(s.Message, "由上级制定") {
				t.Errorf("skip note %+v", s)
			}
		}
	})
}
