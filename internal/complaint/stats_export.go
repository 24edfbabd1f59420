package complaint

import (
	"context"
	"io"

	"github.com/xuri/excelize/v2"

	"zfjd/internal/auth"
	"zfjd/internal/store"
)

// StatsHead is the columns of every breakdown, on the page and in the workbook.
var StatsHead = []string{"收到", "已答复或办结", "经查属实", "红黄牌", "有超期预警", "已评价", "满意（4星及以上）", "平均评分"}

// Values are r's columns in StatsHead's order.
func (r StatRow) Values() []any {
	return []any{r.Received, r.Finished, r.FoundTrue, r.Cards, r.Overdue, r.Rated, r.Satisfied, r.Average()}
}

// ExportStats writes the statistics of f that p may see as an xlsx
// workbook: a sheet per breakdown, the period in the first row.
func (s *Service) ExportStats(ctx context.Context, db *store.DB, p *auth.Principal, f StatsFilter, out io.Writer) error {
	st, err := s.Stats(ctx, db, p, f)
	if err != nil {
		return err
	}
	x := excelize.NewFile()
	defer x.Close()
	for i, sh := range []struct {
		name, key string
		rows      []StatRow
	}{{"按类别", "类别", st.ByCategory}, {"按被投诉部门", "被投诉部门", st.ByAgency}, {"按执法人员", "执法人员", st.ByOfficer}} {
		if i == 0 {
			x.SetSheetName("Sheet1", sh.name)
		} else if _, err := x.NewSheet(sh.name); err != nil {
			return err
		}
		x.SetSheetRow(sh.name, "A1", &[]any{"投诉举报统计", "收到日期 " + st.Filter.From + " 至 " + st.Filter.To})
		head := []any{sh.key, "代码"}
		for _, h := range StatsHead {
			head = append(head, h)
		}
		x.SetSheetRow(sh.name, "A2", &head)
		for j, r := range append(sh.rows, StatRow{Label: "合计", Received: st.Total.Received, Finished: st.Total.Finished,
			FoundTrue: st.Total.FoundTrue, Cards: st.Total.Cards, Overdue: st.Total.Overdue, Rated: st.Total.Rated,
			Satisfied: st.Total.Satisfied, RatingSum: st.Total.RatingSum}) {
			cell, _ := excelize.CoordinatesToCellName(1, j+3)
			row := append([]any{r.Label, r.Key}, r.Values()...)
			if err := x.SetSheetRow(sh.name, cell, &row); err != nil {
				return err
			}
		}
	}
	return x.Write(out)
}
