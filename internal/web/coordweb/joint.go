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

type jointListData struct {
	Rows   []*coordination.JointAction
	Status string
	Page   registry.Page
	Errors apperr.Fields
}

func (h *Handler) jointList(w http.ResponseWriter, r *http.Request) {
	ctx, p := r.Context(), auth.From(r.Context())
	d := &jointListData{Status: r.URL.Query().Get("status"), Page: webkit.PageOf(r.URL.Query())}
	list, err := h.svc.ListJoint(ctx, p, d.Status, &d.Page)
	if apperr.Is(err, apperr.Invalid) {
		d.Errors, d.Status = apperr.As(err).Fields, ""
		list, err = h.svc.ListJoint(ctx, p, "", &d.Page)
	}
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	d.Rows = list
	h.Render(w, r, http.StatusOK, "joint_actions", &webkit.View{Title: "联合执法", Active: "coordination", Data: d})
}

type jointNewData struct {
	In       coordination.JointOpening
	Agencies []*registry.Agency
	Errors   apperr.Fields
	Message  string
}

func (h *Handler) jointNew(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	today := clock.TodayString(r.Context())
	in := coordination.JointOpening{Title: q.Get("title"), Summary: q.Get("summary"), Lead: q.Get("lead"), Members: q["agency"],
		PartyID: q.Get("party_id"), PartyName: q.Get("party_name"), StartsOn: today, EndsOn: today}
	h.renderJointNew(w, r, http.StatusOK, &jointNewData{In: in})
}

func (h *Handler) renderJointNew(w http.ResponseWriter, r *http.Request, status int, d *jointNewData) {
	p := auth.From(r.Context())
	if !auth.IsSupervisionOf(p, auth.Target{Region: p.Region}) && !auth.IsDisputeParty(p, []string{p.Agency}) {
		h.UIError(w, r, apperr.New(apperr.Forbidden, "您的角色（%s）不能发起联合行动", p.Role.Label()))
		return
	}
	list, err := h.agencies(r, "")
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	d.Agencies = list
	h.Render(w, r, status, "joint_new", &webkit.View{Title: "发起联合行动", Active: "coordination", Data: d})
}

func (h *Handler) jointCreate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		h.UIError(w, r, err)
		return
	}
	in := coordination.JointOpening{Title: r.PostFormValue("title"), Summary: r.PostFormValue("summary"), Lead: r.PostFormValue("lead"),
		Members: values(r, "agency"), PartyID: r.PostFormValue("party_id"), PartyName: r.PostFormValue("party_name"),
		StartsOn: r.PostFormValue("starts_on"), EndsOn: r.PostFormValue("ends_on")}
	j, err := h.svc.OpenJoint(r.Context(), auth.From(r.Context()), in)
	if err != nil {
		h.FormError(w, r, err, func(status int) {
			e := apperr.As(err)
			h.renderJointNew(w, r, status, &jointNewData{In: in, Errors: e.Fields, Message: e.Message})
		})
		return
	}
	h.Flash(r, "已发起联合行动，请分派任务。")
	http.Redirect(w, r, fmt.Sprintf("/joint-actions/%d", j.ID), http.StatusSeeOther)
}

type jointShowData struct {
	J     *coordination.JointAction
	Acts  []actForm[*coordination.JointState, coordination.JointInput]
	Open  []coordination.Task // tasks the viewer may report
	Today string
	Next  webkit.Next // 下一步
}

func (h *Handler) jointShow(w http.ResponseWriter, r *http.Request) {
	h.jointPage(w, r, http.StatusOK, coordination.JointInput{}, nil)
}

func (h *Handler) jointPage(w http.ResponseWriter, r *http.Request, status int, failed coordination.JointInput, ferr error) {
	p := auth.From(r.Context())
	j, err := h.svc.GetJoint(r.Context(), p, pathID(r))
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	v := &jointShowData{J: j, Today: clock.TodayString(r.Context())}
	onSide := func(t string) bool { return coordination.JointOnSide(p, j, t) }
	v.Next = nextOf(coordination.Joint, j.State(), p, func(t string) string { return coordination.JointWhyNot(p, j, t) }, "本联合行动已结束。")
	v.Acts = actForms(coordination.Joint, j.State(), p, onSide, coordination.JointInput{At: v.Today, Due: v.Today},
		sent[coordination.JointInput]{failed.Action, failed}, ferr)
	for _, t := range j.Tasks {
		if t.ReportedOn == "" && auth.IsDisputeParty(p, []string{t.Owner}) {
			v.Open = append(v.Open, t)
		}
	}
	h.Render(w, r, status, "joint_action", &webkit.View{Title: "联合行动 " + strconv.FormatInt(j.ID, 10), Active: "coordination", Data: v})
}

func (h *Handler) jointAct(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		h.UIError(w, r, err)
		return
	}
	in := coordination.JointInput{Action: r.PathValue("type"), At: r.PostFormValue("at"), Note: r.PostFormValue("note"),
		Owner: r.PostFormValue("owner"), Due: r.PostFormValue("due")}
	in.Task, _ = strconv.ParseInt(strings.TrimSpace(r.PostFormValue("task")), 10, 64)
	in.CaseID, _ = strconv.ParseInt(strings.TrimSpace(r.PostFormValue("case_id")), 10, 64)
	j, err := h.svc.ActJoint(r.Context(), auth.From(r.Context()), pathID(r), in)
	if err != nil {
		h.actFailed(w, r, err, func(status int) { h.jointPage(w, r, status, in, err) })
		return
	}
	h.Flash(r, "已办理“"+coordination.JointActLabel(in.Action)+"”。")
	http.Redirect(w, r, fmt.Sprintf("/joint-actions/%d", j.ID), http.StatusSeeOther)
}
