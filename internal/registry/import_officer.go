package registry

import (
	"context"
	"database/sql"
	"io"
	"slices"
	"strconv"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/ident"
	"zfjd/internal/store"
)

// Column titles of the officer import file.
const (
	colCertNo     = "执法证号"
	colName       = "姓名"
	colIDNumber   = "身份证号"
	colAgency     = "所属执法主体统一社会信用代码"
	colDomain     = "执法领域"
	colValidFrom  = "证件有效期起"
	colValidTo    = "证件有效期止"
	colCertStatus = "证件状态"
	colExamScore  = "考试成绩"
	colExamDate   = "考试日期"
	colOathDate   = "宣誓日期"
	colQualif     = "资格"
)

// exampleAgencyCode is the placeholder 统一社会信用代码 of the template's
// example rows: well-formed, with an all-zero organisation body that no
// real agency has. Importing the untouched template fails with "执法主体…
// 不存在" unless an agency with this code has been created.
var exampleAgencyCode, _ = ident.MakeUSCC('1', '1', "370100", "00000000")

var officerSpec = &importSpec{
	Entity: "officer",
	Sheet:  "执法人员",
	Columns: []importColumn{
		{Title: colCertNo, Path: "cert_no", Required: true, Text: true, Width: 20, Example: "370102-2023-0001",
			Help: "行政执法证件号，4至32位字母、数字或连字符。系统中已有该证号的，按本文件更新该人员信息"},
		{Title: colName, Path: "name", Required: true, Width: 12, Example: "张三", Help: "持证人姓名，不超过40个字"},
		{Title: colIDNumber, Path: "id_number", Text: true, Width: 22,
			Help: "18位居民身份证号码，可不填。不对外公开。请将该列设置为文本格式，以免被Excel转换成科学计数法"},
		{Title: colAgency, Path: "agency_code", Required: true, Text: true, Width: 30, Example: exampleAgencyCode,
			Help: "所属执法主体的18位统一社会信用代码，须是系统中已有、且在您管辖范围内的执法主体。示例行中的代码是占位符，请替换"},
		{Title: colDomain, Path: "domain", Width: 14, Example: "市场监管", Help: "执法领域，如市场监管、生态环境、城市管理等，可不填"},
		{Title: colValidFrom, Path: "cert_valid_from", Required: true, Date: true, Width: 14, Example: "2023-01-01",
			Help: "证件有效期起始日期，格式YYYY-MM-DD，也可填YYYY/M/D或Excel日期"},
		{Title: colValidTo, Path: "cert_valid_to", Required: true, Date: true, Width: 14, Example: "2027-12-31",
			Help: "证件有效期截止日期，不能早于起始日期"},
		{Title: colCertStatus, Path: "cert_status", Width: 10, Example: "有效", Choices: []string{"有效", "暂扣", "吊销", "注销"},
			Help: "有效、暂扣、吊销或注销。留空时：新增人员为有效，已有人员保持原状态"},
		{Title: colExamScore, Path: "exam_score", Width: 10, Example: "86", Help: "执法资格考试成绩，0至100的整数，可不填"},
		{Title: colExamDate, Path: "exam_date", Date: true, Width: 14, Example: "2022-11-20", Help: "考试日期，可不填"},
		{Title: colOathDate, Path: "oath_date", Date: true, Width: 14, Example: "2023-01-10", Help: "执法宣誓日期，可不填"},
		{Title: colQualif, Path: "qualifications", Width: 24, Example: "听证主持人、法制审核",
			Help: "听证主持人、法制审核、执法监督，多项用顿号、逗号或分号分隔，没有则留空"},
	},
	Notes: []string{
		"第一行为表头，请勿修改列名；列的顺序可以调整，多余的列（如序号、备注）会被忽略。",
		"带“是”的列必须有；其他列可以删除，删除的列在更新已有人员时保持原值不变。",
		"系统中已有相同执法证号的，按文件内容更新；没有的，新增。",
		"导入前会检查全部数据，只要有一行有误，整个文件都不会导入；请按错误提示修改后重新上传。",
		"每个文件最多20000行、不超过10MB；也可另存为CSV（UTF-8）格式导入。",
	},
}

// OfficerTemplate returns the officer import template as "xlsx" or "csv"
// and its content type.
func OfficerTemplate(format string) ([]byte, string, error) {
	return importTemplate(officerSpec, format, "执法人员导入模板")
}

// OfficerTemplateFor is OfficerTemplate with the example row naming the
// agency of sample (see TemplateSampleFor), so that the untouched
// template imports as it is. An empty sample keeps the placeholder.
func OfficerTemplateFor(format string, sample TemplateSample) ([]byte, string, error) {
	return importTemplate(specWithAgency(officerSpec, colAgency, sample), format, "执法人员导入模板")
}

// specWithAgency returns spec with the example of column set to sample's
// agency and the note about the placeholder replaced by what the code is;
// spec itself when sample names no agency.
func specWithAgency(spec *importSpec, column string, sample TemplateSample) *importSpec {
	if sample.Code == "" {
		return spec
	}
	note := "示例行中是您所在执法主体的代码"
	if !sample.Own {
		note = "示例行中是您管辖范围内的执法主体“" + sample.Name + "”的代码，请按实际填写"
	}
	out := *spec
	out.Columns = slices.Clone(spec.Columns)
	for i := range out.Columns {
		if c := &out.Columns[i]; c.Title == column {
			c.Example = sample.Code
			c.Help = strings.Replace(c.Help, "示例行中的代码是占位符，请替换", note, 1)
		}
	}
	return &out
}

