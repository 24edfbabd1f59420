package report

import (
	"io"
	"strconv"

	"zfjd/internal/stats"
)

// Wan renders an amount in 分 as 万元 with two decimals, rounded half up
// (the 年报's 罚没金额 column).
func Wan(fen int64) string {
	h := (fen + 5000) / 10000 // hundredths of 万元
	return strconv.FormatInt(h/100, 10) + "." + strconv.FormatInt(h%100/10, 10) + strconv.FormatInt(h%10, 10)
}

// PenaltyHead is the 行政处罚统计表's header after the agency column.
func PenaltyHead() []any {
	head := []any{}
	for _, c := range Columns {
		head = append(head, c.Label)
	}
	return append(head, "合计（宗）", "罚没金额（万元）")
}

// PenaltyCells is one line of the 行政处罚统计表.
func PenaltyCells(t *PenaltyTable) []any {
	out := []any{}
	for _, c := range Columns {
		out = append(out, t.Value(c.Key))
	}
	return append(out, t.Total, Wan(t.AmountFen))
}

// Sheets are the tables in the official layout, one sheet each, for the
// agencies' lines and the total (nil for a single agency's report).
func Sheets(title string, ags []*AgencyTables, total *Tables) []stats.Sheet {
	pen := stats.Sheet{Name: "行政处罚", Title: title + "　行政处罚统计表", Head: append([]any{"执法主体"}, PenaltyHead()...)}
	lic := stats.Sheet{Name: "行政许可", Title: title + "　行政许可统计表", Head: []any{"执法主体", "申请数量", "受理数量", "许可数量", "不予许可数量", "撤销许可数量"}}
	coe := stats.Sheet{Name: "行政强制", Title: title + "　行政强制统计表", Head: []any{"执法主体", "行政强制措施（查封、扣押）", "申请人民法院强制执行", "行政机关强制执行"}}
	ins := stats.Sheet{Name: "行政检查", Title: title + "　行政检查统计表", Head: []any{"执法主体", "检查总数", "联合检查", "检查企业数", "户均检查次数"}}
	cert := stats.Sheet{Name: "持证率", Title: title + "　行政执法证持证率", Head: []any{"执法主体", "在册执法人员", "持有效证件", "持证率"}}
	for _, a := range ags {
		if a.Duty["penalty"] {
			pen.Rows = append(pen.Rows, append([]any{a.Name}, PenaltyCells(&a.Penalty)...))
		} else {
			pen.Rows = append(pen.Rows, []any{a.Name, NoDuty})
		}
		lic.Rows = append(lic.Rows, append([]any{a.Name}, a.LicenseCells()...))
		if a.Duty["coercion"] {
			coe.Rows = append(coe.Rows, []any{a.Name, a.Coercion.Measures, a.Coercion.Enforcement, NoSource})
		} else {
			coe.Rows = append(coe.Rows, []any{a.Name, NoDuty})
		}
		if a.Duty["inspection"] {
			ins.Rows = append(ins.Rows, []any{a.Name, a.Inspection.Total, a.Inspection.Joint, a.Enterprise, a.PerEnterprise()})
		} else {
			ins.Rows = append(ins.Rows, []any{a.Name, NoDuty})
		}
		cert.Rows = append(cert.Rows, []any{a.Name, a.Certs.Total, a.Certs.Valid, stats.Pct(a.Certs.Rate())})
	}
	if total != nil {
		pen.Rows = append(pen.Rows, append([]any{"合计"}, PenaltyCells(&total.Penalty)...))
		lic.Rows = append(lic.Rows, append([]any{"合计"}, total.License.Cells()...))
		coe.Rows = append(coe.Rows, []any{"合计", total.Coercion.Measures, total.Coercion.Enforcement, NoSource})
		ins.Rows = append(ins.Rows, []any{"合计", total.Inspection.Total, total.Inspection.Joint, total.Inspection.Enterprises, total.PerEnterprise()})
		cert.Rows = append(cert.Rows, []any{"合计", total.Certs.Total, total.Certs.Valid, stats.Pct(total.Certs.Rate())})
	}
	return []stats.Sheet{pen, lic, coe, ins, cert}
}

// WriteXLSX writes the region's tables in the official layout.
func (t *Tables) WriteXLSX(out io.Writer) error {
	return stats.WriteXLSX(out, Sheets(t.RegionName+strconv.Itoa(t.Year)+"年度行政执法统计年报", t.Agencies, t)...)
}
