package assess

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"zfjd/internal/apperr"
	"zfjd/internal/audit"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/store"
	"zfjd/internal/textcheck"
)

// The imported indicators (复议纠错、诉讼败诉 counts; 外部评议 scores) come
// from outside the platform — the 复议机关's and courts' records, the
// 测评卡 — and are entered by the supervision body one by one (Enter) or
// as a workbook: one row per agency and indicator, all or nothing.

// ValueHead is the workbook's header row.
var ValueHead = []string{"执法主体代码", "执法主体名称", "指标", "数值", "说明"}

// MaxValueRows bounds an import.
const MaxValueRows = 5000

// ValueRow is one parsed row of the workbook.
type ValueRow struct {
	Line           int
	Agency, Source string
	Value          int64
	Note           string
}

// sourceOf reads an indicator cell: its code or its Chinese name.
func sourceOf(s string) string {
	s = strings.TrimSpace(s)
	switch s {
	case "corrections", "复议纠错、诉讼败诉件数", "复议纠错、诉讼败诉", "复议纠错", "诉讼败诉":
		return "corrections"
	case "external", "外部评议得分", "外部评议":
		return "external"
	}
	return ""
}

// ParseValueRows reads the workbook's rows after the header: each refused
// row is named by its line and column; blank rows are skipped.
func ParseValueRows(rows [][]string) ([]ValueRow, []string) {
	var out []ValueRow
	var refused []string
	cell := func(r []string, i int) string {
		if i < len(r) {
			return strings.TrimSpace(r[i])
		}
		return ""
	}
	seen := map[string]int{}
	for i, r := range rows {
		line := i + 2
		if strings.TrimSpace(strings.Join(r, "")) == "" {
			continue
		}
		v := ValueRow{Line: line, Agency: cell(r, 0), Source: sourceOf(cell(r, 2)), Note: cell(r, 4)}
		bad := func(col, msg string) { refused = append(refused, fmt.Sprintf("第%d行“%s”：%s", line, col, msg)) }
		ok := true
		if v.Agency == "" || len(v.Agency) > 32 {
			bad("执法主体代码", "请填写执法主体代码")
			ok = false
		}
		if v.Source == "" {
			bad("指标", "应为“复议纠错、诉讼败诉件数”或“外部评议得分”")
			ok = false
		}
		n, err := strconv.ParseInt(cell(r, 3), 10, 64)
		switch {
		case err != nil || n < 0 || n > 10000:
			bad("数值", "应为0至10000之间的整数")
			ok = false
		case v.Source == "external" && n > 100:
			bad("数值", "外部评议得分不超过100")
			ok = false
		}
		v.Value = n
		f := apperr.Fields{}
		if !textcheck.CheckText(f, "note", v.Note, 500) {
			bad("说明", f["note"])
			ok = false
		}
		k := v.Agency + "|" + v.Source
		if ok && seen[k] > 0 {
			bad("指标", fmt.Sprintf("与第%d行重复", seen[k]))
			ok = false
		}
		if ok {
			seen[k] = line
			out = append(out, v)
		}
	}
	return out, refused
}

// ImportValues reads a workbook of imported indicator values for year in
// p's region: every row is checked (format, agency in the region) before
// anything is written; refused rows are listed and nothing is stored.
// Each value written has its audit row; it returns how many were written.
func ImportValues(ctx context.Context, db *store.DB, p *auth.Principal, yearText string, r io.Reader) (int, []string, error) {
	year, err := CheckYear(ctx, p, yearText, new(string))
	if err != nil {
		return 0, nil, err
	}
	data, err := io.ReadAll(io.LimitReader(r, 10<<20))
	if err != nil {
		return 0, nil, err
	}
	x, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		return 0, nil, apperr.Fields{"file": "文件不是有效的xlsx工作簿"}.Err()
	}
	defer x.Close()
	rows, err := x.GetRows(x.GetSheetName(0))
	if err != nil || len(rows) < 2 {
		return 0, nil, apperr.Fields{"file": "工作表没有数据（第一行为表头）"}.Err()
	}
	if len(rows)-1 > MaxValueRows {
		return 0, nil, apperr.Fields{"file": fmt.Sprintf("一次最多导入%d行", MaxValueRows)}.Err()
	}
	vals, refused := ParseValueRows(rows[1:])
	n := 0
	err = db.Tx(ctx, func(tx *sql.Tx) error {
		regions := map[string]string{}
		for _, v := range vals {
			region, err := agencyRegion(ctx, tx, p, v.Agency)
			if err != nil {
				refused = append(refused, fmt.Sprintf("第%d行“执法主体代码”：%s不是本区划的执法主体", v.Line, v.Agency))
				continue
			}
			regions[v.Agency] = region
		}
		if len(refused) > 0 {
			return apperr.Fields{"file": fmt.Sprintf("有%d行不能导入，均未保存，请修改后重新导入", len(refused))}.Err()
		}
		for _, v := range vals {
			if _, err := tx.ExecContext(ctx, `INSERT INTO assess_values (year, agency_code, indicator, value, note, region_code, updated_at, updated_by)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (year, agency_code, indicator) DO UPDATE SET value = excluded.value,
				note = excluded.note, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
				year, v.Agency, v.Source, v.Value, v.Note, regions[v.Agency], clock.Millis(ctx), p.Who()); err != nil {
				return err
			}
			if err := audit.Record(ctx, tx, p, "import", "assessment", strconv.Itoa(year)+"/"+v.Agency+"/"+v.Source, regions[v.Agency], nil,
				map[string]any{"value": v.Value, "note": v.Note, "line": v.Line}); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	if err != nil {
		return 0, refused, err
	}
	return n, nil, nil
}

// ValueTemplate is the workbook to fill: the header and a row per
// enforcement agency of p's region and imported indicator.
func ValueTemplate(ctx context.Context, db *store.DB, p *auth.Principal, yearText string) ([]byte, error) {
	region := ""
	if _, err := CheckYear(ctx, p, yearText, &region); err != nil {
		return nil, err
	}
	w := &store.Where{}
	scope(w, "region_code", region)
	w.Add("kind = 'enforcement'")
	rows, err := db.R.QueryContext(ctx, `SELECT code, name FROM agencies`+w.SQL()+` ORDER BY code LIMIT 5000`, w.Args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	x := excelize.NewFile()
	defer x.Close()
	sh := x.GetSheetName(0)
	put := func(line int, v []any) {
		c, _ := excelize.CoordinatesToCellName(1, line)
		x.SetSheetRow(sh, c, &v)
	}
	put(1, []any{ValueHead[0], ValueHead[1], ValueHead[2], ValueHead[3], ValueHead[4]})
	line := 2
	for rows.Next() {
		var code, name string
		if err := rows.Scan(&code, &name); err != nil {
			return nil, err
		}
		put(line, []any{code, name, "复议纠错、诉讼败诉件数", "", ""})
		put(line+1, []any{code, name, "外部评议得分", "", ""})
		line += 2
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	err = x.Write(&buf)
	return buf.Bytes(), err
}
