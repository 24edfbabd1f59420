package docs

import (
	"fmt"
	"strings"

	"zfjd/internal/cases"
)

// The pages of each document kind (处罚法 Arts. 54–61).

// filing is the 立案审批表 (处罚法 Art. 54 第二款: 符合立案标准的，应当及时立案).
func (d *caseData) filing() Page {
	pg := d.header("filing")
	c := d.c
	filed := d.first("filed")
	source := "本平台登记"
	if c.SourceSystem != cases.SourceZFJD {
		source = "业务系统报送（" + c.SourceSystem + "，编号" + c.SourceID + "）"
	}
	if disc := d.first("discovered"); disc != nil && strings.TrimSpace(disc.Note) != "" {
		source += "；" + strings.TrimSpace(disc.Note)
	}
	act := cnDate(c.Facts.ActDate)
	if c.Facts.ActEndDate != nil && *c.Facts.ActEndDate != "" {
		act += "至" + cnDate(*c.Facts.ActEndDate)
	}
	handlers := filed.Officers
	if len(handlers) == 0 {
		if disc := d.first("discovered"); disc != nil {
			handlers = disc.Officers
		}
	}
	approver := strings.TrimSpace(filed.Actor)
	kindLabel := cases.PartyKindLabels[c.Party.Kind]
	rows := []Row{
		{{Text: "案件来源", Label: true}, {Text: source, Span: 3}},
		{{Text: "案由", Label: true}, {Text: d.caseName(), Span: 3}},
		{{Text: "当事人", Label: true}, {Text: c.Party.Name}, {Text: "当事人类型", Label: true}, {Text: kindLabel}},
		{{Text: d.idLabel(), Label: true}, {Text: c.Party.IDNumber}, {Text: "联系方式", Label: true}, {Text: c.Party.Contact}},
		{{Text: "住所（住址）", Label: true}, {Text: c.Party.Address, Span: 3}},
		{{Text: "违法行为发生时间", Label: true}, {Text: act, Span: 3}},
		{{Text: "简要案情", Label: true}, {Text: strings.Join(d.factsText(), "\n"), Span: 3, Tall: true}},
		{{Text: "涉嫌违反的规定及处罚依据", Label: true}, {Text: d.matter + "。依据：" + d.basis, Span: 3}},
		{{Text: "承办人", Label: true}, {Text: d.officerList(handlers), Span: 3}},
		{{Text: "承办人意见", Label: true}, {Text: "经初步核查，当事人涉嫌" + d.caseName() + "，有证据初步证明涉嫌违法行为发生，属于本机关管辖，" +
			"符合《中华人民共和国行政处罚法》第五十四条第二款规定的立案条件，建议立案调查。", Span: 3, Tall: true}},
		{{Text: "审批意见", Label: true}, {Text: "同意立案。\n审批人：" + approver + "　　" + cnDate(day(filed)), Span: 3, Tall: true}},
		{{Text: "立案日期", Label: true}, {Text: cnDate(day(filed))}, {Text: "案件编号", Label: true}, {Text: c.CaseNo}},
	}
	pg.Blocks = []Block{{Kind: BTable, Rows: rows}}
	if d.agent != "" {
		pg.Blocks = append(pg.Blocks, Block{Kind: BNote, Text: "受委托组织：" + d.agent + "（《中华人民共和国行政处罚法》第二十条）"})
	}
	return pg
}

