package officercard

import (
	"context"
	"io"

	"github.com/xuri/excelize/v2"

	"zfjd/internal/auth"
	"zfjd/internal/store"
)

// MaxExport is the most rows one export writes.
const MaxExport = 100_000

// Export writes the cards of f that p may see (newest first, at most
// MaxExport) as an xlsx workbook.
func Export(ctx context.Context, q store.Querier, p *auth.Principal, f *Filter, out io.Writer) error {
	if err := f.Check(); err != nil {
		return err
	}
	x := excelize.NewFile()
	defer x.Close()
	const sheet = "红黄牌"
	x.SetSheetName("Sheet1", sheet)
	sw, err := x.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	if err := sw.SetRow("A1", []any{"执法证号", "姓名", "执法主体", "区划", "颜色", "计分", "规则", "事由", "来源", "来源编号",
		"出牌日期", "出牌人", "状态", "撤销日期", "撤销理由"}); err != nil {
		return err
	}
	row := 2
	for page := 1; row-2 < MaxExport; page++ {
		ff := *f
		ff.Page.Page, ff.Page.Size = page, 200
		list, err := List(ctx, q, p, &ff)
		if err != nil {
			return err
		}
		for _, c := range list {
			cell, _ := excelize.CoordinatesToCellName(1, row)
			row++
			if err := sw.SetRow(cell, []any{c.CertNo, c.OfficerName, c.AgencyName, c.RegionCode, c.ColourLabel(), c.Points,
				c.RuleLabel(), c.Reason, c.SourceLabel(), c.SourceID, c.IssuedOn, c.IssuedBy, c.StatusLabel(), c.LiftedOn,
				c.LiftReason}); err != nil {
				return err
			}
		}
		if len(list) < 200 {
			break
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return x.Write(out)
}
