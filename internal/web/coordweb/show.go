package coordweb

import (
	"fmt"
	"net/http"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/coordination"
	"zfjd/internal/web/webkit"
)

type showData struct {
	D     *coordination.Dispute
	Acts  []actForm[*coordination.State, coordination.ActInput]
	Next  []string // what happens next and who does it, with the deadlines
	Steps webkit.Next
	Today string
}

func (h *Handler) show(w http.ResponseWriter, r *http.Request) {
	h.page(w, r, http.StatusOK, coordination.ActInput{}, nil)
}

// page renders dispute {id}; a refused act comes back with its input and
// error.
func (h *Handler) page(w http.ResponseWriter, r *http.Request, status int, failed coordination.ActInput, ferr error) {
	p := auth.From(r.Context())
	d, err := h.svc.Get(r.Context(), p, pathID(r))
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	v := &showData{D: d, Today: clock.TodayString(r.Context())}
	st := d.State()
	onSide := func(t string) bool { return coordination.OnSide(p, d, t) }
	v.Acts = actForms(coordination.Handling, st, p, onSide, coordination.ActInput{At: v.Today}, sent[coordination.ActInput]{failed.Action, failed}, ferr)
	v.Next = next(d, st)
	v.Steps = nextOf(coordination.Handling, st, p, func(t string) string { return coordination.DisputeWhyNot(p, d, t) }, "本争议已办结。")
	if failed.Action != "" && !offered(v.Acts, failed.Action) {
		v.Next = append([]string{apperr.As(ferr).Message}, v.Next...)
	}
	h.Render(w, r, status, "dispute", &webkit.View{Title: fmt.Sprintf("执法争议 %d", d.ID), Active: "coordination", Data: v})
}

func offered(acts []actForm[*coordination.State, coordination.ActInput], t string) bool {
	for _, a := range acts {
		if a.Type == t {
			return true
		}
	}
	return false
}

// next says what happens next on d and who does it, from the definition.
func next(d *coordination.Dispute, st *coordination.State) []string {
	var out []string
	for _, a := range coordination.Handling.Available(st) {
		switch a.Type {
		case "answer":
			for _, x := range d.Owing() {
				if x.AnsweredOn == "" {
					out = append(out, fmt.Sprintf("等待%s于%s前提交书面意见。", x.Name, d.AnswerDue))
				}
			}
		case "meeting":
			out = append(out, "行政执法监督机构召开协调会议并记录纪要。")
		case "settle":
			out = append(out, "协调一致的，监督机构记录协调结果；不能取得一致的，提出处理意见报请人民政府决定。")
		case "decide":
			out = append(out, "等待本级人民政府作出决定，由监督机构登记。")
		}
	}
	if !d.Open() {
		out = append(out, "本争议已办结："+coordination.Label(coordination.Statuses, d.Status)+"。")
	}
	return out
}

func (h *Handler) act(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		h.UIError(w, r, err)
		return
	}
	in := coordination.ActInput{Action: r.PathValue("type"), At: r.PostFormValue("at"), Note: r.PostFormValue("note"),
		Position: r.PostFormValue("position"), Evidence: values(r, "evidence"), Participants: values(r, "participants"),
		Holders: values(r, "holder")}
	d, err := h.svc.Act(r.Context(), auth.From(r.Context()), pathID(r), in)
	if err != nil {
		h.actFailed(w, r, err, func(status int) { h.page(w, r, status, in, err) })
		return
	}
	msg := "已办理“" + coordination.ActLabel(in.Action) + "”，争议现为“" + coordination.Label(coordination.Statuses, d.Status) + "”。"
	if len(in.Holders) > 0 && d.MatterCode != "" {
		msg += "权责清单事项" + d.MatterCode + "的实施主体已更新。"
	}
	h.Flash(r, msg)
	http.Redirect(w, r, fmt.Sprintf("/disputes/%d", d.ID), http.StatusSeeOther)
}