// notice is the 行政处罚事先告知书 (处罚法 Art. 44, 45, 63, 64(一)).
func (d *caseData) notice() Page {
	pg := d.header("notice")
	n := d.first("notified")
	you := d.you()
	b := []Block{{Kind: BTo, Text: d.c.Party.Name + "："}}
	intro := fmt.Sprintf("本机关于%s对%s%s一案立案调查。经查明：", orBlank(cnDate(d.date("filing"))), you, d.caseName())
	b = append(b, Block{Kind: BPara, Text: intro})
	for _, f := range d.factsText() {
		b = append(b, Block{Kind: BPara, Text: f})
	}
	if items := d.evidenceItems(); len(items) > 0 {
		b = append(b, Block{Kind: BPara, Text: "以上事实，有下列证据证明："}, Block{Kind: BList, Items: items})
	}
	proposed := strings.TrimSpace(n.Note)
	dec := d.first("decided")
	if proposed == "" && dec != nil && dec.Outcome == "penalty" {
		proposed = penaltiesText(dec.Penalties)
	}
	reason := "本机关认为，" + you + "的上述行为属于" + quote(matterAct(d.matter)) + "的违法行为"
	if d.basis != "" {
		reason += "，依据" + d.basis + "的规定"
	}
	if dec != nil && dec.Tier != "" {
		reason += "，" + strings.TrimSuffix(d.discretionText(dec), "。")
	}
	b = append(b, Block{Kind: BPara, Text: reason + "，拟对" + you + "作出如下行政处罚：" + orBlank(proposed) + "。"})
	rights := "根据《中华人民共和国行政处罚法》第四十四条、第四十五条的规定，" + you + "享有陈述、申辩的权利。" +
		you + "如需陈述、申辩，请于收到本告知书之日起" + cnCount(d.statement) + "个工作日内向本机关提出；逾期未提出的，视为放弃陈述、申辩权利。" +
		"本机关不因" + you + "陈述、申辩而给予更重的处罚。"
	b = append(b, Block{Kind: BPara, Text: rights})
	if n.HearingRight != nil && *n.HearingRight {
		b = append(b, Block{Kind: BPara, Text: "根据《中华人民共和国行政处罚法》第六十三条、第六十四条第（一）项的规定，" + you +
			"有权要求举行听证。" + you + "要求听证的，应当在收到本告知书之日起五个工作日内（《中华人民共和国行政处罚法》第八十五条）" +
			"向本机关提出；逾期未提出的，视为放弃听证权利。" + you + "不承担本机关组织听证的费用。"})
	}
	b = append(b, Block{Kind: BPara, Text: "联系人：" + blank + "　联系电话：" + blank + "　地址：" + blank})
	b = append(b, d.sign(day(n)))
	pg.Blocks = b
	return pg
}

// hearing is the 听证通知书 (处罚法 Art. 64).
func (d *caseData) hearing() Page {
	pg := d.header("hearing")
	hn := d.first("hearing_noticed")
	you := d.you()
	when := cnDate(hn.HearingAt)
	if len(hn.HearingAt) == 10 {
		when += "　时　分"
	}
	place := strings.TrimSpace(hn.Note)
	host := ""
	if h := d.first("hearing_held"); h != nil {
		host = d.personName(h.Host)
	}
	intro := "根据" + you
	if req := d.first("hearing_requested"); req != nil {
		intro += "于" + cnDate(day(req))
	}
	intro += "提出的听证申请，本机关定于" + orBlank(when) + "在" + orBlank(place) + "就" + you + d.caseName() +
		"一案举行听证。现将有关事项通知如下："
	items := []string{
		"一、听证主持人：" + orBlank(host) + "。听证由本机关指定的非本案调查人员主持；" + you +
			"认为主持人与本案有直接利害关系的，有权申请回避（《中华人民共和国行政处罚法》第六十四条第（四）项）。",
		"二、除涉及国家秘密、商业秘密或者个人隐私依法予以保密外，听证公开举行（第六十四条第（三）项）。",
		"三、" + you + "可以亲自参加听证，也可以委托一至二人代理（第六十四条第（五）项）；委托代理人的，应当提交载明委托事项和权限的授权委托书。",
		"四、" + you + "及代理人无正当理由拒不出席听证或者未经许可中途退出听证的，视为放弃听证权利，本机关终止听证（第六十四条第（六）项）。",
		"五、举行听证时，调查人员提出" + you + "违法的事实、证据和行政处罚建议，" + you + "可以进行申辩和质证（第六十四条第（七）项）。" +
			"听证笔录应当交" + you + "或者代理人核对无误后签字或者盖章（第六十四条第（八）项）。",
		"六、请携带身份证明、授权委托书及有关证据材料准时参加。" + you + "不承担本机关组织听证的费用（第六十三条第二款）。",
	}
	pg.Blocks = []Block{
		{Kind: BTo, Text: d.c.Party.Name + "："},
		{Kind: BPara, Text: intro},
		{Kind: BList, Items: items},
		{Kind: BPara, Text: "联系人：" + blank + "　联系电话：" + blank},
		d.sign(day(hn)),
		{Kind: BNote, Text: "本通知书应于举行听证的七日前送达（《中华人民共和国行政处罚法》第六十四条第（二）项）。"},
	}
	return pg
}

