package inspectionweb

import (
	"net/http"

	"zfjd/internal/auth"
	"zfjd/internal/inspection"
)

// conflictsOf fills the draws page's 回避登记: the agency's certified
// officers and their declared conflicts of interest.
func (h *Handler) conflictsOf(r *http.Request, d *drawsData) error {
	p := auth.From(r.Context())
	var err error
	if d.Officers, err = inspection.CertifiedOfficers(r.Context(), h.DB.R, p.Agency); err != nil {
		return err
	}
	d.Conflicts, err = inspection.Conflicts(r.Context(), h.DB.R, p.Agency)
	return err
}

// conflictSave: POST /inspections/conflicts — an officer's conflict of
// interest with an enterprise (回避), which every later draw excludes.
func (h *Handler) conflictSave(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	p := auth.From(r.Context())
	if err := h.svc.DeclareConflict(r.Context(), p, r.PostForm.Get("cert_no"), r.PostForm.Get("enterprise_id")); err != nil {
		h.FormError(w, r, err, func(status int) { h.renderDraws(w, r, status, nil, err) })
		return
	}
	h.Flash(r, "已登记回避：此后的双随机抽查不会选派该执法人员检查该企业。")
	http.Redirect(w, r, "/inspections/draws#conflicts", http.StatusSeeOther)
}
