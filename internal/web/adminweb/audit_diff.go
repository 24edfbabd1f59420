package adminweb

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"zfjd/internal/auth"
	"zfjd/internal/cases"
	"zfjd/internal/docs"
	"zfjd/internal/registry"
)

// change is one field of an audited object that an operation changed.
type change struct{ Label, Before, After string }

// fieldLabels name the stored fields as the forms call them.
var fieldLabels = map[string]string{
	"name": "名称", "title": "案由", "code": "编码", "kind": "类型", "status": "状态", "region_code": "区划", "agency_code": "执法主体",
	"domain": "执法领域", "legal_basis": "法律依据", "cert_no": "执法证号", "cert_status": "证件状态", "cert_valid_from": "有效期起",
	"cert_valid_to": "有效期止", "status_reason": "状态原因", "qualifications": "资格", "username": "用户名", "display_name": "姓名",
	"role": "角色", "officer_cert": "执法证号", "disabled": "已停用", "must_change_password": "须修改密码", "matter_code": "处罚事项",
	"procedure": "程序", "party.kind": "当事人类型", "party.name": "当事人", "party.id_number": "当事人证件号码",
	"party.address": "当事人住所", "party.contact": "当事人联系方式", "case_no": "案号", "type": "环节", "at": "日期", "note": "意见",
	"officers": "执法人员", "stage": "处理阶段", "subject_type": "主体性质", "parent_code": "上级机关", "announced_on": "公告日期",
	"agency_codes": "实施主体", "version": "版本", "effective_from": "施行日期", "id": "编号", "rows": "行数", "prefix": "文书字号",
	"doc_no": "文书编号", "year": "年度", "training_hours": "培训学时", "review_result": "年审结果", "exam_score": "考试成绩",
	"escalate_after_workdays": "升级期限（工作日）", "outcome": "处理结果", "fine_fen": "罚款（分）",
}

// private are the fields masked as the public pages mask them.
var private = map[string]func(string) string{
	"party.id_number": registry.MaskIDNumber, "id_number": registry.MaskIDNumber, "party.contact": docs.MaskText,
	"contact": docs.MaskText, "phone": docs.MaskText, "party.address": docs.MaskText, "address": docs.MaskText,
	"party.name": maskPersonName, "complainant": maskPersonName,
}

func maskPersonName(s string) string { return docs.MaskName(s) }

// maskSome masks a value that is there ("" stays "").
func maskSome(m func(string) string, s string) string {
	if s == "" {
		return ""
	}
	return m(s)
}

// valueLabels are the Chinese words of coded values, by field.
var valueLabels = map[string]map[string]string{
	"party.kind": cases.PartyKindLabels, "procedure": cases.ProcedureLabels, "status": cases.StatusLabels,
}

func valueLabel(k, v string) string {
	if l := valueLabels[k][v]; l != "" {
		return l
	}
	if k == "role" && auth.Role(v).Valid() {
		return auth.Role(v).Label()
	}
	return v
}

// diff reads the stored before/after JSON: the object's name, and the
// fields that differ, labelled and masked. Long texts and lists of
// events are summarised rather than dumped.
func diff(before, after string) (string, []change) {
	b, a := flatten(before), flatten(after)
	name := firstOf(a, "name", "title", "display_name", "Name", "Title")
	if name == "" {
		name = firstOf(b, "name", "title", "display_name", "Name", "Title")
	}
	if m := private["party.name"]; name != "" && (a["party.name"] == name) {
		name = m(name)
	}
	keys := map[string]bool{}
	for k := range a {
		keys[k] = true
	}
	for k := range b {
		keys[k] = true
	}
	var out []change
	for _, k := range slices.Sorted(maps.Keys(keys)) {
		if b[k] == a[k] || strings.HasPrefix(k, "events") || strings.HasPrefix(k, "deadlines") || strings.HasPrefix(k, "warnings") ||
			strings.HasSuffix(k, "_at") || k == "updated" {
			continue
		}
		bv, av := valueLabel(k, b[k]), valueLabel(k, a[k])
		if m := private[k]; m != nil {
			bv, av = maskSome(m, bv), maskSome(m, av)
		}
		out = append(out, change{Label: labelOf(k), Before: orDash(short(bv)), After: orDash(short(av))})
	}
	sort.SliceStable(out, func(i, j int) bool { return known(out[i].Label) && !known(out[j].Label) })
	return name, out
}

func known(label string) bool {
	for _, l := range fieldLabels {
		if l == label {
			return true
		}
	}
	return false
}

func labelOf(k string) string {
	if l, ok := fieldLabels[k]; ok {
		return l
	}
	if l, ok := fieldLabels[strings.ToLower(k)]; ok {
		return l
	}
	return k
}

// flatten reads a JSON object into dotted keys one level deep (party.name);
// deeper values and arrays become compact text. Not an object: one "值".
func flatten(s string) map[string]string {
	out := map[string]string{}
	if s == "" {
		return out
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		out["值"] = s
		return out
	}
	for k, v := range m {
		if sub, ok := v.(map[string]any); ok {
			for k2, v2 := range sub {
				out[k+"."+k2] = text(v2)
			}
			continue
		}
		out[k] = text(v)
	}
	return out
}

func text(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case bool:
		if x {
			return "是"
		}
		return "否"
	case float64:
		return fmt.Sprint(x)
	case []any:
		var parts []string
		for _, e := range x {
			parts = append(parts, text(e))
		}
		return strings.Join(parts, "、")
	}
	b, _ := json.Marshal(v)
	return string(b)
}

func firstOf(m map[string]string, keys ...string) string {
	for _, k := range keys {
		if v := m[k]; v != "" {
			return v
		}
	}
	return ""
}

func short(s string) string {
	if r := []rune(s); len(r) > 120 {
		return string(r[:120]) + "…"
	}
	return s
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// sortByLabel orders entity codes by their Chinese label.
func sortByLabel(es []string) {
	sort.Slice(es, func(i, j int) bool { return entityLabel(es[i]) < entityLabel(es[j]) })
}
