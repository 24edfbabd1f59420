package registry

import (
	"context"
	"database/sql"
	"io"
	"slices"
	"strconv"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/ident"
	"zfjd/internal/store"
)

// Column titles of the matter import file.
const (
	colMatterCode   = "事项编码"
	colMatterName   = "事项名称"
	colMatterKind   = "事项类型"
	colMatterDomain = "执法领域"
	colLegalBasis   = "法律依据"
	colBasisDate    = "依据施行日期"
	colHolders      = "实施主体统一社会信用代码"
	colThreshold    = "涉嫌犯罪追诉标准(元)"
	colMatterRegion = "所属行政区划代码"
)

var matterSpec = &importSpec{
	Entity: "matter",
	Sheet:  "权责事项",
	Columns: []importColumn{
		{Title: colMatterCode, Path: "code", Required: true, Text: true, Width: 20, Example: "370100-XZCF-0001",
			Help: "事项编码，2至64位字母、数字、点、下划线或连字符，以字母或数字开头。系统中已有该编码的，按本文件更新该事项"},
		{Title: colMatterName, Path: "name", Required: true, Width: 40, Example: "对未取得食品经营许可从事食品经营活动的行政处罚",
			Help: "事项名称，不超过200个字"},
		{Title: colMatterKind, Path: "kind", Required: true, Width: 12, Example: "行政处罚", Choices: labelsOf(MatterKinds),
			Help: "行政处罚、行政强制、行政检查、行政许可、行政征收或其他"},
		{Title: colMatterDomain, Path: "domain", Width: 14, Example: "市场监管", Help: "执法领域，如市场监管、生态环境等，可不填"},
		{Title: colLegalBasis, Path: "legal_basis", Width: 50, Example: "《中华人民共和国食品安全法》第一百二十二条第一款",
			Help: "设定依据，写明法律法规名称和条款"},
		{Title: colBasisDate, Path: "basis_effective", Date: true, Width: 14, Example: "2021-04-29",
			Help: "所引法律法规现行版本的施行日期，格式YYYY-MM-DD，可不填"},
		{Title: colHolders, Path: "agency_codes", Text: true, Width: 30, Example: exampleAgencyCode,
			Help: "实施该事项的执法主体的统一社会信用代码，多个用顿号、逗号、分号或空格分隔；须是系统中已有、且在您管辖范围内的机关。示例行中的代码是占位符，请替换"},
		{Title: colThreshold, Path: "criminal_threshold_fen", Width: 20,
			Help: "涉嫌犯罪的立案追诉标准金额，单位元，最多两位小数，如5000或5000.50；不涉及的留空"},
		{Title: colMatterRegion, Path: "region_code", Text: true, Width: 16,
			Help: "事项所属行政区划的6位代码（GB/T 2260），如370102。一般不填：按实施主体所在区划自动确定；没有实施主体或实施主体跨省时必须填写"},
	},
	Notes: []string{
		"第一行为表头，请勿修改列名；列的顺序可以调整，多余的列（如序号、备注）会被忽略。",
		"带“是”的列必须有；其他列可以删除，删除的列在更新已有事项时保持原值不变。",
		"系统中已有相同事项编码的，按文件内容更新（名称、依据或实施主体变化时版本号加一）；没有的，新增。",
		"“所属行政区划代码”不填时按实施主体所在区划自动确定，实施主体不变的已有事项保持原区划。",
		"导入前会检查全部数据，只要有一行有误，整个文件都不会导入；请按错误提示修改后重新上传。",
		"每个文件最多20000行、不超过10MB；也可另存为CSV（UTF-8）格式导入。",
	},
}

func labelsOf(opts []Option) []string {
	var out []string
	for _, o := range opts {
		out = append(out, o.Label)
	}
	return out
}

// MatterTemplate returns the matter (权责清单) import template as "xlsx"
// or "csv" and its content type.
func MatterTemplate(format string) ([]byte, string, error) {
	return importTemplate(matterSpec, format, "权责事项导入模板")
}

// MatterTemplateFor is MatterTemplate with the example row naming the
// agency of sample (see OfficerTemplateFor).
func MatterTemplateFor(format string, sample TemplateSample) ([]byte, string, error) {
	return importTemplate(specWithAgency(matterSpec, colHolders, sample), format, "权责事项导入模板")
}

