package supervision

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/docs"
	"zfjd/internal/flow"
	"zfjd/internal/law"
	"zfjd/internal/registry"
	"zfjd/internal/store"
)

// DocKind is one kind of supervision document.
type DocKind struct {
	Kind, Title, Code string // Code: the kind's part of the number (历下司监督意〔2026〕3号); "" = not numbered
}

// DocKinds are the documents of a supervision case (条例 Arts. 22, 26–31).
var DocKinds = []DocKind{
	{"letter", "行政执法监督督办函", "监督督"},
	{"opinion", "行政执法监督意见书", "监督意"},
	{"proposal", "行政执法监督处理建议", "监督建"},
	{"decision", "行政执法监督决定书", "监督决"},
	{"notice", "行政执法监督通报", "监督通"},
	{"talk_record", "约谈记录", ""},
	{"receipt", "送达回证", ""},
}

// DocKindOf returns the kind named k, or nil.
func DocKindOf(k string) *DocKind {
	for i := range DocKinds {
		if DocKinds[i].Kind == k {
			return &DocKinds[i]
		}
	}
	return nil
}

// docOf is the document act a issues ("" = none): 约谈 only for a talk.
func docOf(a Act) string {
	def, ok := Handling.Act(a.Type)
	if !ok || len(def.Docs) == 0 || def.Docs[0] == "receipt" {
		return ""
	}
	if a.Type == "measure" && a.Str("measure") != "talk" {
		return ""
	}
	return def.Docs[0]
}

// number issues the document number of act a: per supervision body (its
// region), kind and year of the act, through the kernel's counter, so two
// writers never share a number and a rolled-back act gives its own back.
func number(ctx context.Context, tx *sql.Tx, c *Case, a Act) (kind, no string, err error) {
	kind = docOf(a)
	k := DocKindOf(kind)
	if k == nil || k.Code == "" {
		return kind, "", nil
	}
	d, err := law.ParseDate(a.At)
	if err != nil {
		return "", "", err
	}
	seq, err := flow.Next(ctx, tx, "supervision/"+c.BodyRegion+"/"+kind, d.Y)
	if err != nil {
		return "", "", err
	}
	name, err := bodyName(ctx, tx, c.BodyRegion)
	if err != nil {
		return "", "", err
	}
	return kind, fmt.Sprintf("%s%s〔%d〕%d号", registry.DefaultDocPrefix(name), k.Code, d.Y, seq), nil
}

// bodyName is the name of the supervision body of region (the first
// supervision agency registered there), or a generic name.
func bodyName(ctx context.Context, q store.Querier, region string) (string, error) {
	var name string
	err := q.QueryRowContext(ctx, `SELECT name FROM agencies WHERE kind = 'supervision' AND region_code = $1 ORDER BY code LIMIT 1`,
		region).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		return "行政执法监督机构", nil
	}
	return name, err
}

// delivers reports whether a document of kind is served on the agency
// with a 送达回证 (its delivery starts a deadline of spec §5).
func delivers(kind string) bool { return kind == "letter" || kind == "opinion" || kind == "decision" }

// documents lists c's printable documents in the order they were issued,
// each delivered one followed by its 送达回证.
func documents(c *Case) []DocRef {
	out := []DocRef{}
	for _, a := range c.Acts {
		if a.DocKind == "" {
			continue
		}
		k := DocKindOf(a.DocKind)
		base := "/supervision-cases/" + strconv.FormatInt(c.ID, 10) + "/docs/" + strconv.FormatInt(a.ID, 10) + "/"
		out = append(out, DocRef{ActID: a.ID, Kind: k.Kind, Title: k.Title, DocNo: a.DocNo, URL: base + k.Kind})
		if delivers(a.DocKind) {
			out = append(out, DocRef{ActID: a.ID, Kind: "receipt", Title: "送达回证（" + k.Title + "）", URL: base + "receipt"})
		}
	}
	return out
}

