package coordweb

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/coordination"
	"zfjd/internal/registry"
	"zfjd/internal/web/webkit"
)

type assistListData struct {
	Rows   []*coordination.Assist
	Kind   string
	Page   registry.Page
	Errors apperr.Fields
	CanNew bool
}

func (h *Handler) assistList(w http.ResponseWriter, r *http.Request) {
	ctx, p := r.Context(), auth.From(r.Context())
	d := &assistListData{Kind: r.URL.Query().Get("kind"), Page: webkit.PageOf(r.URL.Query()), CanNew: auth.IsDisputeParty(p, []string{p.Agency})}
	list, err := h.svc.ListAssists(ctx, p, d.Kind, &d.Page)
	if apperr.Is(err, apperr.Invalid) {
		d.Errors, d.Kind = apperr.As(err).Fields, ""
		list, err = h.svc.ListAssists(ctx, p, "", &d.Page)
	}
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	d.Rows = list
	h.Render(w, r, http.StatusOK, "assists", &webkit.View{Title: "协作请求与衔接通知", Active: "coordination", Data: d})
}

type assistNewData struct {
	In       coordination.AssistOpening
	Agencies []*registry.Agency
	Errors   apperr.Fields
	Message  string
}

func (h *Handler) assistNew(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	caseID, _ := strconv.ParseInt(q.Get("case_id"), 10, 64)
	h.renderAssistNew(w, r, http.StatusOK, &assistNewData{In: coordination.AssistOpening{Kind: q.Get("kind"), CaseID: caseID}})
}

func (h *Handler) renderAssistNew(w http.ResponseWriter, r *http.Request, status int, d *assistNewData) {
	p := auth.From(r.Context())
	if !auth.IsDisputeParty(p, []string{p.Agency}) {
		h.UIError(w, r, apperr.New(apperr.Forbidden, "协作请求和衔接通知由行政执法机关以本机关名义发出"))
		return
	}
	list, err := h.agencies(r, "")
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	for _, a := range list {
		if a.Code != p.Agency {
			d.Agencies = append(d.Agencies, a)
		}
	}
	h.Render(w, r, status, "assist_new", &webkit.View{Title: "发出协作请求或衔接通知", Active: "coordination", Data: d})
}

func (h *Handler) assistCreate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		h.UIError(w, r, err)
		return
	}
	in := coordination.AssistOpening{Kind: r.PostFormValue("kind"), Recipient: r.PostFormValue("recipient"), Subject: r.PostFormValue("subject"),
		Summary: r.PostFormValue("summary")}
	in.CaseID, _ = strconv.ParseInt(strings.TrimSpace(r.PostFormValue("case_id")), 10, 64)
	in.AnswerDays, _ = strconv.Atoi(strings.TrimSpace(r.PostFormValue("answer_days")))
	a, err := h.svc.SendAssist(r.Context(), auth.From(r.Context()), in)
	if err != nil {
		h.FormError(w, r, err, func(status int) {
			e := apperr.As(err)
			h.renderAssistNew(w, r, status, &assistNewData{In: in, Errors: e.Fields, Message: e.Message})
		})
		return
	}
	h.Flash(r, fmt.Sprintf("已发出，接收机关应于%s前答复。", a.AnswerDue))
	http.Redirect(w, r, fmt.Sprintf("/assists/%d", a.ID), http.StatusSeeOther)
}

type assistShowData struct {
	A     *coordination.Assist
	Acts  []actForm[*coordination.AssistState, coordination.AssistInput]
	Today string
	Next  webkit.Next // 下一步
}

func (h *Handler) assistShow(w http.ResponseWriter, r *http.Request) {
	h.assistPage(w, r, http.StatusOK, coordination.AssistInput{}, nil)
}

func (h *Handler) assistPage(w http.ResponseWriter, r *http.Request, status int, failed coordination.AssistInput, ferr error) {
	p := auth.From(r.Context())
	a, err := h.svc.GetAssist(r.Context(), p, pathID(r))
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	v := &assistShowData{A: a, Today: clock.TodayString(r.Context())}
	onSide := func(t string) bool { return coordination.AssistOnSide(p, a, t) }
	v.Next = nextOf(coordination.AssistFlow, a.State(), p, func(t string) string { return coordination.AssistWhyNot(p, a, t) }, "本次协作已办结。")
	v.Acts = actForms(coordination.AssistFlow, a.State(), p, onSide, coordination.AssistInput{At: v.Today},
		sent[coordination.AssistInput]{failed.Action, failed}, ferr)
	h.Render(w, r, status, "assist", &webkit.View{Title: "协作 " + strconv.FormatInt(a.ID, 10), Active: "coordination", Data: v})
}

func (h *Handler) assistAct(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		h.UIError(w, r, err)
		return
	}
	in := coordination.AssistInput{Action: r.PathValue("type"), At: r.PostFormValue("at"), Note: r.PostFormValue("note"),
		Answer: r.PostFormValue("answer")}
	a, err := h.svc.ActAssist(r.Context(), auth.From(r.Context()), pathID(r), in)
	if err != nil {
		h.actFailed(w, r, err, func(status int) { h.assistPage(w, r, status, in, err) })
		return
	}
	h.Flash(r, "已办理“"+coordination.AssistActLabel(in.Action)+"”。")
	http.Redirect(w, r, fmt.Sprintf("/assists/%d", a.ID), http.StatusSeeOther)
}
