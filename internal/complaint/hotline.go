package complaint

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/ident"
	"zfjd/internal/store"
)

// The 12345 政务服务便民热线 import (行政执法监督条例 Art. 20 第二款: clues
// from 政务服务便民热线 studied in time): the hotline's xlsx export, checked
// whole first (nothing is written while a row is wrong), rows of one 工单号
// merged, each work order a complaint of source hotline routed like one
// from the web; and the answers exported back in the same layout.

// HotlineColumns is the hotline's export layout; the first four are required.
var HotlineColumns = []string{"工单号", "来电时间", "诉求内容", "所属区域", "办理单位", "诉求类别", "来电人", "联系电话"}

// MaxHotlineRows bounds one import.
const MaxHotlineRows = 10_000

// HotlineRow is one work order as read.
type HotlineRow struct {
	Line                                                       int // first sheet line of the order
	Ref, CalledOn, Text, Region, Agency, Category, Name, Phone string
}

// RowError is a problem of one line.
type RowError struct {
	Line    int    `json:"line"`
	Column  string `json:"column"`
	Message string `json:"message"`
}

// HotlineResult says what an import did.
type HotlineResult struct {
	Imported, Merged, Skipped int
	Errors                    []RowError
}

var timeLayouts = []string{"2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02", "2006/01/02 15:04:05", "2006/01/02 15:04", "2006/1/2 15:04", "2006/01/02", "2006/1/2"}

// parseCalled reads a 来电时间 as its civil date.
func parseCalled(s string) (string, bool) {
	s = strings.TrimSpace(s)
	for _, l := range timeLayouts {
		if t, err := time.ParseInLocation(l, s, clock.Shanghai); err == nil {
			return t.Format("2006-01-02"), true
		}
	}
	return "", false
}

