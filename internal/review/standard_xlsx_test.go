package review_test

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"zfjd/internal/apperr"
	"zfjd/internal/review"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
)

// treeItems is a standard with headings: 卷面 F1 (10 = 4 + 6) and F2 (10);
// 内容 C1 (80 = 30 + 50); one veto item.
var treeItems = []review.Item{
	{Code: "V1", Layer: review.LayerVeto, Title: "执法主体不合法", Rules: []string{"MATTER_NOT_HELD"}},
	{Code: "F1", Layer: review.LayerForm, Title: "文书规范", Points: 10},
	{Code: "F1.1", Layer: review.LayerForm, Title: "未使用规定文书", Points: 4, Parent: "F1"},
	{Code: "F1.2", Layer: review.LayerForm, Title: "文书漏项", Points: 6, Parent: "F1"},
	{Code: "F2", Layer: review.LayerForm, Title: "卷宗装订", Points: 10},
	{Code: "C1", Layer: review.LayerContent, Title: "程序", Points: 80},
	{Code: "C1.1", Layer: review.LayerContent, Title: "未告知", Points: 30, Parent: "C1", Rules: []string{"NOTICE_MISSING", "HEARING_RIGHT_MISSING"}},
	{Code: "C1.2", Layer: review.LayerContent, Title: "未法制审核", Points: 50, Parent: "C1"},
}

// book is a workbook of the standard's sheet with rows under the header.
func book(t testing.TB, rows ...[]any) []byte {
	t.Helper()
	x := excelize.NewFile()
	defer x.Close()
	x.SetSheetName("Sheet1", "评查标准")
	all := append([][]any{{"部分", "编号", "评查项目", "分值", "否决项", "上级编号", "关联预警规则"}}, rows...)
	for i, r := range all {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		x.SetSheetRow("评查标准", cell, &r)
	}
	b, err := x.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestStandardXLSXRoundTrip: a standard exported and imported again is
// the same standard (a new version of its name), on both engines; the
// template is the default standard and imports as it is.
func TestStandardXLSXRoundTrip(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		svc := review.NewService(db)
		sup := testworld.As("supervisor")
		st, err := svc.SaveStandard(w.Ctx, sup, testworld.Region, "分项标准", treeItems)
		ok(t, "save", err)
		data, err := review.StandardXLSX(st, false)
		ok(t, "export", err)
		back, errs, err := svc.ImportStandard(w.Ctx, sup, testworld.Region, "分项标准", "penalty", data)
		if err != nil || errs != nil {
			t.Fatalf("import: %v %v", err, errs)
		}
		got, err := svc.StandardOf(w.Ctx, sup, back.ID)
		ok(t, "read", err)
		if got.Version != 2 || !reflect.DeepEqual(got.Items, treeItems) {
			t.Fatalf("round trip: v%d %+v", got.Version, got.Items)
		}
		tpl, err := review.Template()
		ok(t, "template", err)
		lic, errs, err := svc.ImportStandard(w.Ctx, sup, testworld.Region, "行政许可案卷评查标准", "license", tpl)
		if err != nil || errs != nil || !reflect.DeepEqual(lic.Items, review.DefaultItems) || lic.Version != 1 {
			t.Fatalf("template import: %v %v %+v", err, errs, lic)
		}
		_, _, err = svc.ImportStandard(w.Ctx, testworld.As("agency_admin"), testworld.Region, "x", "penalty", tpl)
		wantCode(t, "an agency importing", err, apperr.Forbidden)
		_, _, err = svc.ImportStandard(w.Ctx, sup, testworld.Region, "分项标准", "license", tpl)
		if e := apperr.As(err); e.Fields["case_kind"] == "" {
			t.Errorf("a name of another case kind: %v", err)
		}
		rows, err := svc.Standards(w.Ctx, sup)
		ok(t, "list", err)
		if len(rows) != 3 {
			t.Errorf("standards %+v", rows)
		}
	})
}

