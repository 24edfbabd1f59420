package inspection

import (
	"context"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"zfjd/internal/auth"
	"zfjd/internal/store"
)

// MaxExport is the most rows one export writes.
const MaxExport = 100_000

// Export writes the inspections of f that p may see (all pages, newest
// first, at most MaxExport) as an xlsx workbook.
func (s *Service) Export(ctx context.Context, db *store.DB, p *auth.Principal, f *Filter, out io.Writer) error {
	if err := f.Check(); err != nil {
		return err
	}
	x := excelize.NewFile()
	defer x.Close()
	const sheet = "涉企行政检查"
	x.SetSheetName("Sheet1", sheet)
	sw, err := x.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	if err := sw.SetRow("A1", []any{"编号", "来源", "执法主体", "区划", "检查事项", "类型", "企业", "统一社会信用代码", "入企日期", "检查人员",
		"状态", "是否发现问题", "联合检查", "预警"}); err != nil {
		return err
	}
	row := 2
	f.Page.Size = 200
	for f.Page.Page = 1; row-2 < MaxExport; f.Page.Page++ {
		list, err := s.List(ctx, db, p, f)
		if err != nil {
			return err
		}
		for _, in := range list {
			problem := map[int]string{-1: "", 0: "否", 1: "是"}[in.Problem()]
			var ws []string
			for _, w := range in.Warnings {
				ws = append(ws, RuleLabel(w.Rule))
			}
			cell, _ := excelize.CoordinatesToCellName(1, row)
			if err := sw.SetRow(cell, []any{in.ID, in.SourceSystem + "/" + in.SourceID, in.AgencyName, in.RegionCode, in.MatterName,
				KindLabel(in.Kind), in.Enterprise.Name, in.Enterprise.IDNumber, in.VisitDay, strings.Join(in.Officers(), "、"),
				StatusLabel(in.Status), problem, strings.Join(in.JointAgency, "、"), strings.Join(ws, "、")}); err != nil {
				return err
			}
			row++
		}
		if len(list) < f.Page.Size {
			break
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return x.Write(out)
}
