package inspection

import (
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"zfjd/internal/apperr"
)

// ObjectColumns are the object pool's import columns, in order.
var ObjectColumns = []string{"统一社会信用代码", "名称", "类型", "领域", "风险等级"}

// MaxObjectRows bounds one import.
const MaxObjectRows = 50_000

// ReadObjects reads the object pool from the first sheet of an xlsx file:
// a header row, then one enterprise a row in ObjectColumns order.
func ReadObjects(r io.Reader) ([]PoolObject, error) {
	x, err := excelize.OpenReader(r)
	if err != nil {
		return nil, apperr.New(apperr.Invalid, "文件不是有效的xlsx工作簿")
	}
	defer x.Close()
	rows, err := x.Rows(x.GetSheetName(0))
	if err != nil {
		return nil, apperr.New(apperr.Invalid, "工作簿没有工作表")
	}
	defer rows.Close()
	var out []PoolObject
	f := apperr.Fields{}
	for n := 1; rows.Next(); n++ {
		cells, err := rows.Columns()
		if err != nil {
			return nil, apperr.New(apperr.Invalid, "第%d行无法读取", n)
		}
		if n == 1 || blank(cells) {
			continue
		}
		if len(out) >= MaxObjectRows {
			return nil, apperr.New(apperr.Invalid, "一次最多导入%d户", MaxObjectRows)
		}
		o, msg := ParseObjectRow(cells)
		if msg != "" {
			f.Set(fmt.Sprintf("第%d行", n), msg)
			continue
		}
		out = append(out, o)
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, apperr.New(apperr.Invalid, "文件中没有检查对象：第一行为表头（%s），其后每行一户", strings.Join(ObjectColumns, "、"))
	}
	return out, nil
}

func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// ParseObjectRow reads one row; msg says what is wrong ("" when nothing).
// The risk tier may be given in Chinese (高风险) or as its code (high).
func ParseObjectRow(cells []string) (PoolObject, string) {
	cell := func(i int) string {
		if i < len(cells) {
			return strings.TrimSpace(cells[i])
		}
		return ""
	}
	o := PoolObject{ID: cell(0), Name: cell(1), Type: cell(2), Field: cell(3)}
	tier := cell(4)
	for _, t := range Tiers {
		if tier == t.Label || tier == t.Code || tier+"风险" == t.Label {
			o.Tier = t.Code
		}
	}
	switch {
	case o.ID == "":
		return o, "缺少统一社会信用代码"
	case o.Name == "":
		return o, "缺少名称"
	case o.Tier == "":
		return o, "风险等级应为 高风险、中高风险、中风险 或 低风险"
	}
	return o, ""
}
