package coordweb

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/coordination"
	"zfjd/internal/registry"
	"zfjd/internal/web/webkit"
)

type guidingListData struct {
	Rows    []*coordination.GuidingCase
	Page    registry.Page
	In      coordination.GuidingInput
	Errors  apperr.Fields
	Message string
}

func (h *Handler) guidingList(w http.ResponseWriter, r *http.Request) {
	caseID, _ := strconv.ParseInt(r.URL.Query().Get("case_id"), 10, 64)
	h.renderGuidingList(w, r, http.StatusOK, &guidingListData{In: coordination.GuidingInput{CaseID: caseID}})
}

func (h *Handler) renderGuidingList(w http.ResponseWriter, r *http.Request, status int, d *guidingListData) {
	d.Page = webkit.PageOf(r.URL.Query())
	list, err := h.svc.ListGuiding(r.Context(), auth.From(r.Context()), &d.Page)
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	d.Rows = list
	h.Render(w, r, status, "guiding_cases", &webkit.View{Title: "典型案例", Active: "coordination", Data: d})
}

func (h *Handler) guidingCreate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		h.UIError(w, r, err)
		return
	}
	in := coordination.GuidingInput{Title: r.PostFormValue("title"), Summary: r.PostFormValue("summary"), Points: r.PostFormValue("points"),
		Rules: values(r, "rule")}
	in.CaseID, _ = strconv.ParseInt(strings.TrimSpace(r.PostFormValue("case_id")), 10, 64)
	g, err := h.svc.MakeGuiding(r.Context(), auth.From(r.Context()), in)
	if err != nil {
		h.FormError(w, r, err, func(status int) {
			e := apperr.As(err)
			h.renderGuidingList(w, r, status, &guidingListData{In: in, Errors: e.Fields, Message: e.Message})
		})
		return
	}
	h.Flash(r, "已保存典型案例草稿，当事人个人信息已按公示规则隐去，请核对后发布。")
	http.Redirect(w, r, fmt.Sprintf("/guiding-cases/%d", g.ID), http.StatusSeeOther)
}

func (h *Handler) guidingShow(w http.ResponseWriter, r *http.Request) {
	g, err := h.svc.GetGuiding(r.Context(), auth.From(r.Context()), pathID(r))
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	h.Render(w, r, http.StatusOK, "guiding_case", &webkit.View{Title: "典型案例 " + strconv.FormatInt(g.ID, 10), Active: "coordination", Data: g})
}

func (h *Handler) guidingStatus(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		h.UIError(w, r, err)
		return
	}
	g, err := h.svc.SetGuidingStatus(r.Context(), auth.From(r.Context()), pathID(r), r.PostFormValue("status"))
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	h.Flash(r, "典型案例"+coordination.Label(coordination.GuidingStatuses, g.Status)+"。")
	http.Redirect(w, r, fmt.Sprintf("/guiding-cases/%d", g.ID), http.StatusSeeOther)
}

type publicGuidingData struct {
	Rows []*coordination.GuidingCase
	Rule string
	Page registry.Page
}

// publicGuiding is the portal's library of 典型案例 (条例 Art. 24), per rule.
func (h *Handler) publicGuiding(w http.ResponseWriter, r *http.Request) {
	d := &publicGuidingData{Rule: strings.TrimSpace(r.URL.Query().Get("rule")), Page: webkit.PageOf(r.URL.Query())}
	list, err := h.svc.PublishedGuiding(r.Context(), d.Rule, &d.Page)
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	d.Rows = list
	h.Render(w, r, http.StatusOK, "public_guiding", &webkit.View{Title: "典型案例", Public: true, Data: d})
}

func (h *Handler) publicGuidingShow(w http.ResponseWriter, r *http.Request) {
	g, err := h.svc.PublicGuiding(r.Context(), pathID(r))
	if err != nil {
		h.Render(w, r, webkit.HTTPStatus(apperr.As(err).Code), "public_guiding_case", &webkit.View{Title: "典型案例", Public: true,
			Message: apperr.As(err).Message})
		return
	}
	h.Render(w, r, http.StatusOK, "public_guiding_case", &webkit.View{Title: g.Title, Public: true, Data: g})
}

type exemptionListData struct {
	Rows    []*coordination.Exemption
	Page    registry.Page
	In      coordination.ExemptionInput
	CanNew  bool
	Errors  apperr.Fields
	Message string
}

func (h *Handler) exemptionList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	in := coordination.ExemptionInput{CertNo: q.Get("cert_no")}
	in.CaseID, _ = strconv.ParseInt(q.Get("case_id"), 10, 64)
	in.FindingID, _ = strconv.ParseInt(q.Get("finding_id"), 10, 64)
	h.renderExemptions(w, r, http.StatusOK, &exemptionListData{In: in})
}

func (h *Handler) renderExemptions(w http.ResponseWriter, r *http.Request, status int, d *exemptionListData) {
	p := auth.From(r.Context())
	d.Page, d.CanNew = webkit.PageOf(r.URL.Query()), p.Agency == "" && auth.CanCoordinate(p, p.Region)
	list, err := h.svc.ListExemptions(r.Context(), p, &d.Page)
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	d.Rows = list
	h.Render(w, r, status, "exemptions", &webkit.View{Title: "履职免责认定", Active: "coordination", Data: d})
}

func (h *Handler) exemptionCreate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		h.UIError(w, r, err)
		return
	}
	in := coordination.ExemptionInput{CertNo: r.PostFormValue("cert_no"), Ground: r.PostFormValue("ground"), Reasons: r.PostFormValue("reasons")}
	in.CaseID, _ = strconv.ParseInt(strings.TrimSpace(r.PostFormValue("case_id")), 10, 64)
	in.FindingID, _ = strconv.ParseInt(strings.TrimSpace(r.PostFormValue("finding_id")), 10, 64)
	p := auth.From(r.Context())
	if p.Agency != "" || !auth.CanCoordinate(p, p.Region) {
		h.UIError(w, r, apperr.New(apperr.Forbidden, "尽职免责由行政执法监督机构认定"))
		return
	}
	if _, err := h.svc.GrantExemption(r.Context(), p, in); err != nil {
		h.FormError(w, r, err, func(status int) {
			e := apperr.As(err)
			h.renderExemptions(w, r, status, &exemptionListData{In: in, Errors: e.Fields, Message: e.Message})
		})
		return
	}
	h.Flash(r, "已记录尽职免责认定，计入评议考核。")
	http.Redirect(w, r, "/exemptions", http.StatusSeeOther)
}

func (h *Handler) exemptionRevoke(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		h.UIError(w, r, err)
		return
	}
	if _, err := h.svc.RevokeExemption(r.Context(), auth.From(r.Context()), pathID(r), r.PostFormValue("reason")); err != nil {
		h.UIError(w, r, err)
		return
	}
	h.Flash(r, "已撤销免责认定。")
	http.Redirect(w, r, "/exemptions", http.StatusSeeOther)
}
