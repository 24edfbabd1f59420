package cases

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"zfjd/internal/apperr"
	"zfjd/internal/discretion"
	"zfjd/internal/ident"
	"zfjd/internal/law"
)

// parseWhen reads an event's at: a date (that day in Asia/Shanghai) or an
// RFC 3339 instant with offset.
func parseWhen(s string) (when, error) {
	s = strings.TrimSpace(s)
	if len(s) == 10 {
		d, err := law.ParseDate(s)
		return when{Date: d}, err
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return when{}, err
	}
	return when{Date: law.DateOf(t.In(shanghai)), Instant: &t}, nil
}

var (
	outcomes = []string{"penalty", "no_penalty", "transfer"}
	harms    = []string{"", "none", "slight", "serious"}
)

// normalize checks c as received (API body or UI form) and fills derived
// fields of its events. Every problem is reported at once, by JSON path,
// in Chinese; nothing is written when any is found.
func (c *Case) normalize(today law.Date) error {
	f := apperr.Fields{}
	c.AgencyCode = ident.NormalizeUSCC(c.AgencyCode)
	c.RegionCode = strings.TrimSpace(c.RegionCode)
	c.MatterCode = strings.TrimSpace(c.MatterCode)
	if c.AgencyCode == "" {
		f.Set("agency_code", "请选择执法主体")
	} else if err := ident.ValidateUSCC(c.AgencyCode); err != nil {
		f.Set("agency_code", err.Error())
	}
	if c.RegionCode == "" {
		f.Set("region_code", "请填写案件所属行政区划")
	} else if err := ident.ValidateRegionCode(c.RegionCode); err != nil {
		f.Set("region_code", err.Error())
	}
	if c.MatterCode == "" {
		f.Set("matter_code", "请选择处罚事项")
	}
	if _, ok := ProcedureLabels[c.Procedure]; !ok {
		f.Set("procedure", "程序类型应为 general（普通程序）或 summary（简易程序）")
	}
	c.normalizeParty(f)
	c.normalizeFacts(f, today)
	c.checkText(f) // text.go
	if len(c.Events) > 500 {
		f.Set("events", "办案环节不能超过500个")
	}
	for i := range c.Events {
		c.Events[i].normalize(f, fmt.Sprintf("events[%d]", i), today)
	}
	return f.Err()
}

func (c *Case) normalizeParty(f apperr.Fields) {
	p := &c.Party
	p.Name = strings.TrimSpace(p.Name)
	if p.Name == "" {
		f.Set("party.name", "请填写当事人姓名或名称")
	}
	switch p.Kind {
	case "person":
		p.IDNumber = ident.NormalizeIDCard(p.IDNumber)
		if p.IDNumber != "" {
			if err := ident.ValidateIDCard(p.IDNumber); err != nil {
				f.Set("party.id_number", err.Error())
			}
		}
	case "org":
		p.IDNumber = ident.NormalizeUSCC(p.IDNumber)
		if p.IDNumber != "" {
			if err := ident.ValidateUSCC(p.IDNumber); err != nil {
				f.Set("party.id_number", err.Error())
			}
		}
	default:
		f.Set("party.kind", "当事人类型应为 person（公民）或 org（法人或其他组织）")
	}
}

func (c *Case) normalizeFacts(f apperr.Fields, today law.Date) {
	x := &c.Facts
	var act law.Date
	if x.ActDate != "" {
		d, err := law.ParseDate(x.ActDate)
		if err != nil {
			f.Set("facts.act_date", "违法行为发生日期不是有效日期（YYYY-MM-DD）")
		} else if d.After(today) {
			// A future act date would count the limitation (Art. 36) from it.
			f.Set("facts.act_date", "违法行为发生日期不能晚于今天（"+today.String()+"）")
		}
		act = d
	}
	if x.ActEndDate != nil && *x.ActEndDate == "" {
		x.ActEndDate = nil
	}
	if x.ActEndDate != nil {
		d, err := law.ParseDate(*x.ActEndDate)
		switch {
		case err != nil:
			f.Set("facts.act_end_date", "违法行为终了日期不是有效日期（YYYY-MM-DD）")
		case x.ActDate == "":
			f.Set("facts.act_date", "填写了违法行为终了日期时，请填写违法行为发生日期")
		case act.Valid() && d.Before(act):
			f.Set("facts.act_end_date", "违法行为终了日期不能早于发生日期")
		}
	}
	if x.PartyAge != nil && (*x.PartyAge < 0 || *x.PartyAge > 150) {
		f.Set("facts.party_age", "当事人违法时年龄应在0至150之间")
	}
	if !slices.Contains(harms, x.Harm) {
		f.Set("facts.harm", "危害后果应为 none（无）、slight（轻微）或 serious（严重）")
	}
	if x.IllegalIncomeFen < 0 {
		f.Set("facts.illegal_income_fen", "违法所得不能为负数")
	}
	if x.CaseAmountFen < 0 {
		f.Set("facts.case_amount_fen", "涉案金额不能为负数")
	}
	for _, l := range []struct {
		path  string
		codes []string
		kinds []string
	}{
		{"facts.mitigating", x.Mitigating, []string{discretion.KindExempt, discretion.KindMitigating, discretion.KindMayMitigate}},
		{"facts.aggravating", x.Aggravating, []string{discretion.KindAggravating}},
	} {
		for i, code := range l.codes {
			if ci := discretion.CircumstanceOf(code); ci == nil || !slices.Contains(l.kinds, ci.Kind) {
				f.Set(fmt.Sprintf("%s[%d]", l.path, i), "未知的情节："+code)
			}
		}
	}
}

