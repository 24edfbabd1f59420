package caseweb

// 网上办案 (C5): the case list, registration (general procedure, or the
// summary procedure decided on the spot), the case page and the edit form.
// Everything the law says about a case is in package cases; the handlers
// parse the form, call it and show what it answers.

import (
	"context"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/cases"
	"zfjd/internal/evidence"
	"zfjd/internal/registry"
	"zfjd/internal/web/supervisionweb"
	"zfjd/internal/web/webkit"
)

// caseAgencies lists the enforcement agencies p may register cases for.
func (h *Handler) caseAgencies(ctx context.Context, p *auth.Principal) ([]*registry.Agency, error) {
	if p == nil || p.Role != auth.RoleOfficer || p.Agency == "" {
		return nil, nil // cases are registered by the agency's officers
	}
	all, err := registry.AgencyChoices(ctx, h.DB, p)
	if err != nil {
		return nil, err
	}
	var out []*registry.Agency
	for _, a := range all {
		if a.Kind == "enforcement" && a.Code == p.Agency && auth.CanChange(p, auth.KindCase, a.Target()) {
			out = append(out, a)
		}
	}
	return out, nil
}

// ---- registration and edit form ----

type caseFormData struct {
	New      bool
	Step     string // "agency": choose the agency first; "form"
	Case     *cases.Case
	Agencies []*registry.Agency
	Agency   *registry.Agency
	Matters  []*registry.Matter
	Officers []officerChoice
	V        url.Values
	// CanSummary: the role may record the whole on-the-spot procedure.
	CanSummary bool
	SummaryMax map[string]string // party kind → limit in 元
}

// penaltyMatters lists the penalty matters an agency holds (public data).
func (h *Handler) penaltyMatters(ctx context.Context, agency string) ([]*registry.Matter, error) {
	f := &registry.MatterFilter{Agency: agency, Kind: "penalty", Page: registry.Page{Size: 200}}
	var out []*registry.Matter
	for f.Page.Page = 1; ; f.Page.Page++ {
		list, err := registry.ListMatters(ctx, h.DB, nil, f)
		if err != nil {
			return nil, err
		}
		out = append(out, list...)
		if f.Page.Page >= f.Pages() {
			return out, nil
		}
	}
}

// fillCaseForm loads the choices of the form for agency.
func (h *Handler) fillCaseForm(ctx context.Context, p *auth.Principal, d *caseFormData, agency string) error {
	for _, a := range d.Agencies {
		if a.Code == agency {
			d.Agency = a
		}
	}
	if d.Agency == nil {
		d.Step = "agency"
		return nil
	}
	d.Step = "form"
	var err error
	if d.Matters, err = h.penaltyMatters(ctx, agency); err != nil {
		return err
	}
	all, err := h.agencyOfficers(ctx, p, agency)
	if err != nil {
		return err
	}
	d.Officers = validOfficers(all)
	d.CanSummary = p.Role == auth.RoleOfficer // the officers on the spot decide (处罚法 Art. 51, 52)
	d.SummaryMax = map[string]string{"person": registry.FormatYuan(cases.SummaryPersonFen), "org": registry.FormatYuan(cases.SummaryOrgFen)}
	return nil
}

func (h *Handler) renderCaseForm(w http.ResponseWriter, r *http.Request, status int, d *caseFormData, err error) {
	title := "登记案件"
	if !d.New {
		title = "修改案情：" + d.Case.CaseNo
	}
	v := &webkit.View{Title: title, Active: "cases", Data: d}
	if err != nil {
		e := apperr.As(err)
		v.Message, v.Errors = e.Message, apperr.Fields{}
		for k, m := range e.Fields {
			if k == "event" {
				continue // the refusal: it is the message
			}
			if k = caseFieldOf(k); k == "at" && strings.HasPrefix(m, "日期") {
				m = "登记" + m // the form calls the registration's date 登记日期
			}
			v.Errors.Set(k, m)
		}
	}
	h.Render(w, r, status, "case_form", v)
}

// caseFieldOf maps a service error path to the form field. The service
// names the registration's act (and the on-the-spot decision recorded with
// it) "event."; the date and officers are the form's own fields, what only
// a decision has is the summary part's (s_*).
func caseFieldOf(path string) string {
	switch {
	case strings.HasPrefix(path, "event.tier"):
		return "s_tier"
	case strings.HasPrefix(path, "event.penalties"):
		return "s_penalty"
	case strings.HasPrefix(path, "event."):
		return actFieldOf(path)
	case strings.HasPrefix(path, "events[0]."):
		return strings.TrimPrefix(path, "events[0].")
	case strings.HasPrefix(path, "events["):
		return "s_penalty"
	case path == "facts.illegal_income_fen":
		return "facts.illegal_income"
	case path == "facts.case_amount_fen":
		return "facts.case_amount"
	}
	return path
}

