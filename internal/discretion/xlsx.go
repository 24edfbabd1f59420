package discretion

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"maps"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/ident"
	"zfjd/internal/registry"
	"zfjd/internal/store"
)

const sheetName = "裁量基准"

// ContentTypeXLSX is the content type of the template and the export.
const ContentTypeXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// group is the rows of one version in a file.
type group struct {
	in   Input
	rows []int // spreadsheet row of each tier, in input order
}

var errRejected = errors.New("discretion: import rejected")

var tierPathRe = regexp.MustCompile(`^tiers\[(\d+)\]\.?([a-z_]*)`)

// fieldColumn maps an API field of a tier to a column title.
var fieldColumn = map[string]string{
	"tier": colTier, "conditions": colConditions, "fine_min_fen": colFineMin, "fine_max_fen": colFineMax,
	"income_multiple_min": colIncomeMin, "income_multiple_max": colIncomeMax, "other_penalties": colOther, "criteria": colCriteria,
	"effective_from": colDate, "region_code": colRegion, "matter_code": colMatter,
}

// rowErrors turns an error of check or put into row errors of g. Errors
// other than apperr ones are failures of the system and are returned.
func (g *group) rowErrors(err error) ([]RowError, error) {
	var e *apperr.Error
	if !errors.As(err, &e) {
		return nil, err
	}
	if len(e.Fields) == 0 {
		var out []RowError
		for _, r := range g.rows {
			out = append(out, RowError{Row: r, Message: e.Message})
		}
		return out, nil
	}
	var out []RowError
	for _, k := range slices.Sorted(maps.Keys(e.Fields)) {
		msg := e.Fields[k]
		if m := tierPathRe.FindStringSubmatch(k); m != nil {
			i, _ := strconv.Atoi(m[1])
			if i < len(g.rows) {
				out = append(out, RowError{Row: g.rows[i], Column: fieldColumn[strings.SplitN(m[2], ".", 2)[0]], Message: msg})
				continue
			}
		}
		col := fieldColumn[k]
		if k == "tiers" || col == "" {
			col = ""
		}
		out = append(out, RowError{Row: g.rows[0], Column: col, Message: msg})
	}
	return out, nil
}

