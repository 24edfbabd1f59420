package dashweb

import (
	"fmt"
	"net/http"
	"strconv"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/warning"
	"zfjd/internal/web/webkit"
)

type proposalRow struct {
	*warning.CardProposal
	CanDecide bool
}

type cardsData struct {
	Year               int
	Officers, Agencies []warning.CardHolder
	Proposals          []proposalRow
	Thresholds         warning.CardThresholds // in force in the viewer's region
	Region             string
	CanSet             bool
	Errors             apperr.Fields
	FormID             int64 // the proposal whose form the errors belong to
	Reason             string
}

func (h *Handler) cards(w http.ResponseWriter, r *http.Request) {
	h.cardsPage(w, r, http.StatusOK, &cardsData{})
}

func (h *Handler) cardsPage(w http.ResponseWriter, r *http.Request, status int, d *cardsData) {
	ctx, p := r.Context(), auth.From(r.Context())
	if !auth.CanViewSupervision(p) {
		h.UIError(w, r, apperr.New(apperr.Forbidden, "无权查看红黄牌"))
		return
	}
	now := warning.CardYearNow(ctx)
	d.Year = webkit.Atoi(r.URL.Query().Get("year"))
	if d.Year < 2000 || d.Year > now {
		d.Year = now
	}
	var err error
	if d.Officers, err = warning.CardHolders(ctx, h.DB, p, "officer", d.Year); err == nil {
		d.Agencies, err = warning.CardHolders(ctx, h.DB, p, "agency", d.Year)
	}
	var props []*warning.CardProposal
	if err == nil {
		props, err = warning.CardProposals(ctx, h.DB, p, "")
	}
	var settings warning.CardSettings
	if err == nil {
		settings, err = warning.LoadCardSettings(ctx, h.DB.R)
	}
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	for _, c := range props {
		d.Proposals = append(d.Proposals, proposalRow{CardProposal: c, CanDecide: auth.CanDecideCardProposal(p, c.Target())})
	}
	d.Region = p.Region
	d.Thresholds = settings.For(p.Region)
	d.CanSet = auth.CanSetCardThresholds(p, p.Region)
	h.Render(w, r, status, "cards", &webkit.View{Title: "红黄牌", Active: "cards", Data: d, Errors: d.Errors})
}

func (h *Handler) cardSettings(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		h.UIError(w, r, apperr.New(apperr.Invalid, "表单无效"))
		return
	}
	p := auth.From(r.Context())
	y, red := webkit.Atoi(r.PostFormValue("yellow_at")), webkit.Atoi(r.PostFormValue("red_at"))
	if err := warning.SetCardThresholds(r.Context(), h.DB, p, p.Region, y, red); err != nil {
		h.FormError(w, r, err, func(status int) {
			h.cardsPage(w, r, status, &cardsData{Errors: apperr.As(err).Fields, FormID: -1})
		})
		return
	}
	h.Flash(r, fmt.Sprintf("红黄牌阈值已设为：%d次红色预警黄牌，%d次红牌。", y, red))
	http.Redirect(w, r, "/supervision/cards", http.StatusSeeOther)
}

func (h *Handler) decide(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		h.UIError(w, r, apperr.New(apperr.Invalid, "表单无效"))
		return
	}
	id := pathID(r)
	reason := r.PostFormValue("reason")
	c, err := warning.DecideCardProposal(r.Context(), h.DB, auth.From(r.Context()), id, r.PostFormValue("decision"), reason)
	if err != nil {
		h.FormError(w, r, err, func(status int) {
			e := apperr.As(err)
			f := e.Fields
			if f == nil {
				f = apperr.Fields{"decision": e.Message}
			}
			h.cardsPage(w, r, status, &cardsData{Errors: f, FormID: id, Reason: reason})
		})
		return
	}
	h.Flash(r, "已对"+c.OfficerName+"的红牌处置建议作出决定："+warning.ProposalStatusLabel(c.Status)+"。")
	http.Redirect(w, r, "/supervision/cards", http.StatusSeeOther)
}

type decisionBody struct {
	Decision string `json:"decision"`
	Reason   string `json:"reason"`
}

func (h *Handler) apiProposals(w http.ResponseWriter, r *http.Request) {
	list, err := warning.CardProposals(r.Context(), h.DB, auth.From(r.Context()), r.URL.Query().Get("status"))
	if err != nil {
		h.APIError(w, r, err)
		return
	}
	if list == nil {
		list = []*warning.CardProposal{}
	}
	webkit.WriteJSON(w, http.StatusOK, map[string]any{"items": list})
}

func (h *Handler) apiDecide(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		h.APIError(w, r, apperr.NotFoundf("红牌处置建议"))
		return
	}
	var b decisionBody
	if err := webkit.Decode(r, &b); err != nil {
		h.APIError(w, r, err)
		return
	}
	c, err := warning.DecideCardProposal(r.Context(), h.DB, auth.From(r.Context()), id, b.Decision, b.Reason)
	if err != nil {
		h.APIError(w, r, err)
		return
	}
	webkit.WriteJSON(w, http.StatusOK, c)
}
