package review

import (
	"bytes"
	"context"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"zfjd/internal/apperr"
	"zfjd/internal/registry"
)

// The standard's workbook: one item a row, in tree order (a heading before
// its items). Export writes what import reads.
const (
	stdSheet  = "评查标准"
	colLayer  = "部分"
	colCode   = "编号"
	colTitle  = "评查项目"
	colPoints = "分值"
	colVeto   = "否决项"
	colParent = "上级编号"
	colRules  = "关联预警规则"
)

// ContentTypeXLSX is the content type of the template and the export.
const ContentTypeXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// stdColumns in file order: title, required in the header, width, help.
var stdColumns = []struct {
	Title    string
	Required bool
	Width    float64
	Help     string
}{
	{colLayer, true, 12, "基本标准、卷面标准或内容标准。基本标准为否决项（任一项不符合即为不合格卷，0分）"},
	{colCode, true, 10, "项目编号，整个标准内不能重复，如V1、F1、C2.1"},
	{colTitle, true, 48, "评查项目的内容，不超过200字"},
	{colPoints, true, 8, "卷面、内容标准的扣分上限（正整数）；基本标准不计分，留空或填0。卷面标准顶层各项合计20分，内容标准合计80分"},
	{colVeto, false, 8, "是或否；基本标准的项目为“是”，其他为“否”。可不填"},
	{colParent, false, 10, "所属分项的编号（分项须排在其下各项之前，属于同一部分）；顶层项目留空。分项的分值等于其下各项分值之和，评分时在其下各项扣分"},
	{colRules, false, 30, "案件触发这些预警规则时平台预填本项（多个用顿号或逗号分隔），可不填"},
}

var layerByLabel = map[string]string{"基本标准": LayerVeto, "卷面标准": LayerForm, "内容标准": LayerContent}

// itemColumn maps a field of an item to its column.
var itemColumn = map[string]string{"code": colCode, "title": colTitle, "points": colPoints, "layer": colLayer, "parent": colParent}

const (
	stdMaxBytes = 5 << 20
	stdMaxRows  = 500
	stdMaxTitle = 200
)

var (
	ruleRe    = regexp.MustCompile(`^[A-Z][A-Z0-9_]{0,63}$`)
	codeRe    = regexp.MustCompile(`^[\p{L}\p{N}._-]{1,20}$`)
	ruleSepRe = regexp.MustCompile(`[、,，;；\s]+`)
)

// ParseStandardXLSX reads a standard's workbook: the sheet 评查标准 (or the
// first other than 说明), the header among its first rows, then one item
// a row. A problem of the file as a whole is an apperr Invalid error; the
// problems of cells and of the standard (points that do not add up) are
// row errors naming row and column. It never panics on any input.
func ParseStandardXLSX(ctx context.Context, data []byte) (items []Item, errs []registry.RowError, err error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, nil, apperr.New(apperr.Invalid, "文件是空的")
	}
	if len(data) > stdMaxBytes {
		return nil, nil, apperr.New(apperr.Invalid, "文件不能超过5MB")
	}
	var cols map[string]int
	var rows []int
	scanned := 0
	err = registry.ReadXLSXRows(ctx, data, stdSheet, 16<<20, func(num int, cells []string, _ bool) error {
		empty := true
		for i, c := range cells {
			cells[i] = cleanCell(c)
			empty = empty && cells[i] == ""
		}
		if empty {
			return nil
		}
		if cols == nil {
			if scanned++; scanned > 10 {
				return registry.ErrStopRows
			}
			cols = header(cells)
			return nil
		}
		if len(items) >= stdMaxRows {
			return apperr.New(apperr.Invalid, "评查标准最多%d项", stdMaxRows)
		}
		it, rerrs := parseItem(num, cells, cols)
		errs = append(errs, rerrs...)
		items, rows = append(items, it), append(rows, num)
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	if cols == nil {
		return nil, nil, apperr.New(apperr.Invalid, "文件中没有找到表头（“%s”“%s”“%s”“%s”列），请使用导入模板，表头的列名不要修改",
			colLayer, colCode, colTitle, colPoints)
	}
	if len(items) == 0 {
		return nil, nil, apperr.New(apperr.Invalid, "文件中没有评查项目")
	}
	if len(errs) == 0 {
		errs = standardErrors(&Standard{Items: items}, rows)
	}
	if len(errs) > 0 {
		return nil, errs, nil
	}
	return items, nil, nil
}

// header recognises the header row: the required columns' titles.
func header(cells []string) map[string]int {
	cols := map[string]int{}
	for i, c := range cells {
		k := strings.NewReplacer(" ", "", "*", "", "（必填）", "", "(必填)", "").Replace(c)
		for _, col := range stdColumns {
			if _, dup := cols[col.Title]; k == col.Title && !dup {
				cols[col.Title] = i
			}
		}
	}
	for _, col := range stdColumns {
		if _, ok := cols[col.Title]; col.Required && !ok {
			return nil
		}
	}
	return cols
}

// cleanCell makes a cell safe to store: valid UTF-8, no control
// characters but line breaks and tabs, no surrounding blanks.
func cleanCell(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.Map(func(r rune) rune {
		if (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || r == 0x7f {
			return -1
		}
		return r
	}, s)
	return strings.TrimFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff' })
}

// parseItem reads one row; its errors name the row and the column.
func parseItem(num int, cells []string, cols map[string]int) (Item, []registry.RowError) {
	get := func(title string) string {
		if i, ok := cols[title]; ok && i < len(cells) {
			return cells[i]
		}
		return ""
	}
	var errs []registry.RowError
	bad := func(col, msg string) { errs = append(errs, registry.RowError{Row: num, Column: col, Message: msg}) }
	it := Item{Code: get(colCode), Title: get(colTitle), Parent: get(colParent)}
	it.Layer = layerByLabel[strings.TrimSuffix(strings.TrimSuffix(get(colLayer), "（否决项）"), "(否决项)")]
	if it.Layer == "" {
		bad(colLayer, "应为基本标准、卷面标准或内容标准")
	}
	if !codeRe.MatchString(it.Code) {
		bad(colCode, "请填写编号（字母、数字、点或横线，不超过20个字符）")
	}
	if it.Title == "" || utf8.RuneCountInString(it.Title) > stdMaxTitle {
		bad(colTitle, "请填写评查项目（不超过200字）")
	}
	if p := get(colPoints); p != "" {
		n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSuffix(p, ".0"), "分"))
		if err != nil || n < 0 || n > 100 {
			bad(colPoints, "应为0至100的整数")
		}
		it.Points = n
	}
	switch v := get(colVeto); v {
	case "":
	case "是", "否":
		if (v == "是") != (it.Layer == LayerVeto) && it.Layer != "" {
			bad(colVeto, "基本标准的项目为否决项（“是”），卷面、内容标准的项目为“否”")
		}
	default:
		bad(colVeto, "应为“是”或“否”")
	}
	if it.Parent != "" && !codeRe.MatchString(it.Parent) {
		bad(colParent, "上级编号无效")
	}
	for _, r := range ruleSepRe.Split(get(colRules), -1) {
		if r == "" {
			continue
		}
		if !ruleRe.MatchString(r) {
			bad(colRules, "“"+r+"”不是预警规则代码（大写字母、数字和下划线）")
			continue
		}
		it.Rules = append(it.Rules, r)
	}
	return it, errs
}