func (h *Handler) caseNew(w http.ResponseWriter, r *http.Request) {
	ctx, p := r.Context(), auth.From(r.Context())
	ags, err := h.caseAgencies(ctx, p)
	if err == nil && len(ags) == 0 {
		err = apperr.New(apperr.Forbidden, "您的角色不能登记案件")
	}
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	agency := r.URL.Query().Get("agency")
	if len(ags) == 1 {
		agency = ags[0].Code
	}
	d := &caseFormData{New: true, Agencies: ags, V: url.Values{"at": {todayOf(ctx)}, "procedure": {"general"}, "party.kind": {"person"},
		"agency_code": {agency}}}
	if err := h.fillCaseForm(ctx, p, d, agency); err != nil {
		h.UIError(w, r, err)
		return
	}
	if p.CertNo != "" {
		d.V["officers"] = []string{p.CertNo}
	}
	h.renderCaseForm(w, r, http.StatusOK, d, nil)
}

// triBool reads a 是/否/未知 select.
func triBool(s string) *bool {
	switch s {
	case "1":
		t := true
		return &t
	case "0":
		f := false
		return &f
	}
	return nil
}

// caseFromForm reads title, matter, procedure, party and facts. Input the
// service cannot judge (a number that is not one) is reported by field.
func caseFromForm(v url.Values, f apperr.Fields) *cases.Case {
	c := &cases.Case{Title: strings.TrimSpace(v.Get("title")), MatterCode: v.Get("matter_code"), Procedure: v.Get("procedure"),
		Party: cases.Party{Kind: v.Get("party.kind"), Name: strings.TrimSpace(v.Get("party.name")),
			IDNumber: strings.TrimSpace(v.Get("party.id_number")), Address: strings.TrimSpace(v.Get("party.address")),
			Contact: strings.TrimSpace(v.Get("party.contact"))}}
	if c.Title == "" {
		f.Set("title", "请填写案由")
	}
	if c.MatterCode == "" {
		f.Set("matter_code", "请选择违法行为对应的处罚事项")
	}
	x := &c.Facts
	x.ActDate = strings.TrimSpace(v.Get("facts.act_date"))
	if x.ActDate == "" {
		f.Set("facts.act_date", "请填写违法行为发生日期")
	}
	if end := strings.TrimSpace(v.Get("facts.act_end_date")); end != "" {
		x.ActEndDate = &end
	}
	if age := strings.TrimSpace(v.Get("facts.party_age")); age != "" {
		n, err := strconv.Atoi(age)
		if err != nil {
			f.Set("facts.party_age", "当事人违法时年龄请填写整数")
		}
		x.PartyAge = &n
	}
	x.FirstOffense, x.Corrected = triBool(v.Get("facts.first_offense")), triBool(v.Get("facts.corrected"))
	x.Harm = v.Get("facts.harm")
	x.LifeHealthOrFinancial = v.Get("facts.life_health_or_financial") == "1"
	x.Major, x.Complex = v.Get("facts.major") == "1", v.Get("facts.complex") == "1"
	x.SuspectedCrime = v.Get("facts.suspected_crime") == "1"
	for _, m := range []struct {
		name, label string
		to          *int64
	}{{"facts.illegal_income", "违法所得", &x.IllegalIncomeFen}, {"facts.case_amount", "涉案金额", &x.CaseAmountFen}} {
		if s := strings.TrimSpace(v.Get(m.name)); s != "" {
			fen, ok := registry.ParseYuan(s)
			if !ok {
				f.Set(m.name, m.label+"请填写金额（元，最多两位小数）")
			}
			*m.to = fen
		}
	}
	x.Mitigating, x.Aggravating = v["facts.mitigating"], v["facts.aggravating"]
	x.Description = strings.TrimSpace(v.Get("facts.description"))
	return c
}

