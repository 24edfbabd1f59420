package inspectionweb

import (
	"net/http"
	"strconv"

	"zfjd/internal/auth"
	"zfjd/internal/inspection"
)

// jointData is the page's invitation form (综合查一次): the agencies that may
// be invited; nil when p may not invite now.
type jointData struct {
	Hint       string
	Candidates []inspection.JointCandidate
}

func (h *Handler) jointForm(r *http.Request, p *auth.Principal, in *inspection.Inspection) (*jointData, error) {
	if !inspection.CanInvite(p, in) {
		return nil, nil
	}
	cs, err := inspection.JointCandidates(r.Context(), h.DB.R, in)
	if err != nil {
		return nil, err
	}
	return &jointData{Hint: inspection.JointHint, Candidates: cs}, nil
}

// jointAdd invites the form's agency to join the visit.
func (h *Handler) jointAdd(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	code := r.PostForm.Get(inspection.JointField)
	if _, err := h.svc.AddJoint(r.Context(), auth.From(r.Context()), pathID(r), code); err != nil {
		h.FormError(w, r, err, func(status int) { h.renderShow(w, r, status, err) })
		return
	}
	h.Flash(r, "已邀请联合检查：执法主体"+code)
	http.Redirect(w, r, "/inspections/"+r.PathValue("id"), http.StatusSeeOther)
}

// jointVisit: POST /inspections/joint/new (enterprise_id, month) — the
// joint visit of a 综合查一次 proposal in one click, led by the user's
// agency, with the proposal's other agencies.
func (h *Handler) jointVisit(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	in, existed, err := h.svc.JointVisit(r.Context(), auth.From(r.Context()), r.PostForm.Get("enterprise_id"), r.PostForm.Get("month"))
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	if existed {
		h.Flash(r, "本执法主体已登记该企业的联合检查，无须重复登记")
	} else {
		h.Flash(r, "已登记联合检查（综合查一次，频次只计一次），请报负责人审批")
	}
	http.Redirect(w, r, "/inspections/"+strconv.FormatInt(in.ID, 10), http.StatusSeeOther)
}