// standardErrors are the refusals of std.Check as row errors: an item's
// by its row and column, a layer's sum on the first row of the layer.
func standardErrors(std *Standard, rows []int) []registry.RowError {
	err := std.Check()
	if err == nil {
		return nil
	}
	var out []registry.RowError
	e := apperr.As(err)
	for i := range std.Items {
		for f, col := range itemColumn {
			if msg, ok := e.Fields["items."+strconv.Itoa(i)+"."+f]; ok {
				out = append(out, registry.RowError{Row: rows[i], Column: col, Message: msg})
			}
		}
	}
	for _, l := range []string{LayerForm, LayerContent} {
		if msg, ok := e.Fields["layers."+l]; ok {
			row := 0
			for i, it := range std.Items {
				if it.Layer == l && row == 0 {
					row = rows[i]
				}
			}
			out = append(out, registry.RowError{Row: row, Column: colPoints, Message: msg})
		}
	}
	if len(out) == 0 {
		out = append(out, registry.RowError{Message: e.Message})
	}
	return out
}

// RowErrorText is a row error as one line: 第3行“分值”：….
func RowErrorText(e registry.RowError) string {
	switch {
	case e.Row == 0:
		return e.Message
	case e.Column == "":
		return "第" + strconv.Itoa(e.Row) + "行：" + e.Message
	}
	return "第" + strconv.Itoa(e.Row) + "行“" + e.Column + "”：" + e.Message
}

// StandardXLSX writes std's items in the import format; with help, a 说明
// sheet explains the columns (the template).
func StandardXLSX(std *Standard, help bool) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", stdSheet); err != nil {
		return nil, err
	}
	_ = f.SetDocProps(&excelize.DocProperties{Title: std.Name, Creator: "zfjd"})
	head, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}})
	if err != nil {
		return nil, err
	}
	text, err := f.NewStyle(&excelize.Style{NumFmt: 49})
	if err != nil {
		return nil, err
	}
	var titles []any
	for i, c := range stdColumns {
		titles = append(titles, c.Title)
		col, _ := excelize.ColumnNumberToName(i + 1)
		_ = f.SetColWidth(stdSheet, col, col, c.Width)
	}
	_ = f.SetColStyle(stdSheet, "B", text)
	_ = f.SetColStyle(stdSheet, "F", text)
	if err := f.SetSheetRow(stdSheet, "A1", &titles); err != nil {
		return nil, err
	}
	_ = f.SetRowStyle(stdSheet, 1, 1, head)
	for i, it := range std.Items {
		veto := "否"
		if it.Layer == LayerVeto {
			veto = "是"
		}
		var points any = it.Points
		if it.Layer == LayerVeto {
			points = ""
		}
		row := []any{LayerLabel(it.Layer), it.Code, it.Title, points, veto, it.Parent, strings.Join(it.Rules, "、")}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := f.SetSheetRow(stdSheet, cell, &row); err != nil {
			return nil, err
		}
	}
	_ = f.SetPanes(stdSheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
	if help {
		if _, err := f.NewSheet("说明"); err != nil {
			return nil, err
		}
		_ = f.SetColWidth("说明", "A", "A", 14)
		_ = f.SetColWidth("说明", "B", "B", 90)
		notes := [][]any{{"说明", "每行一个评查项目；导入时整个文件要么全部导入，要么不导入（有任何问题时逐项列出行号和列名）。"},
			{"", "导入为所选标准名称的新版本；已开展的评查活动仍按其原版本评分。"}}
		for _, c := range stdColumns {
			notes = append(notes, []any{c.Title, c.Help})
		}
		for i, n := range notes {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			_ = f.SetSheetRow("说明", cell, &n)
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Template is the import template: the default standard with the 说明 sheet.
func Template() ([]byte, error) {
	return StandardXLSX(&Standard{Name: "评查标准导入模板", Items: DefaultItems}, true)
}
