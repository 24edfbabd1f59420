package registryweb

import (
	"net/http"
	"net/url"
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
}

func (h *Handler) agencyList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := &registry.AgencyFilter{Q: q.Get("q"), Kind: q.Get("kind"), SubjectType: q.Get("subject_type"), Domain: q.Get("domain"),
		Region: q.Get("region"), Status: q.Get("status"), Sort: q.Get("sort"), Page: webkit.PageOf(q)}
	list, err := registry.ListAgencies(r.Context(), h.DB, auth.From(r.Context()), f)
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	h.Render(w, r, http.StatusOK, "agencies", &webkit.View{Title: "执法主体与监督机构", Active: "agencies", Data: agencyListData{list, f}})
}

type agencyShowData struct {
	Agency   *registry.Agency
	Officers []*registry.Officer
	OF       *registry.OfficerFilter
	Matters  int
	Rules    *cases.AgencyRules
	CanRules bool
}

func (h *Handler) agencyShow(w http.ResponseWriter, r *http.Request) {
	ctx, p := r.Context(), auth.From(r.Context())
	a, err := registry.GetAgency(ctx, h.DB, p, r.PathValue("code"))
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	of := &registry.OfficerFilter{Agency: a.Code, Page: registry.Page{Size: 10}}
	officers, err := registry.ListOfficers(ctx, h.DB, p, of)
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	mf := &registry.MatterFilter{Agency: a.Code, Page: registry.Page{Size: 1}}
	if _, err := registry.ListMatters(ctx, h.DB, p, mf); err != nil {
		h.UIError(w, r, err)
		return
	}
	rules, err := cases.GetAgencyRules(ctx, h.DB.R, a.Code)
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	d := agencyShowData{a, officers, of, mf.Total, rules, a.Kind == "enforcement" && auth.CanChange(p, auth.KindBenchmark, a.Target())}
	h.Render(w, r, http.StatusOK, "agency", &webkit.View{Title: a.Name, Active: "agencies", Data: d})
}

// agencyCaseRules saves the agency's legal-review list and hearing
// thresholds (处罚法 Art. 58(四), 63(一)).
func (h *Handler) agencyCaseRules(w http.ResponseWriter, r *http.Request) {
	ctx, p := r.Context(), auth.From(r.Context())
	a, err := registry.GetAgency(ctx, h.DB, p, r.PathValue("code"))
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	f := apperr.Fields{}
	yuan := func(name string) int64 {
		v := strings.TrimSpace(r.FormValue(name))
		if v == "" {
			return 0
		}
		n, ok := registry.ParseYuan(v)
		if !ok {
			f.Set(name, "金额格式不正确")
		}
		return n
	}
	rules := &cases.AgencyRules{AgencyCode: a.Code, ReviewMatters: cases.ParseCodes(r.FormValue("review_matters")),
		ReviewFineFen: yuan("review_fine_fen"), HearingPersonFen: yuan("hearing_person_fen"), HearingOrgFen: yuan("hearing_org_fen")}
	err = f.Err()
	if err == nil {
		err = cases.PutAgencyRules(ctx, h.DB, p, a.Target(), rules)
	}
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	h.Flash(r, "已保存法制审核目录与听证标准")
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
