package registry_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/ident"
	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
)

var (
	impAdmin       = &auth.Principal{Name: "测试", Role: auth.RoleAdmin}
	impOfficerHead = []string{"执法证号", "姓名", "身份证号", "所属执法主体统一社会信用代码", "执法领域", "证件有效期起", "证件有效期止", "证件状态", "考试成绩", "考试日期", "宣誓日期", "资格"}
	impMatterHead  = []string{"事项编码", "事项名称", "事项类型", "执法领域", "法律依据", "依据施行日期", "实施主体统一社会信用代码", "涉嫌犯罪追诉标准(元)", "所属行政区划代码"}
	impID1         = ident.MakeIDCard("370102", time.Date(1985, 3, 7, 0, 0, 0, 0, time.UTC), "123")
	impID2         = ident.MakeIDCard("370112", time.Date(1990, 12, 1, 0, 0, 0, 0, time.UTC), "246")
	impCtx         = ctx
)

// impFixture holds the agencies the import tests refer to.
type impFixture struct {
	Lixia, Licheng, Supervision string // 历下区 and 历城区 enforcement subjects, a supervision body
}

func impUSCC(t testing.TB, region, body string) string {
	t.Helper()
	c, err := ident.MakeUSCC('1', '1', region, body)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func impPutAgency(t testing.TB, db *store.DB, code, name, kind, region string) {
	t.Helper()
	if _, err := registry.PutAgency(impCtx, db, impAdmin, &registry.Agency{Code: code, Name: name, Kind: kind, RegionCode: region}); err != nil {
		t.Fatalf("PutAgency %s: %v", name, err)
	}
}

func impNewFixture(t testing.TB, db *store.DB) impFixture {
	t.Helper()
	f := impFixture{
		Lixia:       impUSCC(t, "370102", "MB100001"),
		Licheng:     impUSCC(t, "370112", "MB100002"),
		Supervision: impUSCC(t, "370102", "MB100003"),
	}
	impPutAgency(t, db, f.Lixia, "济南市历下区市场监督管理局", "enforcement", "370102")
	impPutAgency(t, db, f.Licheng, "济南市历城区市场监督管理局", "enforcement", "370112")
	impPutAgency(t, db, f.Supervision, "济南市历下区司法局", "supervision", "370102")
	return f
}

func impCSV(t testing.TB, rows ...[]string) []byte {
	t.Helper()
	var b bytes.Buffer
	b.WriteString("\uFEFF")
	w := csv.NewWriter(&b)
	if err := w.WriteAll(rows); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func impCount(t testing.TB, db *store.DB, table string) int {
	t.Helper()
	var n int
	if err := db.R.QueryRowContext(impCtx, `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func impOfficers(t testing.TB, db *store.DB, p *auth.Principal, name string, data []byte) *registry.ImportResult {
	t.Helper()
	res, err := registry.ImportOfficers(impCtx, db, p, bytes.NewReader(data), name)
	if err != nil {
		t.Fatalf("ImportOfficers: %v", err)
	}
	return res
}

func impMatters(t testing.TB, db *store.DB, p *auth.Principal, name string, data []byte) *registry.ImportResult {
	t.Helper()
	res, err := registry.ImportMatters(impCtx, db, p, bytes.NewReader(data), name)
	if err != nil {
		t.Fatalf("ImportMatters: %v", err)
	}
	return res
}

func impWantCounts(t *testing.T, res *registry.ImportResult, rows, created, updated, unchanged int) {
	t.Helper()
	if len(res.Errors) > 0 {
		t.Fatalf("unexpected row errors: %+v", res.Errors)
	}
	if res.Rows != rows || res.Created != created || res.Updated != updated || res.Unchanged != unchanged {
		t.Fatalf("got rows=%d created=%d updated=%d unchanged=%d, want %d/%d/%d/%d",
			res.Rows, res.Created, res.Updated, res.Unchanged, rows, created, updated, unchanged)
	}
}

func impWantInvalid(t *testing.T, err error, contains string) {
	t.Helper()
	if !apperr.Is(err, apperr.Invalid) || !strings.Contains(apperr.As(err).Message, contains) {
		t.Fatalf("got %v, want Invalid containing %q", err, contains)
	}
}

func TestImportOfficersCSV(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		fx := impNewFixture(t, db)
		data := impCSV(t, impOfficerHead,
			[]string{"370102-2023-0001", "张三", impID1, fx.Lixia, "市场监管", "2023-01-01", "2027-12-31", "有效", "86", "2022/11/20", "2023年1月10日", "听证主持人、法制审核"},
			[]string{"370102-2023-0002", "李四", "", strings.ToLower(fx.Lixia), "", "2023/3/5", "2028/3/4", "暂扣", "", "", "", ""},
			[]string{"370112-2023-0003", "王五", impID2, fx.Licheng, "市场监管", "20230601", "2028-05-31", "valid", "90.0", "", "", "hearing_host,legal_review；执法监督"},
		)
		audits := impCount(t, db, "audit_log")
		res := impOfficers(t, db, impAdmin, "人员.csv", data)
		impWantCounts(t, res, 3, 3, 0, 0)
		if got := impCount(t, db, "officers"); got != 3 {
			t.Fatalf("officers = %d, want 3", got)
		}
		// 3 creates and one import summary
		if got := impCount(t, db, "audit_log") - audits; got != 4 {
			t.Fatalf("audit entries = %d, want 4", got)
		}
		o, err := registry.GetOfficer(impCtx, db, impAdmin, "370102-2023-0001")
		if err != nil {
			t.Fatal(err)
		}
		if o.ExamDate != "2022-11-20" || o.OathDate != "2023-01-10" || o.ExamScore == nil || *o.ExamScore != 86 ||
			!slices.Equal(o.Qualifications, []string{"hearing_host", "legal_review"}) || o.IDNumber != impID1 || o.RegionCode != "370102" {
			t.Fatalf("officer 1 = %+v", o)
		}
		o, _ = registry.GetOfficer(impCtx, db, impAdmin, "370102-2023-0002")
		if o.CertStatus != "suspended" || o.CertValidFrom != "2023-03-05" || o.AgencyCode != fx.Lixia || o.ExamScore != nil {
			t.Fatalf("officer 2 = %+v", o)
		}
		o, _ = registry.GetOfficer(impCtx, db, impAdmin, "370112-2023-0003")
		if o.CertValidFrom != "2023-06-01" || *o.ExamScore != 90 || len(o.Qualifications) != 3 {
			t.Fatalf("officer 3 = %+v", o)
		}

		// The same file again changes nothing and audits nothing.
		audits = impCount(t, db, "audit_log")
		impWantCounts(t, impOfficers(t, db, impAdmin, "人员.csv", data), 3, 0, 0, 3)
		if got := impCount(t, db, "audit_log"); got != audits {
			t.Fatalf("re-import wrote %d audit entries", got-audits)
		}

		// One changed row is one update.
		data = bytes.Replace(data, []byte("王五"), []byte("王武"), 1)
		impWantCounts(t, impOfficers(t, db, impAdmin, "人员.csv", data), 3, 0, 1, 2)
	})
}

// xlsxBytes builds a workbook with rows on its first sheet; time.Time and
// numbers are written as Excel values, so dates arrive as serials.
func impXLSX(t testing.TB, sheet string, rows [][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheet, cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestImportOfficersXLSX(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		fx := impNewFixture(t, db)
		day := func(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }
		data := impXLSX(t, "人员", [][]any{
			{"历下区执法人员信息表"}, // a title row above the header
			{"序号", "姓名", "执法证号", "所属执法主体统一社会信用代码*", "证件有效期起", "证件有效期止", "考试成绩", "资格", "备注"},
			{1, "张三", "370102-2023-0001", fx.Lixia, day(2023, 1, 1), day(2027, 12, 31), 86, "听证主持人", "x"},
			{},
			{2, "李四", 37010220230002, fx.Lixia, "2023-02-01", 47000, 75.0, "", ""},
		})
		res := impOfficers(t, db, impAdmin, "人员.XLSX", data)
		impWantCounts(t, res, 2, 2, 0, 0)
		o, err := registry.GetOfficer(impCtx, db, impAdmin, "370102-2023-0001")
		if err != nil {
			t.Fatal(err)
		}
		if o.CertValidFrom != "2023-01-01" || o.CertValidTo != "2027-12-31" || *o.ExamScore != 86 || o.CertStatus != "valid" {
			t.Fatalf("officer 1 = %+v", o)
		}
		o, err = registry.GetOfficer(impCtx, db, impAdmin, "37010220230002")
		if err != nil {
			t.Fatal(err)
		}
		if o.CertValidTo != "2028-09-04" || *o.ExamScore != 75 { // serial 47000
			t.Fatalf("officer 2 = %+v", o)
		}

		// Row numbers count the title row and the empty row.
		data = impXLSX(t, "人员", [][]any{
			{"历下区执法人员信息表"},
			impOfficerHeadAny(),
			{"370102-2023-0009", "赵六", "", fx.Lixia, "", day(2023, 1, 1), day(2027, 12, 31)},
			{},
			{"370102-2023-0010", "钱七", "", fx.Lixia, "", day(2023, 1, 1), "2027-13-01"},
		})
		res = impOfficers(t, db, impAdmin, "人员.xlsx", data)
		if len(res.Errors) != 1 || res.Errors[0].Row != 5 || res.Errors[0].Column != "证件有效期止" {
			t.Fatalf("errors = %+v", res.Errors)
		}
	})
}

func impOfficerHeadAny() []any {
	out := make([]any, len(impOfficerHead))
	for i, h := range impOfficerHead {
		out[i] = h
	}
	return out
}

func TestImportBadRowsWriteNothing(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		fx := impNewFixture(t, db)
		unknown := impUSCC(t, "370102", "MB999999")
		good := func(no string) []string {
			return []string{no, "张三", "", fx.Lixia, "", "2023-01-01", "2027-12-31", "", "", "", "", ""}
		}
		bad1 := good("A-0003")
		bad1[5], bad1[8], bad1[11] = "2023-02-30", "101", "审核员" // three problems in row 4
		bad2 := good("A-0005")
		bad2[3] = unknown // row 6
		data := impCSV(t, impOfficerHead, good("A-0001"), good("A-0002"), bad1, good("A-0004"), bad2, good("A-0006"))
		officers, audits := impCount(t, db, "officers"), impCount(t, db, "audit_log")
		res := impOfficers(t, db, impAdmin, "x.csv", data)
		if res.Rows != 6 || res.Created != 0 || res.OK() {
			t.Fatalf("result = %+v", res)
		}
		want := []registry.RowError{
			{Row: 4, Column: "证件有效期起"},
			{Row: 4, Column: "考试成绩"},
			{Row: 4, Column: "资格"},
			{Row: 6, Column: "所属执法主体统一社会信用代码"},
		}
		if len(res.Errors) != len(want) {
			t.Fatalf("errors = %+v", res.Errors)
		}
		for i, w := range want {
			got := res.Errors[i]
			if got.Row != w.Row || got.Column != w.Column || got.Message == "" {
				t.Errorf("error %d = %+v, want row %d column %s", i, got, w.Row, w.Column)
			}
		}
		if !strings.Contains(res.Errors[3].Message, "不存在") || !strings.Contains(res.Errors[0].Message, "2023-02-30") {
			t.Errorf("messages: %+v", res.Errors)
		}
		if impCount(t, db, "officers") != officers || impCount(t, db, "audit_log") != audits {
			t.Fatal("a rejected file wrote data")
		}
		if !strings.Contains(res.Summary(), "未导入") {
			t.Errorf("summary = %q", res.Summary())
		}

		// An officer may only belong to an enforcement subject.
		sup := good("A-0007")
		sup[3] = fx.Supervision
		res = impOfficers(t, db, impAdmin, "x.csv", impCSV(t, impOfficerHead, sup))
		if len(res.Errors) != 1 || res.Errors[0].Column != "所属执法主体统一社会信用代码" {
			t.Fatalf("errors = %+v", res.Errors)
		}
	})
}

func TestImportDuplicateRows(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		fx := impNewFixture(t, db)
		row := []string{"A-0001", "张三", "", fx.Lixia, "", "2023-01-01", "2027-12-31", "", "", "", "", ""}
		other := slices.Clone(row)
		other[0], other[1] = "A-0002", "李四"
		res := impOfficers(t, db, impAdmin, "x.csv", impCSV(t, impOfficerHead, row, other, row))
		if len(res.Errors) != 1 || res.Errors[0].Row != 4 || res.Errors[0].Column != "执法证号" || !strings.Contains(res.Errors[0].Message, "第2行") {
			t.Fatalf("errors = %+v", res.Errors)
		}
		if impCount(t, db, "officers") != 0 {
			t.Fatal("officers written")
		}

		m := []string{"M-1", "事项一", "行政处罚", "", "", "", fx.Lixia, ""}
		res = impMatters(t, db, impAdmin, "m.csv", impCSV(t, impMatterHead, m, m))
		if len(res.Errors) != 1 || res.Errors[0].Row != 3 || res.Errors[0].Column != "事项编码" {
			t.Fatalf("errors = %+v", res.Errors)
		}
		if impCount(t, db, "matters") != 0 {
			t.Fatal("matters written")
		}
	})
}

func TestImportOutOfScope(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		fx := impNewFixture(t, db)
		county := &auth.Principal{Name: "历下区管理员", Role: auth.RoleSupervisor, Region: "370102"}
		mine := []string{"A-0001", "张三", "", fx.Lixia, "", "2023-01-01", "2027-12-31", "", "", "", "", ""}
		theirs := []string{"A-0002", "李四", "", fx.Licheng, "", "2023-01-01", "2027-12-31", "", "", "", "", ""}
		audits := impCount(t, db, "audit_log")
		res := impOfficers(t, db, county, "x.csv", impCSV(t, impOfficerHead, mine, theirs))
		if len(res.Errors) != 1 || res.Errors[0].Row != 3 || !strings.Contains(res.Errors[0].Message, "管辖范围") {
			t.Fatalf("errors = %+v", res.Errors)
		}
		if impCount(t, db, "officers") != 0 || impCount(t, db, "audit_log") != audits {
			t.Fatal("data written")
		}
		impWantCounts(t, impOfficers(t, db, county, "x.csv", impCSV(t, impOfficerHead, mine)), 1, 1, 0, 0)

		// Matters: a holder outside the scope.
		m := []string{"M-1", "事项一", "行政检查", "", "", "", fx.Lixia + "、" + fx.Licheng, ""}
		res = impMatters(t, db, county, "m.csv", impCSV(t, impMatterHead, m))
		if len(res.Errors) != 1 || !strings.Contains(res.Errors[0].Message, "管辖范围") {
			t.Fatalf("errors = %+v", res.Errors)
		}

		// Roles without write access cannot import at all.
		officer := &auth.Principal{Name: "执法人员", Role: auth.RoleOfficer, Region: "370102"}
		_, err := registry.ImportOfficers(impCtx, db, officer, bytes.NewReader(impCSV(t, impOfficerHead, mine)), "x.csv")
		if !apperr.Is(err, apperr.Forbidden) {
			t.Fatalf("officer import: %v", err)
		}
	})
}

func TestImportMattersLabelsAndMoney(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		fx := impNewFixture(t, db)
		data := impCSV(t, impMatterHead,
			[]string{"M-1", "对未取得食品经营许可从事食品经营活动的行政处罚", "行政处罚", "市场监管", "《中华人民共和国食品安全法》第一百二十二条", "2021/4/29", fx.Lixia, "5000.5"},
			[]string{"M-2", "查封扣押", "强制", "", "", "", fx.Lixia + "、" + fx.Licheng, "1,234.56"},
			[]string{"M-3", "日常检查", "inspection", "", "", "", fx.Lixia + " ; " + fx.Licheng, "¥20000元"},
			[]string{"M-4", "其他事项", "其它", "", "", "", "", "", "370102"},
		)
		res := impMatters(t, db, impAdmin, "事项.csv", data)
		impWantCounts(t, res, 4, 4, 0, 0)
		want := map[string]struct {
			kind, region string
			fen          int64
			holders      int
		}{
			"M-1": {"penalty", "370102", 500050, 1},
			"M-2": {"coercion", "370100", 123456, 2},
			"M-3": {"inspection", "370100", 2000000, 2},
			"M-4": {"other", "370102", -1, 0},
		}
		for code, w := range want {
			m, err := registry.GetMatter(impCtx, db, impAdmin, code)
			if err != nil {
				t.Fatal(err)
			}
			fen := int64(-1)
			if m.CriminalThresholdFen != nil {
				fen = *m.CriminalThresholdFen
			}
			if m.Kind != w.kind || m.RegionCode != w.region || fen != w.fen || len(m.AgencyCodes) != w.holders {
				t.Errorf("%s = %+v (fen %d), want %+v", code, m, fen, w)
			}
		}
		m1, _ := registry.GetMatter(impCtx, db, impAdmin, "M-1")
		if m1.BasisEffective != "2021-04-29" || m1.Version != 1 {
			t.Errorf("M-1 = %+v", m1)
		}

		// Bad amounts and kinds, reported by column.
		bad := impCSV(t, impMatterHead,
			[]string{"M-5", "甲", "行政处罚", "", "", "", fx.Lixia, "1e3"},
			[]string{"M-6", "乙", "行政处罚", "", "", "", fx.Lixia, "0.125"},
			[]string{"M-7", "丙", "行政处理", "", "", "", fx.Lixia, "-5"},
			[]string{"M-8", "丁", "行政处罚", "", "", "", "91370102XXXXXXXXXX", "5000.505"},
			[]string{"M-9", "戊", "行政处罚", "", "", "", "", "", "999999"},
		)
		res = impMatters(t, db, impAdmin, "事项.csv", bad)
		got := map[string]bool{}
		for _, e := range res.Errors {
			got[fmt.Sprint(e.Row, e.Column)] = true
		}
		for _, k := range []string{"2涉嫌犯罪追诉标准(元)", "3涉嫌犯罪追诉标准(元)", "4事项类型", "4涉嫌犯罪追诉标准(元)", "5实施主体统一社会信用代码", "5涉嫌犯罪追诉标准(元)", "6所属行政区划代码"} {
			if !got[k] {
				t.Errorf("missing error %s in %+v", k, res.Errors)
			}
		}
		if len(res.Errors) != 7 || impCount(t, db, "matters") != 4 {
			t.Errorf("errors = %+v", res.Errors)
		}

		// Changing a holder raises the version and moves the matter.
		data = bytes.Replace(data, []byte(fx.Lixia+",5000.5"), []byte(fx.Licheng+",5000.5"), 1)
		impWantCounts(t, impMatters(t, db, impAdmin, "事项.csv", data), 4, 0, 1, 3)
		m1, _ = registry.GetMatter(impCtx, db, impAdmin, "M-1")
		if m1.Version != 2 || m1.RegionCode != "370112" {
			t.Errorf("M-1 after update = %+v", m1)
		}
	})
}

func TestImportKeepsAbsentColumns(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		fx := impNewFixture(t, db)
		full := impCSV(t, impOfficerHead,
			[]string{"A-0001", "张三", impID1, fx.Lixia, "市场监管", "2023-01-01", "2027-12-31", "吊销", "88", "", "", "法制审核"})
		impWantCounts(t, impOfficers(t, db, impAdmin, "x.csv", full), 1, 1, 0, 0)
		// No 身份证号, 资格 or 考试成绩 column, empty 证件状态: all kept; the name changes.
		slim := impCSV(t, []string{"执法证号", "姓名", "所属执法主体统一社会信用代码", "执法领域", "证件有效期起", "证件有效期止", "证件状态"},
			[]string{"A-0001", "张叁", fx.Lixia, "市场监管", "2023-01-01", "2027-12-31", ""})
		impWantCounts(t, impOfficers(t, db, impAdmin, "x.csv", slim), 1, 0, 1, 0)
		o, _ := registry.GetOfficer(impCtx, db, impAdmin, "A-0001")
		if o.Name != "张叁" || o.IDNumber != impID1 || o.CertStatus != "revoked" || *o.ExamScore != 88 || !o.HasQualification("legal_review") {
			t.Fatalf("officer = %+v", o)
		}
	})
}

func TestImportFileErrors(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		fx := impNewFixture(t, db)
		row := []string{"A-0001", "张三", "", fx.Lixia, "", "2023-01-01", "2027-12-31", "", "", "", "", ""}
		good := impCSV(t, impOfficerHead, row)
		for _, name := range []string{"x.xls", "x.txt", "x", "x.csv.exe"} {
			_, err := registry.ImportOfficers(impCtx, db, impAdmin, bytes.NewReader(good), name)
			impWantInvalid(t, err, "仅支持xlsx或csv格式的文件")
		}
		_, err := registry.ImportOfficers(impCtx, db, impAdmin, bytes.NewReader(impCSV(t, impOfficerHead[:4], row[:4])), "x.csv")
		impWantInvalid(t, err, "“证件有效期起”、“证件有效期止”")
		_, err = registry.ImportOfficers(impCtx, db, impAdmin, bytes.NewReader(impCSV(t, impOfficerHead)), "x.csv")
		impWantInvalid(t, err, "没有可导入的数据")
		_, err = registry.ImportOfficers(impCtx, db, impAdmin, bytes.NewReader(nil), "x.csv")
		impWantInvalid(t, err, "空")
		_, err = registry.ImportOfficers(impCtx, db, impAdmin, bytes.NewReader(good), "x.xlsx")
		impWantInvalid(t, err, "xlsx")
		_, err = registry.ImportOfficers(impCtx, db, impAdmin, bytes.NewReader(bytes.Repeat([]byte("a,"), 6<<20)), "x.csv")
		impWantInvalid(t, err, "10MB")
		dup := append(slices.Clone(impOfficerHead), "姓名")
		_, err = registry.ImportOfficers(impCtx, db, impAdmin, bytes.NewReader(impCSV(t, dup, append(row, "x"))), "x.csv")
		impWantInvalid(t, err, "“姓名”列出现了两次")

		// Too many rows.
		var big bytes.Buffer
		big.WriteString(strings.Join(impOfficerHead, ",") + "\n")
		for i := range 20001 {
			fmt.Fprintf(&big, "A-%05d,张三,,%s,,2023-01-01,2027-12-31\n", i, fx.Lixia)
		}
		_, err = registry.ImportOfficers(impCtx, db, impAdmin, &big, "x.csv")
		impWantInvalid(t, err, "20000")

		// GB18030 (Excel's "CSV (逗号分隔)" on Chinese Windows) and a
		// header with markers and full-width brackets.
		gbk, err := simplifiedchinese.GB18030.NewEncoder().Bytes(bytes.TrimPrefix(good, []byte("\uFEFF")))
		if err != nil {
			t.Fatal(err)
		}
		impWantCounts(t, impOfficers(t, db, impAdmin, "x.csv", gbk), 1, 1, 0, 0)
		o, err := registry.GetOfficer(impCtx, db, impAdmin, "A-0001")
		if err != nil || o.Name != "张三" {
			t.Fatalf("GB18030 import: %+v %v", o, err)
		}
		m := impCSV(t, []string{"*事项编码", "事项名称（必填）", " 事项类型 ", "涉嫌犯罪追诉标准（元）", "所属行政区划代码"}, []string{"M-1", "事项", "处罚", "100", "370100"})
		impWantCounts(t, impMatters(t, db, impAdmin, "m.csv", m), 1, 1, 0, 0)

		// A CSV row number counts blank lines and the lines of a quoted
		// multi-line cell (a legal basis; a name is one line) as a
		// spreadsheet would show them.
		csvText := "\uFEFF" + strings.Join(impMatterHead, ",") + "\n" +
			"M-2,名称,处罚,,\"两行\n依据\",,,,370100\n" +
			"\n" +
			"M-3,名称,处罚,,,,,abc,370100\n"
		res := impMatters(t, db, impAdmin, "m.csv", []byte(csvText))
		if len(res.Errors) != 1 || res.Errors[0].Row != 4 {
			t.Fatalf("errors = %+v", res.Errors)
		}
	})
}

// templateAgency reads the example row's agency code from a csv template.
func impTemplateAgency(t *testing.T, data []byte, column string) string {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\uFEFF")))).ReadAll()
	if err != nil || len(recs) != 2 {
		t.Fatalf("template: %v %d records", err, len(recs))
	}
	return recs[1][slices.Index(recs[0], column)]
}

// TestImportTemplates re-imports the templates themselves. Their example
// rows name a placeholder agency (the same in both), which the test
// creates once it has seen the rows fail without it.
func TestImportTemplates(t *testing.T) {
	type kind struct {
		name, column string
		head         []string
		tmpl         func(string) ([]byte, string, error)
		imp          func(context.Context, *store.DB, *auth.Principal, io.Reader, string) (*registry.ImportResult, error)
		csv, xlsx    []byte
	}
	kinds := []*kind{
		{name: "officer", column: "所属执法主体统一社会信用代码", head: impOfficerHead, tmpl: registry.OfficerTemplate, imp: registry.ImportOfficers},
		{name: "matter", column: "实施主体统一社会信用代码", head: impMatterHead, tmpl: registry.MatterTemplate, imp: registry.ImportMatters},
	}
	for _, k := range kinds {
		var ct string
		var err error
		k.csv, ct, err = k.tmpl("csv")
		if err != nil || ct != "text/csv; charset=utf-8" || !bytes.HasPrefix(k.csv, []byte("\uFEFF"+strings.Join(k.head, ","))) {
			t.Fatalf("%s csv template: %v %q %q", k.name, err, ct, k.csv)
		}
		k.xlsx, ct, err = k.tmpl("xlsx")
		if err != nil || ct != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
			t.Fatalf("%s xlsx template: %v %q", k.name, err, ct)
		}
		if _, _, err := k.tmpl("xls"); !apperr.Is(err, apperr.Invalid) {
			t.Fatalf("xls template: %v", err)
		}
		f, err := excelize.OpenReader(bytes.NewReader(k.xlsx))
		if err != nil {
			t.Fatal(err)
		}
		sheets := f.GetSheetList()
		rows, _ := f.GetRows(sheets[0])
		help, _ := f.GetRows("说明")
		f.Close()
		if len(sheets) != 2 || sheets[1] != "说明" || len(rows) != 2 || !slices.Equal(rows[0], k.head) || len(help) < len(k.head)+3 {
			t.Fatalf("%s xlsx template: sheets %v rows %v", k.name, sheets, rows)
		}
	}
	if a, b := impTemplateAgency(t, kinds[0].csv, kinds[0].column), impTemplateAgency(t, kinds[1].csv, kinds[1].column); a != b {
		t.Fatalf("placeholder agencies differ: %s %s", a, b)
	}
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		for _, k := range kinds {
			res, err := k.imp(impCtx, db, impAdmin, bytes.NewReader(k.csv), "模板.csv")
			if err != nil || len(res.Errors) != 1 || res.Errors[0].Column != k.column || !strings.Contains(res.Errors[0].Message, "不存在") {
				t.Fatalf("%s template before agency: %+v %v", k.name, res, err)
			}
		}
		impPutAgency(t, db, impTemplateAgency(t, kinds[0].csv, kinds[0].column), "示例执法主体", "enforcement", "370100")
		for _, k := range kinds {
			res, err := k.imp(impCtx, db, impAdmin, bytes.NewReader(k.xlsx), "模板.xlsx")
			if err != nil {
				t.Fatal(err)
			}
			impWantCounts(t, res, 1, 1, 0, 0)
			res, err = k.imp(impCtx, db, impAdmin, bytes.NewReader(k.csv), "模板.csv")
			if err != nil {
				t.Fatal(err)
			}
			impWantCounts(t, res, 1, 0, 0, 1)
		}
	})
}

// FuzzImportCSV feeds arbitrary bytes to ImportOfficers as a csv file: it
// must never panic, and a result with errors must report nothing written.
func FuzzImportCSV(f *testing.F) {
	db := testdb.Open(f, store.SQLite)
	fx := impNewFixture(f, db)
	tmpl, _, _ := registry.OfficerTemplate("csv")
	f.Add(tmpl)
	f.Add(impCSV(f, impOfficerHead, []string{"A-0001", "张三", impID1, fx.Lixia, "", "2023/1/1", "2027-12-31", "暂扣", "86", "", "", "法制审核"}))
	f.Add(impCSV(f, impOfficerHead, []string{"A-0001", "张三", "", fx.Licheng, "", "45000", "1e3", "x", "101.5", "2023年2月30日", "", "无、,"}))
	f.Add([]byte("执法证号\t姓名\t所属执法主体统一社会信用代码\t证件有效期起\t证件有效期止\r\n\"a\"\"b\t\t\t\t"))
	f.Add([]byte{0xff, 0xfe, 0x67, 0x62})
	f.Add([]byte("\xb7\xa8\xd6\xa4,\x00\x01\n\n\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := registry.ImportOfficers(impCtx, db, impAdmin, bytes.NewReader(data), "fuzz.csv")
		if err != nil {
			if e := apperr.As(err); e.Code != apperr.Invalid {
				t.Fatalf("non-Invalid error: %v", err)
			}
			return
		}
		if !res.OK() && res.Created+res.Updated+res.Unchanged != 0 {
			t.Fatalf("rejected file reports writes: %+v", res)
		}
		for _, e := range res.Errors {
			if e.Row < 2 || e.Message == "" {
				t.Fatalf("bad row error %+v", e)
			}
		}
	})
}
