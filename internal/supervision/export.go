package supervision

import (
	"context"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"zfjd/internal/auth"
	"zfjd/internal/registry"
)

// MaxExport is the most rows one export writes.
const MaxExport = 10_000

// Export writes the cases of f that p may see (newest first, at most
// MaxExport) as an xlsx workbook.
func (s *Service) Export(ctx context.Context, p *auth.Principal, f Filter, out io.Writer) error {
	x := excelize.NewFile()
	defer x.Close()
	const sheet = "监督案件"
	x.SetSheetName("Sheet1", sheet)
	sw, err := x.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	if err := sw.SetRow("A1", []any{"编号", "受理日期", "来源", "来源编号", "被监督机关", "区划", "监督事项", "挂牌督办", "提级监督",
		"状态", "纠正期限", "履职期限", "执行报告期限"}); err != nil {
		return err
	}
	row := 2
	for page := 1; row-2 < MaxExport; page++ {
		pg := &registry.Page{Page: page, Size: 200}
		list, err := s.List(ctx, p, f, pg)
		if err != nil {
			return err
		}
		for _, c := range list {
			cell, _ := excelize.CoordinatesToCellName(1, row)
			if err := sw.SetRow(cell, []any{c.ID, c.OpenedOn, SourceLabel(c.Source), c.SourceRef, c.AgencyName, c.RegionCode,
				strings.TrimSpace(c.Summary), yes(c.Listed), yes(c.Escalated), StatusLabel(c.Status),
				c.Deadlines["correction"], c.Deadlines["fulfilment"], c.Deadlines["execution_report"]}); err != nil {
				return err
			}
			row++
		}
		if len(list) < pg.Size {
			break
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	_, err = x.WriteTo(out)
	return err
}

func yes(b bool) string {
	if b {
		return "是"
	}
	return "否"
}
