package warning

import (
	"context"
	"io"
	"time"

	"github.com/xuri/excelize/v2"

	"zfjd/internal/auth"
	"zfjd/internal/clock"
)

// MaxExport is the most rows one export writes.
const MaxExport = 100_000

// Export writes the warnings of f (all pages, newest first, at most
// MaxExport) that p may see as an xlsx workbook.
func (s *Service) Export(ctx context.Context, p *auth.Principal, f *Filter, out io.Writer) error {
	if err := f.Check(); err != nil {
		return err
	}
	x := excelize.NewFile()
	defer x.Close()
	const sheet = "预警"
	x.SetSheetName("Sheet1", sheet)
	sw, err := x.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	head := []any{"编号", "规则", "等级", "是否升级", "处理阶段", "状态", "预警内容", "依据", "期限", "执法主体", "区划", "案号/来源", "发出时间"}
	if err := sw.SetRow("A1", head); err != nil {
		return err
	}
	w, err := s.where(ctx, p, f)
	if err != nil {
		return err
	}
	row, last := 2, int64(0)
	for row-2 < MaxExport {
		ww := *w
		ww.Args = append([]any(nil), w.Args...)
		if last > 0 {
			ww.Add("f.id < ?", last)
		}
		lim := ww.Arg(1000)
		list, err := s.query(ctx, `SELECT `+warningCols+warningFrom+ww.SQL()+` ORDER BY f.id DESC LIMIT `+lim, ww.Args...)
		if err != nil {
			return err
		}
		if len(list) == 0 {
			break
		}
		for _, v := range list {
			if row-2 >= MaxExport {
				break
			}
			src := v.CaseNo
			if src == "" {
				src = v.SourceSystem + "/" + v.SourceID
			}
			esc := "否"
			if v.Escalated {
				esc = "是"
			}
			cell, _ := excelize.CoordinatesToCellName(1, row)
			if err := sw.SetRow(cell, []any{v.ID, v.Rule, SeverityLabel(v.Severity), esc, StageLabel(v.Stage), StatusLabel(v.Status),
				v.Message, v.Basis, v.Due, v.AgencyName, v.RegionCode, src,
				time.UnixMilli(v.FirstSeen).In(clock.Shanghai).Format("2006-01-02 15:04")}); err != nil {
				return err
			}
			row++
			last = v.ID
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return x.Write(out)
}

// SeverityLabel is 红色 or 黄色.
func SeverityLabel(s string) string {
	switch s {
	case "red":
		return "红色"
	case "yellow":
		return "黄色"
	}
	return s
}

// StatusLabel is 未消除 or 已处理 (closed or cured).
func StatusLabel(s string) string {
	if s == "open" {
		return "未处理完毕"
	}
	return "已处理完毕"
}