// caseToForm is the inverse of caseFromForm, for the edit form.
func caseToForm(c *cases.Case) url.Values {
	b := func(p *bool) string {
		switch {
		case p == nil:
			return ""
		case *p:
			return "1"
		}
		return "0"
	}
	flag := func(x bool) string {
		if x {
			return "1"
		}
		return ""
	}
	x := c.Facts
	v := url.Values{"title": {c.Title}, "matter_code": {c.MatterCode}, "procedure": {c.Procedure}, "agency_code": {c.AgencyCode},
		"party.kind": {c.Party.Kind}, "party.name": {c.Party.Name}, "party.id_number": {c.Party.IDNumber},
		"party.address": {c.Party.Address}, "party.contact": {c.Party.Contact},
		"facts.act_date": {x.ActDate}, "facts.first_offense": {b(x.FirstOffense)}, "facts.corrected": {b(x.Corrected)},
		"facts.harm": {x.Harm}, "facts.life_health_or_financial": {flag(x.LifeHealthOrFinancial)}, "facts.major": {flag(x.Major)},
		"facts.complex": {flag(x.Complex)}, "facts.suspected_crime": {flag(x.SuspectedCrime)},
		"facts.mitigating": x.Mitigating, "facts.aggravating": x.Aggravating, "facts.description": {x.Description}}
	if x.ActEndDate != nil {
		v.Set("facts.act_end_date", *x.ActEndDate)
	}
	if x.PartyAge != nil {
		v.Set("facts.party_age", strconv.Itoa(*x.PartyAge))
	}
	if x.IllegalIncomeFen != 0 {
		v.Set("facts.illegal_income", registry.FormatYuan(x.IllegalIncomeFen))
	}
	if x.CaseAmountFen != 0 {
		v.Set("facts.case_amount", registry.FormatYuan(x.CaseAmountFen))
	}
	return v
}

func (h *Handler) caseCreate(w http.ResponseWriter, r *http.Request) {
	ctx, p := r.Context(), auth.From(r.Context())
	r.ParseForm()
	v := r.PostForm
	ags, err := h.caseAgencies(ctx, p)
	if err == nil && len(ags) == 0 {
		err = apperr.New(apperr.Forbidden, "您的角色不能登记案件")
	}
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	d := &caseFormData{New: true, Agencies: ags, V: v}
	if err := h.fillCaseForm(ctx, p, d, v.Get("agency_code")); err != nil {
		h.UIError(w, r, err)
		return
	}
	f := apperr.Fields{}
	if d.Agency == nil {
		f.Set("agency_code", "请选择执法主体")
		h.renderCaseForm(w, r, http.StatusBadRequest, d, f.Err())
		return
	}
	c := caseFromForm(v, f)
	c.AgencyCode, c.RegionCode = d.Agency.Code, d.Agency.RegionCode
	if c.MatterCode != "" && !slices.ContainsFunc(d.Matters, func(m *registry.Matter) bool { return m.Code == c.MatterCode }) {
		f.Set("matter_code", "请选择本执法主体实施的处罚事项")
	}
	first := cases.Event{At: strings.TrimSpace(v.Get("at")), Officers: v["officers"], Note: strings.TrimSpace(v.Get("note"))}
	if first.At == "" {
		f.Set("at", "请填写登记日期")
	}
	var decision *cases.Event
	if c.Procedure == "summary" {
		decision = summaryDecision(v, c, d, f)
	}
	if err := f.Err(); err != nil {
		h.renderCaseForm(w, r, http.StatusBadRequest, d, err)
		return
	}
	created, err := h.cases.Create(ctx, p, c, first, decision)
	if err != nil {
		h.FormError(w, r, err, func(status int) { h.renderCaseForm(w, r, status, d, err) })
		return
	}
	if decision == nil {
		h.Flash(r, "已登记案件："+created.CaseNo)
	} else {
		h.Flash(r, "已当场作出处罚决定并交付：案件"+created.CaseNo)
	}
	http.Redirect(w, r, "/cases/"+itoa64(created.ID), http.StatusSeeOther)
}

// summaryDecision reads the on-the-spot decision of a summary case from
// the form; the service judges it (Art. 51's limits are the rule
// SUMMARY_OVER_LIMIT, not the page's).
func summaryDecision(v url.Values, c *cases.Case, d *caseFormData, f apperr.Fields) *cases.Event {
	if !d.CanSummary {
		f.Set("procedure", "您的角色无权当场作出处罚决定；简易程序案件须由有决定权限的人员登记")
		return nil
	}
	ev := &cases.Event{Type: "decided", At: strings.TrimSpace(v.Get("at")), Officers: v["officers"], Outcome: "penalty",
		Tier: v.Get("s_tier"), Note: strings.TrimSpace(v.Get("s_note")), DocNo: strings.TrimSpace(v.Get("s_doc_no"))}
	if v.Get("s_warning") == "1" {
		ev.Penalties = append(ev.Penalties, cases.Penalty{Kind: "warning"})
	}
	if s := strings.TrimSpace(v.Get("s_fine")); s != "" {
		fen, ok := registry.ParseYuan(s)
		if !ok || fen <= 0 {
			f.Set("s_fine", "请填写罚款金额（元，最多两位小数）")
		}
		ev.Penalties = append(ev.Penalties, cases.Penalty{Kind: "fine", AmountFen: fen})
	}
	if len(ev.Penalties) == 0 {
		f.Set("s_penalty", "请选择当场处罚：警告或者罚款")
	}
	if ev.Tier == "" {
		f.Set("s_tier", "请选择裁量阶次")
	}
	return ev
}

