package registry

import (
	"bytes"
	"encoding/csv"
	"fmt"

	"github.com/xuri/excelize/v2"

	"zfjd/internal/apperr"
)

// importTemplate renders spec's template: a header row and one example
// row; the xlsx form adds a 说明 sheet, text and date column formats and
// drop-down lists. The csv form is UTF-8 with a BOM so that Excel and WPS
// open it in the right encoding.
func importTemplate(spec *importSpec, format, title string) ([]byte, string, error) {
	switch format {
	case "csv":
		b, err := csvTemplate(spec)
		return b, contentTypeCSV, err
	case "xlsx":
		b, err := xlsxTemplate(spec, title)
		return b, contentTypeXLSX, err
	}
	return nil, "", apperr.New(apperr.Invalid, "模板格式应为xlsx或csv")
}

func csvTemplate(spec *importSpec) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString("\uFEFF")
	w := csv.NewWriter(&buf)
	w.UseCRLF = true
	header := make([]string, len(spec.Columns))
	example := make([]string, len(spec.Columns))
	for i, c := range spec.Columns {
		header[i], example[i] = c.Title, c.Example
	}
	w.Write(header)
	w.Write(example)
	w.Flush()
	return buf.Bytes(), w.Error()
}

func xlsxTemplate(spec *importSpec, title string) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	sh := spec.Sheet
	if err := f.SetSheetName("Sheet1", sh); err != nil {
		return nil, err
	}
	if err := f.SetDocProps(&excelize.DocProperties{Title: title, Creator: "zfjd"}); err != nil {
		return nil, err
	}
	border := []excelize.Border{{Type: "left", Color: "BFBFBF", Style: 1}, {Type: "right", Color: "BFBFBF", Style: 1},
		{Type: "top", Color: "BFBFBF", Style: 1}, {Type: "bottom", Color: "BFBFBF", Style: 1}}
	headStyle, err := f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true},
		Border:    border,
		NumFmt:    49,
	})
	if err != nil {
		return nil, err
	}
	reqStyle, err := f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true, Color: "C00000"},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true},
		Border:    border,
		NumFmt:    49,
	})
	if err != nil {
		return nil, err
	}
	textStyle, err := f.NewStyle(&excelize.Style{NumFmt: 49}) // @: keeps codes from becoming numbers
	if err != nil {
		return nil, err
	}
	dateFmt := "yyyy-mm-dd"
	dateStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt})
	if err != nil {
		return nil, err
	}
	const lastRow = importMaxRows + 1
	for i, c := range spec.Columns {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(sh, col, col, c.Width); err != nil {
			return nil, err
		}
		switch {
		case c.Text:
			err = f.SetColStyle(sh, col, textStyle)
		case c.Date:
			err = f.SetColStyle(sh, col, dateStyle)
		}
		if err != nil {
			return nil, err
		}
		head, _ := excelize.CoordinatesToCellName(i+1, 1)
		ex, _ := excelize.CoordinatesToCellName(i+1, 2)
		if err := f.SetCellStr(sh, head, c.Title); err != nil {
			return nil, err
		}
		style := headStyle
		if c.Required {
			style = reqStyle
		}
		if err := f.SetCellStyle(sh, head, head, style); err != nil {
			return nil, err
		}
		if c.Example != "" {
			if err := f.SetCellStr(sh, ex, c.Example); err != nil {
				return nil, err
			}
		}
		if len(c.Choices) > 0 {
			dv := excelize.NewDataValidation(true)
			dv.SetSqref(fmt.Sprintf("%s2:%s%d", col, col, lastRow))
			if err := dv.SetDropList(c.Choices); err != nil {
				return nil, err
			}
			if err := f.AddDataValidation(sh, dv); err != nil {
				return nil, err
			}
		}
	}
	if err := f.SetRowHeight(sh, 1, 28); err != nil {
		return nil, err
	}
	if err := f.SetPanes(sh, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return nil, err
	}
	if err := helpSheet(f, spec, headStyle, title); err != nil {
		return nil, err
	}
	f.SetActiveSheet(0)
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// helpSheet writes the 说明 sheet: one line per column, then the notes.
func helpSheet(f *excelize.File, spec *importSpec, headStyle int, title string) error {
	const sh = "说明"
	if _, err := f.NewSheet(sh); err != nil {
		return err
	}
	wrap, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	if err != nil {
		return err
	}
	for col, w := range map[string]float64{"A": 30, "B": 10, "C": 70, "D": 30} {
		if err := f.SetColWidth(sh, col, col, w); err != nil {
			return err
		}
	}
	if err := f.SetColStyle(sh, "A:D", wrap); err != nil {
		return err
	}
	rows := [][]any{{title + "填写说明"}, {}, {"列名", "是否必需", "填写说明", "示例"}}
	for _, c := range spec.Columns {
		req := "否"
		if c.Required {
			req = "是"
		}
		rows = append(rows, []any{c.Title, req, c.Help, c.Example})
	}
	rows = append(rows, []any{}, []any{"注意事项"})
	for i, n := range spec.Notes {
		rows = append(rows, []any{fmt.Sprintf("%d. %s", i+1, n)})
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sh, cell, &r); err != nil {
			return err
		}
	}
	if err := f.SetCellStyle(sh, "A3", "D3", headStyle); err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}})
	if err != nil {
		return err
	}
	if err := f.SetCellStyle(sh, "A1", "A1", bold); err != nil {
		return err
	}
	// Notes span the four columns.
	first := len(spec.Columns) + 6
	for i := range spec.Notes {
		a, _ := excelize.CoordinatesToCellName(1, first+i)
		d, _ := excelize.CoordinatesToCellName(4, first+i)
		if err := f.MergeCell(sh, a, d); err != nil {
			return err
		}
	}
	return nil
}
