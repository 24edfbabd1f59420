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

type meetingListData struct {
	Rows   []*coordination.Meeting
	Status string
	Page   registry.Page
	Errors apperr.Fields
	CanNew bool
}

func (h *Handler) meetingList(w http.ResponseWriter, r *http.Request) {
	ctx, p := r.Context(), auth.From(r.Context())
	d := &meetingListData{Status: r.URL.Query().Get("status"), Page: webkit.PageOf(r.URL.Query()), CanNew: auth.CanCoordinate(p, p.Region)}
	list, err := h.svc.ListMeetings(ctx, p, d.Status, &d.Page)
	if apperr.Is(err, apperr.Invalid) {
		d.Errors, d.Status = apperr.As(err).Fields, ""
		list, err = h.svc.ListMeetings(ctx, p, "", &d.Page)
	}
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	d.Rows = list
	h.Render(w, r, http.StatusOK, "meetings", &webkit.View{Title: "联席会议", Active: "coordination", Data: d})
}

type meetingNewData struct {
	In       coordination.MeetingOpening
	Outside  map[string]string // kind → names, one a line
	Agencies []*registry.Agency
	Errors   apperr.Fields
	Message  string
}

func (h *Handler) meetingNew(w http.ResponseWriter, r *http.Request) {
	in := coordination.MeetingOpening{HeldOn: clock.TodayString(r.Context()), Members: r.URL.Query()["agency"]}
	h.renderMeetingNew(w, r, http.StatusOK, &meetingNewData{In: in})
}

func (h *Handler) renderMeetingNew(w http.ResponseWriter, r *http.Request, status int, d *meetingNewData) {
	p := auth.From(r.Context())
	if !auth.CanCoordinate(p, p.Region) {
		h.UIError(w, r, apperr.New(apperr.Forbidden, "联席会议由行政执法监督机构召集"))
		return
	}
	list, err := h.agencies(r, "")
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	d.Agencies = list
	h.Render(w, r, status, "meeting_new", &webkit.View{Title: "召集联席会议", Active: "coordination", Data: d})
}

func (h *Handler) meetingCreate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		h.UIError(w, r, err)
		return
	}
	in := coordination.MeetingOpening{Title: r.PostFormValue("title"), Agenda: r.PostFormValue("agenda"), HeldOn: r.PostFormValue("held_on"),
		Members: values(r, "agency")}
	outside := map[string]string{}
	for _, k := range coordination.OutsideKinds {
		outside[k.Value] = r.PostFormValue("outside_" + k.Value)
		for _, name := range values(r, "outside_"+k.Value) {
			in.Outside = append(in.Outside, coordination.Outside{Kind: k.Value, Name: name})
		}
	}
	m, err := h.svc.OpenMeeting(r.Context(), auth.From(r.Context()), in)
	if err != nil {
		h.FormError(w, r, err, func(status int) {
			e := apperr.As(err)
			h.renderMeetingNew(w, r, status, &meetingNewData{In: in, Outside: outside, Errors: e.Fields, Message: e.Message})
		})
		return
	}
	h.Flash(r, "已召集联席会议，会后请记录会议纪要和议定事项。")
	http.Redirect(w, r, fmt.Sprintf("/meetings/%d", m.ID), http.StatusSeeOther)
}

type meetingShowData struct {
	M     *coordination.Meeting
	Acts  []actForm[*coordination.MeetingState, coordination.MeetingInput]
	Open  []coordination.Decision // decisions the viewer may report on
	Today string
	Next  webkit.Next // 下一步
}

func (h *Handler) meetingShow(w http.ResponseWriter, r *http.Request) {
	h.meetingPage(w, r, http.StatusOK, coordination.MeetingInput{}, nil)
}

func (h *Handler) meetingPage(w http.ResponseWriter, r *http.Request, status int, failed coordination.MeetingInput, ferr error) {
	p := auth.From(r.Context())
	m, err := h.svc.GetMeeting(r.Context(), p, pathID(r))
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	v := &meetingShowData{M: m, Today: clock.TodayString(r.Context())}
	onSide := func(t string) bool { return coordination.MeetingOnSide(p, m, t) }
	v.Next = nextOf(coordination.MeetingFlow, m.State(), p, func(t string) string { return coordination.MeetingWhyNot(p, m, t) },
		"本次联席会议的议定事项均已办结。")
	v.Acts = actForms(coordination.MeetingFlow, m.State(), p, onSide, coordination.MeetingInput{At: v.Today,
		DueDays: coordination.DefaultDecisionDays}, sent[coordination.MeetingInput]{failed.Action, failed}, ferr)
	for _, d := range m.Decisions {
		if d.ReportedOn == "" && auth.IsDisputeParty(p, []string{d.Owner}) {
			v.Open = append(v.Open, d)
		}
	}
	h.Render(w, r, status, "meeting", &webkit.View{Title: "联席会议 " + strconv.FormatInt(m.ID, 10), Active: "coordination", Data: v})
}

func (h *Handler) meetingAct(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		h.UIError(w, r, err)
		return
	}
	in := coordination.MeetingInput{Action: r.PathValue("type"), At: r.PostFormValue("at"), Note: r.PostFormValue("note"),
		Attended: values(r, "attended"), Owner: r.PostFormValue("owner")}
	in.DueDays, _ = strconv.Atoi(strings.TrimSpace(r.PostFormValue("due_days")))
	in.Decision, _ = strconv.ParseInt(strings.TrimSpace(r.PostFormValue("decision")), 10, 64)
	m, err := h.svc.ActMeeting(r.Context(), auth.From(r.Context()), pathID(r), in)
	if err != nil {
		h.actFailed(w, r, err, func(status int) { h.meetingPage(w, r, status, in, err) })
		return
	}
	h.Flash(r, "已办理“"+coordination.MeetingActLabel(in.Action)+"”。")
	http.Redirect(w, r, fmt.Sprintf("/meetings/%d", m.ID), http.StatusSeeOther)
}

// meetingMinutes prints the minutes (会议纪要) on A4.
func (h *Handler) meetingMinutes(w http.ResponseWriter, r *http.Request) {
	m, err := h.svc.GetMeeting(r.Context(), auth.From(r.Context()), pathID(r))
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	d, err := coordination.MinutesDocument(m)
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if err := d.WriteHTML(w, fmt.Sprintf("/meetings/%d", m.ID), ""); err != nil {
		h.Log.Error("minutes", "err", err)
	}
}