// decision is the 行政处罚决定书 with every item of 处罚法 Art. 59.
func (d *caseData) decision() Page {
	pg := d.header("decision")
	dec := d.first("decided")
	// Art. 59(一): the party's name and address.
	b := d.partyLines()

	// The procedure so far.
	proc := "当事人" + d.caseName() + "一案，本机关于" + orBlank(cnDate(d.date("filing"))) + "立案调查。"
	if n := d.first("notified"); n != nil {
		proc += "本机关于" + cnDate(day(n)) + "向当事人送达了行政处罚事先告知书，告知拟作出行政处罚的内容及事实、理由、依据，以及依法享有的陈述、申辩"
		if n.HearingRight != nil && *n.HearingRight {
			proc += "、要求听证"
		}
		proc += "的权利。"
	}
	if r := d.first("hearing_requested"); r != nil {
		proc += "当事人于" + cnDate(day(r)) + "提出听证申请"
		if h := d.first("hearing_held"); h != nil {
			proc += "，本机关于" + cnDate(day(h)) + "依法举行了听证"
		}
		proc += "。"
	}
	if r := d.last("legal_review"); r != nil && r.Result == "pass" && day(r) <= day(dec) {
		proc += "本案于" + cnDate(day(r)) + "经法制审核（《中华人民共和国行政处罚法》第五十八条）。"
	}
	if cd := d.first("collective_discussion"); cd != nil {
		proc += "本案于" + cnDate(day(cd)) + "经本机关负责人集体讨论决定（第五十七条第二款）。"
	}
	b = append(b, Block{Kind: BPara, Text: proc + "本案现已调查终结。"})

	// Art. 59(二): the facts and the evidence.
	b = append(b, Block{Kind: BHead, Text: "经查明："})
	for _, f := range d.factsText() {
		b = append(b, Block{Kind: BPara, Text: f})
	}
	if items := d.evidenceItems(); len(items) > 0 {
		b = append(b, Block{Kind: BPara, Text: "上述事实，有下列证据证明："}, Block{Kind: BList, Items: items})
	} else {
		b = append(b, Block{Kind: BPara, Text: "上述事实，有本案案卷所附证据材料证明（证据目录见案卷）。"})
	}

	// Art. 59(三): the kind of penalty and its basis, with the discretion.
	reason := "本机关认为，当事人的上述行为属于" + quote(matterAct(d.matter)) + "的违法行为。"
	b = append(b, Block{Kind: BPara, Text: reason})
	b = append(b, Block{Kind: BPara, Text: d.discretionText(dec)})
	var items []string
	for i, p := range dec.Penalties {
		items = append(items, fmt.Sprintf("%d. %s；", i+1, penaltyText(p)))
	}
	if n := len(items); n > 0 {
		items[n-1] = strings.TrimSuffix(items[n-1], "；") + "。"
	}
	basis := orBlank(d.basis)
	b = append(b, Block{Kind: BPara, Text: "依据" + basis + "的规定，本机关决定对当事人作出如下行政处罚："}, Block{Kind: BList, Items: items})

	// Art. 59(四): manner and deadline of performance (Art. 66, 67, 72).
	var money, other bool
	for _, p := range dec.Penalties {
		switch {
		case p.AmountFen > 0 && (p.Kind == "fine" || p.Kind == "confiscate_income"):
			money = true
		case p.Kind != "warning" && p.Kind != "criticism":
			other = true
		}
	}
	if money {
		b = append(b, Block{Kind: BPara, Text: "当事人应当自收到本决定书之日起十五日内，持本决定书到指定银行或者通过电子支付系统缴纳罚没款" +
			"（《中华人民共和国行政处罚法》第六十七条第三款）。到期不缴纳罚款的，本机关可以每日按罚款数额的百分之三加处罚款，" +
			"加处罚款的数额不得超出罚款的数额，并可以依法申请人民法院强制执行（第七十二条）。当事人确有经济困难，需要延期或者分期缴纳罚款的，" +
			"可以向本机关提出书面申请，经批准后暂缓或者分期缴纳（第六十六条第二款）。"})
	}
	if other {
		b = append(b, Block{Kind: BPara, Text: "当事人应当自收到本决定书之日起履行上述处罚决定；逾期不履行的，本机关将依法强制执行或者申请人民法院强制执行" +
			"（《中华人民共和国行政处罚法》第七十二条）。"})
	}

	// Art. 59(五): remedies (行政复议法 Art. 20 第一款: 60 days; 行政诉讼法
	// Art. 46 第一款: 6 months; 处罚法 Art. 73: no suspension).
	b = append(b, Block{Kind: BPara, Text: "当事人对本处罚决定不服的，可以自收到本决定书之日起六十日内向" + d.reviewOrg +
		"申请行政复议，也可以自收到本决定书之日起六个月内依法向人民法院提起行政诉讼。当事人对行政处罚决定不服，申请行政复议或者提起行政诉讼的，" +
		"行政处罚不停止执行，法律另有规定的除外（《中华人民共和国行政处罚法》第七十三条）。"})
	b = append(b, Block{Kind: BPara, Text: "本决定将依法向社会公开（《中华人民共和国行政处罚法》第四十八条）；与本决定书一并送达的《信用修复告知书》告知信用修复的条件和途径。"})
	// Art. 59(六) and 第二款: agency, date and seal.
	b = append(b, d.sign(day(dec)))
	if d.agent != "" {
		b = append(b, Block{Kind: BNote, Text: "受委托组织：" + d.agent + "（《中华人民共和国行政处罚法》第二十条）"})
	}
	pg.Blocks = b
	return pg
}

