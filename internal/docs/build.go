package docs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/cases"
	"zfjd/internal/clock"
	"zfjd/internal/discretion"
	"zfjd/internal/registry"
	"zfjd/internal/store"
)

// Evidence is one item of evidence as documents list it (处罚法 Art. 46, 59(二)).
type Evidence struct {
	Kind        string // documentary, physical, … (Art. 46), or a label
	Title       string
	CollectedOn string
	Note        string
}

// Options tune Render.
type Options struct {
	// Evidence to list on the decision and notice; nil reads the case's
	// items from the evidence table when the database has one.
	Evidence []Evidence
}

// Render builds the document kind of case id as p sees it. The case must
// be visible to p; a document the case has not reached yet (per the case
// workflow, cases.DocsReached) is not found. Render only reads: a document
// shows the numbers issued so far (or a blank); Issue gives them.
func Render(ctx context.Context, svc *cases.Service, p *auth.Principal, caseID int64, kind string, opt *Options) (*Document, error) {
	k, c, d, err := load(ctx, svc, p, caseID, kind, opt)
	if err != nil {
		return nil, err
	}
	issued, err := IssuedFor(ctx, svc.DB().R, c.ID)
	if err != nil {
		return nil, err
	}
	for _, kk := range companions(k.Kind) {
		if no := d.sourceNo(kk); no != "" {
			d.nos[kk] = no
		} else {
			d.nos[kk] = issued[kk].DocNo
		}
	}
	return d.build(ctx, k), nil
}

// Issue numbers the document kind of case id (and the documents issued
// with it: 决定书 and 信用修复告知书 together, 两书同达) the first time, by
// an explicit act of the case agency's officer or head (POST), and returns
// the document. A number once given is never given again.
func Issue(ctx context.Context, svc *cases.Service, p *auth.Principal, caseID int64, kind string, opt *Options) (*Document, error) {
	k, c, d, err := load(ctx, svc, p, caseID, kind, opt)
	if err != nil {
		return nil, err
	}
	if !CanIssue(p, c) {
		return nil, apperr.New(apperr.Forbidden, "只有本执法主体的执法人员和负责人可以为文书编号")
	}
	for _, kk := range companions(k.Kind) {
		if no := d.sourceNo(kk); no != "" {
			d.nos[kk] = no // numbered by the source system
			continue
		}
		no, err := issue(ctx, svc.DB(), p, c.ID, c.RegionCode, d.issuer.code, kk, yearOf(ctx, d.date(kk)))
		if err != nil {
			return nil, err
		}
		d.nos[kk] = no
	}
	return d.build(ctx, k), nil
}

// CanIssue reports whether p may number the documents of c: the case
// agency's officers and head, or the agency's own case system (an
// integration token bound to that agency) — never another agency's or a
// region-wide token.
func CanIssue(p *auth.Principal, c *cases.Case) bool {
	if p == nil || p.Agency != c.AgencyCode || !auth.CanChange(p, auth.KindCase, c.Target()) {
		return false
	}
	return p.Role == auth.RoleOfficer || p.Role == auth.RoleHead || p.Role == auth.RoleIntegration
}

func load(ctx context.Context, svc *cases.Service, p *auth.Principal, caseID int64, kind string, opt *Options) (*KindInfo, *cases.Case, *caseData, error) {
	k := KindOf(kind)
	if k == nil {
		return nil, nil, nil, errUnknownKind(kind)
	}
	c, err := svc.Get(ctx, p, caseID)
	if err != nil {
		return nil, nil, nil, err
	}
	d, err := gather(ctx, svc.DB(), c, opt)
	if err != nil {
		return nil, nil, nil, err
	}
	if err := d.available(k); err != nil {
		return nil, nil, nil, err
	}
	return k, c, d, nil
}

// companions are the documents numbered with kind.
func companions(kind string) []string {
	if kind == "decision" || kind == "credit" || kind == "receipt" {
		return []string{"decision", "credit", kind}
	}
	return []string{kind}
}

// sourceNo is the number a source system gave the document on its event.
func (d *caseData) sourceNo(kind string) string {
	if kind == "credit" {
		return ""
	}
	if ev := d.first(KindOf(kind).Event); ev != nil {
		return strings.TrimSpace(ev.DocNo)
	}
	return ""
}

