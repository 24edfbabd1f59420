package stats

import (
	"context"
	"io"

	"github.com/xuri/excelize/v2"

	"zfjd/internal/auth"
	"zfjd/internal/registry"
	"zfjd/internal/store"
)

// Sheet is one worksheet: a title row (optional), a header row and rows.
type Sheet struct {
	Name  string
	Title string
	Head  []any
	Rows  [][]any
}

// WriteXLSX writes sheets as one workbook (the dashboards', the 年报's and
// the assessment's downloads).
func WriteXLSX(out io.Writer, sheets ...Sheet) error {
	x := excelize.NewFile()
	defer x.Close()
	for i, s := range sheets {
		if i == 0 {
			if err := x.SetSheetName("Sheet1", s.Name); err != nil {
				return err
			}
		} else if _, err := x.NewSheet(s.Name); err != nil {
			return err
		}
		row := 1
		put := func(v []any) error {
			cell, _ := excelize.CoordinatesToCellName(1, row)
			row++
			return x.SetSheetRow(s.Name, cell, &v)
		}
		if s.Title != "" {
			if err := put([]any{s.Title}); err != nil {
				return err
			}
		}
		if err := put(s.Head); err != nil {
			return err
		}
		for _, r := range s.Rows {
			if err := put(r); err != nil {
				return err
			}
		}
	}
	return x.Write(out)
}

// TableHead is the dashboard table's header, after the group's column.
var TableHead = []any{"立案数", "上期立案数", "办结数", "结案率", "作出决定", "给予处罚", "上期给予处罚", "不予处罚", "移送司法机关",
	"被撤销", "罚没金额（元）", "上期罚没金额（元）", "平均办案天数", "公示率"}

// TableRow is one row of the dashboard table after its label.
func TableRow(r Row) []any {
	c, p := r.Cur, r.Prev
	return []any{c.Filed, p.Filed, c.Closed, Pct(c.ClosureRate()), c.Decided, c.Penalties, p.Penalties, c.NoPenalty, c.Transfers,
		c.Annulled, registry.FormatYuan(c.AmountFen), registry.FormatYuan(p.AmountFen), c.AvgDays(), Pct(c.PublishRate())}
}

// Export writes the dashboard of f as xlsx: its groups, the totals and
// every panel.
func Export(ctx context.Context, db *store.DB, p *auth.Principal, f *Filter, out io.Writer) error {
	d, err := Get(ctx, db, p, f)
	if err != nil {
		return err
	}
	main := Sheet{Name: "执法统计", Title: d.RegionName + " " + d.From + " 至 " + d.To + "（上期 " + d.PrevFrom + " 至 " + d.PrevTo + "）" + GroupLabel(d.GroupBy),
		Head: append([]any{"分组", "代码"}, TableHead...)}
	for _, r := range d.Rows {
		main.Rows = append(main.Rows, append([]any{r.Label, r.Key}, TableRow(r)...))
	}
	main.Rows = append(main.Rows, append([]any{"合计", ""}, TableRow(Row{Cur: d.Totals, Prev: d.Prev})...))
	other := Sheet{Name: "其他指标", Head: []any{"类别", "指标", "数值", "说明"}}
	sheets := []Sheet{main, other}
	for _, pn := range d.Panels {
		for _, t := range pn.Tiles {
			other.Rows = append(other.Rows, []any{pn.Title, t.Label, t.Value, t.Note})
		}
		for _, tb := range pn.Tables {
			s := Sheet{Name: pn.Title + tb.Title, Title: pn.Title + "（" + tb.Title + "）"}
			for _, h := range tb.Head {
				s.Head = append(s.Head, h)
			}
			for _, r := range tb.Rows {
				row := make([]any, len(r))
				for i, c := range r {
					row[i] = c
				}
				s.Rows = append(s.Rows, row)
			}
			sheets = append(sheets, s)
		}
	}
	sheets[1] = other
	return WriteXLSX(out, sheets...)
}