// ImportMatters creates or updates the matters in an xlsx or csv file, all
// or nothing (see ImportResult). Each row goes through the checks of
// PutMatter. Columns missing from the file keep their values on matters
// that exist.
func ImportMatters(ctx context.Context, db *store.DB, p *auth.Principal, r io.Reader, filename string) (*ImportResult, error) {
	if !auth.MayChange(p, auth.KindMatter) {
		return nil, apperr.New(apperr.Forbidden, "无权导入权责事项")
	}
	t, err := readImport(ctx, r, filename, matterSpec)
	if err != nil {
		return nil, err
	}
	seen := map[string]int{}
	return runImport(ctx, db, p, matterSpec, t, filename, func(tx *sql.Tx, row importRow, probs *rowProblems) (importOutcome, error) {
		m := t.parseMatter(row, probs)
		if m.Code != "" {
			if first, dup := seen[m.Code]; dup {
				probs.add(colMatterCode, "事项编码与第"+strconv.Itoa(first)+"行重复")
			} else {
				seen[m.Code] = row.Num
			}
		}
		if len(probs.errs) > 0 {
			return 0, probs.addErr(matterSpec, m.normalize(ctx, tx))
		}
		old, err := getMatter(ctx, tx, m.Code)
		if err != nil && !apperr.Is(err, apperr.NotFound) {
			return 0, err
		}
		if old != nil {
			t.keepMatter(m, old)
		}
		if err := m.normalize(ctx, tx); err != nil {
			return 0, probs.addErr(matterSpec, err)
		}
		if m.RegionCode == "" && old != nil && slices.Equal(m.AgencyCodes, old.AgencyCodes) {
			// Same holders: the matter stays where it is, as it may have
			// been placed above its holders' common region on purpose.
			m.RegionCode = old.RegionCode
		}
		created, err := putMatter(ctx, tx, p, m)
		if err != nil {
			return 0, probs.addErr(matterSpec, err)
		}
		switch {
		case created:
			return outcomeCreated, nil
		case old != nil && m.Version == old.Version:
			return outcomeUnchanged, nil
		}
		return outcomeUpdated, nil
	})
}

// parseMatter reads one row; problems go to probs.
func (t *importTable) parseMatter(row importRow, probs *rowProblems) *Matter {
	get := func(title string) string { v, _ := t.get(row, title); return v }
	m := &Matter{Code: get(colMatterCode), Name: get(colMatterName), Domain: get(colMatterDomain), LegalBasis: get(colLegalBasis),
		RegionCode: get(colMatterRegion)}
	switch v := get(colMatterKind); {
	case v == "":
		probs.add(colMatterKind, "请填写事项类型")
	default:
		if k, ok := parseOption(MatterKinds, v); ok {
			m.Kind = k
		} else {
			probs.add(colMatterKind, "事项类型“"+v+"”无效，应为"+optionLabels(MatterKinds))
		}
	}
	if v := get(colBasisDate); v != "" {
		if d, ok := t.parseDate(v); ok {
			m.BasisEffective = d
		} else {
			probs.add(colBasisDate, "依据施行日期“"+v+"”无效，"+dateHint)
		}
	}
	m.AgencyCodes = []string{}
	for _, c := range splitList(codeSepRe, get(colHolders)) {
		c = ident.NormalizeUSCC(c)
		if err := ident.ValidateUSCC(c); err != nil {
			probs.add(colHolders, "实施主体代码“"+c+"”有误："+err.Error())
			continue
		}
		m.AgencyCodes = append(m.AgencyCodes, c)
	}
	if v := get(colThreshold); v != "" {
		if fen, msg := parseYuan(t.excelNumber(v)); msg != "" {
			probs.add(colThreshold, "涉嫌犯罪追诉标准“"+v+"”无效："+msg)
		} else {
			m.CriminalThresholdFen = &fen
		}
	}
	return m
}

// keepMatter carries over from old what the file does not say.
func (t *importTable) keepMatter(m, old *Matter) {
	if !t.has(colMatterDomain) {
		m.Domain = old.Domain
	}
	if !t.has(colLegalBasis) {
		m.LegalBasis = old.LegalBasis
	}
	if !t.has(colBasisDate) {
		m.BasisEffective = old.BasisEffective
	}
	if !t.has(colHolders) {
		m.AgencyCodes = slices.Clone(old.AgencyCodes)
	}
	if !t.has(colThreshold) {
		m.CriminalThresholdFen = old.CriminalThresholdFen
	}
	m.StatutoryFine = old.StatutoryFine // the import template has no statutory range columns
}
