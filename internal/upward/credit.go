package upward

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"zfjd/internal/cases"
	"zfjd/internal/store"
)

// creditPenalty is the credit platform's 双公示 行政处罚 record (the field
// list of reference/supervision-models.md §2.3), sent for every change of
// a case decided with a penalty: a later change (a correction, an
// annulment) is sent again with 公示状态 saying whether it stands.
// 处罚有效期 and 公示截止期 are left to the credit platform, whose rules
// (by penalty kind and amount) set them.
type creditPenalty struct{}

// caseContent is a case's canonical content in the record log
// (cases/ledger.go).
type caseContent struct {
	SourceSystem string        `json:"source_system"`
	SourceID     string        `json:"source_id"`
	CaseNo       string        `json:"case_no"`
	Title        string        `json:"title"`
	AgencyCode   string        `json:"agency_code"`
	MatterCode   string        `json:"matter_code"`
	Party        cases.Party   `json:"party"`
	Events       []cases.Event `json:"events"`
}

func (creditPenalty) Label() string { return "信用双公示·行政处罚" }

func (creditPenalty) Wants(kind string, content []byte) bool {
	if kind != "case" {
		return false
	}
	var c caseContent
	return json.Unmarshal(content, &c) == nil && c.decision() != nil
}

// decision is the case's last decision with a penalty, nil without one.
func (c *caseContent) decision() *cases.Event {
	var d *cases.Event
	for i := range c.Events {
		if e := &c.Events[i]; e.Type == "decided" {
			d = nil
			if e.Outcome == "penalty" {
				d = e
			}
		}
	}
	return d
}

func (creditPenalty) Map(ctx context.Context, q store.Querier, _, _ string, content []byte) (any, error) {
	var c caseContent
	if err := json.Unmarshal(content, &c); err != nil {
		return nil, err
	}
	d := c.decision()
	if d == nil {
		return nil, fmt.Errorf("案件 %s/%s 没有处罚决定", c.SourceSystem, c.SourceID)
	}
	agency, matter := lookup(ctx, q, c.AgencyCode, c.MatterCode)
	var kinds, contents, licences []string
	var fine, confiscated int64
	for _, p := range d.Penalties {
		label := cases.PenaltyLabels[p.Kind]
		kinds = append(kinds, label)
		switch p.Kind {
		case "fine":
			fine += p.AmountFen
			contents = append(contents, fmt.Sprintf("%s%s元", label, yuan(p.AmountFen)))
		case "confiscate_income", "confiscate_property":
			confiscated += p.AmountFen
			contents = append(contents, fmt.Sprintf("%s%s元", label, yuan(p.AmountFen)))
		case "suspend_license", "revoke_license":
			licences = append(licences, strings.TrimSpace(label+" "+p.Note))
			contents = append(contents, strings.TrimSpace(label+" "+p.Note))
		default:
			contents = append(contents, strings.TrimSpace(label+" "+p.Note))
		}
	}
	docNo := d.DocNo
	if docNo == "" {
		docNo = c.CaseNo
	}
	rec := map[string]string{
		"行政相对人名称":   c.Party.Name,
		"行政相对人类别":   map[string]string{"org": "法人及非法人组织", "person": "自然人"}[c.Party.Kind],
		"行政处罚决定书文号": docNo,
		"违法行为类型":    matter[0],
		"违法事实":      c.Title,
		"处罚依据":      matter[1],
		"处罚类别":      strings.Join(kinds, "；"),
		"处罚内容":      strings.Join(contents, "；"),
		"罚款金额（万元）":  wan(fine),
		"没收违法所得、没收非法财物的金额（万元）": wan(confiscated),
		"暂扣或吊销证照名称及编号":         strings.Join(licences, "；"),
		"处罚决定日期":               d.At[:min(len(d.At), 10)],
		"处罚机关":                 agency,
		"处罚机关统一社会信用代码":         c.AgencyCode,
		"数据来源单位":               agency,
		"数据来源单位统一社会信用代码":       c.AgencyCode,
		"公示状态":                 standing(c.Events),
		"备注":                   "",
	}
	if c.Party.Kind == "org" {
		rec["行政相对人代码_1（统一社会信用代码）"] = c.Party.IDNumber
	} else {
		rec["证件类型"], rec["证件号码"] = "身份证", c.Party.IDNumber
	}
	return rec, nil
}

// standing is 撤销 once the decision was annulled (处罚法 Art. 48: the
// publication is withdrawn), 公示 otherwise.
func standing(evs []cases.Event) string {
	for _, e := range evs {
		if e.Type == "annulled" {
			return "撤销"
		}
	}
	return "公示"
}

// lookup names the agency and the matter (its name and legal basis).
func lookup(ctx context.Context, q store.Querier, agency, matter string) (string, [2]string) {
	var a string
	var m [2]string
	q.QueryRowContext(ctx, `SELECT name FROM agencies WHERE code = $1`, agency).Scan(&a)
	q.QueryRowContext(ctx, `SELECT name, legal_basis FROM matters WHERE code = $1`, matter).Scan(&m[0], &m[1])
	return a, m
}

// yuan is 分 as 元 with two decimals; wan is 分 as 万元 with up to six.
func yuan(fen int64) string { return fmt.Sprintf("%d.%02d", fen/100, fen%100) }

func wan(fen int64) string {
	s := strings.TrimRight(fmt.Sprintf("%d.%06d", fen/1000000, fen%1000000), "0")
	return strings.TrimSuffix(s, ".")
}