// Document builds document kind of act actID of case id as p may read it,
// laid out by package docs (A4 HTML and .docx from the same blocks).
func (s *Service) Document(ctx context.Context, p *auth.Principal, id, actID int64, kind string) (*docs.Document, error) {
	c, err := s.Get(ctx, p, id)
	if err != nil {
		return nil, err
	}
	idx := slices.IndexFunc(c.Acts, func(a Act) bool { return a.ID == actID })
	if idx < 0 || c.Acts[idx].DocKind == "" {
		return nil, apperr.NotFoundf("文书")
	}
	a := &c.Acts[idx]
	if kind != a.DocKind && (kind != "receipt" || !delivers(a.DocKind)) {
		return nil, apperr.NotFoundf("文书")
	}
	body, err := bodyName(ctx, s.db.R, c.BodyRegion)
	if err != nil {
		return nil, err
	}
	lim, setIn, err := LimitsSetIn(ctx, s.db.R, c.RegionCode)
	if err != nil {
		return nil, err
	}
	pg := docs.Page{Agency: body, Title: DocKindOf(kind).Title, DocNo: a.DocNo}
	if kind == "receipt" {
		pg.DocNo = ""
		pg.Blocks = receipt(c, idx)
	} else {
		pg.Blocks = bodyOf(c, a, body, limitTexts(lim, setIn))
	}
	return &docs.Document{CaseID: c.ID, Kind: kind, Title: pg.Title, DocNo: pg.DocNo, Pages: []docs.Page{pg}}, nil
}

func cnDate(s string) string {
	d, err := law.ParseDate(s)
	if err != nil {
		return "　　年　　月　　日"
	}
	return fmt.Sprintf("%d年%d月%d日", d.Y, int(d.M), d.D)
}

func paras(note string) []docs.Block {
	var out []docs.Block
	for _, l := range strings.Split(note, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, docs.Block{Kind: docs.BPara, Text: l})
		}
	}
	return out
}

// limitText is how a document states each time limit it sets: the days in
// words and, in brackets, where the limit comes from.
type limitText struct{ Fulfilment, Correction, Execution string }

// limitTexts states lim, in force from region setIn ("" = the defaults:
// 山东省行政执法监督条例 Art. 28 for the opinion, Art. 29 for the decision,
// the opinion's for the letter). The national 条例 says only "在规定时限内"
// (Arts. 27–28), so the document names the days the agency has.
func limitTexts(lim Limits, setIn string) limitText {
	b := [3]string{"参照《山东省行政执法监督条例》第二十八条", "《山东省行政执法监督条例》第二十八条", "《山东省行政执法监督条例》第二十九条"}
	if setIn != "" {
		b = [3]string{"本级行政执法监督机构规定的时限", "本级行政执法监督机构规定的时限", "本级行政执法监督机构规定的时限"}
	}
	return limitText{Fulfilment: CNDays(lim.Fulfilment) + "内（" + b[0] + "）", Correction: CNDays(lim.Correction) + "内（" + b[1] + "）",
		Execution: CNDays(lim.Execution) + "内（" + b[2] + "）"}
}

// CNDays writes n days (1 to 999) as a document does: 三十日, 十五日, 一百二十日.
func CNDays(n int) string {
	digits := []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	var b strings.Builder
	h, t, u := n/100, n/10%10, n%10
	if h > 0 {
		b.WriteString(digits[h] + "百")
	}
	switch {
	case t > 0 && (h > 0 || t > 1):
		b.WriteString(digits[t] + "十")
	case t == 1:
		b.WriteString("十")
	case h > 0 && u > 0:
		b.WriteString("零")
	}
	if u > 0 {
		b.WriteString(digits[u])
	}
	return b.String() + "日"
}