// TestStandardXLSXRefusals: one row per refusal; each names its row and
// column in Chinese, and a refused file writes nothing.
func TestStandardXLSXRefusals(t *testing.T) {
	good := func() [][]any {
		return [][]any{{"基本标准", "V1", "主体不合法", "", "是", "", ""}, {"卷面标准", "F1", "文书", 20, "否", "", ""},
			{"内容标准", "C1", "程序", 80, "否", "", "NOTICE_MISSING"}}
	}
	rows := []struct {
		rule string
		edit func(r [][]any) [][]any
		want string // one message contains it
	}{
		{"卷面 adds up to 20", func(r [][]any) [][]any { r[1][3] = 18; return r }, "第3行“分值”：卷面标准各项分值合计应为20分，现为18分"},
		{"内容 adds up to 80", func(r [][]any) [][]any { return append(r, []any{"内容标准", "C2", "期限", 5, "否"}) }, "第4行“分值”：内容标准各项分值合计应为80分，现为85分"},
		{"a section is one of three", func(r [][]any) [][]any { r[1][0] = "其他"; return r }, "第3行“部分”：应为基本标准、卷面标准或内容标准"},
		{"codes are unique", func(r [][]any) [][]any { r[2][1] = "F1"; return r }, "第4行“编号”：编号为空或重复"},
		{"veto items score nothing", func(r [][]any) [][]any { r[0][3] = 2; return r }, "第2行“分值”：基本标准（否决项）不计分值"},
		{"the veto flag matches the section", func(r [][]any) [][]any { r[1][4] = "是"; return r }, "第3行“否决项”"},
		{"points are integers", func(r [][]any) [][]any { r[1][3] = "二十"; return r }, "第3行“分值”：应为0至100的整数"},
		{"a parent comes first", func(r [][]any) [][]any { r[1][5] = "C1"; return r }, "第3行“上级编号”：上级编号“C1”应为排在本项之前的项目编号"},
		{"a heading is its items' sum", func(r [][]any) [][]any {
			return append(r, []any{"内容标准", "C1.1", "告知", 30, "否", "C1"})
		}, "第4行“分值”：分项“C1”的分值80分应等于其下各项分值之和30分"},
		{"rules are rule codes", func(r [][]any) [][]any { r[2][6] = "未告知"; return r }, "第4行“关联预警规则”"},
		{"a title is required", func(r [][]any) [][]any { r[2][2] = ""; return r }, "第4行“评查项目”：请填写评查项目"},
	}
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		svc := review.NewService(db)
		sup := testworld.As("supervisor")
		if _, errs, err := svc.ImportStandard(w.Ctx, sup, testworld.Region, "基础", "penalty", book(t, good()...)); err != nil || errs != nil {
			t.Fatalf("the good file: %v %v", err, errs)
		}
		count := func() (n int) {
			db.R.QueryRowContext(w.Ctx, `SELECT COUNT(*) FROM review_standards`).Scan(&n)
			return n
		}
		before := count()
		for _, r := range rows {
			_, errs, err := svc.ImportStandard(w.Ctx, sup, testworld.Region, "基础", "penalty", book(t, r.edit(good())...))
			var msgs []string
			for _, e := range errs {
				msgs = append(msgs, review.RowErrorText(e))
			}
			if !apperr.Is(err, apperr.Invalid) || !strings.Contains(strings.Join(msgs, "\n"), r.want) {
				t.Errorf("%s: %v %q, want %q", r.rule, err, msgs, r.want)
			}
		}
		for what, data := range map[string][]byte{"empty": nil, "not xlsx": []byte("部分,编号"), "no header": book(t)[:0]} {
			if _, _, err := svc.ImportStandard(w.Ctx, sup, testworld.Region, "基础", "penalty", data); !apperr.Is(err, apperr.Invalid) {
				t.Errorf("%s: %v", what, err)
			}
		}
		if n := count(); n != before {
			t.Errorf("refused files wrote %d standards", n-before)
		}
	})
}

// FuzzParseStandardXLSX feeds uploaded files (outside input) to the
// parser: it never panics, and a standard it accepts passes Check.
func FuzzParseStandardXLSX(f *testing.F) {
	tpl, err := review.Template()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(tpl)
	f.Add(book(f, []any{"卷面标准", "F1", "x", "20.0", "否", "F1", "A、B,,C"}, []any{"内容标准（否决项）", "", "", "-1", "也许"}))
	f.Add(book(f, []any{"基本标准", "V1", "x", "", "是", "V1"}))
	f.Add([]byte{})
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte{0xD0, 0xCF, 0x11, 0xE0})
	f.Add(tpl[:len(tpl)/2])
	f.Fuzz(func(t *testing.T, data []byte) {
		items, errs, err := review.ParseStandardXLSX(context.Background(), data)
		switch {
		case err != nil && (items != nil || errs != nil):
			t.Fatal("items with a file error")
		case len(errs) > 0 && items != nil:
			t.Fatal("items with row errors")
		case items != nil:
			if err := (&review.Standard{Items: items}).Check(); err != nil {
				t.Fatalf("accepted a bad standard: %v", err)
			}
		}
		for _, e := range errs {
			if e.Message == "" {
				t.Fatalf("bad row error %+v", e)
			}
		}
	})
}
