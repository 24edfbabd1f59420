package docs

import (
	"slices"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/cases"
	"zfjd/internal/discretion"
)

// available reports whether the case has reached the document: the case
// workflow says which acts reach which documents (cases.DocsReached).
func (d *caseData) available(k *KindInfo) error {
	if slices.Contains(cases.DocsReached(d.c), k.Kind) {
		return nil
	}
	if dec := d.first("decided"); dec != nil && dec.Outcome != "penalty" && (k.Kind == "decision" || k.Kind == "credit" || k.Kind == "receipt") {
		return apperr.New(apperr.NotFound, "案件的决定是“%s”，不制作%s", cases.OutcomeLabels[dec.Outcome], k.Title)
	}
	return apperr.New(apperr.NotFound, "案件尚未办理到“%s”，还没有%s", cases.EventLabel(k.Event), k.Title)
}

// Party wording.

func (d *caseData) org() bool { return d.c.Party.Kind == "org" }

// you is how documents address the party: 你单位 / 你.
func (d *caseData) you() string {
	if d.org() {
		return "你单位"
	}
	return "你"
}

func (d *caseData) idLabel() string {
	if d.org() {
		return "统一社会信用代码"
	}
	return "公民身份号码"
}

// caseName is the 案由 as it follows the party's name: "销售超过保质期的食品".
func (d *caseData) caseName() string {
	t := strings.TrimSpace(d.c.Title)
	if t == "" {
		t = matterAct(d.matter)
	}
	return strings.TrimSuffix(t, "案")
}

// officerList names officers with their certificate numbers.
func (d *caseData) officerList(certs []string) string {
	var out []string
	for _, c := range certs {
		c = strings.TrimSpace(c)
		if c == "" {
			continue
		}
		if n := d.officers[c]; n != "" {
			out = append(out, n+"（执法证号"+c+"）")
		} else {
			out = append(out, c)
		}
	}
	return strings.Join(out, "、")
}

// personName names an officer given by certificate number or name.
func (d *caseData) personName(s string) string {
	if n := d.officers[strings.TrimSpace(s)]; n != "" {
		return n
	}
	return strings.TrimSpace(s)
}

// factsText is the 违法事实 as written, or a pointer to the file.
func (d *caseData) factsText() []string {
	var out []string
	for _, l := range strings.Split(d.c.Facts.Description, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	if len(out) == 0 {
		s := "当事人" + d.caseName()
		if a := d.c.Facts.ActDate; a != "" {
			s = "当事人于" + cnDate(a) + d.caseName()
		}
		out = []string{s + "（详细违法事实见案卷）。"}
	}
	return out
}

// evidenceItems lists the evidence: （书证）营业执照复印件，2024年3月5日取得.
func (d *caseData) evidenceItems() []string {
	var out []string
	for _, e := range d.evidence {
		s := e.Title
		if l := evidenceKinds[e.Kind]; l != "" {
			s = "（" + l + "）" + s
		} else if e.Kind != "" {
			s = "（" + e.Kind + "）" + s
		}
		if e.CollectedOn != "" {
			s += "，" + cnDate(e.CollectedOn) + "取得"
		}
		if n := strings.TrimSpace(e.Note); n != "" {
			s += "，" + n
		}
		out = append(out, s+"；")
	}
	if n := len(out); n > 0 {
		out[n-1] = strings.TrimSuffix(out[n-1], "；") + "。"
	}
	return out
}

// discretionText states the discretion applied: the circumstances found
// and the tier (国办发〔2022〕27号: 说明裁量理由), with any deviation.
func (d *caseData) discretionText(dec *cases.Event) string {
	f := d.c.Facts
	var why []string
	if f.FirstOffense != nil && *f.FirstOffense {
		why = append(why, "当事人系初次违法")
	}
	if f.Corrected != nil {
		if *f.Corrected {
			why = append(why, "已及时改正违法行为")
		} else {
			why = append(why, "未改正违法行为")
		}
	}
	if l := cases.HarmLabels[f.Harm]; l != "" {
		why = append(why, l)
	}
	if age := d.c.PartyAge(); d.c.Party.Kind == "person" && age != nil && *age >= 14 && *age < 18 {
		why = append(why, "当事人违法时已满十四周岁不满十八周岁（《中华人民共和国行政处罚法》第三十条）")
	}
	if f.IllegalIncomeFen > 0 {
		why = append(why, "违法所得"+money(f.IllegalIncomeFen))
	}
	for _, code := range slices.Concat(f.Mitigating, f.Aggravating) {
		if ci := discretion.CircumstanceOf(code); ci != nil {
			why = append(why, ci.Label+"（"+ci.Basis+"）")
		} else if code != "" {
			why = append(why, code)
		}
	}
	s := "本机关综合考虑以下情节："
	if len(why) == 0 {
		s = "本机关综合考虑本案违法事实、性质、情节以及社会危害程度"
	} else {
		s += strings.Join(why, "；")
	}
	// "依照裁量基准" only when a benchmark applied to the decision;
	// otherwise the statutory basis (处罚法 Art. 34, 59(三)).
	s += d.tierClause(dec) + "。"
	if dev := dec.DeviationReason; dev != nil && strings.TrimSpace(*dev) != "" {
		s += d.deviationClause(strings.TrimSpace(*dev))
	}
	return s
}

// header starts a page of kind.
func (d *caseData) header(kind string) Page {
	k := KindOf(kind)
	return Page{Agency: d.issuer.name, Title: k.Title, DocNo: d.nos[kind]}
}

// sign is the signature of the issuing agency on date.
func (d *caseData) sign(date string) Block {
	return Block{Kind: BSign, Lines: []string{d.issuer.name, orBlank(cnDate(date))}, Seal: true}
}

func (d *caseData) partyLines() []Block {
	p := d.c.Party
	out := []Block{{Kind: BLine, Text: "当事人：" + p.Name}}
	out = append(out, Block{Kind: BLine, Text: d.idLabel() + "：" + orBlank(p.IDNumber)})
	addr := "住所："
	if !d.org() {
		addr = "住址："
	}
	out = append(out, Block{Kind: BLine, Text: addr + orBlank(p.Address)})
	if p.Contact != "" {
		label := "联系方式："
		if d.org() {
			label = "法定代表人（负责人）及联系方式："
		}
		out = append(out, Block{Kind: BLine, Text: label + p.Contact})
	}
	return out
}
