package assess

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/url"
	"strconv"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/audit"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/store"
	"zfjd/internal/textcheck"
)

// The indicator editor: a supervision body sets its region's indicator
// set for a year as data (处罚法 Art. 75: county-level and higher
// governments organise the 评议考核; domain-research §1.8), one row per
// indicator with its group, source, scoring rule and weight, and the
// weights of the three groups the rows must add up to.

// MaxIndicators bounds a set.
const MaxIndicators = 40

// Columns are the editor's fields of a row with the names the form shows.
var Columns = []struct{ Key, Label string }{
	{"code", "代码"}, {"name", "指标名称"}, {"group", "分组"}, {"source", "数据来源"}, {"rule", "计分方式"},
	{"weight", "分值"}, {"target", "目标值"}, {"step", "步长"}, {"step_points", "每步扣分"}, {"unit", "单位"},
}

// RuleLabels name the scoring rules.
var RuleLabels = map[string]string{"threshold": "达标扣分（低于目标值每差一个步长扣分）", "ratio": "按比例折算（实际值÷目标值）",
	"deduct": "按件扣分（每件扣分）"}

// Groups are the group keys in order.
var Groups = []string{"general", "special", "external"}

// SetForm is the editor's content: the rows and the group weights.
type SetForm struct {
	Rows   []Indicator
	Index  []int // the form's row number of each row (blank rows dropped); nil: in order
	Groups map[string]float64
}

// GroupSums are the weights of the rows by group.
func GroupSums(set []Indicator) map[string]float64 {
	out := map[string]float64{}
	for _, ind := range set {
		out[ind.Group] += ind.Weight
	}
	return out
}

// ParseSetForm reads the editor's form: fields "<column>_<i>" for rows
// 0..n and "group_<key>" for the group weights. Blank rows are dropped;
// numbers that do not parse are named in the fields returned.
func ParseSetForm(v url.Values) (*SetForm, apperr.Fields) {
	f := &SetForm{Groups: map[string]float64{}}
	fs := apperr.Fields{}
	num := func(key, label string, line int) float64 {
		s := strings.TrimSpace(v.Get(key))
		if s == "" {
			return 0
		}
		x, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
			fs.Set(key, fmt.Sprintf("第%d行“%s”应为数字", line, label))
		}
		return x
	}
	for i := 0; i < MaxIndicators+5; i++ {
		g := func(k string) string { return strings.TrimSpace(v.Get(k + "_" + strconv.Itoa(i))) }
		if g("code")+g("name")+g("source")+g("weight") == "" {
			continue
		}
		sfx := "_" + strconv.Itoa(i)
		f.Rows = append(f.Rows, Indicator{Code: g("code"), Name: g("name"), Group: g("group"), Source: g("source"), Rule: g("rule"),
			Weight: num("weight"+sfx, "分值", i+1), Target: num("target"+sfx, "目标值", i+1), Step: num("step"+sfx, "步长", i+1),
			StepPoints: num("step_points"+sfx, "每步扣分", i+1), Unit: g("unit")})
		f.Index = append(f.Index, i)
	}
	for _, k := range Groups {
		f.Groups[k] = num("group_"+k, GroupLabels[k]+"权重", 0)
	}
	return f, fs
}

