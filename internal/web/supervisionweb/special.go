package supervisionweb

import (
	"net/http"
	"strconv"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/registry"
	"zfjd/internal/supervision"
	"zfjd/internal/web/webkit"
)

// 专项监督 work plans (条例 Art. 21): the list with the form of a new plan
// (province-level supervision), and a plan's page with its approval, its
// end and the supervision cases opened under it.

type plansData struct {
	Rows    []*supervision.Plan
	Page    registry.Page
	CanPlan bool
	Region  string
	In      supervision.Plan
	Errors  apperr.Fields
	Message string
}

func (h *Handler) plans(w http.ResponseWriter, r *http.Request) {
	h.renderPlans(w, r, http.StatusOK, supervision.Plan{}, nil)
}

func (h *Handler) renderPlans(w http.ResponseWriter, r *http.Request, status int, in supervision.Plan, ferr error) {
	ctx, p := r.Context(), auth.From(r.Context())
	if !auth.CanViewSupervision(p) {
		h.UIError(w, r, apperr.New(apperr.Forbidden, "专项监督方案仅执法监督机构可以查看"))
		return
	}
	d := &plansData{Page: webkit.PageOf(r.URL.Query()), In: in, Region: provinceRegion(p.Region)}
	d.CanPlan = auth.CanPlanSpecialSupervision(p, d.Region)
	if ferr != nil {
		e := apperr.As(ferr)
		d.Errors, d.Message = e.Fields, e.Message
	}
	var err error
	if d.Rows, err = h.svc.Plans(ctx, p, &d.Page); err != nil {
		h.UIError(w, r, err)
		return
	}
	h.Render(w, r, status, "special_list", &webkit.View{Title: "专项监督", Active: "supervision", Data: d})
}

func provinceRegion(region string) string {
	if len(region) < 2 {
		return region
	}
	return region[:2] + "0000"
}

func (h *Handler) createPlan(w http.ResponseWriter, r *http.Request) {
	f := func(k string) string { return r.PostFormValue(k) }
	in := supervision.Plan{RegionCode: f("region"), Title: f("title"), Origin: f("origin"), Departments: f("departments"),
		Focus: f("focus"), Schedule: f("schedule"), Requirements: f("requirements")}
	pl, err := h.svc.CreatePlan(r.Context(), auth.From(r.Context()), in)
	if err != nil {
		h.FormError(w, r, err, func(status int) { h.renderPlans(w, r, status, in, err) })
		return
	}
	h.Flash(r, "已制定专项监督工作方案，下一步：报本级人民政府批准后登记批准文件（《行政执法监督条例》第二十一条第二款）。")
	http.Redirect(w, r, planURL(pl.ID), http.StatusSeeOther)
}

func planURL(id int64) string { return "/special-supervisions/" + strconv.FormatInt(id, 10) }

type planData struct {
	P        *supervision.Plan
	CanPlan  bool
	Cases    []*supervision.Case
	Open     string // the link that opens a case under the plan ("" none)
	Errors   apperr.Fields
	Message  string
	Approved string // the refused approval's date and 文号, shown again
	Doc      string
}

func (h *Handler) plan(w http.ResponseWriter, r *http.Request) {
	h.renderPlan(w, r, http.StatusOK, nil, "", "")
}

func (h *Handler) renderPlan(w http.ResponseWriter, r *http.Request, status int, ferr error, on, doc string) {
	ctx, p := r.Context(), auth.From(r.Context())
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	pl, err := h.svc.GetPlan(ctx, p, id)
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	d := &planData{P: pl, CanPlan: auth.CanPlanSpecialSupervision(p, pl.RegionCode), Approved: on, Doc: doc}
	if ferr != nil {
		e := apperr.As(ferr)
		d.Errors, d.Message = e.Fields, e.Message
	}
	if d.Cases, err = h.svc.Linked(ctx, p, supervision.Link{Source: "campaign", Ref: pl.Code}); err != nil {
		h.UIError(w, r, err)
		return
	}
	if pl.Status == supervision.PlanApproved && p.Region != "" {
		d.Open = NewLink(p, p.Region, "", "campaign", 0, 0, pl.Code, pl.Title+"：")
	}
	h.Render(w, r, status, "special", &webkit.View{Title: pl.Title, Active: "supervision", Data: d})
}

func (h *Handler) approvePlan(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	on, doc := r.PostFormValue("approved_on"), r.PostFormValue("approval_doc")
	if _, err := h.svc.ApprovePlan(r.Context(), auth.From(r.Context()), id, on, doc); err != nil {
		h.FormError(w, r, err, func(status int) { h.renderPlan(w, r, status, err, on, doc) })
		return
	}
	h.Flash(r, "已登记政府批准，可以在本方案下立监督案件。")
	http.Redirect(w, r, planURL(id), http.StatusSeeOther)
}

func (h *Handler) closePlan(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if _, err := h.svc.ClosePlan(r.Context(), auth.From(r.Context()), id); err != nil {
		h.FormError(w, r, err, func(status int) { h.renderPlan(w, r, status, err, "", "") })
		return
	}
	h.Flash(r, "专项监督已结束。")
	http.Redirect(w, r, planURL(id), http.StatusSeeOther)
}