// ImportBenchmarks stores the versions of an uploaded xlsx file, all or
// nothing: the whole file is parsed and checked first, each version as
// PUT /api/v1/benchmarks would check it (higher levels before lower ones,
// so that a file may carry a province benchmark and a city's supplement),
// and nothing is written unless every row is good. Created, Updated and
// Unchanged count versions; Rows counts data rows.
func ImportBenchmarks(ctx context.Context, db *store.DB, p *auth.Principal, r io.Reader, filename string) (*registry.ImportResult, error) {
	if !auth.MayChange(p, auth.KindBenchmark) {
		return nil, apperr.New(apperr.Forbidden, "您的角色不能导入裁量基准")
	}
	if ext := strings.ToLower(path.Ext(strings.ReplaceAll(filename, `\`, "/"))); ext != ".xlsx" {
		return nil, apperr.New(apperr.Invalid, "仅支持xlsx格式的文件，请使用导入模板")
	}
	if r == nil {
		return nil, apperr.New(apperr.Invalid, "请选择要导入的文件")
	}
	data, err := io.ReadAll(io.LimitReader(r, importMaxBytes+1))
	if err != nil {
		return nil, err
	}
	rows, errs, err := parseFile(ctx, data)
	if err != nil {
		return nil, err
	}
	res := &registry.ImportResult{Rows: len(rows) + countRows(errs), Errors: []RowError{}}
	res.Errors = append(res.Errors, errs...)

	// Group the tiers into versions, in the order the file gives them.
	def := SettingRegion(p.Region)
	var groups []*group
	byKey := map[string]*group{}
	for _, row := range rows {
		region := row.RegionCode
		if region == "" {
			region = def
		}
		k := row.MatterCode + "\x00" + region + "\x00" + row.EffectiveFrom
		g := byKey[k]
		if g == nil {
			g = &group{in: Input{MatterCode: row.MatterCode, RegionCode: region, EffectiveFrom: row.EffectiveFrom}}
			byKey[k] = g
			groups = append(groups, g)
		}
		g.in.Tiers = append(g.in.Tiers, row.Tier)
		g.rows = append(g.rows, row.Num)
	}
	// A version of a higher level (the province's or the city's, in a
	// county's own export of what applies there) is not the importer's to
	// set: it is skipped with a note, so that an export re-imports as it is.
	groups = slices.DeleteFunc(groups, func(g *group) bool {
		if !higherLevel(p, g.in.RegionCode) {
			return false
		}
		for _, n := range g.rows {
			res.Skipped = append(res.Skipped, RowError{Row: n, Column: "区划代码",
				Message: "行政区划" + g.in.RegionCode + "的基准由上级制定，已跳过（未导入）"})
		}
		return true
	})
	// Check every version before writing anything.
	tiersJSON := map[*group]string{}
	for _, g := range groups {
		js, err := check(ctx, db, p, &g.in)
		if err == nil {
			tiersJSON[g] = js
			continue
		}
		if apperr.Is(err, apperr.NotFound) {
			err = &apperr.Error{Code: apperr.Invalid, Message: "事项" + g.in.MatterCode + "不存在或不在您的管辖范围内",
				Fields: apperr.Fields{"matter_code": "事项" + g.in.MatterCode + "不存在或不在您的管辖范围内"}}
		}
		re, err := g.rowErrors(err)
		if err != nil {
			return nil, err
		}
		res.Errors = append(res.Errors, re...)
	}
	if len(res.Errors) > 0 {
		sortRowErrors(res.Errors)
		return res, nil
	}
	// Higher levels first, then by date, so that supplements see what they supplement.
	slices.SortStableFunc(groups, func(a, b *group) int {
		if c := len(ident.RegionPrefix(a.in.RegionCode)) - len(ident.RegionPrefix(b.in.RegionCode)); c != 0 {
			return c
		}
		return strings.Compare(a.in.EffectiveFrom, b.in.EffectiveFrom)
	})
	err = db.Tx(ctx, func(tx *sql.Tx) error {
		res.Created, res.Updated, res.Unchanged = 0, 0, 0
		for _, g := range groups {
			out, err := put(ctx, tx, p, &g.in, tiersJSON[g])
			if err != nil {
				re, err := g.rowErrors(err)
				if err != nil {
					return err
				}
				res.Errors = append(res.Errors, re...)
				continue
			}
			switch out {
			case outCreated:
				res.Created++
			case outUpdated:
				res.Updated++
			default:
				res.Unchanged++
			}
		}
		if len(res.Errors) > 0 {
			return errRejected
		}
		return nil
	})
	if errors.Is(err, errRejected) {
		res.Created, res.Updated, res.Unchanged = 0, 0, 0
		sortRowErrors(res.Errors)
		return res, nil
	}
	if err != nil {
		return nil, err
	}
	return res, nil
}

// higherLevel: region is a level above p's own (p's region lies inside
// it), so p reads its benchmarks but does not set them.
func higherLevel(p *auth.Principal, region string) bool {
	return p != nil && p.Region != "" && region != SettingRegion(p.Region) && ident.Contains(region, p.Region) && !ident.Contains(p.Region, region)
}

func countRows(errs []RowError) int {
	seen := map[int]bool{}
	for _, e := range errs {
		seen[e.Row] = true
	}
	return len(seen)
}

// Template returns the benchmark import template (xlsx).
func Template() ([]byte, error) {
	one := func(v int64) *int64 { return &v }
	rows := []*Version{{MatterCode: columns[0].Example, RegionCode: "370100", EffectiveFrom: "2025-01-01", Tiers: []Tier{
		{Tier: TierNone, Conditions: "初次违法且危害后果轻微并及时改正", Criteria: &Criteria{FirstOffense: truePtr(), HarmMax: "slight", Corrected: truePtr()}},
		{Tier: TierLighter, Conditions: "主动消除或者减轻违法行为危害后果", FineMinFen: one(500000), FineMaxFen: one(1500000), OtherPenalties: []string{"warning"}},
		{Tier: TierOrdinary, Conditions: "一般情形", FineMinFen: one(1500000), FineMaxFen: one(3500000)},
		{Tier: TierHeavier, Conditions: "拒不改正或者造成严重后果", FineMinFen: one(3500000), FineMaxFen: one(5000000), OtherPenalties: []string{"suspend_business"}},
	}}}
	return workbook(rows, "裁量基准导入模板", true)
}

// Export writes the versions p sees (filtered by f) in the import format.
func Export(ctx context.Context, db *store.DB, p *auth.Principal, f VersionFilter) ([]byte, error) {
	var all []*Version
	f.Size = 200
	for f.Page.Page = 1; ; f.Page.Page++ {
		vs, err := ListVersions(ctx, db, p, &f)
		if err != nil {
			return nil, err
		}
		all = append(all, vs...)
		if f.Page.Page >= f.Pages() || len(all) >= importMaxRows {
			break
		}
	}
	return workbook(all, "裁量基准", false)
}

func workbook(vs []*Version, title string, help bool) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	sh := sheetName
	if err := f.SetSheetName("Sheet1", sh); err != nil {
		return nil, err
	}
	if err := f.SetDocProps(&excelize.DocProperties{Title: title, Creator: "zfjd"}); err != nil {
		return nil, err
	}
	head, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}, NumFmt: 49})
	if err != nil {
		return nil, err
	}
	text, err := f.NewStyle(&excelize.Style{NumFmt: 49})
	if err != nil {
		return nil, err
	}
	for i, c := range columns {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(sh, col, col, c.Width); err != nil {
			return nil, err
		}
		if i < 4 { // codes and dates as text, so that Excel keeps them as they are
			if err := f.SetColStyle(sh, col, text); err != nil {
				return nil, err
			}
		}
		cell, _ := excelize.CoordinatesToCellName(i+1, 1)
		if err := f.SetCellStr(sh, cell, c.Title); err != nil {
			return nil, err
		}
		if err := f.SetCellStyle(sh, cell, cell, head); err != nil {
			return nil, err
		}
	}
	dv := excelize.NewDataValidation(true)
	dv.SetSqref(fmt.Sprintf("D2:D%d", importMaxRows+1))
	if err := dv.SetDropList(labelsList(TierOptions)); err != nil {
		return nil, err
	}
	if err := f.AddDataValidation(sh, dv); err != nil {
		return nil, err
	}
	n := 2
	for _, v := range vs {
		for _, t := range v.Tiers {
			vals := []any{v.MatterCode, v.RegionCode, v.EffectiveFrom, TierLabel(t.Tier), t.Conditions,
				yuanCell(t.FineMinFen), yuanCell(t.FineMaxFen), strings.Join(t.PenaltyLabels(), "、"),
				multipleCell(t.IncomeMultipleMin), multipleCell(t.IncomeMultipleMax), criteriaCell(t.Criteria)}
			cell, _ := excelize.CoordinatesToCellName(1, n)
			if err := f.SetSheetRow(sh, cell, &vals); err != nil {
				return nil, err
			}
			n++
		}
	}
	if err := f.SetPanes(sh, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return nil, err
	}
	if help {
		if err := helpSheet(f, title); err != nil {
			return nil, err
		}
	}
	f.SetActiveSheet(0)
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func labelsList(opts []registry.Option) []string {
	out := make([]string, len(opts))
	for i, o := range opts {
		out[i] = o.Label
	}
	return out
}

func yuanCell(fen *int64) string {
	if fen == nil {
		return ""
	}
	return registry.FormatYuan(*fen)
}

func multipleCell(v *float64) string {
	if v == nil {
		return ""
	}
	return strconv.FormatFloat(*v, 'f', -1, 64)
}

func criteriaCell(c *Criteria) string {
	if c == nil {
		return ""
	}
	return strings.Join(c.Describe(), "、")
}

func helpSheet(f *excelize.File, title string) error {
	const sh = "说明"
	if _, err := f.NewSheet(sh); err != nil {
		return err
	}
	for col, w := range map[string]float64{"A": 20, "B": 10, "C": 80} {
		if err := f.SetColWidth(sh, col, col, w); err != nil {
			return err
		}
	}
	rows := [][]any{{title + "填写说明"}, {}, {"列名", "是否必需", "填写说明"}}
	for _, c := range columns {
		req := "否"
		if c.Required {
			req = "是"
		}
		rows = append(rows, []any{c.Title, req, c.Help})
	}
	notes := []string{
		"每行是一个裁量阶次；同一事项、同一设定区划、同一生效日期的各行组成一个版本。",
		"已有同一生效日期的版本的，按本文件替换该版本；内容相同的不作变更；新的生效日期是新的版本。",
		"案件按作出决定之日施行的版本裁量（《行政处罚法》第三十四条）。",
		"下级（市、县）基准只能在上级基准同一阶次的幅度内细化（国办发〔2022〕27号）；上级未设的阶次可以补充。",
		"导入前会检查全部数据，只要有一行有误，整个文件都不会导入。",
	}
	rows = append(rows, []any{}, []any{"注意事项"})
	for i, n := range notes {
		rows = append(rows, []any{fmt.Sprintf("%d. %s", i+1, n)})
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sh, cell, &r); err != nil {
			return err
		}
	}
	return nil
}
