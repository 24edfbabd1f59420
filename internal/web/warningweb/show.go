package warningweb

import (
	"fmt"
	"html/template"
	"net/http"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/flow"
	"zfjd/internal/warning"
	"zfjd/internal/web/supervisionweb"
	"zfjd/internal/web/webkit"
)

type showData struct {
	W      *warning.Warning
	Acts   []actForm
	Waits  string // who acts next, when the viewer may not
	Issued string
	// Supervision: the supervision cases opened from this warning and the link to open one.
	Supervision template.HTML
}

type actForm struct {
	*flow.Act[*warning.State]
	Note   string
	Errors apperr.Fields
	Msg    string
}

func (h *Handler) show(w http.ResponseWriter, r *http.Request) {
	h.page(w, r, http.StatusOK, "", "", nil)
}

// page renders warning {id}; a refused act of type failed comes back with
// its note and error.
func (h *Handler) page(w http.ResponseWriter, r *http.Request, status int, failed, note string, ferr error) {
	p := auth.From(r.Context())
	x, err := h.svc.Get(r.Context(), p, pathID(r))
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	d := &showData{W: x}
	d.Supervision = supervisionweb.Panel(r.Context(), h.DB, p, supervisionweb.From{Region: x.RegionCode, Agency: x.AgencyCode,
		Source: "warning", WarningID: x.ID, Ref: fmt.Sprintf("预警%d", x.ID), Summary: x.Message})
	for _, a := range warning.Offered(p, x) {
		f := actForm{Act: a}
		if a.Type == failed {
			e := apperr.As(ferr)
			f.Note, f.Errors, f.Msg = note, e.Fields, e.Message
		}
		d.Acts = append(d.Acts, f)
	}
	if len(d.Acts) == 0 {
		d.Waits = waits(x)
	}
	if failed != "" && !offered(d.Acts, failed) {
		// The act is no longer offered (someone else moved the warning): say why on top.
		d.Waits = apperr.As(ferr).Message
	}
	h.Render(w, r, status, "warning", &webkit.View{Title: fmt.Sprintf("预警 %d", x.ID), Active: "warnings", Data: d})
}

func offered(acts []actForm, t string) bool {
	for _, a := range acts {
		if a.Type == t {
			return true
		}
	}
	return false
}

// waits says who acts next on x, from the definition.
func waits(x *warning.Warning) string {
	for _, a := range warning.Handling.Available(&warning.State{Stage: x.Stage}) {
		if warning.SideOf(a.Type) == warning.SideSupervision {
			return "等待监督机构核查。"
		}
		return "等待执法部门" + a.Label + "。"
	}
	return ""
}

func (h *Handler) act(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		h.UIError(w, r, apperr.New(apperr.Invalid, "表单无效"))
		return
	}
	t, note := r.PathValue("type"), r.PostFormValue("note")
	x, err := h.svc.Act(r.Context(), auth.From(r.Context()), pathID(r), t, note)
	if err != nil {
		switch apperr.As(err).Code {
		case apperr.Invalid, apperr.Conflict, apperr.Forbidden:
			h.page(w, r, webkit.HTTPStatus(apperr.As(err).Code), t, note, err)
		default:
			h.UIError(w, r, err)
		}
		return
	}
	h.Flash(r, "已办理“"+warning.ActionLabel(t)+"”，预警现为“"+warning.StageLabel(x.Stage)+"”。")
	http.Redirect(w, r, fmt.Sprintf("/warnings/%d", x.ID), http.StatusSeeOther)
}
