package coordweb

import (
	"net/http"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/license"
	"zfjd/internal/web/webkit"
)

// The licence decisions of the exchange's extension (beyond
// spec/exchange-v1.md v1.1, see openapi.yaml): the licensing agencies'
// systems report them as they report cases; the platform notifies the
// supervising and licensing agencies (package license).

func (h *Handler) apiLicensePut(w http.ResponseWriter, r *http.Request) {
	if !auth.CanExchangeCases(auth.From(r.Context())) {
		h.APIError(w, r, apperr.New(apperr.Forbidden, "只有系统对接令牌可以报送许可决定"))
		return
	}
	var b license.Body
	if err := webkit.Decode(r, &b); err != nil {
		h.APIError(w, r, err)
		return
	}
	created, out, err := h.lic.Put(r.Context(), auth.From(r.Context()), r.PathValue("source_system"), r.PathValue("source_id"), &b)
	if err != nil {
		h.APIError(w, r, err)
		return
	}
	webkit.WriteJSON(w, webkit.PutStatus(created), out)
}

func (h *Handler) apiLicenseGet(w http.ResponseWriter, r *http.Request) {
	l, err := h.lic.Get(r.Context(), auth.From(r.Context()), r.PathValue("source_system"), r.PathValue("source_id"))
	if err != nil {
		h.APIError(w, r, err)
		return
	}
	webkit.WriteJSON(w, http.StatusOK, l)
}

func (h *Handler) apiLicenses(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := license.Filter{Region: webkit.RegionParam(r), Agency: q.Get("agency_code"), Status: q.Get("status"),
		PartyID: q.Get("party_id_number"), Page: webkit.APIPage(r)}
	list, err := h.lic.List(r.Context(), auth.From(r.Context()), &f)
	if err != nil {
		h.APIError(w, r, err)
		return
	}
	webkit.WriteJSON(w, http.StatusOK, webkit.List(list, f.Page))
}
