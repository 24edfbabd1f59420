package publicweb

import (
	"net/http"
	"strings"

	"zfjd/internal/registry"
	"zfjd/internal/web/webkit"
)

// The public pages need no login: 亮证 verification and the 事前公示 of
// subjects, officers and matters (行政处罚法 Art. 39; 三项制度).

// What the public lists show: the page of objects and the filter.
type (
	publicAgencies struct {
		Agencies []*registry.Agency
		Filter   *registry.AgencyFilter
	}
	publicOfficers struct {
		Officers []*registry.Officer
		Filter   *registry.OfficerFilter
	}
	publicMatters struct {
		Matters []*registry.Matter
		Filter  *registry.MatterFilter
	}
)

func (h *Handler) verifyPage(w http.ResponseWriter, r *http.Request) {
	v, err := h.verifier.Verify(r.Context(), h.DB, r.PathValue("token"))
	if err != nil {
		h.Log.Error("verify", "err", err)
		http.Error(w, "系统繁忙，请稍后重试", http.StatusServiceUnavailable)
		return
	}
	status := http.StatusOK
	if !v.Valid {
		status = http.StatusNotFound
	}
	w.Header().Set("Cache-Control", "no-store") // a revocation must show at once
	w.Header().Set("X-Robots-Tag", "noindex")
	h.Render(w, r, status, "verify", &webkit.View{Title: "执法证件核验", Public: true, Data: v})
}

func (h *Handler) publicHome(w http.ResponseWriter, r *http.Request) {
	h.Render(w, r, http.StatusOK, "public_home", &webkit.View{Title: "行政执法公示", Public: true})
}

func (h *Handler) publicAgencies(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := &registry.AgencyFilter{Q: strings.TrimSpace(q.Get("q")), Domain: q.Get("domain"), Region: q.Get("region"), Page: webkit.PageOf(q)}
	list, err := registry.ListPublicAgencies(r.Context(), h.DB, f)
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	h.Render(w, r, http.StatusOK, "public_agencies", &webkit.View{Title: "执法主体公示", Public: true, Data: publicAgencies{list, f}})
}

func (h *Handler) publicOfficers(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := &registry.OfficerFilter{Q: strings.TrimSpace(q.Get("q")), Agency: q.Get("agency"), Domain: q.Get("domain"), Region: q.Get("region"), Page: webkit.PageOf(q)}
	list, err := registry.ListPublicOfficers(r.Context(), h.DB, f)
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	h.Render(w, r, http.StatusOK, "public_officers", &webkit.View{Title: "执法人员公示", Public: true, Data: publicOfficers{list, f}})
}

func (h *Handler) publicMatters(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := &registry.MatterFilter{Q: strings.TrimSpace(q.Get("q")), Kind: q.Get("kind"), Domain: q.Get("domain"), Region: q.Get("region"), Page: webkit.PageOf(q)}
	list, err := registry.ListMatters(r.Context(), h.DB, nil, f)
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	h.Render(w, r, http.StatusOK, "public_matters", &webkit.View{Title: "执法事项与依据公示", Public: true, Data: publicMatters{list, f}})
}