// credit is the 信用修复告知书 delivered with the decision (两书同达).
func (d *caseData) credit() Page {
	pg := d.header("credit")
	dec := d.first("decided")
	you := d.you()
	market := d.issuer.domain == "市场监管"
	b := []Block{
		{Kind: BTo, Text: d.c.Party.Name + "："},
		{Kind: BPara, Text: "本机关于" + cnDate(day(dec)) + "对" + you + "作出" + orBlank(d.nos["decision"]) + "《行政处罚决定书》。该行政处罚信息将依法向社会公示。" +
			"根据《失信行为纠正后的信用信息修复管理办法（试行）》（国家发展和改革委员会令2023年第58号）等规定，现将信用修复有关事项告知如下："},
	}
	var items []string
	if market {
		items = append(items, "一、行政处罚信息自公示之日起届满三年的，停止公示；仅受到通报批评或者较低数额罚款的，届满三个月停止公示"+
			"（《市场监督管理行政处罚信息公示规定》第十三条）。")
		items = append(items, "二、公示达到规定时限，且"+you+"已经自觉履行行政处罚决定中规定的义务、已经主动消除危害后果和不良影响、"+
			"未因同一类违法行为再次受到市场监督管理部门行政处罚、未在经营异常名录和严重违法失信名单中的，可以向本机关申请提前停止公示"+
			"（第十四条第一款）。受到责令停产停业、限制开展生产经营活动、限制从业、降低资质等级、吊销许可证件、吊销营业执照等较为严重行政处罚的，"+
			"不得提前停止公示（第十四条第三款）。")
	} else {
		items = append(items, "一、行政处罚信息按照国家规定的期限公示，最短三个月，最长三年；公示期满的，停止公示。")
		items = append(items, "二、最短公示期满后，"+you+"已经自觉履行行政处罚决定中规定的义务、主动消除危害后果和不良影响的，可以申请信用修复；"+
			"受到较为严重行政处罚的，按照有关规定执行。")
	}
	items = append(items,
		"三、申请途径：可以通过“信用中国”网站在线申请，也可以向本机关提出申请，并提交信用修复申请书、守信承诺书以及已履行行政处罚决定、消除不良影响的证明材料。",
		"四、本告知书与行政处罚决定书一并送达。")
	b = append(b, Block{Kind: BList, Items: items}, d.sign(day(dec)))
	pg.Blocks = b
	return pg
}

// receipt is the 送达回证 of the decision (处罚法 Art. 61; 民事诉讼法
// Art. 87: 送达必须有送达回证).
func (d *caseData) receipt() Page {
	pg := d.header("receipt")
	del := d.first("delivered")
	docs := "行政处罚决定书（" + orBlank(d.nos["decision"]) + "）\n信用修复告知书（" + orBlank(d.nos["credit"]) + "）"
	var by []string
	how, when, where := "直接送达", "", d.c.Party.Address
	if del != nil {
		by = del.Officers
		when = cnDate(day(del))
		if n := strings.TrimSpace(del.Note); n != "" {
			how += "（" + n + "）"
		}
	}
	rows := []Row{
		{{Text: "送达文书名称及文号", Label: true}, {Text: docs, Span: 3}},
		{{Text: "受送达人", Label: true}, {Text: d.c.Party.Name, Span: 3}},
		{{Text: "送达地点", Label: true}, {Text: where, Span: 3}},
		{{Text: "送达方式", Label: true}, {Text: how}, {Text: "送达时间", Label: true}, {Text: when}},
		{{Text: "送达人", Label: true}, {Text: d.officerList(by), Span: 3}},
		{{Text: "受送达人签名或者盖章", Label: true}, {Text: "\n\n　　　　年　　月　　日", Span: 3, Tall: true}},
		{{Text: "代收人及代收理由", Label: true}, {Text: "", Span: 3, Tall: true}},
		{{Text: "见证人", Label: true}, {Text: "", Span: 3}},
		{{Text: "备注", Label: true}, {Text: "", Span: 3, Tall: true}},
	}
	pg.Blocks = []Block{{Kind: BTable, Rows: rows}, d.sign(day(del))}
	pg.Blocks[1].Seal = false
	return pg
}

func quote(s string) string { return "“" + s + "”" }