func (e *Event) normalize(f apperr.Fields, path string, today law.Date) {
	e.Type = strings.TrimSpace(e.Type)
	if !knownEvent(e.Type) {
		f.Set(path+".type", "未知的办案环节："+e.Type)
	}
	w, err := parseWhen(e.At)
	switch {
	case strings.TrimSpace(e.At) == "":
		f.Set(path+".at", "请填写日期")
	case err != nil || !w.Date.Valid():
		f.Set(path+".at", "日期不是有效的日期（YYYY-MM-DD）或时间（RFC 3339，含时区）")
	case w.Date.After(today):
		f.Set(path+".at", "日期不能晚于今天（"+today.String()+"）")
	}
	e.when = w
	e.Officers = distinct(e.Officers)
	e.checkText(f, path) // text.go
	switch e.Type {
	case "legal_review":
		if e.Result != "pass" && e.Result != "fail" {
			f.Set(path+".result", "审核结论应为 pass（通过）或 fail（不通过）")
		}
	case "decided":
		if !slices.Contains(outcomes, e.Outcome) {
			f.Set(path+".outcome", "处理结果应为 penalty（给予行政处罚）、no_penalty（不予行政处罚）或 transfer（移送司法机关）")
		}
		if _, ok := TierLabels[e.Tier]; e.Tier != "" && !ok {
			f.Set(path+".tier", "裁量阶次应为 none（不予处罚）、mitigated（减轻处罚）、lighter（从轻处罚）、ordinary（一般）或 heavier（从重处罚）")
		}
		for k, p := range e.Penalties {
			if _, ok := PenaltyLabels[p.Kind]; !ok {
				f.Set(fmt.Sprintf("%s.penalties[%d].kind", path, k), "未知的处罚种类："+p.Kind)
			}
			if p.AmountFen < 0 {
				f.Set(fmt.Sprintf("%s.penalties[%d].amount_fen", path, k), PenaltyLabels[p.Kind]+"金额不能为负数")
			}
		}
		if e.Outcome == "penalty" && len(e.Penalties) == 0 {
			f.Set(path+".penalties", "给予处罚时至少填写一项处罚")
		}
	case "paid":
		if e.AmountFen != nil && *e.AmountFen < 0 {
			f.Set(path+".amount_fen", "缴纳金额不能为负数")
		}
	case "extension_approved", "seizure_extended":
		if e.Days < 0 || e.Days > 3650 {
			f.Set(path+".days", "延长天数应为0至3650天")
		}
	case "hearing_noticed":
		if e.HearingAt != "" {
			if _, err := parseWhen(e.HearingAt); err != nil {
				f.Set(path+".hearing_at", "听证日期不是有效的日期或时间")
			}
		}
	case "payment_deferred":
		if _, err := law.ParseDate(e.Until); err != nil {
			f.Set(path+".until", "准予缴纳的最后日期不是有效日期（YYYY-MM-DD）")
		}
	case "delivered":
		oneOf(f, path+".method", "送达方式", e.Method, DeliveryMethods)
	case "annulled":
		oneOf(f, path+".kind", "撤销变更类型", e.Kind, AnnulKinds)
	case "closed":
		oneOf(f, path+".reason", "结案原因", e.Reason, CloseReasons)
	case "transfer_receipt":
		oneOf(f, path+".result", "回执结果", e.Result, ReceiptResults)
	case "testing":
		// The period is fixed in advance and told to the party (行政强制法
		// Art. 25 第三款), so its last day may lie ahead; it starts on the
		// event's day unless from says otherwise.
		if e.From == "" && w.Date.Valid() {
			e.From = w.Date.String()
		}
		from, err := law.ParseDate(e.From)
		if err != nil {
			f.Set(path+".from", "检测检验鉴定开始日期不是有效日期（YYYY-MM-DD）")
		}
		if e.To != "" {
			switch to, err2 := law.ParseDate(e.To); {
			case err2 != nil:
				f.Set(path+".to", "检测检验鉴定截止日期不是有效日期（YYYY-MM-DD）")
			case err == nil && to.Before(from):
				f.Set(path+".to", "检测检验鉴定截止日期不能早于开始日期")
			case err == nil && daysBetween(from, to) > 3650:
				f.Set(path+".to", "检测检验鉴定期间不能超过3650天")
			}
		}
	}
}

// oneOf checks an optional coded field, called label on the forms: empty,
// or one of the codes.
func oneOf(f apperr.Fields, path, label, v string, codes map[string]string) {
	if v == "" {
		return
	}
	if _, ok := codes[v]; !ok {
		keys := slices.Sorted(maps.Keys(codes))
		f.Set(path, label+"应为 "+strings.Join(keys, "、")+" 之一")
	}
}
