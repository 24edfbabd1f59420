package complaint

import (
	"context"
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"

	"zfjd/internal/auth"
	"zfjd/internal/store"
)

// MaxExport is the most rows one export writes.
const MaxExport = 100_000

// Export writes the complaints of f that p may see (newest first, at
// most MaxExport) as an xlsx workbook. No contact is ever exported (spec §3).
func (s *Service) Export(ctx context.Context, db *store.DB, p *auth.Principal, f *Filter, out io.Writer) error {
	if err := f.Check(); err != nil {
		return err
	}
	x := excelize.NewFile()
	defer x.Close()
	const sheet = "投诉"
	x.SetSheetName("Sheet1", sheet)
	sw, err := x.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	head := []any{"跟踪码", "来源", "类别", "区划", "被投诉部门", "执法证号", "状态", "收到日期", "转办部门", "回复期限",
		"发生地点", "发生日期", "投诉内容", "答复", "评分"}
	if err := sw.SetRow("A1", head); err != nil {
		return err
	}
	row := 2
	err = s.each(ctx, db, p, f, func(c *Complaint) error {
		rating := ""
		if c.Rating > 0 {
			rating = strconv.Itoa(c.Rating)
		}
		agency := c.AgencyName
		if agency == "" {
			agency = c.AgencyCode
		}
		cell, _ := excelize.CoordinatesToCellName(1, row)
		row++
		return sw.SetRow(cell, []any{c.TrackingCode, SourceLabel(c.Source), CategoryLabel(c.Category), c.RegionCode, agency,
			c.OfficerCert, StatusLabel(c.Status), c.ReceivedOn, c.ForwardedName, c.ReplyDue, c.Place, c.HappenedOn,
			c.Description, c.Answer, rating})
	})
	if err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return x.Write(out)
}

// each calls fn for the complaints of f that p may see, newest first, at
// most MaxExport, a page at a time (for the exports).
func (s *Service) each(ctx context.Context, db *store.DB, p *auth.Principal, f *Filter, fn func(c *Complaint) error) error {
	n := 0
	for page := 1; n < MaxExport; page++ {
		ff := *f
		ff.Page.Page, ff.Page.Size = page, 200
		list, err := s.List(ctx, db, p, &ff)
		if err != nil {
			return err
		}
		for _, c := range list {
			if n++; n > MaxExport {
				return nil
			}
			if err := fn(c); err != nil {
				return err
			}
		}
		if len(list) < 200 {
			return nil
		}
	}
	return nil
}
