package complaint_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"zfjd/internal/apperr"
	"zfjd/internal/complaint"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
)

func workbook(t *testing.T, rows [][]any) *bytes.Reader {
	t.Helper()
	x := excelize.NewFile()
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		x.SetSheetRow("Sheet1", cell, &r)
	}
	var buf bytes.Buffer
	if err := x.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return bytes.NewReader(buf.Bytes())
}

var hotlineHead = []any{"工单号", "来电时间", "诉求内容", "所属区域", "办理单位", "诉求类别", "来电人", "联系电话"}

func TestHotlineImport(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		s := service(t, db)
		sup := testworld.As("supervisor")
		// A wrong row refuses the whole file, naming line and column.
		res, err := s.ImportHotline(w.Ctx, sup, workbook(t, [][]any{hotlineHead,
			{"GD001", "2026-06-10 09:30", "执法人员乱罚款", "历下区", "济南市历下区市场监督管理局", "乱罚款", "", ""},
			{"GD002", "昨天", "检查时态度粗暴", "370102", "", "", "", "12345"},
		}))
		if err != nil || len(res.Errors) != 2 || res.Errors[0].Line != 3 || res.Imported != 0 {
			t.Fatalf("bad file: %v %+v", err, res)
		}
		if list, _ := s.List(w.Ctx, db, sup, &complaint.Filter{}); len(list) != 0 {
			t.Fatal("a refused import wrote complaints")
		}
		// Two lines of one order are merged; the order's deadlines count from the call.
		file := [][]any{hotlineHead,
			{"GD001", "2026-06-10 09:30", "执法人员乱罚款", "历下区", "济南市历下区市场监督管理局", "乱罚款", "", ""},
			{"GD001", "2026-06-10 09:30", "补充：罚款未开具票据", "历下区", "济南市历下区市场监督管理局", "乱罚款", "", ""},
			{"GD003", "2026/06/11 14:00", "窗口工作人员推诿不办", "370102", "", "不作为", "李女士", "13900001111"},
		}
		res, err = s.ImportHotline(w.Ctx, sup, workbook(t, file))
		if err != nil || res.Imported != 2 || res.Merged != 1 || len(res.Errors) != 0 {
			t.Fatalf("import: %v %+v", err, res)
		}
		list, _ := s.List(w.Ctx, db, sup, &complaint.Filter{Source: complaint.SourceHotline})
		if len(list) != 2 {
			t.Fatalf("%d hotline complaints", len(list))
		}
		for _, c := range list {
			if c.SourceRef == "GD001" && (c.ReceivedOn != "2026-06-10" || !strings.Contains(c.Description, "未开具票据") || c.Category != "arbitrary_fine" || c.AgencyCode != testworld.Agency) {
				t.Fatalf("GD001 %+v", c)
			}
			if c.SourceRef == "GD003" && (c.Anonymous || c.Category != "inaction") {
				t.Fatalf("GD003 %+v", c)
			}
		}
		// A re-import skips what is there.
		if res, err = s.ImportHotline(w.Ctx, sup, workbook(t, file)); err != nil || res.Imported != 0 || res.Skipped != 2 {
			t.Fatalf("re-import: %v %+v", err, res)
		}
		// Another county's orders are refused; agencies may not import.
		if res, _ := s.ImportHotline(w.Ctx, sup, workbook(t, [][]any{hotlineHead, {"GD9", "2026-06-10", "某事", "370103", "", "", "", ""}})); len(res.Errors) != 1 {
			t.Fatalf("other county: %+v", res)
		}
		if _, err := s.ImportHotline(w.Ctx, testworld.As("agency_admin"), workbook(t, file)); !apperr.Is(err, apperr.Forbidden) {
			t.Fatalf("agency import: %v", err)
		}
		var out bytes.Buffer
		if err := s.ExportHotline(w.Ctx, db, sup, &out); err != nil {
			t.Fatal(err)
		}
		x, err := excelize.OpenReader(&out)
		if err != nil {
			t.Fatal(err)
		}
		rows, _ := x.GetRows(x.GetSheetName(0))
		if len(rows) != 3 || rows[0][0] != "工单号" || strings.Contains(strings.Join(rows[1], "")+strings.Join(rows[2], ""), "13900001111") {
			t.Fatalf("export rows %v", rows)
		}
	})
}

// FuzzParseHotline: any sheet from the outside is read without panicking,
// and every order it passes has its required fields.
func FuzzParseHotline(f *testing.F) {
	f.Add("GD1", "2026-06-10 09:30", "诉求", "370102", "乱罚款", "13800138000", "GD1")
	f.Add("", "x", "", "", "??", "1", "")
	f.Fuzz(func(t *testing.T, ref, called, text, region, cat, phone, ref2 string) {
		head := []string{"工单号", "来电时间", "诉求内容", "所属区域", "诉求类别", "联系电话"}
		orders, errs := complaint.ParseHotline([][]string{head, {ref, called, text, region, cat, phone}, {ref2, called, text}}, "2026-06-15")
		if len(errs) > 0 {
			return
		}
		for _, o := range orders {
			if o.Ref == "" || o.Text == "" || o.Region == "" || o.CalledOn == "" || o.CalledOn > "2026-06-15" {
				t.Fatalf("passed %+v", o)
			}
		}
	})
}
