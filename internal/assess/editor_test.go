package assess_test

import (
	"bytes"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"zfjd/internal/apperr"
	"zfjd/internal/assess"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
)

// setForm is the editor's form for rows of (code, name, group, source,
// rule, weight, target, step, step_points, unit) and the group weights.
func setForm(groups [3]string, rows ...[10]string) url.Values {
	v := url.Values{}
	for i, r := range rows {
		for j, c := range assess.Columns {
			v.Set(c.Key+"_"+string(rune('0'+i)), r[j])
		}
	}
	for i, g := range assess.Groups {
		v.Set("group_"+g, groups[i])
	}
	return v
}

// The city's supervision sets its 2026 indicator set in the editor (处罚法
// Art. 75; domain-research §1.8: 结案率 ≥ 90 %, one point off per 10
// points below; groups weighted as the region sets them): each mistake is
// named by its row and column as the form shows them, the group weights
// must match the rows, the set is audited and the assessment computes
// with it; an agency's head may not set one.
func TestIndicatorEditor(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		city := testworld.As("city")
		bad := setForm([3]string{"40", "40", "20"},
			[10]string{"closure", "全年结案率", "general", "closure_rate", "threshold", "40", "0.9", "0.1", "1", "%"},
			[10]string{"closure", "", "nope", "made_up", "threshold", "x", "0", "", "", "pt"},
			[10]string{"external", "外部评议", "external", "external", "ratio", "20", "100", "", "", ""})
		f, fs := assess.ParseSetForm(bad)
		if fs["weight_1"] == "" || !strings.Contains(fs["weight_1"], "第2行“分值”") {
			t.Errorf("parse fields %v", fs)
		}
		err := assess.PutSet(w.Ctx, db, city, "2026", "", f)
		got := apperr.As(err).Fields
		for key, want := range map[string]string{"code_1": "与第1行重复", "name_1": "第2行请填写“指标名称”", "group_1": "“分组”",
			"source_1": "“数据来源”", "target_1": "“目标值”", "unit_1": "“单位”", "group_special": "专用指标权重"} {
			if !strings.Contains(got[key], want) {
				t.Errorf("%s: %q, want it to say %q", key, got[key], want)
			}
		}
		good := setForm([3]string{"40", "40", "20"},
			[10]string{"closure", "全年结案率", "general", "closure_rate", "threshold", "40", "0.9", "0.1", "1", "%"},
			[10]string{"review", "案卷评查", "special", "review_score", "ratio", "40", "100", "", "", ""},
			[10]string{"", "", "", "", "", "", "", "", "", ""},
			[10]string{"external", "外部评议", "external", "external", "ratio", "20", "100", "", "", ""})
		f, fs = assess.ParseSetForm(good)
		if len(fs) != 0 || len(f.Rows) != 3 || f.Index[2] != 3 {
			t.Fatalf("parse %+v %v", f, fs)
		}
		if err := assess.PutSet(w.Ctx, db, testworld.As("head"), "2026", "", f); !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("the head sets a set: %v", err)
		}
		if err := assess.PutSet(w.Ctx, db, city, "2026", "", f); err != nil {
			t.Fatal(err)
		}
		r, err := assess.Compute(w.Ctx, db, city, "2026", "")
		if err != nil || r.Default || len(r.Set) != 3 || r.Set[0].Weight != 40 {
			t.Fatalf("compute with the set: %+v %v", r, err)
		}
		var audits int
		db.R.QueryRow(`SELECT COUNT(*) FROM audit_log WHERE action = 'set_indicators'`).Scan(&audits)
		if audits != 1 {
			t.Errorf("audit rows %d", audits)
		}
	})
}

func workbook(t *testing.T, rows ...[]any) *bytes.Reader {
	t.Helper()
	x := excelize.NewFile()
	for i, r := range rows {
		c, _ := excelize.CoordinatesToCellName(1, i+1)
		x.SetSheetRow("Sheet1", c, &r)
	}
	var buf bytes.Buffer
	if err := x.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return bytes.NewReader(buf.Bytes())
}

// 复议纠错、诉讼败诉 and 外部评议 imported by xlsx: a workbook with a bad row
// or an agency outside the region stores nothing and names each row; a
// good one stores every value with its audit row, and the template lists
// the region's agencies.
func TestImportValues(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		city, county := testworld.As("city"), testworld.As("supervisor")
		head := []any{"执法主体代码", "执法主体名称", "指标", "数值", "说明"}
		_, refused, err := assess.ImportValues(w.Ctx, db, county, "2026", workbook(t, head,
			[]any{testworld.Agency, "", "复议纠错", "2", "复议撤销2件"},
			[]any{testworld.Other, "", "外部评议得分", "90", ""},
			[]any{testworld.Agency, "", "外部评议", "101", ""}))
		if !apperr.Is(err, apperr.Invalid) || len(refused) != 2 || !strings.Contains(refused[0], "第4行“数值”") ||
			!strings.Contains(refused[1], "第3行“执法主体代码”") {
			t.Fatalf("refused %q %v", refused, err)
		}
		var n int
		db.R.QueryRow(`SELECT COUNT(*) FROM assess_values`).Scan(&n)
		if n != 0 {
			t.Fatalf("a refused import stored %d values", n)
		}
		got, refused, err := assess.ImportValues(w.Ctx, db, city, "2026", workbook(t, head,
			[]any{testworld.Agency, "", "复议纠错、诉讼败诉件数", "2", "复议撤销2件"}, []any{},
			[]any{testworld.Other, "", "外部评议得分", "90", ""}))
		if err != nil || got != 2 || len(refused) != 0 {
			t.Fatalf("import: %d %q %v", got, refused, err)
		}
		r, _ := assess.Compute(w.Ctx, db, city, "2026", "")
		for _, s := range r.Agencies {
			if s.Code == testworld.Agency && s.Values["corrections"].Points != 6 {
				t.Errorf("two corrections: %v points of 10", s.Values["corrections"].Points)
			}
		}
		b, err := assess.ValueTemplate(w.Ctx, db, city, "2026")
		if err != nil {
			t.Fatal(err)
		}
		x, _ := excelize.OpenReader(bytes.NewReader(b))
		rows, _ := x.GetRows("Sheet1")
		if len(rows) < 5 || rows[0][0] != "执法主体代码" {
			t.Errorf("template rows %q", rows)
		}
		if _, _, err := assess.ImportValues(w.Ctx, db, city, "2026", strings.NewReader("not a workbook")); apperr.As(err).Fields["file"] == "" {
			t.Errorf("not a workbook: %v", err)
		}
	})
}

// FuzzParseValueRows: any cells parse without panicking, every row is
// either accepted with its fields in range or refused with its line.
func FuzzParseValueRows(f *testing.F) {
	f.Add("91370102MA3C0001X1", "复议纠错", "2", "说明")
	f.Add("", "外部评议得分", "101", "")
	f.Add("A", "x", "-1", "\x00")
	f.Fuzz(func(t *testing.T, agency, ind, value, note string) {
		ok, refused := assess.ParseValueRows([][]string{{agency, "", ind, value, note}})
		if len(ok)+len(refused) == 0 && strings.TrimSpace(agency+ind+value+note) != "" {
			t.Fatal("a row neither accepted nor refused")
		}
		for _, v := range ok {
			if v.Value < 0 || v.Value > 10000 || (v.Source == "external" && v.Value > 100) || v.Agency == "" {
				t.Fatalf("accepted %+v", v)
			}
		}
	})
}
