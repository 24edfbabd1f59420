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

type transferListData struct {
	Rows []*coordination.Transfer
	Page registry.Page
}

func (h *Handler) transferList(w http.ResponseWriter, r *http.Request) {
	d := &transferListData{Page: webkit.PageOf(r.URL.Query())}
	list, err := h.svc.ListTransfers(r.Context(), auth.From(r.Context()), &d.Page)
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	d.Rows = list
	h.Render(w, r, http.StatusOK, "transfers", &webkit.View{Title: "信息共享与线索移送", Active: "coordination", Data: d})
}

type transferNewData struct {
	In      coordination.TransferOpening
	Errors  apperr.Fields
	Message string
}

func (h *Handler) transferNew(w http.ResponseWriter, r *http.Request) {
	p := auth.From(r.Context())
	if !auth.IsSupervisionOf(p, auth.Target{Region: p.Region}) && !auth.IsDisputeParty(p, []string{p.Agency}) {
		h.UIError(w, r, apperr.New(apperr.Forbidden, "您的角色（%s）不能移送", p.Role.Label()))
		return
	}
	h.Render(w, r, http.StatusOK, "transfer_new", &webkit.View{Title: "移送", Active: "coordination", Data: &transferNewData{}})
}

func (h *Handler) transferCreate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		h.UIError(w, r, err)
		return
	}
	days, _ := strconv.Atoi(strings.TrimSpace(r.PostFormValue("answer_days")))
	caseID, _ := strconv.ParseInt(strings.TrimSpace(r.PostFormValue("case_id")), 10, 64)
	in := coordination.TransferOpening{Kind: r.PostFormValue("kind"), RecipientKind: r.PostFormValue("recipient_kind"),
		Recipient: r.PostFormValue("recipient"), Subject: r.PostFormValue("subject"), Summary: r.PostFormValue("summary"),
		CaseID: caseID, Urgent: r.PostFormValue("urgent") == "1", AnswerDays: days}
	t, err := h.svc.Send(r.Context(), auth.From(r.Context()), in)
	if err != nil {
		h.FormError(w, r, err, func(status int) {
			e := apperr.As(err)
			h.Render(w, r, status, "transfer_new", &webkit.View{Title: "移送", Active: "coordination",
				Data: &transferNewData{In: in, Errors: e.Fields, Message: e.Message}})
		})
		return
	}
	h.Flash(r, fmt.Sprintf("已移送，接收机关应于%s前答复。", t.AnswerDue))
	http.Redirect(w, r, fmt.Sprintf("/transfers/%d", t.ID), http.StatusSeeOther)
}

type transferShowData struct {
	T     *coordination.Transfer
	Acts  []actForm[*coordination.TransferState, coordination.TransferInput]
	Today string
	Next  webkit.Next // 下一步
}

func (h *Handler) transferShow(w http.ResponseWriter, r *http.Request) {
	h.transferPage(w, r, http.StatusOK, coordination.TransferInput{}, nil)
}

func (h *Handler) transferPage(w http.ResponseWriter, r *http.Request, status int, failed coordination.TransferInput, ferr error) {
	p := auth.From(r.Context())
	t, err := h.svc.GetTransfer(r.Context(), p, pathID(r))
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	v := &transferShowData{T: t, Today: clock.TodayString(r.Context())}
	v.Next = nextOf(coordination.TransferFlow, t.State(), p, nil, "本次移送已办结。")
	v.Acts = actForms(coordination.TransferFlow, t.State(), p, nil, coordination.TransferInput{At: v.Today},
		sent[coordination.TransferInput]{failed.Action, failed}, ferr)
	h.Render(w, r, status, "transfer", &webkit.View{Title: "移送 " + strconv.FormatInt(t.ID, 10), Active: "coordination", Data: v})
}

func (h *Handler) transferAct(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		h.UIError(w, r, err)
		return
	}
	in := coordination.TransferInput{Action: r.PathValue("type"), At: r.PostFormValue("at"), Note: r.PostFormValue("note"),
		Answer: r.PostFormValue("answer")}
	t, err := h.svc.ActTransfer(r.Context(), auth.From(r.Context()), pathID(r), in)
	if err != nil {
		h.actFailed(w, r, err, func(status int) { h.transferPage(w, r, status, in, err) })
		return
	}
	h.Flash(r, "已"+coordination.Label(coordination.TransferStatuses, t.Status)+"。")
	http.Redirect(w, r, fmt.Sprintf("/transfers/%d", t.ID), http.StatusSeeOther)
}
