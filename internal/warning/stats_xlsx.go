package warning

import (
	"io"

	"github.com/xuri/excelize/v2"
)

// dashXLSX writes one sheet with a header row and rows (stream writer, so
// a long list does not build the whole sheet in memory).
func dashXLSX(out io.Writer, sheet string, head []any, rows [][]any) error {
	x := excelize.NewFile()
	defer x.Close()
	if err := x.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	sw, err := x.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	if err := sw.SetRow("A1", head); err != nil {
		return err
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, r); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return x.Write(out)
}