func (h *Handler) caseEdit(w http.ResponseWriter, r *http.Request) {
	d, err := h.caseEditData(r)
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	d.V = caseToForm(d.Case)
	h.renderCaseForm(w, r, http.StatusOK, d, nil)
}

// caseEditData loads the case and the form's choices, refusing when the
// case cannot be edited by p.
func (h *Handler) caseEditData(r *http.Request) (*caseFormData, error) {
	ctx, p := r.Context(), auth.From(r.Context())
	id, ok := caseID(r)
	if !ok {
		return nil, apperr.NotFoundf("案件")
	}
	c, err := h.cases.Get(ctx, p, id)
	if err != nil {
		return nil, err
	}
	if msg := cases.CanEdit(p, c); msg != "" {
		return nil, apperr.New(apperr.Forbidden, "%s", msg)
	}
	ag, err := registry.GetAgency(ctx, h.DB, p, c.AgencyCode)
	if err != nil {
		return nil, err
	}
	d := &caseFormData{Case: c, Agencies: []*registry.Agency{ag}}
	return d, h.fillCaseForm(ctx, p, d, c.AgencyCode)
}

func (h *Handler) caseUpdate(w http.ResponseWriter, r *http.Request) {
	ctx, p := r.Context(), auth.From(r.Context())
	d, err := h.caseEditData(r)
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	r.ParseForm()
	d.V = r.PostForm
	f := apperr.Fields{}
	in := caseFromForm(d.V, f)
	if in.Procedure == "" {
		in.Procedure = d.Case.Procedure
	}
	if in.MatterCode != "" && !slices.ContainsFunc(d.Matters, func(m *registry.Matter) bool { return m.Code == in.MatterCode }) {
		f.Set("matter_code", "请选择本执法主体实施的处罚事项")
	}
	if err := f.Err(); err != nil {
		h.renderCaseForm(w, r, http.StatusBadRequest, d, err)
		return
	}
	if _, err := h.cases.UpdateCase(ctx, p, d.Case.ID, in); err != nil {
		h.FormError(w, r, err, func(status int) { h.renderCaseForm(w, r, status, d, err) })
		return
	}
	h.Flash(r, "已保存案情")
	http.Redirect(w, r, "/cases/"+itoa64(d.Case.ID), http.StatusSeeOther)
}

// ---- the case page ----

type casePage struct {
	Case      *cases.Case
	facts     caseFacts
	Decision  *cases.Event
	Officers  []officerChoice // valid today: the pickers
	Reviewers []officerChoice // with the 法制审核 qualification
	Hosts     []officerChoice // with the 听证主持人 qualification
	Names     map[string]string
	Timeline  []timelineRow
	Deadlines []deadlineRow
	History   []cases.HistoryItem
	Evidence  []*evidence.Item
	Docs      []docLink
	Acts      []*actForm
	Next      []nextStep   // what may happen next, and who does it
	Waiting   string       // "等待执法部门负责人立案": the first of Next, as one line
	Blocked   []blockedAct // the viewer's own acts not available now, and why
	// EvidenceForm is the standalone 补充证据 form (nil: not allowed).
	EvidenceForm *actForm
	CanEdit      bool
	ReadOnly     string // why no act can be recorded here, or ""
	TopMessage   string
	Discretion   *discretionPanel
	Payment      *paymentView
	Today        string
	// Supervision: the supervision cases opened from this case and the link to open one.
	Supervision template.HTML
}

// paymentView is the fine's state on the page (处罚法 Art. 67, 72).
type paymentView struct {
	FineFen, PaidFen, RestFen, LateFeeFen int64
	Due                                   string
	DaysLate                              int
}

func (h *Handler) caseShow(w http.ResponseWriter, r *http.Request) {
	id, ok := caseID(r)
	if !ok {
		h.UIError(w, r, apperr.NotFoundf("案件"))
		return
	}
	h.caseShowWith(w, r, id, http.StatusOK, nil)
}

