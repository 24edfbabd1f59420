package complaint

import (
	"context"
	"io"

	"github.com/xuri/excelize/v2"

	"zfjd/internal/auth"
	"zfjd/internal/registry"
)

// ExportObservations writes the observation records of f that p may see
// (newest first, at most MaxExport) as an xlsx workbook: one row per
// record with each checklist answer in its own column. Photos stay in the
// platform; the sheet says how many there are.
func (s *Service) ExportObservations(ctx context.Context, p *auth.Principal, f ObsFilter, out io.Writer) error {
	if err := f.Check(); err != nil {
		return err
	}
	x := excelize.NewFile()
	defer x.Close()
	const sheet = "旁站式监督"
	x.SetSheetName("Sheet1", sheet)
	sw, err := x.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	head := []any{"日期", "执法部门", "区划", "地点", "社会监督员", "审核状态", "审核意见", "审核人", "转为线索"}
	for _, it := range Checklist {
		head = append(head, it.Label)
	}
	head = append(head, "发现的问题", "照片数")
	if err := sw.SetRow("A1", head); err != nil {
		return err
	}
	row, n := 2, 0
	for page := 1; n < MaxExport; page++ {
		ff := f
		ff.Page.Page, ff.Page.Size = page, 200
		list, _, err := s.Observations(ctx, p, ff)
		if err != nil {
			return err
		}
		for _, o := range list {
			if n++; n > MaxExport {
				break
			}
			photos, err := obsPhotos(ctx, s.db.R, o.ID)
			if err != nil {
				return err
			}
			agency := o.AgencyName
			if agency == "" {
				agency = o.AgencyCode
			}
			cells := []any{o.On, agency, o.RegionCode, o.Place, o.ObserverName, registry.LabelOf(ObsStatuses, o.Status), o.ReviewNote, o.ReviewedBy, o.ClueCode}
			for _, it := range Checklist {
				cells = append(cells, o.Answer(it.Value))
			}
			cells = append(cells, o.Findings, len(photos))
			cell, _ := excelize.CoordinatesToCellName(1, row)
			row++
			if err := sw.SetRow(cell, cells); err != nil {
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
