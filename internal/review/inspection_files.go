package review

import (
	"context"
	"database/sql"
	"encoding/json"
	"strconv"
	"strings"

	"zfjd/internal/inspection"
	"zfjd/internal/store"
)

// Inspection files (行政检查案卷): a campaign covering the kind draws the
// closed inspections its agencies visited in its year (package inspection,
// DOMAIN.md C9) and scores them on an inspection standard. The 检查记录
// are filed and reviewed like the other files (山东省行政执法监督条例 Art.
// 14; 行政执法监督条例 Art. 18: 文书是否规范、证据是否真实完整).

// Rules the review judges from an inspection's own data.
const (
	// RuleRecordMissing: checked in, yet no 现场检查笔录 — no result with
	// what was found, nor a line of the 一张表单.
	RuleRecordMissing = "INSPECTION_RECORD_MISSING"
)

// DefaultInspectionItems is the default inspection-file standard: the
// 基本标准 are what makes an inspection unlawful whatever else it did
// right (清单之外无检查, 未经审批, fewer than two certified officers:
// 国办发〔2024〕54号; 行政处罚法 Art. 42 as 行政检查 applies it; 主体),
// the 卷面 items the file's documents (现场检查笔录, 审批表, signatures),
// the 内容 items the conduct of the visit (检查码 shown on entry, 频次,
// 低效检查, 音像记录, 告知, 问题处理). Items naming a rule are judged by
// the platform from the inspection's findings and data.
var DefaultInspectionItems = []Item{
	{Code: "V1", Layer: LayerVeto, Title: "清单之外检查（检查事项不在本部门涉企行政检查事项清单中）", Rules: []string{inspection.RuleNotListed}},
	{Code: "V2", Layer: LayerVeto, Title: "未经审批实施检查（紧急检查未在3个工作日内补办）", Rules: []string{inspection.RuleNotApproved}},
	{Code: "V3", Layer: LayerVeto, Title: "检查人员少于2人或无执法证件", Rules: []string{inspection.RuleOfficers}},
	{Code: "V4", Layer: LayerVeto, Title: "检查主体不合法或超越职权"},
	{Code: "V5", Layer: LayerVeto, Title: "违反法定程序（不可补正）"},
	{Code: "F1", Layer: LayerForm, Title: "无现场检查笔录或笔录未载明检查情况", Points: 6, Rules: []string{RuleRecordMissing}},
	{Code: "F2", Layer: LayerForm, Title: "审批表、笔录等文书漏项、表述不清", Points: 4},
	{Code: "F3", Layer: LayerForm, Title: "检查对象、事项、时间、依据记载不全", Points: 4},
	{Code: "F4", Layer: LayerForm, Title: "检查人员或被检查对象未签字确认", Points: 3},
	{Code: "F5", Layer: LayerForm, Title: "未一检一卷、卷内目录不规范", Points: 3},
	{Code: "C1", Layer: LayerContent, Title: "入企未出示检查码（未事前报备、未扫码入企）", Points: 15, Rules: []string{inspection.RuleNotReported}},
	{Code: "C2", Layer: LayerContent, Title: "检查频次超过上限", Points: 10, Rules: []string{inspection.RuleFrequency}},
	{Code: "C3", Layer: LayerContent, Title: "低效重复检查", Points: 10, Rules: []string{inspection.RuleIneffective}},
	{Code: "C4", Layer: LayerContent, Title: "现场检查无音像记录", Points: 10, Rules: []string{inspection.RuleAVMissing}},
	{Code: "C5", Layer: LayerContent, Title: "检查内容超出检查事项或检查表单", Points: 10},
	{Code: "C6", Layer: LayerContent, Title: "未出示执法证件、未告知权利义务", Points: 10},
	{Code: "C7", Layer: LayerContent, Title: "发现问题未依法处理或检查结果未告知", Points: 15},
}

// defaultStandard is the name and items of the default standard of kind.
func defaultStandard(kind string) (string, []Item, bool) {
	switch kind {
	case KindPenalty:
		return "行政处罚案卷评查标准", DefaultItems, true
	case KindInspection:
		return "行政检查案卷评查标准", DefaultInspectionItems, true
	}
	return "", nil, false
}

// firstStandard is a campaign's standard_id: its penalty standard, else
// the first kind's.
func firstStandard(stds map[string]int64) int64 {
	if id := stds[KindPenalty]; id != 0 {
		return id
	}
	for _, k := range CaseKinds {
		if id := stds[k.Value]; id != 0 {
			return id
		}
	}
	return 0
}

