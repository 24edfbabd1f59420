package supervisionweb

import (
	"context"
	"fmt"
	"net/http"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/supervision"
	"zfjd/internal/web/webkit"
)

// limitsView is the form of the viewer's region's time limits on the
// list page (supervision of a region only).
type limitsView struct {
	Region, SetIn string
	L             supervision.Limits
	Errors        apperr.Fields
	Message       string
}

// limitsOf is the form for p, or nil for who sets no limits.
func (h *Handler) limitsOf(ctx context.Context, p *auth.Principal) (*limitsView, error) {
	if p.Region == "" || p.Agency != "" || !auth.IsSupervisionOf(p, auth.Target{Region: p.Region}) {
		return nil, nil
	}
	v := &limitsView{Region: p.Region}
	var err error
	v.L, v.SetIn, err = supervision.LimitsSetIn(ctx, h.DB.R, p.Region)
	return v, err
}

// setLimits saves a region's time limits; a refusal shows the list again
// with the form open and each field's error.
func (h *Handler) setLimits(w http.ResponseWriter, r *http.Request) {
	ctx, p := r.Context(), auth.From(r.Context())
	l := supervision.Limits{Fulfilment: webkit.Atoi(r.PostFormValue("fulfilment_days")),
		Correction: webkit.Atoi(r.PostFormValue("correction_days")), Execution: webkit.Atoi(r.PostFormValue("execution_days"))}
	n, err := h.svc.PutLimits(ctx, p, r.PostFormValue("region"), l)
	if apperr.Is(err, apperr.Invalid) {
		e := apperr.As(err)
		h.listWith(w, r, http.StatusBadRequest, &limitsView{Region: r.PostFormValue("region"), L: l, Errors: e.Fields, Message: e.Message})
		return
	}
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	h.Flash(r, fmt.Sprintf("已保存本区划监督时限，%d件办理中的监督案件已按新时限重新计算期限。", n))
	http.Redirect(w, r, "/supervision-cases", http.StatusSeeOther)
}