// CheckForm validates the set row by row, each problem under its field
// ("weight_2") with a message naming the row and the column as the form
// shows them, and the group weights against the rows (GroupSums).
func CheckForm(f *SetForm) apperr.Fields {
	fs := apperr.Fields{}
	if len(f.Rows) == 0 {
		fs.Set("code_0", "请至少填写一项指标")
	}
	if len(f.Rows) > MaxIndicators {
		fs.Set("code_0", fmt.Sprintf("一个指标体系最多%d项指标", MaxIndicators))
	}
	seen := map[string]int{}
	for n, ind := range f.Rows {
		i := n
		if len(f.Index) == len(f.Rows) {
			i = f.Index[n]
		}
		key := func(col string) string { return col + "_" + strconv.Itoa(i) }
		line := fmt.Sprintf("第%d行", i+1)
		switch {
		case ind.Code == "":
			fs.Set(key("code"), line+"请填写“代码”")
		case !validCode(ind.Code):
			fs.Set(key("code"), line+"“代码”只能由字母、数字和下划线组成，不超过32个字符")
		case seen[ind.Code] > 0:
			fs.Set(key("code"), fmt.Sprintf("%s“代码”%s与第%d行重复", line, ind.Code, seen[ind.Code]))
		}
		seen[ind.Code] = i + 1
		if ind.Name == "" {
			fs.Set(key("name"), line+"请填写“指标名称”")
		}
		textcheck.CheckText(fs, key("name"), ind.Name, 60)
		if GroupLabels[ind.Group] == "" {
			fs.Set(key("group"), line+"“分组”应为通用指标、专用指标或外部评议")
		}
		if Sources[ind.Source] == "" {
			fs.Set(key("source"), line+"“数据来源”不在可选的来源中")
		}
		if RuleLabels[ind.Rule] == "" {
			fs.Set(key("rule"), line+"“计分方式”应为达标扣分、按比例折算或按件扣分")
		}
		if ind.Weight <= 0 || ind.Weight > 100 {
			fs.Set(key("weight"), line+"“分值”应大于0且不超过100")
		}
		switch ind.Rule {
		case "threshold":
			if ind.Target <= 0 {
				fs.Set(key("target"), line+"达标扣分的“目标值”应大于0（比例填小数，如0.9表示90%）")
			}
			if ind.Step <= 0 {
				fs.Set(key("step"), line+"达标扣分的“步长”应大于0")
			}
			if ind.StepPoints <= 0 {
				fs.Set(key("step_points"), line+"达标扣分的“每步扣分”应大于0")
			}
		case "ratio":
			if ind.Target <= 0 {
				fs.Set(key("target"), line+"按比例折算的“目标值”应大于0")
			}
		case "deduct":
			if ind.StepPoints <= 0 {
				fs.Set(key("step_points"), line+"按件扣分的“每步扣分”应大于0")
			}
		}
		if ind.Unit != "" && ind.Unit != "%" {
			fs.Set(key("unit"), line+"“单位”只能为空或%")
		}
	}
	sums := GroupSums(f.Rows)
	var total float64
	for _, g := range Groups {
		total += f.Groups[g]
		if math.Abs(sums[g]-f.Groups[g]) > 1e-9 {
			fs.Set("group_"+g, fmt.Sprintf("“%s权重”为%g分，本组各项指标分值合计%g分，两者应相等", GroupLabels[g], f.Groups[g], sums[g]))
		}
	}
	if math.Abs(total-100) > 1e-9 {
		fs.Set("group_general", fmt.Sprintf("通用、专用、外部评议三组权重合计应为100分，现为%g分", total))
	}
	return fs
}

func validCode(s string) bool {
	if len(s) > 32 {
		return false
	}
	for _, r := range s {
		if !(r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return false
		}
	}
	return true
}

// PutSet stores f as region's indicator set for year: supervision of the
// region only, validated (CheckForm), with the old and new sets in the
// audit row, in one transaction.
func PutSet(ctx context.Context, db *store.DB, p *auth.Principal, yearText, region string, f *SetForm) error {
	year, err := CheckYear(ctx, p, yearText, &region)
	if err != nil {
		return err
	}
	if fs := CheckForm(f); len(fs) > 0 {
		return fs.Err()
	}
	if err := Check(f.Rows); err != nil { // the set as Compute reads it
		return apperr.Fields{"code_0": err.Error()}.Err()
	}
	raw, _ := json.Marshal(f.Rows)
	return db.UpsertTx(ctx, func(tx *sql.Tx) error {
		var old string
		err := tx.QueryRowContext(ctx, `SELECT indicators_json FROM assess_sets WHERE region_code = $1 AND year = $2`, region, year).Scan(&old)
		var before any
		if err == nil {
			before = json.RawMessage(old)
		} else if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO assess_sets (region_code, year, indicators_json, updated_at, updated_by)
			VALUES ($1, $2, $3, $4, $5) ON CONFLICT (region_code, year) DO UPDATE SET indicators_json = excluded.indicators_json,
			updated_at = excluded.updated_at, updated_by = excluded.updated_by`, region, year, string(raw), clock.Millis(ctx), p.Who()); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p, "set_indicators", "assessment_set", strconv.Itoa(year)+"/"+region, region, before, json.RawMessage(raw))
	})
}