// loadStandards reads the standard of every kind c covers.
func loadStandards(ctx context.Context, q store.Querier, c *Campaign) (map[string]*Standard, error) {
	out := map[string]*Standard{}
	for _, k := range c.Kinds {
		st, err := LoadStandard(ctx, q, c.Standards[k])
		if err != nil {
			return nil, err
		}
		out[k] = st
	}
	return out, nil
}

// inspectionCandidates are the closed inspections of c's agencies visited
// in its year, with whether a warning fired on each.
func inspectionCandidates(ctx context.Context, q store.Querier, c *Campaign) ([]Candidate, error) {
	w := &store.Where{}
	w.Add("i.status = 'closed'")
	w.Add("i.visit_day >= ? AND i.visit_day < ?", strconv.Itoa(c.Year)+"-01-01", strconv.Itoa(c.Year+1)+"-01-01")
	var in []string
	for _, a := range c.AgencyCodes {
		in = append(in, w.Arg(a))
	}
	w.Add("i.agency_code IN (" + strings.Join(in, ",") + ")")
	rows, err := q.QueryContext(ctx, `SELECT i.id, i.agency_code, EXISTS (SELECT 1 FROM findings f WHERE f.subject_kind = 'inspection'
		AND f.subject_id = i.id) FROM inspections i`+w.SQL()+` ORDER BY i.id`, w.Args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Candidate
	for rows.Next() {
		x := Candidate{Kind: KindInspection}
		if err := rows.Scan(&x.CaseID, &x.Agency, &x.Warning); err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// insertFile writes drawn file d of campaign id, pre-scored on std.
func insertFile(ctx context.Context, tx *sql.Tx, id int64, d Candidate, std *Standard) error {
	if d.kind() == KindInspection {
		found, err := inspectionMachineRules(ctx, tx, d.CaseID)
		if err != nil {
			return err
		}
		pre, _ := json.Marshal(prefillOf(std, found))
		_, err = tx.ExecContext(ctx, `INSERT INTO review_files (campaign_id, case_id, case_kind, inspection_id, agency_code, region_code,
			prefill, status) SELECT $1, -id, 'inspection', id, agency_code, region_code, $3, 'unassigned' FROM inspections WHERE id = $2`,
			id, d.CaseID, string(pre))
		return err
	}
	found, err := machineRules(ctx, tx, d.CaseID)
	if err != nil {
		return err
	}
	pre, _ := json.Marshal(prefillOf(std, found))
	_, err = tx.ExecContext(ctx, `INSERT INTO review_files (campaign_id, case_id, agency_code, region_code, prefill, status)
		SELECT $1, id, agency_code, region_code, $3, 'unassigned' FROM cases WHERE id = $2`, id, d.CaseID, string(pre))
	return err
}

// inspectionMachineRules are the rules that hold on an inspection for the
// review, each with its messages: its findings not cured (a closed-out
// one still counts: the file shows the defect) and the record missing.
func inspectionMachineRules(ctx context.Context, q store.Querier, id int64) (map[string][]string, error) {
	out := map[string][]string{}
	rows, err := q.QueryContext(ctx, `SELECT rule, message FROM findings WHERE subject_kind = 'inspection' AND subject_id = $1
		AND stage <> 'cured' ORDER BY id`, id)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var r, m string
		if err := rows.Scan(&r, &m); err != nil {
			rows.Close()
			return nil, err
		}
		out[r] = append(out[r], m)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	var events, checklist string
	if err := q.QueryRowContext(ctx, `SELECT events, checklist FROM inspections WHERE id = $1`, id).Scan(&events, &checklist); err != nil {
		return nil, err
	}
	var evs []inspection.Event
	var items []inspection.CheckItem
	_ = json.Unmarshal([]byte(events), &evs)
	_ = json.Unmarshal([]byte(checklist), &items)
	if msg := RecordMissing(evs, items); msg != "" {
		out[RuleRecordMissing] = append(out[RuleRecordMissing], msg)
	}
	return out, nil
}

// RecordMissing says what is missing from the 现场检查笔录 of an inspection
// with events evs and checklist items ("" when the record is there): an
// inspection checked in records what it found — a result with its
// summary, or the lines of the 一张表单 (司法部《行政检查文书基本格式文本
// （试行）》现场检查笔录).
func RecordMissing(evs []inspection.Event, items []inspection.CheckItem) string {
	checkedIn, result, summary := false, false, false
	for _, e := range evs {
		switch e.Type {
		case inspection.EvCheckedIn:
			checkedIn = true
		case inspection.EvResult:
			result = true
			summary = summary || strings.TrimSpace(e.Summary) != ""
		}
	}
	switch {
	case !checkedIn:
		return ""
	case !result:
		return "入企检查后无检查结果，未形成现场检查笔录"
	case !summary && len(items) == 0:
		return "检查结果未载明检查情况，也无检查表单记录"
	}
	return ""
}