func (d *caseData) build(ctx context.Context, k *KindInfo) *Document {
	c := d.c
	doc := &Document{CaseID: c.ID, Kind: k.Kind, Title: k.Title, at: clock.Now(ctx)}
	switch k.Kind {
	case "filing":
		doc.Pages = []Page{d.filing()}
	case "notice":
		doc.Pages = []Page{d.notice()}
	case "hearing":
		doc.Pages = []Page{d.hearing()}
	case "decision":
		doc.Pages = []Page{d.decision(), d.credit()}
	case "credit":
		doc.Pages = []Page{d.credit()}
	case "receipt":
		doc.Pages = []Page{d.receipt()}
	}
	doc.DocNo = doc.Pages[0].DocNo
	return doc
}

// Availability lists, for a case, the kinds it has reached (for links on
// the case page).
func Availability(c *cases.Case) []KindInfo {
	d := &caseData{c: c}
	var out []KindInfo
	for _, k := range Kinds {
		if d.available(&k) == nil {
			out = append(out, k)
		}
	}
	return out
}

// agencyInfo is the issuing agency.
type agencyInfo struct {
	code, name, region, domain string
}

// caseData is everything a document of one case reads.
type caseData struct {
	c         *cases.Case
	issuer    agencyInfo
	agent     string            // 受委托组织 acting in the issuer's name (处罚法 Art. 20), or ""
	matter    string            // matter name
	basis     string            // matter legal basis
	officers  map[string]string // cert no → name
	evidence  []Evidence
	reviewOrg string            // 行政复议机关
	nos       map[string]string // kind → document number ("" = not numbered)
	statement int               // the issuer's 陈述申辩 period in working days (cases.AgencyRules)

	discretion discretionBasis // what the decision's discretion followed (discretion_basis.go)
}

func gather(ctx context.Context, db *store.DB, c *cases.Case, opt *Options) (*caseData, error) {
	d := &caseData{c: c, officers: map[string]string{}, nos: map[string]string{}}
	var subject, parent string
	err := db.R.QueryRowContext(ctx, `SELECT code, name, region_code, domain, subject_type, parent_code FROM agencies WHERE code = $1`,
		c.AgencyCode).Scan(&d.issuer.code, &d.issuer.name, &d.issuer.region, &d.issuer.domain, &subject, &parent)
	if errors.Is(err, sql.ErrNoRows) {
		d.issuer = agencyInfo{code: c.AgencyCode, name: c.AgencyName, region: c.RegionCode}
	} else if err != nil {
		return nil, err
	}
	// A 受委托组织 acts in the name of the agency that entrusted it
	// (处罚法 Art. 20 第三款), so its documents are that agency's.
	if subject == "entrusted" && parent != "" {
		var p agencyInfo
		err := db.R.QueryRowContext(ctx, `SELECT code, name, region_code, domain FROM agencies WHERE code = $1`, parent).
			Scan(&p.code, &p.name, &p.region, &p.domain)
		if err == nil {
			d.agent, d.issuer = d.issuer.name, p
		} else if !errors.Is(err, sql.ErrNoRows) {
			return nil, err
		}
	}
	err = db.R.QueryRowContext(ctx, `SELECT name, legal_basis FROM matters WHERE code = $1`, c.MatterCode).Scan(&d.matter, &d.basis)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	if d.matter == "" {
		d.matter = c.MatterName
	}
	if err := d.loadOfficers(ctx, db.R); err != nil {
		return nil, err
	}
	if err := d.loadDiscretionBasis(ctx, db.R); err != nil {
		return nil, err
	}
	if opt != nil && opt.Evidence != nil {
		d.evidence = opt.Evidence
	} else if d.evidence, err = loadEvidence(ctx, db, c.ID); err != nil {
		return nil, err
	}
	d.reviewOrg = reviewOrgan(ctx, db, d.issuer.region)
	// The notice states the period the rules count (NOTICE_MISSING): the
	// case agency's own, five working days unless it set another.
	rules, err := cases.GetAgencyRules(ctx, db.R, c.AgencyCode)
	if err != nil {
		return nil, err
	}
	d.statement = *rules.StatementDays
	return d, nil
}

