package registryweb

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/cases"
	"zfjd/internal/registry"
	"zfjd/internal/web/webkit"
)

type agencyListData struct {
	Agencies []*registry.Agency
	Filter   *registry.AgencyFilter
	Cards    map[string]cardView // 红黄牌 by agency code (cards.go)
}

func (h *Handler) agencyList(w http.ResponseWriter, r *http.Request) {
	f := agencyFilterOf(r.URL.Query())
	list, err := registry.ListAgencies(r.Context(), h.DB, auth.From(r.Context()), f)
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	h.Render(w, r, http.StatusOK, "agencies", &webkit.View{Title: "执法主体与监督机构", Active: "agencies", Data: agencyListData{list, f, h.agencyCards(r, list)}})
}

type agencyShowData struct {
	Agency   *registry.Agency
	Officers []*registry.Officer
	OF       *registry.OfficerFilter
	Matters  int
	Rules    *cases.AgencyRules // as stored
	CanRules bool
	// The settings form: its values (stored, or as submitted after a
	// refusal, then shown open) and the penalty kinds it offers for
	// 其他较重的行政处罚.
	Form         rulesForm
	HearingKinds []registry.Option
	Card         *cardView // 红黄牌 (cards.go)
}

// KindLabels are the labels of the stored 其他较重的行政处罚 kinds.
func (d *agencyShowData) KindLabels() []string {
	var out []string
	if d.Rules.HearingKinds != nil {
		for _, k := range *d.Rules.HearingKinds {
			out = append(out, registry.LabelOf(d.HearingKinds, k))
		}
	}
	return out
}

// rulesForm is the case-rules form as the page shows it.
type rulesForm struct {
	Open                                  bool
	ReviewMatters                         string
	ReviewFine, HearingPerson, HearingOrg string // 元
	StatementDays                         string
	KindsSet                              bool // the agency has said which kinds (an empty list: none)
	Kinds                                 []string
}

func formOfRules(r *cases.AgencyRules) rulesForm {
	yuan := func(fen int64) string {
		if fen == 0 {
			return ""
		}
		return registry.FormatYuan(fen)
	}
	f := rulesForm{ReviewMatters: strings.Join(r.ReviewMatters, ","), ReviewFine: yuan(r.ReviewFineFen),
		HearingPerson: yuan(r.HearingPersonFen), HearingOrg: yuan(r.HearingOrgFen)}
	if r.StatementDays != nil {
		f.StatementDays = strconv.Itoa(*r.StatementDays)
	}
	if r.HearingKinds != nil {
		f.KindsSet, f.Kinds = true, *r.HearingKinds
	}
	return f
}

// agencyPage gathers the agency page of code for p.
func (h *Handler) agencyPage(ctx context.Context, p *auth.Principal, code string) (*agencyShowData, error) {
	a, err := registry.GetAgency(ctx, h.DB, p, code)
	if err != nil {
		return nil, err
	}
	of := &registry.OfficerFilter{Agency: a.Code, Page: registry.Page{Size: 10}}
	officers, err := registry.ListOfficers(ctx, h.DB, p, of)
	if err != nil {
		return nil, err
	}
	mf := &registry.MatterFilter{Agency: a.Code, Page: registry.Page{Size: 1}}
	if _, err := registry.ListMatters(ctx, h.DB, p, mf); err != nil {
		return nil, err
	}
	rules, err := cases.GetAgencyRules(ctx, h.DB.R, a.Code)
	if err != nil {
		return nil, err
	}
	d := &agencyShowData{Agency: a, Officers: officers, OF: of, Matters: mf.Total, Rules: rules,
		CanRules: a.Kind == "enforcement" && auth.CanChange(p, auth.KindBenchmark, a.Target()), Form: formOfRules(rules)}
	for _, k := range cases.HearingKindChoices() {
		d.HearingKinds = append(d.HearingKinds, registry.Option{Value: k, Label: cases.PenaltyLabels[k]})
	}
	return d, nil
}

func (h *Handler) agencyShow(w http.ResponseWriter, r *http.Request) {
	d, err := h.agencyPage(r.Context(), auth.From(r.Context()), r.PathValue("code"))
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	d.Card = h.agencyCard(r, d.Agency)
	h.Render(w, r, http.StatusOK, "agency", &webkit.View{Title: d.Agency.Name, Active: "agencies", Data: d})
}