// bodyOf is the text of each numbered document and the 约谈记录, stating
// the region's time limits lt.
func bodyOf(c *Case, a *Act, body string, lt limitText) []docs.Block {
	to := docs.Block{Kind: docs.BTo, Text: c.AgencyName + "："}
	sign := docs.Block{Kind: docs.BSign, Lines: []string{body, cnDate(a.At)}, Seal: true}
	var bl []docs.Block
	switch a.DocKind {
	case "letter":
		bl = append(bl, to, docs.Block{Kind: docs.BPara, Text: "本机构在行政执法监督中发现，你单位对下列事项应当履行而未履行行政执法职责（监督事项：" + c.Summary + "）："})
		bl = append(bl, paras(a.Note)...)
		bl = append(bl, docs.Block{Kind: docs.BPara, Text: "依照《行政执法监督条例》第二十七条的规定，请你单位依法履行职责，并自收到本督办函之日起" +
			lt.Fulfilment + "向本机构报送履职情况。对本督办函有异议的，可以向本机构提出并说明理由（《行政执法监督条例》第三十条）。"})
	case "opinion":
		bl = append(bl, to, docs.Block{Kind: docs.BPara, Text: "本机构对你单位的行政执法工作进行了监督（监督事项：" + c.Summary + "），查明以下问题："})
		bl = append(bl, paras(a.Note)...)
		bl = append(bl, docs.Block{Kind: docs.BPara, Text: "上述行为违法或者明显不当。依照《行政执法监督条例》第二十八条的规定，" +
			"请你单位自收到本意见书之日起" + lt.Correction + "自行纠正，并向本机构报送纠正情况。对本意见书有异议的，可以向本机构提出并说明理由（《行政执法监督条例》第三十条）。"})
	case "proposal":
		bl = append(bl, docs.Block{Kind: docs.BTo, Text: "本级人民政府："},
			docs.Block{Kind: docs.BPara, Text: "本机构在对" + c.AgencyName + "的行政执法监督中（监督事项：" + c.Summary + "），依照《行政执法监督条例》第二十九条，提出处理建议如下："})
		bl = append(bl, paras(a.Note)...)
		bl = append(bl, docs.Block{Kind: docs.BPara, Text: "妥否，请决定。"})
	case "decision":
		bl = append(bl, to, docs.Block{Kind: docs.BPara, Text: "经本级人民政府决定（监督事项：" + c.Summary + "），依照《行政执法监督条例》第二十九条、《山东省行政执法监督条例》第二十九条" +
			DecisionBasis[a.Str("kind")] + "，作出如下决定：" + Label(DecisionKinds, a.Str("kind")) + "。"})
		bl = append(bl, paras(a.Note)...)
		bl = append(bl, docs.Block{Kind: docs.BPara, Text: "请你单位自收到本决定书之日起" + lt.Execution + "向本机构报告执行情况。"})
	case "notice":
		bl = append(bl, docs.Block{Kind: docs.BLine, Text: "通报范围：" + Label(NoticeScopes, a.Str("scope"))},
			docs.Block{Kind: docs.BPara, Text: "关于" + c.AgencyName + "行政执法问题的通报（《行政执法监督条例》第三十一条）："})
		bl = append(bl, paras(a.Note)...)
	case "talk_record":
		sup, _ := a.Data["supervisors"].([]any)
		certs, _ := a.Data["supervisor_certs"].([]any)
		var names []string
		for i, x := range sup {
			n := fmt.Sprint(x)
			if i < len(certs) {
				n += "（行政执法监督证号 " + fmt.Sprint(certs[i]) + "）"
			}
			names = append(names, n)
		}
		bl = append(bl, docs.Block{Kind: docs.BTable, Rows: []docs.Row{
			{{Text: "约谈时间", Label: true}, {Text: cnDate(a.At)}, {Text: "被约谈单位", Label: true}, {Text: c.AgencyName}},
			{{Text: "监督人员", Label: true}, {Text: strings.Join(names, "、"), Span: 3}},
			{{Text: "约谈事项", Label: true}, {Text: c.Summary, Span: 3}},
			{{Text: "约谈情况", Label: true}, {Text: a.Note, Span: 3, Tall: true}},
			{{Text: "被约谈人签名", Label: true}, {Text: "", Span: 3, Tall: true}},
		}}, docs.Block{Kind: docs.BNote, Text: "依据：《行政执法监督条例》第二十二条第（五）项、《山东省行政执法监督条例》第二十六条；监督人员不得少于两人并出示行政执法监督证件（《山东省行政执法监督条例》第二十二条）。"})
		return bl
	}
	return append(bl, sign)
}

// DecisionBasis is, per kind of 监督决定书, the article of 山东省行政执法
// 监督条例 that says when it is made: 责令履行 Art. 30 (不履行或者拖延履行),
// 补正或者改正 Art. 31, 撤销 Art. 32, 确认违法 Art. 33, 确认无效 Art. 34.
var DecisionBasis = map[string]string{"perform": "、第三十条", "correct": "、第三十一条", "revoke": "、第三十二条",
	"confirm_illegal": "、第三十三条", "confirm_invalid": "、第三十四条"}

// receipt is the 送达回证 of a letter, opinion or decision.
func receipt(c *Case, i int) []docs.Block {
	a := &c.Acts[i]
	on, _ := deliveredOn(c.Acts, i)
	when := ""
	if on != (law.Date{}) {
		when = cnDate(on.String())
	}
	return []docs.Block{{Kind: docs.BTable, Rows: []docs.Row{
		{{Text: "送达文书名称及文号", Label: true}, {Text: DocKindOf(a.DocKind).Title + "（" + a.DocNo + "）", Span: 3}},
		{{Text: "受送达单位", Label: true}, {Text: c.AgencyName, Span: 3}},
		{{Text: "送达方式", Label: true}, {Text: "直接送达"}, {Text: "送达时间", Label: true}, {Text: when}},
		{{Text: "受送达人签名或者盖章", Label: true}, {Text: "\n\n　　　　年　　月　　日", Span: 3, Tall: true}},
		{{Text: "送达人", Label: true}, {Text: a.ActorName, Span: 3}},
		{{Text: "备注", Label: true}, {Text: "", Span: 3, Tall: true}},
	}}}
}