// caseShowWith renders the case page; form, when given, is a submitted
// act (or evidence) form to show open with its message and values.
func (h *Handler) caseShowWith(w http.ResponseWriter, r *http.Request, id int64, status int, form *actForm) {
	ctx, p := r.Context(), auth.From(r.Context())
	c, err := h.cases.Get(ctx, p, id)
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	pg, err := h.casePageFor(ctx, p, c)
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	if form != nil {
		form.Page = pg
		placed := false
		if form.Type == "evidence" && pg.EvidenceForm != nil {
			pg.EvidenceForm, placed = form, true
		}
		for i, a := range pg.Acts {
			if a.Type == form.Type {
				pg.Acts[i], placed = form, true
			}
		}
		if !placed {
			pg.TopMessage = form.Message
		}
	}
	title := c.Title
	if title == "" {
		title = "案件"
	}
	pg.Supervision = supervisionweb.Panel(ctx, h.DB, p, supervisionweb.From{Region: c.RegionCode, Agency: c.AgencyCode,
		Source: "other", CaseID: c.ID, Ref: c.CaseNo, Summary: c.CaseNo + " " + title})
	h.Render(w, r, status, "case", &webkit.View{Title: c.CaseNo + " " + title, Active: "cases", Data: pg})
}

func (h *Handler) casePageFor(ctx context.Context, p *auth.Principal, c *cases.Case) (*casePage, error) {
	pg := &casePage{Case: c, facts: factsOf(c), Today: todayOf(ctx)}
	pg.Decision = pg.facts.decision
	all, err := h.agencyOfficers(ctx, p, c.AgencyCode)
	if err != nil {
		return nil, err
	}
	pg.Names = officerNames(all)
	pg.Officers = validOfficers(all)
	for _, o := range pg.Officers {
		if o.LegalReview {
			pg.Reviewers = append(pg.Reviewers, o)
		}
		if o.HearingHost {
			pg.Hosts = append(pg.Hosts, o)
		}
	}
	pg.Timeline = timeline(c, pg.Names)
	pg.Deadlines = deadlines(ctx, c, pg.facts)
	// The 首违 panel: earlier decisions of this case's party that p may open.
	if pg.History, err = cases.PartyHistoryFor(ctx, h.DB.R, p, c); err != nil {
		return nil, err
	}
	if pg.Evidence, err = evidence.List(ctx, h.DB, p, c.ID); err != nil {
		return nil, err
	}
	pg.Docs = caseDocs(c)
	pg.CanEdit = cases.CanEdit(p, c) == ""
	pg.Next, pg.Waiting, pg.Blocked = nextSteps(c, p), waiting(c), blockedFor(c, p)
	switch {
	case c.SourceSystem != cases.SourceZFJD:
		pg.ReadOnly = "该案件由" + c.SourceSystem + "系统报送，只能在来源系统中办理。"
	case c.Status == "archived":
		pg.ReadOnly = "案件已归档。"
	case p == nil || !p.Role.ActsAsOfficer() || p.Agency != c.AgencyCode:
		pg.ReadOnly = "您的角色只能查看案件。"
	case p.CertNo == "":
		pg.ReadOnly = "您的账号未关联执法证件，不能办理案件；请部门管理员在账号中填写执法证号。"
	}
	if !pg.facts.decided() && offers(c, p, "decided") {
		if pg.Discretion, err = h.casePanel(ctx, c, pg.History); err != nil {
			return nil, err
		}
	}
	if pg.facts.penalised() && pg.facts.fine > 0 {
		pv := &paymentView{FineFen: pg.facts.fine, PaidFen: min(pg.facts.paid, pg.facts.fine), Due: c.Deadlines["payment"]}
		pv.RestFen = pv.FineFen - pv.PaidFen
		if days, ok := daysFromToday(ctx, pv.Due); ok && days < 0 && pv.RestFen > 0 {
			pv.DaysLate = -days
			pv.LateFeeFen = cases.LateFee(pv.FineFen, pv.DaysLate)
		}
		pg.Payment = pv
	}
	pg.Acts = actForms(pg, p)
	if c.SourceSystem == cases.SourceZFJD && c.Status != "archived" && evidence.CanAdd(p, c.Target()) {
		pg.EvidenceForm = &actForm{Type: "evidence", Label: "补充证据", Page: pg,
			V: url.Values{"ev_collected_on": {pg.Today}, "officers": pg.facts.team}}
	}
	return pg, nil
}