// agencyCaseRules saves the agency's case settings the rules read: the
// legal-review list (处罚法 Art. 58(四)), the 较大数额 and the other kinds
// with a hearing right (Art. 63), and the 陈述申辩 period (Art. 44, 45). A
// refusal shows the page again with the form open and the messages at
// their fields.
func (h *Handler) agencyCaseRules(w http.ResponseWriter, r *http.Request) {
	ctx, p := r.Context(), auth.From(r.Context())
	d, err := h.agencyPage(ctx, p, r.PathValue("code"))
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	a := d.Agency
	r.ParseForm()
	form := rulesForm{Open: true, ReviewMatters: r.PostForm.Get("review_matters"), ReviewFine: r.PostForm.Get("review_fine_fen"),
		HearingPerson: r.PostForm.Get("hearing_person_fen"), HearingOrg: r.PostForm.Get("hearing_org_fen"),
		StatementDays: strings.TrimSpace(r.PostForm.Get("statement_days")), Kinds: r.PostForm["hearing_kinds"]}
	form.KindsSet = r.PostForm.Get("hearing_kinds_set") == "1" || len(form.Kinds) > 0
	f := apperr.Fields{}
	yuan := func(name, v string) int64 {
		v = strings.TrimSpace(v)
		if v == "" {
			return 0
		}
		n, ok := registry.ParseYuan(v)
		if !ok {
			f.Set(name, "金额格式不正确（元，最多两位小数）")
		}
		return n
	}
	rules := &cases.AgencyRules{AgencyCode: a.Code, ReviewMatters: cases.ParseCodes(form.ReviewMatters),
		ReviewFineFen: yuan("review_fine_fen", form.ReviewFine), HearingPersonFen: yuan("hearing_person_fen", form.HearingPerson),
		HearingOrgFen: yuan("hearing_org_fen", form.HearingOrg)}
	if form.StatementDays != "" { // empty keeps the stored period
		n, err := strconv.Atoi(form.StatementDays)
		if err != nil {
			f.Set("statement_days", "请填写工作日天数（整数）")
		}
		rules.StatementDays = &n
	}
	if form.KindsSet { // not yet said and left so: nil keeps it unsaid
		kinds := append([]string{}, form.Kinds...)
		rules.HearingKinds = &kinds
	}
	err = f.Err()
	if err == nil {
		err = cases.PutAgencyRules(ctx, h.DB, p, a.Target(), rules)
	}
	if err != nil {
		e := apperr.As(err)
		if e.Code != apperr.Invalid {
			h.UIError(w, r, err)
			return
		}
		d.Form = form
		v := &webkit.View{Title: a.Name, Active: "agencies", Data: d, Message: e.Message, Errors: apperr.Fields{}}
		for k, m := range e.Fields {
			if i := strings.IndexByte(k, '['); i > 0 { // hearing_kinds[0]
				k = k[:i]
			}
			v.Errors.Set(k, m)
		}
		h.Render(w, r, webkit.HTTPStatus(e.Code), "agency", v)
		return
	}
	h.Flash(r, "已保存办案规则设置（法制审核目录、听证标准、陈述申辩期）")
	http.Redirect(w, r, "/agencies/"+a.Code, http.StatusSeeOther)
}

type agencyFormData struct {
	Agency *registry.Agency
	New    bool
}

func agencyFromForm(f url.Values) *registry.Agency {
	return &registry.Agency{
		Code: f.Get("code"), Name: f.Get("name"), Kind: f.Get("kind"), SubjectType: f.Get("subject_type"),
		RegionCode: strings.TrimSpace(f.Get("region_code")), Domain: f.Get("domain"), ParentCode: f.Get("parent_code"),
		LegalBasis: f.Get("legal_basis"), Status: f.Get("status"), AnnouncedOn: f.Get("announced_on"),
		PublicityDays: webkit.Atoi(f.Get("publicity_days")),
	}
}

func (h *Handler) agencyForm(w http.ResponseWriter, r *http.Request, status int, d agencyFormData, err error) {
	v := &webkit.View{Title: "新增机关", Active: "agencies", Data: d}
	if !d.New {
		v.Title = "修改：" + d.Agency.Name
	}
	if err != nil {
		e := apperr.As(err)
		v.Errors, v.Message = e.Fields, e.Message
	}
	h.Render(w, r, status, "agency_form", v)
}

func (h *Handler) agencyNew(w http.ResponseWriter, r *http.Request) {
	p := auth.From(r.Context())
	if !auth.MayChange(p, auth.KindAgency) {
		h.UIError(w, r, apperr.New(apperr.Forbidden, "您的角色不能新增机关"))
		return
	}
	h.agencyForm(w, r, http.StatusOK, agencyFormData{Agency: &registry.Agency{Kind: "enforcement", RegionCode: p.Region, PublicityDays: 7}, New: true}, nil)
}

func (h *Handler) agencyCreate(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	a := agencyFromForm(r.PostForm)
	exists, err := registry.Exists(r.Context(), h.DB, "agency", strings.ToUpper(strings.TrimSpace(a.Code)))
	if err == nil && exists {
		err = &apperr.Error{Code: apperr.Conflict, Message: "该统一社会信用代码已登记", Fields: apperr.Fields{"code": "该统一社会信用代码已登记"}}
	}
	if err == nil {
		_, err = registry.PutAgency(r.Context(), h.DB, auth.From(r.Context()), a)
	}
	if err != nil {
		h.FormError(w, r, err, func(status int) { h.agencyForm(w, r, status, agencyFormData{a, true}, err) })
		return
	}
	h.Flash(r, "已新增："+a.Name)
	http.Redirect(w, r, "/agencies/"+a.Code, http.StatusSeeOther)
}

func (h *Handler) agencyEdit(w http.ResponseWriter, r *http.Request) {
	p := auth.From(r.Context())
	a, err := registry.GetAgency(r.Context(), h.DB, p, r.PathValue("code"))
	if err == nil && !auth.CanChange(p, auth.KindAgency, a.Target()) {
		err = apperr.New(apperr.Forbidden, "您无权修改该机关")
	}
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	h.agencyForm(w, r, http.StatusOK, agencyFormData{Agency: a}, nil)
}

func (h *Handler) agencyUpdate(w http.ResponseWriter, r *http.Request) {
	p := auth.From(r.Context())
	old, err := registry.GetAgency(r.Context(), h.DB, p, r.PathValue("code"))
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	r.ParseForm()
	a := agencyFromForm(r.PostForm)
	a.Code = old.Code
	if _, err := registry.PutAgency(r.Context(), h.DB, p, a); err != nil {
		h.FormError(w, r, err, func(status int) { h.agencyForm(w, r, status, agencyFormData{Agency: a}, err) })
		return
	}
	h.Flash(r, "已保存："+a.Name)
	http.Redirect(w, r, "/agencies/"+a.Code, http.StatusSeeOther)
}