func (d *caseData) loadOfficers(ctx context.Context, q store.Querier) error {
	var certs []string
	for _, e := range d.c.Events {
		certs = append(certs, e.Officers...)
		certs = append(certs, e.Host, e.Reviewer)
	}
	w := &store.Where{}
	var ph []string
	for _, s := range certs {
		if s = strings.TrimSpace(s); s != "" && len(ph) < 500 {
			ph = append(ph, w.Arg(s))
		}
	}
	if len(ph) == 0 {
		return nil
	}
	rows, err := q.QueryContext(ctx, `SELECT cert_no, name FROM officers WHERE cert_no IN (`+strings.Join(ph, ",")+`)`, w.Args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var no, name string
		if err := rows.Scan(&no, &name); err != nil {
			return err
		}
		d.officers[no] = name
	}
	return rows.Err()
}

// evidenceKinds are the kinds of evidence of 处罚法 Art. 46 as the evidence
// table codes them.
var evidenceKinds = map[string]string{
	"documentary": "书证", "physical": "物证", "audiovisual": "视听资料", "electronic": "电子数据", "witness": "证人证言",
	"party_statement": "当事人的陈述", "expert_opinion": "鉴定意见", "inspection_record": "勘验笔录", "scene_record": "现场笔录",
}

// loadEvidence reads the case's evidence items if the database has an
// evidence table (C5 evidence is optional for documents: without it the
// decision says where the evidence is).
func loadEvidence(ctx context.Context, db *store.DB, caseID int64) ([]Evidence, error) {
	var n int
	q := `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'evidence'`
	if db.Dialect == store.Postgres {
		q = `SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'evidence'`
	}
	if err := db.R.QueryRowContext(ctx, q).Scan(&n); err != nil || n == 0 {
		return nil, err
	}
	rows, err := db.R.QueryContext(ctx, `SELECT kind, title, collected_on, note FROM evidence WHERE case_id = $1 ORDER BY collected_on, id`, caseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Evidence
	for rows.Next() {
		var e Evidence
		if err := rows.Scan(&e.Kind, &e.Title, &e.CollectedOn, &e.Note); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// reviewOrgan names the 行政复议机关 of a local department: since the 2023
// revision, the people's government at its level (行政复议法 Art. 24 第一款
// 第（一）项). Vertically led bodies (海关、金融、外汇、税务、国家安全,
// Art. 27) are not among the demo's agencies and would need their superior
// department; a township's department answers to the county.
func reviewOrgan(ctx context.Context, db *store.DB, region string) string {
	path := registry.RegionPath(ctx, db, region)
	var names []string
	for _, r := range path {
		if r.Level >= 2 && r.Level <= 3 {
			names = append(names, r.Name)
		}
	}
	if len(names) == 0 && len(path) > 0 {
		names = []string{path[0].Name}
	}
	if len(names) == 0 {
		return "本级人民政府"
	}
	return strings.Join(names, "") + "人民政府"
}

// first returns the earliest event of type t, or nil.
func (d *caseData) first(t string) *cases.Event {
	var out *cases.Event
	for i := range d.c.Events {
		e := &d.c.Events[i]
		if e.Type == t && (out == nil || e.At < out.At) {
			out = e
		}
	}
	return out
}

// last returns the latest event of type t, or nil.
func (d *caseData) last(t string) *cases.Event {
	var out *cases.Event
	for i := range d.c.Events {
		e := &d.c.Events[i]
		if e.Type == t && (out == nil || e.At >= out.At) {
			out = e
		}
	}
	return out
}

func day(e *cases.Event) string {
	if e == nil || len(e.At) < 10 {
		return ""
	}
	return e.At[:10]
}

// date is the date a document of kind bears.
func (d *caseData) date(kind string) string {
	return day(d.first(KindOf(kind).Event))
}

func yearOf(ctx context.Context, day string) int {
	y := 0
	if len(day) >= 4 {
		fmt.Sscanf(day[:4], "%d", &y)
	}
	if y == 0 {
		y = clock.Today(ctx).Y
	}
	return y
}

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