// ParseHotline reads the sheet's rows (header first): each line checked,
// lines of one 工单号 merged into one order (their 诉求内容 joined). Pure:
// the region and agency names are resolved by Import.
func ParseHotline(rows [][]string, today string) ([]*HotlineRow, []RowError) {
	var errs []RowError
	if len(rows) == 0 {
		return nil, []RowError{{Line: 1, Message: "文件为空"}}
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[strings.TrimSpace(h)] = i
	}
	for _, h := range HotlineColumns[:4] {
		if _, ok := col[h]; !ok {
			errs = append(errs, RowError{Line: 1, Column: h, Message: "缺少列“" + h + "”（12345热线导出格式）"})
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	if len(rows)-1 > MaxHotlineRows {
		return nil, []RowError{{Line: 1, Message: fmt.Sprintf("一次最多导入%d行", MaxHotlineRows)}}
	}
	cell := func(r []string, name string) string {
		i, ok := col[name]
		if !ok || i >= len(r) {
			return ""
		}
		return clean(r[i])
	}
	var out []*HotlineRow
	byRef := map[string]*HotlineRow{}
	for n, r := range rows[1:] {
		line := n + 2
		x := &HotlineRow{Line: line, Ref: cell(r, "工单号"), Text: cell(r, "诉求内容"), Region: cell(r, "所属区域"),
			Agency: cell(r, "办理单位"), Category: cell(r, "诉求类别"), Name: cell(r, "来电人"), Phone: strings.ReplaceAll(cell(r, "联系电话"), " ", "")}
		if x.Ref == "" && x.Text == "" && x.Region == "" {
			continue // a blank line
		}
		bad := func(c, m string) { errs = append(errs, RowError{Line: line, Column: c, Message: m}) }
		if x.Ref == "" || utf8.RuneCountInString(x.Ref) > 40 {
			bad("工单号", "工单号必填，不超过40字")
		}
		called, ok := parseCalled(cell(r, "来电时间"))
		switch {
		case !ok:
			bad("来电时间", "应为 YYYY-MM-DD HH:MM 格式的时间")
		case called > today:
			bad("来电时间", "来电时间不能晚于今天")
		}
		x.CalledOn = called
		if x.Text == "" {
			bad("诉求内容", "诉求内容必填")
		}
		if x.Region == "" {
			bad("所属区域", "所属区域必填（区划代码或名称）")
		}
		if x.Category != "" && categoryOf(x.Category) == "" {
			bad("诉求类别", "应为乱罚款、乱检查、不亮证、态度粗暴、不作为/慢作为或其他")
		}
		if x.Phone != "" && !mobile.MatchString(x.Phone) {
			bad("联系电话", "应为11位大陆手机号")
		}
		if prev, dup := byRef[x.Ref]; dup && x.Ref != "" {
			if !strings.Contains(prev.Text, x.Text) {
				prev.Text += "\n" + x.Text
			}
			continue
		}
		byRef[x.Ref] = x
		out = append(out, x)
	}
	for _, x := range out {
		if utf8.RuneCountInString(x.Text) > MaxDescription {
			errs = append(errs, RowError{Line: x.Line, Column: "诉求内容", Message: fmt.Sprintf("合并后的诉求内容超过%d字", MaxDescription)})
		}
	}
	return out, errs
}

// categoryOf maps a category label (or value) to its value; "" if unknown.
func categoryOf(s string) string {
	for _, c := range Categories {
		if s == c.Value || s == c.Label || strings.HasPrefix(c.Label, s) {
			return c.Value
		}
	}
	return ""
}

// ImportHotline checks the whole workbook, then files every new work
// order as a complaint of source hotline, each in its own transaction
// (an order already imported is skipped, so a re-import is harmless).
// Only supervision imports, and only orders of its region.
func (s *Service) ImportHotline(ctx context.Context, p *auth.Principal, r io.Reader) (*HotlineResult, error) {
	if p == nil || !(p.Role == auth.RoleSupervisor || p.Role == auth.RoleAdmin) || p.Agency != "" {
		return nil, apperr.New(apperr.Forbidden, "12345热线工单由执法监督机构导入")
	}
	x, err := excelize.OpenReader(r)
	if err != nil {
		return nil, &apperr.Error{Code: apperr.Invalid, Message: "无法读取文件：请上传12345热线导出的 .xlsx 文件", Fields: apperr.Fields{"file": "不是有效的xlsx文件"}}
	}
	defer x.Close()
	rows, err := x.GetRows(x.GetSheetName(0))
	if err != nil {
		return nil, err
	}
	orders, errs := ParseHotline(rows, clock.TodayString(ctx))
	res := &HotlineResult{Merged: max(0, countLines(rows)-len(orders)), Errors: errs}
	var todo []*Filing
	today := clock.Today(ctx)
	for _, o := range orders {
		region, agency, rerrs := s.resolve(ctx, p, o)
		res.Errors = append(res.Errors, rerrs...)
		anon := o.Phone == ""
		f := &Filing{Category: categoryOf(o.Category), RegionCode: region, AgencyCode: agency, Description: o.Text,
			Anonymous: &anon, Source: SourceHotline, SourceRef: o.Ref, ReceivedOn: o.CalledOn}
		if f.Category == "" {
			f.Category = "other"
		}
		if !anon {
			f.Contact = &Contact{Name: o.Name, Phone: o.Phone}
		}
		if len(rerrs) == 0 && len(errs) == 0 { // the parse's own errors are not told twice
			if err := f.normalize(today); err != nil {
				for field, msg := range apperr.As(err).Fields {
					res.Errors = append(res.Errors, RowError{Line: o.Line, Column: hotlineColumn[field], Message: msg})
				}
			}
		}
		todo = append(todo, f)
	}
	if len(res.Errors) > 0 {
		res.Merged = 0
		return res, nil
	}
	for _, f := range todo {
		_, err := s.File(ctx, p, f, "", nil)
		switch {
		case err == nil:
			res.Imported++
		case store.IsUniqueViolation(err):
			res.Skipped++
		default:
			return nil, fmt.Errorf("工单 %s：%w", f.SourceRef, err)
		}
	}
	return res, nil
}

// hotlineColumn names the column of a filing's field.
var hotlineColumn = map[string]string{"category": "诉求类别", "region_code": "所属区域", "description": "诉求内容",
	"agency_code": "办理单位", "contact.phone": "联系电话", "contact.name": "来电人", "happened_on": "来电时间"}

func countLines(rows [][]string) int {
	n := 0
	for _, r := range rows[min(1, len(rows)):] {
		if strings.TrimSpace(strings.Join(r, "")) != "" {
			n++
		}
	}
	return n
}

// resolve finds an order's region (code or name within p's region) and
// agency (code or name); an order already imported gives no error (it is skipped).
func (s *Service) resolve(ctx context.Context, p *auth.Principal, o *HotlineRow) (string, string, []RowError) {
	var errs []RowError
	bad := func(c, m string) { errs = append(errs, RowError{Line: o.Line, Column: c, Message: m}) }
	region := o.Region
	if ident.ValidateRegionCode(region) != nil {
		w := &store.Where{}
		w.Add("name = ?", region)
		auth.FilterRegion(p, w, "code")
		rows, err := s.db.R.QueryContext(ctx, `SELECT code FROM regions`+w.SQL()+` LIMIT 2`, w.Args...)
		if err != nil {
			bad("所属区域", err.Error())
			return "", "", errs
		}
		var codes []string
		for rows.Next() {
			var c string
			rows.Scan(&c)
			codes = append(codes, c)
		}
		rows.Close()
		switch len(codes) {
		case 0:
			bad("所属区域", "区划“"+region+"”不存在或不在本机构管辖范围内")
		case 2:
			bad("所属区域", "区划名称“"+region+"”不唯一，请填写区划代码")
		default:
			region = codes[0]
		}
	}
	if region != "" && len(errs) == 0 && !auth.IsSupervisionOf(p, auth.Target{Region: region}) {
		bad("所属区域", "不在本机构管辖范围内")
	}
	agency := ""
	if o.Agency != "" {
		err := s.db.R.QueryRowContext(ctx, `SELECT code FROM agencies WHERE (code = $1 OR name = $2) AND kind <> 'supervision'
			ORDER BY code LIMIT 1`, ident.NormalizeUSCC(o.Agency), o.Agency).Scan(&agency)
		if errors.Is(err, sql.ErrNoRows) {
			bad("办理单位", "执法部门“"+o.Agency+"”不存在")
		} else if err != nil {
			bad("办理单位", err.Error())
		}
	}
	return region, agency, errs
}

// ExportHotline writes the hotline complaints p may see in the hotline's
// layout with the answers (回复 to the hotline; no contact is exported).
func (s *Service) ExportHotline(ctx context.Context, db *store.DB, p *auth.Principal, out io.Writer) error {
	x := excelize.NewFile()
	defer x.Close()
	const sheet = "工单答复"
	x.SetSheetName("Sheet1", sheet)
	sw, err := x.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	if err := sw.SetRow("A1", []any{"工单号", "来电时间", "诉求内容", "所属区域", "办理单位", "诉求类别", "办理状态", "答复内容", "答复日期"}); err != nil {
		return err
	}
	row := 2
	err = s.each(ctx, db, p, &Filter{Source: SourceHotline}, func(c *Complaint) error {
		answered := ""
		if c.Answer != "" {
			answered = answeredOn(ctx, db, c.ID)
		}
		cell, _ := excelize.CoordinatesToCellName(1, row)
		row++
		return sw.SetRow(cell, []any{c.SourceRef, c.ReceivedOn, c.Description, c.RegionCode, c.AgencyName, CategoryLabel(c.Category),
			StatusLabel(c.Status), c.Answer, answered})
	})
	if err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return x.Write(out)
}

func answeredOn(ctx context.Context, db *store.DB, id int64) string {
	var at int64
	db.R.QueryRowContext(ctx, `SELECT at FROM complaint_events WHERE complaint_id = $1 AND action IN ('answer', 'reject')
		ORDER BY id DESC LIMIT 1`, id).Scan(&at)
	if at == 0 {
		return ""
	}
	return time.UnixMilli(at).In(clock.Shanghai).Format("2006-01-02")
}