// ImportOfficers creates or updates the officers in an xlsx or csv file,
// all or nothing (see ImportResult). Each row goes through the checks of
// PutOfficer. Columns missing from the file keep their values on officers
// that exist; an empty 证件状态 keeps the status of an existing officer.
func ImportOfficers(ctx context.Context, db *store.DB, p *auth.Principal, r io.Reader, filename string) (*ImportResult, error) {
	if !auth.MayChange(p, auth.KindOfficer) {
		return nil, apperr.New(apperr.Forbidden, "无权导入执法人员")
	}
	t, err := readImport(ctx, r, filename, officerSpec)
	if err != nil {
		return nil, err
	}
	seen := map[string]int{}
	return runImport(ctx, db, p, officerSpec, t, filename, func(tx *sql.Tx, row importRow, probs *rowProblems) (importOutcome, error) {
		o := t.parseOfficer(row, probs)
		if o.CertNo != "" {
			if first, dup := seen[o.CertNo]; dup {
				probs.add(colCertNo, "执法证号与第"+strconv.Itoa(first)+"行重复")
			} else {
				seen[o.CertNo] = row.Num
			}
		}
		if len(probs.errs) > 0 {
			// Still report what normalize finds in the other columns.
			return 0, probs.addErr(officerSpec, o.normalize())
		}
		old, err := getOfficer(ctx, tx, "o.cert_no = $1", o.CertNo)
		if err != nil && !apperr.Is(err, apperr.NotFound) {
			return 0, err
		}
		if old != nil {
			t.keepOfficer(row, o, old)
		}
		if err := o.normalize(); err != nil {
			return 0, probs.addErr(officerSpec, err)
		}
		created, err := putOfficer(ctx, tx, p, o)
		if err != nil {
			return 0, probs.addErr(officerSpec, err)
		}
		switch {
		case created:
			return outcomeCreated, nil
		case old != nil && sameOfficer(old, o):
			return outcomeUnchanged, nil
		}
		return outcomeUpdated, nil
	})
}

// parseOfficer reads one row; problems go to probs, and fields that fail
// to parse are left for normalize to ignore.
func (t *importTable) parseOfficer(row importRow, probs *rowProblems) *Officer {
	get := func(title string) string { v, _ := t.get(row, title); return v }
	o := &Officer{Name: get(colName), Domain: get(colDomain)}

	o.CertNo = get(colCertNo)
	if h := sciHint(o.CertNo, "执法证号"); h != "" {
		probs.add(colCertNo, h)
	}
	o.IDNumber = get(colIDNumber)
	if h := sciHint(o.IDNumber, "身份证号"); h != "" {
		probs.add(colIDNumber, h)
	}
	o.AgencyCode = ident.NormalizeUSCC(get(colAgency))
	switch {
	case o.AgencyCode == "":
		probs.add(colAgency, "请填写所属执法主体的统一社会信用代码")
	case ident.ValidateUSCC(o.AgencyCode) != nil:
		probs.add(colAgency, ident.ValidateUSCC(o.AgencyCode).Error())
	}

	for _, d := range []struct {
		col      string
		dst      *string
		required bool
	}{{colValidFrom, &o.CertValidFrom, true}, {colValidTo, &o.CertValidTo, true}, {colExamDate, &o.ExamDate, false}, {colOathDate, &o.OathDate, false}} {
		v := get(d.col)
		if v == "" {
			if d.required {
				probs.add(d.col, "请填写"+d.col)
			}
			continue
		}
		if day, ok := t.parseDate(v); ok {
			*d.dst = day
		} else {
			probs.add(d.col, d.col+"“"+v+"”无效，"+dateHint)
		}
	}

	if v := get(colCertStatus); v != "" {
		if s, ok := parseOption(CertStatus, v); ok {
			o.CertStatus = s
		} else {
			probs.add(colCertStatus, "证件状态“"+v+"”无效，应为"+optionLabels(CertStatus))
		}
	}
	if v := get(colExamScore); v != "" {
		if n, ok := t.parseInt(v); ok {
			o.ExamScore = &n
		} else {
			probs.add(colExamScore, "考试成绩应为0至100的整数")
		}
	}
	o.Qualifications = []string{}
	for _, q := range splitList(listSepRe, get(colQualif)) {
		if q == "无" {
			continue
		}
		if v, ok := parseOption(Qualification, q); ok {
			o.Qualifications = append(o.Qualifications, v)
		} else {
			probs.add(colQualif, "资格“"+q+"”无效，应为"+optionLabels(Qualification))
		}
	}
	return o
}

// keepOfficer carries over from old what the file does not say.
func (t *importTable) keepOfficer(row importRow, o, old *Officer) {
	if !t.has(colIDNumber) {
		o.IDNumber = old.IDNumber
	}
	if !t.has(colDomain) {
		o.Domain = old.Domain
	}
	if v, _ := t.get(row, colCertStatus); v == "" {
		o.CertStatus = old.CertStatus
	}
	if !t.has(colExamScore) {
		o.ExamScore = old.ExamScore
	}
	if !t.has(colExamDate) {
		o.ExamDate = old.ExamDate
	}
	if !t.has(colOathDate) {
		o.OathDate = old.OathDate
	}
	if !t.has(colQualif) {
		o.Qualifications = old.Qualifications
	}
}
